"""Ledger use cases: payments (idempotent), credits, extraordinary charges, allocation."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from server.audit import service as audit
from server.common import events
from server.common.clock import first_of_month, local_today, utcnow
from server.common.money import ZERO, money
from server.db import touch, transaction
from server.errors import Conflict, DomainError, NotFound
from server.extensions import db
from server.ledger import queries, rules
from server.ledger.models import Allocation, Charge, Credit, ExtraordinaryCharge, Payment
from server.registry import queries as registry_queries

BULK_CHUNK = 1000  # rows per bulk statement (book_credits)


def _apply(amount: Decimal, account_id, applied_on: date, *, payment_id=None,
           credit_id=None, only_charge_ids=None) -> Decimal:
    """Allocate `amount` to the account's open charges (oldest due first); returns the rest.

    The one place that writes allocation rows and keeps each charge's open-item fields
    (allocated, cleared_on) in step with them.
    """
    items = queries.open_items(account_id)
    if only_charge_ids is not None:
        items = [i for i in items if i.charge_id in set(only_charge_ids)]
    by_id = {i.charge_id: i for i in items}
    applied, rest = rules.allocate(amount, items)
    for charge_id, part in applied:
        item = by_id[charge_id]
        db.session.add(Allocation(charge_id=charge_id, payment_id=payment_id,
                                  credit_id=credit_id, amount=part, applied_on=applied_on))
        db.session.execute(sa.update(Charge).where(Charge.id == charge_id).values(
            **_charge_after(item, part, applied_on)))
    return rest


def _charge_after(item: rules.OpenItem, part: Decimal, applied_on: date) -> dict:
    """A charge's open-item fields once `part` more of it is applied. Exact Decimal
    arithmetic here, not in SQL: SQLite would add binary floats."""
    return {"allocated": item.amount - item.open_amount + part,
            "cleared_on": applied_on if part == item.open_amount else None}


def apply_unapplied(account_id, applied_on: date) -> None:
    """Apply money the account has on credit (saldo a favor) to its open charges."""
    registry_queries.get_account(account_id, lock=True)
    for model, key in ((Payment, "payment_id"), (Credit, "credit_id")):
        rows = db.session.execute(sa.select(model).where(
            model.account_id == account_id, model.unapplied > 0).order_by(model.id)
        ).scalars().all()
        for row in rows:
            row.unapplied = _apply(row.unapplied, account_id, applied_on, **{key: row.id})


def _request_hash(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def record_payment(*, actor_id, account_ref, amount: Decimal, paid_on: date | None = None,
                   method: str = "cash", reference: str | None = None,
                   notes: str | None = None, origin: str = "counter",
                   idempotency_key: str | None = None) -> tuple[Payment, bool]:
    """Book a payment and allocate it oldest-due first. Returns (payment, replayed).

    With an idempotency key, a retried request returns the first booking instead of
    booking twice, also when two copies arrive at once: the account row is locked first,
    so the second copy waits and then finds the first.
    """
    amount = money(amount)
    if amount <= ZERO:
        raise DomainError("AMOUNT_NOT_POSITIVE", errors={"amount": ["Debe ser mayor que cero."]})
    paid_on = paid_on or local_today()
    fingerprint = None
    try:
        with transaction() as session:
            account = registry_queries.get_account(account_ref, lock=True)
            fingerprint = _request_hash({"account": str(account.id), "amount": str(amount),
                                         "paid_on": paid_on, "method": method,
                                         "reference": reference})
            if idempotency_key:
                existing = _by_key(idempotency_key, fingerprint)
                if existing is not None:
                    return existing, True
            payment = Payment(account_id=account.id, amount=amount, paid_on=paid_on,
                              method=method, reference=reference, notes=notes, origin=origin,
                              idempotency_key=idempotency_key, request_hash=fingerprint,
                              created_by=actor_id)
            db.session.add(payment)
            db.session.flush()
            payment.receipt_number = f"R{paid_on:%y}-{payment.id:08d}"
            payment.unapplied = _apply(amount, account.id, paid_on, payment_id=payment.id)
            touch(session, account)  # devices holding the account see the new debt
            # Open cut orders are cancelled in this same transaction (disconnections).
            events.emit("payment.booked", session, account=account, payment=payment,
                        actor_id=actor_id)
            audit.record(actor_id=actor_id, entity_type="payment", entity_id=payment.id,
                         action="create", changes={"account": account.account_number,
                                                   "amount": amount, "method": method,
                                                   "receipt": payment.receipt_number})
    except IntegrityError:
        # Lost a race on the idempotency key in a way the lock did not serialize.
        if not idempotency_key or fingerprint is None:
            raise
        existing = _by_key(idempotency_key, fingerprint)
        if existing is None:
            raise
        return existing, True
    return payment, False


def _by_key(key: str, fingerprint: str) -> Payment | None:
    existing = db.session.execute(sa.select(Payment).where(
        Payment.idempotency_key == key)).scalars().first()
    if existing is not None and existing.request_hash != fingerprint:
        raise Conflict("IDEMPOTENCY_KEY_REUSED")
    return existing


def grant_credit(*, actor_id, account_ref, amount: Decimal, kind: str, reason: str,
                 charge_ids: list[int] | None = None,
                 credited_on: date | None = None) -> Credit:
    """A non-cash credit (adjustment, waiver...) applied to the given or oldest charges.

    A credit never creates money on the account: it may not exceed what it targets.
    """
    amount = money(amount)
    if amount <= ZERO:
        raise DomainError("AMOUNT_NOT_POSITIVE", errors={"amount": ["Debe ser mayor que cero."]})
    with transaction() as session:
        account = registry_queries.get_account(account_ref, lock=True)
        targets = queries.open_items(account.id)
        if charge_ids is not None:
            targets = [t for t in targets if t.charge_id in set(charge_ids)]
        available = sum((t.open_amount for t in targets), ZERO)
        if amount > available:
            raise DomainError("CREDIT_EXCEEDS_DEBT", available=str(available),
                              errors={"amount": [f"Máximo aplicable: {available}."]})
        today = credited_on or local_today()
        credit = Credit(account_id=account.id, amount=amount, kind=kind, reason=reason,
                        credited_on=today, authorized_by=actor_id)
        db.session.add(credit)
        db.session.flush()
        credit.unapplied = _apply(amount, account.id, today, credit_id=credit.id,
                                  only_charge_ids=charge_ids)
        touch(session, account)
        audit.record(actor_id=actor_id, entity_type="credit", entity_id=credit.id,
                     action="create", reason=reason,
                     changes={"account": account.account_number, "amount": amount,
                              "kind": kind})
    return credit


def book_credits(session, *, credits: list[dict], kind: str, credited_on: date,
                 actor_id=None) -> list[int]:
    """Many credits booked by a job at once (a period's social discounts), each
    {account_id, amount, reason, charge_ids}, in a few bulk statements instead of several
    per credit. Each is allocated to its own charges (of its account, still open, locked)
    by the same rule as every payment (rules.allocate, one credit after the other); what it
    cannot apply stays unapplied on it. Returns the credit ids in the order given; the
    caller audits the batch and stamps the accounts."""
    if not credits:
        return []
    wanted = sorted({cid for c in credits for cid in c["charge_ids"]})
    items: dict[int, tuple] = {}
    for i in range(0, len(wanted), BULK_CHUNK):
        for r in session.execute(
                sa.select(Charge.id, Charge.account_id, Charge.due_date, Charge.concept,
                          Charge.amount, Charge.allocated)
                .where(Charge.id.in_(wanted[i:i + BULK_CHUNK]), queries.OPEN)
                .with_for_update()):
            items[r.id] = (r.account_id, rules.OpenItem(r.id, r.due_date, r.concept,
                                                        r.amount - r.allocated, r.amount))
    now, rows, parts, after = utcnow(), [], [], {}
    for n, c in enumerate(credits):
        amount = money(c["amount"])
        own = [items[i][1] for i in dict.fromkeys(c["charge_ids"])
               if i in items and items[i][0] == c["account_id"]]
        applied, rest = rules.allocate(amount, own)
        for charge_id, part in applied:
            account_id, item = items[charge_id]
            after[charge_id] = _charge_after(item, part, credited_on)
            items[charge_id] = (account_id, dataclasses.replace(
                item, open_amount=item.open_amount - part))
            parts.append((n, charge_id, part))
        rows.append({"account_id": c["account_id"], "amount": amount, "kind": kind,
                     "reason": c["reason"], "credited_on": credited_on,
                     "authorized_by": actor_id, "unapplied": rest, "created_at": now})
    ids = []
    for i in range(0, len(rows), BULK_CHUNK):
        ids += session.execute(sa.insert(Credit).returning(
            Credit.id, sort_by_parameter_order=True), rows[i:i + BULK_CHUNK]).scalars().all()
    allocations = [{"charge_id": charge_id, "credit_id": ids[n], "amount": part,
                    "applied_on": credited_on} for n, charge_id, part in parts]
    charges = Charge.__table__
    update = sa.update(charges).where(charges.c.id == sa.bindparam("b_id")).values(
        allocated=sa.bindparam("b_allocated"), cleared_on=sa.bindparam("b_cleared_on"))
    for i in range(0, len(allocations), BULK_CHUNK):
        session.execute(sa.insert(Allocation), allocations[i:i + BULK_CHUNK])
    changed = [{"b_id": k, "b_allocated": v["allocated"], "b_cleared_on": v["cleared_on"]}
               for k, v in after.items()]
    for i in range(0, len(changed), BULK_CHUNK):
        session.connection().execute(update, changed[i:i + BULK_CHUNK])
    for obj in list(session.identity_map.values()):  # what the session holds is stale now
        if isinstance(obj, Charge) and obj.id in after:
            session.expire(obj, ["allocated", "cleared_on"])
    return ids


def propose_extraordinary(*, actor_id, account_ref, kind: str, amount: Decimal,
                          description: str, service: str = "other",
                          work_reference: str | None = None,
                          due_date: date | None = None,
                          photos: list[str] | None = None) -> ExtraordinaryCharge:
    """Enter an extraordinary charge as proposed; it does not touch the balance yet.
    `photos` (SHA-256 of the work's evidence) may be uploaded as blobs before or after."""
    amount = money(amount)
    if amount <= ZERO:
        raise DomainError("AMOUNT_NOT_POSITIVE", errors={"amount": ["Debe ser mayor que cero."]})
    concept = "fine" if kind == "fine" else "extraordinary"
    with transaction():
        account = registry_queries.get_account(account_ref)
        row = ExtraordinaryCharge(account_id=account.id, kind=kind, service=service,
                                  concept=concept, amount=amount, description=description,
                                  work_reference=work_reference, due_date=due_date,
                                  photos=list(dict.fromkeys(photos or [])),
                                  proposed_by=actor_id)
        db.session.add(row)
        db.session.flush()
        audit.record(actor_id=actor_id, entity_type="extraordinary_charge", entity_id=row.id,
                     action="propose", changes={"account": account.account_number,
                                                "kind": kind, "amount": amount})
    return row


def decide_extraordinary(*, actor_id, charge_id: uuid.UUID, authorize: bool,
                         reason: str | None = None) -> ExtraordinaryCharge:
    """Manager's decision. Authorized → a ledger charge; rejected → kept with its reason."""
    with transaction():
        row = db.session.get(ExtraordinaryCharge, charge_id, with_for_update=True)
        if row is None:
            raise NotFound("EXTRAORDINARY_CHARGE_NOT_FOUND")
        if row.status != "proposed":
            raise Conflict("EXTRAORDINARY_CHARGE_ALREADY_DECIDED",
                           state="autorizado" if row.status == "authorized" else "rechazado")
        today = local_today()
        row.decided_by, row.decided_at = actor_id, utcnow()
        if authorize:
            row.status = "authorized"
            account = registry_queries.get_account(row.account_id)
            charge = Charge(account_id=row.account_id, period=first_of_month(today),
                            property_class=account.property_class,
                            service=row.service, concept=row.concept, amount=row.amount,
                            due_date=row.due_date or today + timedelta(days=10),
                            origin="extraordinary", description=row.description[:200],
                            created_by=actor_id)
            db.session.add(charge)
            db.session.flush()
            row.charge_id = charge.id
            apply_unapplied(row.account_id, today)
        else:
            row.status, row.rejection_reason = "rejected", reason
        audit.record(actor_id=actor_id, entity_type="extraordinary_charge", entity_id=row.id,
                     action="authorize" if authorize else "reject", reason=reason,
                     changes={"status": ["proposed", row.status], "amount": row.amount})
    return row
