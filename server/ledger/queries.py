"""Read side of the ledger, in SQL: balances, aging, statement, arrears summary."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from server.common.clock import local_today
from server.common.settings import get_setting
from server.extensions import db
from server.ledger.models import Allocation, Charge, Credit, Payment
from server.ledger.rules import OpenItem
from server.ledger.sql import (
    bucket_case, cents, from_cents, is_accessory, months_past_due, sum_cents)
from server.registry.models import Account, Premises

OPEN = Charge.cleared_on.is_(None)
OPEN_AMOUNT = Charge.amount - Charge.allocated


def open_items(account_id: uuid.UUID) -> list[OpenItem]:
    """The account's charges with something still owed, for allocation."""
    rows = db.session.execute(
        sa.select(Charge.id, Charge.due_date, Charge.concept, Charge.amount, Charge.allocated)
        .where(Charge.account_id == account_id, OPEN)).all()
    return [OpenItem(r.id, r.due_date, r.concept, r.amount - r.allocated, r.amount)
            for r in rows]


def unapplied_cents(account_ids=None) -> sa.Select:
    """Money received or credited but not applied to any charge (saldo a favor)."""
    pay = sa.select(Payment.account_id.label("account_id"),
                    cents(Payment.unapplied).label("c")).where(Payment.unapplied > 0)
    cred = sa.select(Credit.account_id.label("account_id"),
                     cents(Credit.unapplied).label("c")).where(Credit.unapplied > 0)
    if account_ids is not None:
        pay = pay.where(Payment.account_id.in_(account_ids))
        cred = cred.where(Credit.account_id.in_(account_ids))
    return sa.union_all(pay, cred)


def account_balance(account_id: uuid.UUID, as_of: date | None = None) -> dict:
    """Balance by service and concept, principal vs accessories, aging and delinquency."""
    as_of = as_of or local_today()
    buckets = get_setting("aging_buckets")
    months = months_past_due(Charge.due_date, as_of)
    rows = db.session.execute(
        sa.select(Charge.service, Charge.concept, bucket_case(months, buckets).label("bucket"),
                  sum_cents(OPEN_AMOUNT).label("open_c"),
                  sa.func.min(sa.case((Charge.due_date < as_of, Charge.period))).label(
                      "oldest_overdue_period"),
                  sa.func.max(months).label("max_months"),
                  sa.func.count(sa.distinct(sa.case((Charge.due_date < as_of,
                                                     Charge.period)))).label("periods"))
        .where(Charge.account_id == account_id, OPEN)
        .group_by(Charge.service, Charge.concept, "bucket")).all()
    unapplied = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(sa.literal_column("c")), 0)).select_from(
            unapplied_cents([account_id]).subquery())).scalar()
    return summarize_balance(rows, unapplied, buckets, as_of)


def summarize_balance(rows, unapplied_c: int, buckets, as_of: date) -> dict:
    """Fold per (service, concept, bucket) rows into the balance document."""
    from server.ledger.enums import ACCESSORY_CONCEPTS

    by_service: dict[str, dict[str, int]] = {}
    by_concept: dict[str, int] = {}
    aging = {label: 0 for label, _, _ in buckets}
    principal = accessories = overdue = 0
    oldest, max_months, periods = None, 0, set()
    for r in rows:
        svc = by_service.setdefault(r.service, {"principal": 0, "accessories": 0})
        kind = "accessories" if r.concept in ACCESSORY_CONCEPTS else "principal"
        svc[kind] += r.open_c
        by_concept[r.concept] = by_concept.get(r.concept, 0) + r.open_c
        aging[r.bucket] = aging.get(r.bucket, 0) + r.open_c
        if kind == "principal":
            principal += r.open_c
        else:
            accessories += r.open_c
        if r.bucket != "current":
            overdue += r.open_c
        if r.oldest_overdue_period and (oldest is None or r.oldest_overdue_period < oldest):
            oldest = r.oldest_overdue_period
        max_months = max(max_months, r.max_months or 0)
    total = principal + accessories
    return {
        "as_of": as_of,
        "balance": from_cents(total - unapplied_c),
        "charges_open": from_cents(total),
        "unapplied_credit": from_cents(unapplied_c),
        "principal": from_cents(principal),
        "accessories": from_cents(accessories),
        "overdue": from_cents(overdue),
        "by_service": {s: {k: from_cents(v) for k, v in d.items()} | {
            "total": from_cents(sum(d.values()))} for s, d in sorted(by_service.items())},
        "by_concept": {c: from_cents(v) for c, v in sorted(by_concept.items())},
        "aging": {k: from_cents(v) for k, v in aging.items()},
        "months_past_due": max_months,
        "oldest_unpaid_period": oldest if isinstance(oldest, date) or oldest is None
        else date.fromisoformat(str(oldest)[:10]),
    }


def overdue_periods(account_id: uuid.UUID, as_of: date | None = None) -> int:
    """How many distinct billing periods have unpaid principal past due."""
    as_of = as_of or local_today()
    return db.session.execute(
        sa.select(sa.func.count(sa.distinct(Charge.period))).where(
            Charge.account_id == account_id, OPEN, Charge.due_date < as_of,
            ~is_accessory(Charge.concept))).scalar()


def statement(account_id: uuid.UUID, *, date_from: date | None = None,
              date_to: date | None = None) -> dict:
    """Estado de cuenta: charges, payments and credits in date order with running balance.

    A charge is dated by its period (surcharges by their month's end); payments by the
    day they were received. The running balance is a window sum in centavos.
    """
    entry_date = sa.case((Charge.origin == "surcharge_job", Charge.due_date),
                         else_=Charge.period)
    charges = sa.select(
        entry_date.label("entry_date"), sa.literal(0).label("sort"), Charge.id.label("ref"),
        sa.literal("charge").label("kind"), Charge.period, Charge.service, Charge.concept,
        Charge.due_date, Charge.description, cents(Charge.amount).label("debit_c"),
        sa.literal(0).label("credit_c"), sa.literal(None).label("reference")
    ).where(Charge.account_id == account_id)
    payments = sa.select(
        Payment.paid_on, sa.literal(1), Payment.id, sa.literal("payment"),
        sa.null(), sa.null(), sa.null(), sa.null(), Payment.method, sa.literal(0),
        cents(Payment.amount), sa.func.coalesce(Payment.receipt_number, Payment.reference)
    ).where(Payment.account_id == account_id)
    credits = sa.select(
        Credit.credited_on, sa.literal(2), Credit.id, sa.literal("credit"),
        sa.null(), sa.null(), sa.null(), sa.null(), Credit.kind, sa.literal(0),
        cents(Credit.amount), Credit.reason
    ).where(Credit.account_id == account_id)
    lines = sa.union_all(charges, payments, credits).subquery()
    running = sa.func.sum(lines.c.debit_c - lines.c.credit_c).over(
        order_by=(lines.c.entry_date, lines.c.sort, lines.c.ref),
        rows=(None, 0)).label("running_c")
    ordered = sa.select(lines, running).subquery()
    stmt = sa.select(ordered)
    if date_from:
        stmt = stmt.where(ordered.c.entry_date >= date_from)
    if date_to:
        stmt = stmt.where(ordered.c.entry_date <= date_to)
    rows = db.session.execute(stmt.order_by(ordered.c.entry_date, ordered.c.sort,
                                            ordered.c.ref)).all()
    opening_c = 0
    if date_from:
        opening_c = db.session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(lines.c.debit_c - lines.c.credit_c), 0))
            .where(lines.c.entry_date < date_from)).scalar()
    closing_c = rows[-1].running_c if rows else opening_c
    return {
        "opening_balance": from_cents(opening_c),
        "closing_balance": from_cents(closing_c),
        "lines": [{
            "date": _as_date(r.entry_date), "kind": r.kind, "ref": r.ref,
            "period": _as_date(r.period), "service": r.service, "concept": r.concept,
            "due_date": _as_date(r.due_date), "description": r.description,
            "reference": r.reference, "debit": from_cents(r.debit_c),
            "credit": from_cents(r.credit_c), "balance": from_cents(r.running_c),
        } for r in rows],
    }


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def arrears_summary(*, as_of: date | None = None, neighborhood_id: int | None = None,
                    sector: str | None = None) -> dict:
    """Open debt by aging bucket × property class × service, principal vs accessories,
    over every account (optionally one colonia or sector). Reads open items only."""
    as_of = as_of or local_today()
    buckets = get_setting("aging_buckets")
    arrears_min = int(get_setting("arrears_min_months"))
    months = months_past_due(Charge.due_date, as_of)
    bucket = bucket_case(months, buckets).label("bucket")
    acc = is_accessory(Charge.concept)
    stmt = (sa.select(bucket, Account.property_class, Charge.service,
                      sum_cents(sa.case((acc, 0), else_=OPEN_AMOUNT)).label("principal_c"),
                      sum_cents(sa.case((acc, OPEN_AMOUNT), else_=0)).label("accessories_c"),
                      sa.func.count(sa.distinct(Charge.account_id)).label("accounts"))
            .join(Account, Account.id == Charge.account_id)
            .where(OPEN)
            .group_by(bucket, Account.property_class, Charge.service))
    acc_filter = []
    if neighborhood_id is not None or sector:
        stmt = stmt.join(Premises, Premises.id == Account.premises_id)
        if neighborhood_id is not None:
            acc_filter.append(Premises.neighborhood_id == neighborhood_id)
        if sector:
            acc_filter.append(Account.sector == sector)
        stmt = stmt.where(*acc_filter)
    rows = db.session.execute(stmt).all()
    order = {label: i for i, (label, _, _) in enumerate(buckets)}
    arrears_labels = {label for label, low, _ in buckets if low >= arrears_min}
    cells, total_c, arrears_c = [], 0, 0
    for r in sorted(rows, key=lambda r: (order.get(r.bucket, 99), r.property_class,
                                         r.service)):
        cell_c = r.principal_c + r.accessories_c
        total_c += cell_c
        if r.bucket in arrears_labels:
            arrears_c += cell_c
        cells.append({"bucket": r.bucket, "property_class": r.property_class,
                      "service": r.service, "principal": from_cents(r.principal_c),
                      "accessories": from_cents(r.accessories_c),
                      "total": from_cents(cell_c), "accounts": r.accounts})
    unapplied_q = unapplied_cents().subquery()
    unapplied_stmt = sa.select(sa.func.coalesce(sa.func.sum(unapplied_q.c.c), 0))
    if acc_filter:
        unapplied_stmt = (unapplied_stmt.join(Account, Account.id == unapplied_q.c.account_id)
                          .join(Premises, Premises.id == Account.premises_id).where(*acc_filter))
    unapplied_c = db.session.execute(unapplied_stmt).scalar()
    return {
        "as_of": as_of, "buckets": [label for label, _, _ in buckets], "rows": cells,
        "total_open": from_cents(total_c), "arrears_total": from_cents(arrears_c),
        "unapplied_credit": from_cents(unapplied_c),
        "grand_total": from_cents(total_c - unapplied_c),
    }
