"""Read side of the ledger, in SQL: balances, aging, statement, arrears summary."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from server.common.clock import local_today
from server.common.settings import get_setting
from server.extensions import db
from server.ledger.models import Charge, Credit, Payment
from server.ledger.rules import OpenItem
from server.ledger import rules
from server.ledger.sql import cents, from_cents, sum_cents
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
    """Balance by service and concept, principal vs accessories, aging and delinquency.

    SQL sums the open items per (service, concept, due date, period); the aging of each
    due date comes from rules.months_past_due, the one definition of "months late".
    """
    as_of = as_of or local_today()
    buckets = get_setting("aging_buckets")
    rows = db.session.execute(
        sa.select(Charge.service, Charge.concept, Charge.due_date, Charge.period,
                  sum_cents(OPEN_AMOUNT).label("open_c"))
        .where(Charge.account_id == account_id, OPEN)
        .group_by(Charge.service, Charge.concept, Charge.due_date, Charge.period)).all()
    unapplied = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(sa.literal_column("c")), 0)).select_from(
            unapplied_cents([account_id]).subquery())).scalar()
    return summarize_balance(rows, int(unapplied), buckets, as_of)


def balances_for(account_ids: list, as_of: date | None = None) -> dict:
    """Balance and months past due of a page of accounts, in two grouped queries (open
    charges by account and due date, and money in favour) whatever the page size."""
    if not account_ids:
        return {}
    as_of = as_of or local_today()
    out = {a: {"balance_c": 0, "months_past_due": 0} for a in account_ids}
    rows = db.session.execute(
        sa.select(Charge.account_id, Charge.due_date, sum_cents(OPEN_AMOUNT).label("open_c"))
        .where(Charge.account_id.in_(account_ids), OPEN)
        .group_by(Charge.account_id, Charge.due_date)).all()
    for r in rows:
        item = out[r.account_id]
        item["balance_c"] += int(r.open_c)
        months = rules.months_past_due(_as_date(r.due_date), as_of)
        if months > 0:
            item["months_past_due"] = max(item["months_past_due"], months)
    favour = unapplied_cents(account_ids).subquery()
    for account_id, c in db.session.execute(
            sa.select(favour.c.account_id, sa.func.sum(favour.c.c))
            .group_by(favour.c.account_id)):
        out[account_id]["balance_c"] -= int(c)
    return {a: {"balance": from_cents(v["balance_c"]),
                "months_past_due": v["months_past_due"]} for a, v in out.items()}


def summarize_balance(rows, unapplied_c: int, buckets, as_of: date) -> dict:
    """Fold per (service, concept, due date, period) open amounts into the balance."""
    by_service: dict[str, dict[str, int]] = {}
    by_concept: dict[str, int] = {}
    aging = {label: 0 for label, _, _ in buckets}
    principal = accessories = overdue = 0
    oldest, max_months, periods = None, 0, set()
    for r in rows:
        due, period = _as_date(r.due_date), _as_date(r.period)
        months = rules.months_past_due(due, as_of)
        accessory = rules.is_accessory(r.concept)
        svc = by_service.setdefault(r.service, {"principal": 0, "accessories": 0})
        svc["accessories" if accessory else "principal"] += r.open_c
        by_concept[r.concept] = by_concept.get(r.concept, 0) + r.open_c
        bucket = rules.bucket_for(months, buckets)
        aging[bucket] = aging.get(bucket, 0) + r.open_c
        if accessory:
            accessories += r.open_c
        else:
            principal += r.open_c
        if months > 0:
            overdue += r.open_c
            max_months = max(max_months, months)
            if not accessory:
                periods.add(period)
                oldest = period if oldest is None or period < oldest else oldest
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
        "periods_past_due": len(periods),
        "oldest_unpaid_period": oldest,
    }


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
    # Lines leave as JSON-ready values: a statement can hold hundreds of them, and this is
    # the hot path of the counter (see bench/queries.py).
    return {
        "opening_balance": from_cents(opening_c),
        "closing_balance": from_cents(closing_c),
        "lines": [{
            "date": _iso(r.entry_date), "kind": r.kind, "ref": r.ref,
            "period": _iso(r.period), "service": r.service, "concept": r.concept,
            "due_date": _iso(r.due_date), "description": r.description,
            "reference": r.reference, "debit": str(from_cents(r.debit_c)),
            "credit": str(from_cents(r.credit_c)), "balance": str(from_cents(r.running_c)),
        } for r in rows],
    }


def _iso(value) -> str | None:
    return None if value is None else _as_date(value).isoformat()


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def arrears_summary(*, as_of: date | None = None, neighborhood_id: int | None = None,
                    sector: str | None = None) -> dict:
    """Open debt by aging bucket × property class × service, principal vs accessories,
    over every account (optionally one colonia or sector).

    Reads open items only (a covering partial index on PostgreSQL, no join unless a place
    filter asks for one) and groups them by due date; the few hundred due dates are aged
    in Python with the same rule as a balance. The class is the one each charge was
    billed under.
    """
    as_of = as_of or local_today()
    buckets = get_setting("aging_buckets")
    arrears_min = int(get_setting("arrears_min_months"))
    # Plain columns as group keys and two plain sums: per-row expressions (the open
    # amount, "is it an accessory") cost more than the whole scan at 100,000 accounts.
    stmt = (sa.select(Charge.due_date, Charge.property_class, Charge.service, Charge.concept,
                      sum_cents(Charge.amount).label("amount_c"),
                      sum_cents(Charge.allocated).label("allocated_c"))
            .where(OPEN)
            .group_by(Charge.due_date, Charge.property_class, Charge.service, Charge.concept))
    acc_filter = _place_filter(neighborhood_id, sector)
    if acc_filter:
        stmt = (stmt.join(Account, Account.id == Charge.account_id)
                .join(Premises, Premises.id == Account.premises_id).where(*acc_filter))
    cells: dict[tuple, list[int]] = {}
    arrears_c = 0
    for r in db.session.execute(stmt):
        open_c = r.amount_c - r.allocated_c
        months = rules.months_past_due(_as_date(r.due_date), as_of)
        key = (rules.bucket_for(months, buckets), r.property_class, r.service)
        cell = cells.setdefault(key, [0, 0])
        cell[1 if rules.is_accessory(r.concept) else 0] += open_c
        if months >= arrears_min:
            arrears_c += open_c
    order = {label: i for i, (label, _, _) in enumerate(buckets)}
    rows = [{"bucket": b, "property_class": pc, "service": svc,
             "principal": from_cents(p), "accessories": from_cents(a),
             "total": from_cents(p + a)}
            for (b, pc, svc), (p, a) in sorted(cells.items(), key=lambda kv: (
                order.get(kv[0][0], 99), kv[0][1], kv[0][2]))]
    total_c = sum(p + a for p, a in cells.values())
    unapplied_q = unapplied_cents().subquery()
    unapplied_stmt = sa.select(sa.func.coalesce(sa.func.sum(unapplied_q.c.c), 0))
    if acc_filter:
        unapplied_stmt = (unapplied_stmt.join(Account, Account.id == unapplied_q.c.account_id)
                          .join(Premises, Premises.id == Account.premises_id).where(*acc_filter))
    unapplied_c = int(db.session.execute(unapplied_stmt).scalar())
    return {
        "as_of": as_of, "buckets": [label for label, _, _ in buckets], "rows": rows,
        "total_open": from_cents(total_c), "arrears_total": from_cents(arrears_c),
        "unapplied_credit": from_cents(unapplied_c),
        "grand_total": from_cents(total_c - unapplied_c),
    }


def delinquent_accounts(*, as_of: date | None = None, neighborhood_id: int | None = None,
                        sector: str | None = None) -> dict:
    """Accounts with debt, by the aging bucket of their oldest open charge × class.

    A separate read from the amounts: it visits each account's oldest open item.
    """
    as_of = as_of or local_today()
    buckets = get_setting("aging_buckets")
    oldest = (sa.select(Charge.account_id, sa.func.min(Charge.due_date).label("due"))
              .where(OPEN).group_by(Charge.account_id).subquery())
    stmt = (sa.select(oldest.c.due, Account.property_class, sa.func.count().label("n"))
            .join(Account, Account.id == oldest.c.account_id)
            .group_by(oldest.c.due, Account.property_class))
    acc_filter = _place_filter(neighborhood_id, sector)
    if acc_filter:
        stmt = stmt.join(Premises, Premises.id == Account.premises_id).where(*acc_filter)
    counts: dict[tuple, int] = {}
    for r in db.session.execute(stmt):
        bucket = rules.bucket_for(rules.months_past_due(_as_date(r.due), as_of), buckets)
        counts[(bucket, r.property_class)] = counts.get((bucket, r.property_class), 0) + r.n
    return {"as_of": as_of, "rows": [
        {"bucket": b, "property_class": pc, "accounts": n}
        for (b, pc), n in sorted(counts.items(), key=lambda kv: (
            [label for label, _, _ in buckets].index(kv[0][0]), kv[0][1]))]}


def _place_filter(neighborhood_id, sector) -> list:
    out = []
    if neighborhood_id is not None:
        out.append(Premises.neighborhood_id == neighborhood_id)
    if sector:
        out.append(Account.sector == sector)
    return out


def extraordinary_page(*, status: str | None, month: date | None, page: int,
                       page_size: int) -> tuple[list[dict], int]:
    """Extraordinary charges newest first, with the account number and who proposed them."""
    from server.auth.models import StaffUser
    from server.ledger.models import ExtraordinaryCharge

    stmt = sa.select(ExtraordinaryCharge)
    if status:
        stmt = stmt.where(ExtraordinaryCharge.status == status)
    if month:
        # The month it reached the ledger: the period of the charge it became.
        stmt = stmt.join(Charge, Charge.id == ExtraordinaryCharge.charge_id).where(
            Charge.period == month)
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    rows = db.session.execute(stmt.order_by(ExtraordinaryCharge.created_at.desc()).limit(
        page_size).offset((page - 1) * page_size)).scalars().all()
    numbers = dict(db.session.execute(sa.select(Account.id, Account.account_number).where(
        Account.id.in_({r.account_id for r in rows}))).all()) if rows else {}
    staff = {r.proposed_by for r in rows} | {r.decided_by for r in rows}
    names = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.full_name).where(
        StaffUser.id.in_(staff - {None}))).all()) if staff - {None} else {}
    held = _held_blobs(h for r in rows for h in r.photos or [])
    return [extraordinary_view(r, held) | {
        "account_number": numbers.get(r.account_id),
        "proposed_by_name": names.get(r.proposed_by), "decided_by_name": names.get(r.decided_by)}
        for r in rows], total


def _held_blobs(hashes) -> set[str]:
    from server.attachments.service import missing

    wanted = list(dict.fromkeys(hashes))
    return set(wanted) - set(missing(wanted))


def extraordinary_view(row, held: set[str] | None = None) -> dict:
    """One extraordinary charge with its photos: {sha256, uploaded, url} each (the bytes are
    read with the token at the url; "uploaded" is false until the blob arrives)."""
    if held is None:
        held = _held_blobs(row.photos or [])
    return {**{c: getattr(row, c) for c in (
        "id", "account_id", "kind", "service", "concept", "amount", "description",
        "work_reference", "due_date", "status", "rejection_reason", "charge_id", "created_at",
        "decided_at")}, "photos": [
            {"sha256": h, "uploaded": h in held, "url": f"/api/sync/v1/blobs/{h}"}
            for h in row.photos or []]}


def extraordinary_month_total(month: date) -> dict:
    """Authorized extraordinary charges that reached the ledger in a month: count and sum."""
    from server.ledger.models import ExtraordinaryCharge

    count, total_c = db.session.execute(
        sa.select(sa.func.count(), sum_cents(ExtraordinaryCharge.amount))
        .join(Charge, Charge.id == ExtraordinaryCharge.charge_id)
        .where(ExtraordinaryCharge.status == "authorized", Charge.period == month)).one()
    return {"month": month.strftime("%Y-%m"), "count": count, "total": from_cents(total_c or 0)}
