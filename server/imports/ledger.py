"""Ledger file (cargos, pagos, créditos): its columns, row validation, and applying rows.

Apply order: every charge first (origin "import"), then money already on credit is applied
to them, then payments and credits in date order through the ledger services. Validation
replays that order per account, so a credit larger than the debt it would find is
reported on its line before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.common.clock import local_today
from server.common.money import ZERO
from server.errors import DomainError
from server.extensions import db
from server.imports.ledger_checks import (
    check_credits, check_duplicate_charges, check_repeated_moves, unapplied_total)
from server.imports.values import (
    Cells, parse_amount, parse_choice, parse_date, parse_period, parse_whole, vocabulary)
from server.ledger import service as ledger_service
from server.ledger.enums import CONCEPTS, CREDIT_KINDS, PAYMENT_METHODS, SERVICES
from server.ledger.models import Charge
from server.registry.models import Account

LAYOUT: dict[str, tuple[str, ...]] = {
    "account_number": ("cuenta", "numero_cuenta", "num_cuenta", "no_cuenta", "contrato",
                       "numero_contrato"),
    "kind": ("tipo", "movimiento", "tipo_movimiento"),
    "amount": ("importe", "monto", "cantidad"),
    "period": ("periodo", "mes"),
    "service": ("servicio",),
    "concept": ("concepto",),
    "due_date": ("vencimiento", "fecha_vencimiento", "fecha_limite"),
    "description": ("descripcion", "detalle"),
    "consumption_m3": ("consumo_m3", "m3", "metros_cubicos", "volumen_m3", "volumen"),
    "paid_on": ("fecha_pago",),
    "method": ("forma_pago", "metodo_pago", "metodo", "medio_pago"),
    "reference": ("referencia", "folio"),
    "credited_on": ("fecha_credito",),
    "credit_kind": ("tipo_credito", "clase_credito"),
    "reason": ("motivo", "razon", "justificacion"),
}
REQUIRED = ("account_number", "kind", "amount")
NAMES = {name: aliases[0] for name, aliases in LAYOUT.items()}
KIND_LABELS = {"charge": "Cargo", "payment": "Pago", "credit": "Crédito"}

KINDS = vocabulary(KIND_LABELS, {"abono": "payment", "nota de credito": "credit"})
SERVICE_INDEX = vocabulary(SERVICES, {"alcantarillado": "sewer", "otro": "other"})
CONCEPT_INDEX = vocabulary(CONCEPTS, {"recargo": "surcharge", "extraordinario": "extraordinary",
                                      "gastos de ejecucion": "enforcement_costs",
                                      "alcantarillado": "sewer"})
METHODS = vocabulary(PAYMENT_METHODS, {"tienda": "store", "internet": "online",
                                       "en linea": "online"})
CREDIT_KIND_INDEX = vocabulary(CREDIT_KINDS)
# A charge's service when only its concept is given, and the other way round.
SERVICE_OF_CONCEPT = {"consumption": "water", "fixed": "water", "sewer": "sewer",
                      "sanitation": "sanitation"}
CONCEPT_OF_SERVICE = {"sewer": "sewer", "sanitation": "sanitation"}
MAX_M3 = 1_000_000  # a month's metered m³ (large consumers included)


@dataclass
class ChargeRow:
    """A valid charge line."""

    line: int
    account_id: object
    period: date
    service: str
    concept: str
    amount: Decimal
    due_date: date
    description: str | None = None
    consumption_m3: int | None = None  # the metered m³ billed (a social discount's cap)

    def identity(self) -> tuple:
        """What makes two charges 'the same charge'."""
        return (self.account_id, self.period, self.service, self.concept, self.amount,
                self.due_date)


@dataclass
class MoveRow:
    """A valid payment or credit line."""

    line: int
    kind: str
    account_id: object
    amount: Decimal
    on: date | None = None
    method: str = "cash"
    reference: str | None = None
    credit_kind: str = "adjustment"
    reason: str | None = None
    key: str | None = None

    def sort_key(self) -> tuple:
        """Date order; undated credits are dated today; ties keep file order."""
        return (self.on or local_today(), self.line)


def validate(table, *, file_hash: str) -> tuple[list[ChargeRow], list[MoveRow], list]:
    """Check every row; returns (charges, payments and credits in apply order, errors)."""
    parsed = [(c, _row(c)) for c in (Cells(line, values, table.columns, NAMES)
                                     for line, values in table.rows)]
    ids = _account_ids(sorted({r["account_number"] for _, r in parsed if r["account_number"]}))
    charges: list[tuple[Cells, ChargeRow]] = []
    moves: list[tuple[Cells, MoveRow]] = []
    for c, r in parsed:
        if r["account_number"]:
            r["account_id"] = ids.get(r["account_number"])
            if r["account_id"] is None:
                c.error("account_number", "ACCOUNT_NOT_FOUND", account=r["account_number"])
        if c.errors:
            continue
        if r["kind"] == "charge":
            charges.append((c, ChargeRow(line=c.line, **_only(r, ChargeRow))))
        else:
            moves.append((c, MoveRow(line=c.line, **_only(r, MoveRow))))
    check_duplicate_charges(charges)
    check_repeated_moves(moves, file_hash)
    ok_charges = [row for c, row in charges if not c.errors]
    moves.sort(key=lambda pair: pair[1].sort_key())
    check_credits(ok_charges, [(c, m) for c, m in moves if not c.errors])
    errors = [e for c, _ in parsed for e in c.errors]
    errors.sort(key=lambda e: e.line)
    return ok_charges, [m for c, m in moves if not c.errors], errors


def _only(values: dict, cls) -> dict:
    names = set(cls.__dataclass_fields__) - {"line"}
    return {k: v for k, v in values.items() if k in names and v is not None}


def _row(c: Cells) -> dict | None:
    number = c.text("account_number", required=True)
    kind = c.parse("kind", parse_choice, KINDS, KIND_LABELS, required=True)
    r = {"account_number": number.upper() if number else None, "kind": kind,
         "amount": c.parse("amount", parse_amount, required=True)}
    if kind == "charge":
        r["period"] = c.parse("period", parse_period, required=True)
        service = c.parse("service", parse_choice, SERVICE_INDEX, SERVICES)
        concept = c.parse("concept", parse_choice, CONCEPT_INDEX, CONCEPTS)
        if not c.errors:
            concept = concept or CONCEPT_OF_SERVICE.get(service)
            service = service or SERVICE_OF_CONCEPT.get(concept, "other")
            if concept is None:
                c.error("concept", "IMPORT_CONCEPT_REQUIRED")
        r.update(service=service, concept=concept,
                 due_date=c.parse("due_date", parse_date, required=True),
                 description=c.text("description", max_len=200),
                 consumption_m3=c.parse("consumption_m3", parse_whole, 0, MAX_M3))
    elif kind == "payment":
        r.update(on=c.parse("paid_on", parse_date, required=True),
                 method=c.parse("method", parse_choice, METHODS, PAYMENT_METHODS,
                                default="cash"),
                 reference=c.text("reference", max_len=80))
    elif kind == "credit":
        r.update(on=c.parse("credited_on", parse_date),
                 credit_kind=c.parse("credit_kind", parse_choice, CREDIT_KIND_INDEX,
                                     CREDIT_KINDS, default="adjustment"),
                 reason=c.text("reason", required=True, min_len=3, max_len=500))
    return r


def _account_ids(numbers: list[str]) -> dict[str, object]:
    ids = {}
    for i in range(0, len(numbers), 500):
        ids.update((number, account_id) for number, account_id in db.session.execute(
            sa.select(Account.account_number, Account.id).where(
                Account.account_number.in_(numbers[i:i + 500]))))
    return ids


def insert_charges(rows: list[ChargeRow], *, actor_id) -> None:
    """Insert charges with origin "import" inside the caller's unit of work; each takes
    its account's current class as the class it was billed under."""
    if rows:
        classes = dict(db.session.execute(sa.select(Account.id, Account.property_class).where(
            Account.id.in_({r.account_id for r in rows}))).all())
        db.session.execute(sa.insert(Charge), [{
            "account_id": r.account_id, "period": r.period, "service": r.service,
            "property_class": classes[r.account_id],
            "concept": r.concept, "amount": r.amount, "due_date": r.due_date,
            "origin": "import", "description": r.description, "allocated": ZERO,
            "consumption_m3": r.consumption_m3,
            "created_by": actor_id} for r in rows])


def settle_unapplied(account_ids, applied_on: date) -> None:
    """Apply the money these accounts hold on credit (saldo a favor) to their charges."""
    for account_id in account_ids:
        if unapplied_total(account_id) > 0:
            ledger_service.apply_unapplied(account_id, applied_on)


def apply_move(move: MoveRow, *, actor_id, filename: str) -> None:
    """Book one payment (idempotent by file and line) or credit through the ledger
    services; raises DomainError when the service refuses it."""
    if move.kind == "payment":
        payment, replayed = ledger_service.record_payment(
            actor_id=actor_id, account_ref=move.account_id, amount=move.amount,
            paid_on=move.on, method=move.method, reference=move.reference,
            notes=f"Importado de «{filename}», línea {move.line}", origin="import",
            idempotency_key=move.key)
        if replayed:
            raise DomainError("IMPORT_PAYMENT_ALREADY_IMPORTED",
                              receipt=payment.receipt_number)
        return
    ledger_service.grant_credit(actor_id=actor_id, account_ref=move.account_id,
                                amount=move.amount, kind=move.credit_kind,
                                reason=move.reason, credited_on=move.on)
