"""Ledger rows checked against the database: duplicate charges, payments and credits of
the same file already booked, and credits larger than the debt they would find.

Each check records its findings on the row's Cells; nothing here writes.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa

from server.common.money import ZERO, money, pesos
from server.extensions import db
from server.imports.values import Cells
from server.ledger import queries as ledger_queries
from server.ledger.enums import CONCEPTS, SERVICES
from server.ledger.models import Charge, Credit, Payment

if TYPE_CHECKING:  # the row types live with the layout; imported for annotations only
    from server.imports.ledger import ChargeRow, MoveRow

def payment_key(file_hash: str, line: int) -> str:
    """Idempotency key of an imported payment: the same file's same line books once."""
    return f"import:{file_hash}:{line}"


def credit_reason(reason: str, file_hash: str, line: int) -> str:
    """The stored reason carries where the credit came from, which also makes a second
    import of the same file recognizable."""
    return f"{reason} [importación {file_hash[:12]}, línea {line}]"


def check_duplicate_charges(charges: list[tuple[Cells, ChargeRow]]) -> None:
    """A charge equal to one the account already has, or to an earlier line, is an error
    ("cargo duplicado"): same account, period, service, concept, amount and due date."""
    by_account: dict[object, set] = defaultdict(set)
    for _, row in charges:
        by_account[row.account_id].add(row.period)
    existing: set[tuple] = set()
    accounts = list(by_account)
    periods = sorted({p for ps in by_account.values() for p in ps})
    for i in range(0, len(accounts), 500):
        for r in db.session.execute(sa.select(
                Charge.account_id, Charge.period, Charge.service, Charge.concept,
                Charge.amount, Charge.due_date).where(
                Charge.account_id.in_(accounts[i:i + 500]), Charge.period.in_(periods))):
            existing.add((r.account_id, r.period, r.service, r.concept, money(r.amount),
                          r.due_date))
    first_line: dict[tuple, int] = {}
    for c, row in charges:
        ident = row.identity()
        if ident in existing:
            c.error(None, "IMPORT_CHARGE_DUPLICATE", period=f"{row.period:%Y-%m}",
                    service=SERVICES[row.service].lower(),
                    concept=CONCEPTS[row.concept].lower(), amount=pesos(row.amount),
                    due_date=f"{row.due_date:%d/%m/%Y}")
        elif ident in first_line:
            c.error(None, "IMPORT_CHARGE_DUPLICATE_IN_FILE", line=first_line[ident])
        else:
            first_line[ident] = row.line


def check_repeated_moves(moves: list[tuple[Cells, MoveRow]], file_hash: str) -> None:
    """A payment or credit of this same file already booked is not booked again."""
    receipts = {key: receipt for key, receipt in db.session.execute(sa.select(
        Payment.idempotency_key, Payment.receipt_number).where(
        Payment.idempotency_key.like(f"import:{file_hash}:%")))}
    wanted = []
    for _, m in moves:
        if m.kind == "payment":
            m.key = payment_key(file_hash, m.line)
        else:
            m.reason = credit_reason(m.reason, file_hash, m.line)
            wanted.append(m.reason)
    booked: set[tuple] = set()
    for i in range(0, len(wanted), 500):
        booked.update(tuple(r) for r in db.session.execute(sa.select(
            Credit.account_id, Credit.reason).where(Credit.reason.in_(wanted[i:i + 500]))))
    for c, m in moves:
        if m.kind == "payment" and m.key in receipts:
            c.error(None, "IMPORT_PAYMENT_ALREADY_IMPORTED", receipt=receipts[m.key])
        elif m.kind == "credit" and (m.account_id, m.reason) in booked:
            c.error(None, "IMPORT_CREDIT_ALREADY_IMPORTED")


def check_credits(charges: list[ChargeRow], moves: list[tuple[Cells, MoveRow]]) -> None:
    """Replay the apply order per account: a credit may not exceed the open debt."""
    credited = {m.account_id for _, m in moves if m.kind == "credit"}
    if not credited:
        return
    new_debt: dict[object, Decimal] = defaultdict(lambda: ZERO)
    for row in charges:
        new_debt[row.account_id] += row.amount
    open_debt = {}
    for account_id in credited:
        debt = sum((i.open_amount for i in ledger_queries.open_items(account_id)), ZERO)
        debt += new_debt[account_id]
        if new_debt[account_id] > 0:  # money on credit is applied to the new charges
            debt -= min(debt, unapplied_total(account_id))
        open_debt[account_id] = debt
    for c, m in moves:
        if m.account_id not in credited:
            continue
        if m.kind == "payment":
            open_debt[m.account_id] -= min(open_debt[m.account_id], m.amount)
        elif m.amount > open_debt[m.account_id]:
            c.error("amount", "CREDIT_EXCEEDS_DEBT", available=pesos(open_debt[m.account_id]))
        else:
            open_debt[m.account_id] -= m.amount


def unapplied_total(account_id) -> Decimal:
    """Money the account holds on credit (saldo a favor): unapplied payments and credits."""
    total = ZERO
    for model in (Payment, Credit):
        for value in db.session.execute(sa.select(model.unapplied).where(
                model.account_id == account_id, model.unapplied > 0)).scalars():
            total += money(value)
    return total
