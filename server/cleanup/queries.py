"""Read side of the clean-up: the suspect lists (one SQL select per kind, grouped in the
database), their counts and pages, and the proposals list."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from server.cleanup import rules
from server.cleanup.models import CleanupProposal
from server.common.clock import add_months
from server.common.settings import get_setting
from server.extensions import db
from server.ledger import queries as ledger_queries
from server.ledger.models import Charge, Payment
from server.ledger.sql import from_cents, sum_cents
from server.registry.enums import ACCOUNT_STATUSES, PROPERTY_CLASSES
from server.registry.models import Account, Customer, Neighborhood, Premises

OPEN, OPEN_AMOUNT = ledger_queries.OPEN, ledger_queries.OPEN_AMOUNT
# The predicate of the ledger's partial index of monthly water billing, narrowed to
# metered consumption (PostgreSQL uses the index only when the query implies it).
WATER_CONSUMPTION = sa.and_(Charge.service == "water", Charge.concept == "consumption",
                            sa.or_(Charge.origin == "billing", Charge.origin == "import"))
EXPORT_CAP = 200_000


def _cols(account_id, code, n=None, d=None, amount_c=None, group_key=None) -> list:
    """The detail columns every suspect select returns, typed so a UNION agrees."""
    return [account_id.label("account_id"), sa.literal_column(f"'{code}'", sa.String).label("code")
            if isinstance(code, str) else code.label("code"),
            (n if n is not None else sa.cast(sa.null(), sa.Integer)).label("n"),
            (d if d is not None else sa.cast(sa.null(), sa.Date)).label("d"),
            (amount_c if amount_c is not None else sa.cast(sa.null(), sa.BigInteger))
            .label("amount_c"),
            (group_key if group_key is not None else sa.cast(sa.null(), sa.String))
            .label("group_key")]


def _vacant_lot_billed_as_built(as_of: date):
    not_built = (sa.select(*_cols(Account.id, "not_built"))
                 .join(Premises, Premises.id == Account.premises_id)
                 .where(Premises.built.is_(False), Account.property_class != "vacant_lot"))
    since = add_months(as_of.replace(day=1),
                       -get_setting("cleanup")["vacant_consumption_months"])
    # Metered water billed under the vacant-lot class: the charge's own class, read from
    # the covering partial index of monthly water billing by class and period.
    consumption = (sa.select(*_cols(Charge.account_id, "consumption",
                                    n=sa.cast(sa.func.sum(Charge.consumption_m3), sa.Integer)))
                   .where(WATER_CONSUMPTION, Charge.property_class == "vacant_lot",
                          Charge.period >= since, Charge.consumption_m3 > 0)
                   .group_by(Charge.account_id))
    return sa.union_all(not_built, consumption)


def _abandoned_house(as_of: date):
    # Billed consumption rather than readings: imported ledgers carry it, readings may not.
    # Zero-consumption bills are few: find their accounts first (the covering partial
    # index), then check each one's whole window.
    months = get_setting("cleanup")["zero_consumption_months"]
    since = rules.zero_consumption_since(as_of, months)
    window = sa.and_(WATER_CONSUMPTION, Charge.period >= since)
    candidates = sa.select(Charge.account_id).where(
        Charge.consumption_m3 == 0, Charge.concept == "consumption", Charge.period >= since)
    zero = (sa.select(Charge.account_id, sa.func.count().label("n"))
            .where(window, Charge.account_id.in_(candidates))
            .group_by(Charge.account_id)
            .having(sa.func.max(Charge.consumption_m3) == 0,
                    sa.func.count() >= months).subquery())
    code = sa.case((Account.uninhabited.is_(True), "flag"), else_="zero")
    return (sa.select(*_cols(Account.id, code, n=zero.c.n))
            .outerjoin(zero, zero.c.account_id == Account.id)
            .where(sa.or_(Account.uninhabited.is_(True), zero.c.account_id.isnot(None)),
                   Account.status != "closed", Account.property_class != "vacant_lot"))


def name_key_sql(session) -> sa.ColumnElement:
    """rules.name_key in SQL: inline on PostgreSQL; on SQLite the same Python function,
    registered on this connection (deterministic, so SQLite may group by it)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # Byte order ("C"): the order Python sorts tokens in, and cheap to group by.
        return sa.literal_column(
            "((SELECT string_agg(t, ' ' ORDER BY t COLLATE \"C\") FROM unnest("
            "string_to_array(upper(translate(customers.name, "
            f"'{rules.ACCENTED}', '{rules.PLAIN}')), ' ')) AS t WHERE t <> '') "
            "COLLATE \"C\")", sa.String)
    conn.connection.driver_connection.create_function(
        "cleanup_name_key", 1, rules.name_key, deterministic=True)
    return sa.func.cleanup_name_key(Customer.name, type_=sa.String)


def _duplicate_holder(as_of: date):
    # Keys computed once per current holder, then grouped (hash aggregates, no DISTINCT):
    # never pairwise comparisons.
    curp = sa.func.nullif(sa.func.upper(sa.func.trim(Customer.curp)), "")
    keyed = (sa.select(Customer.id.label("customer_id"), name_key_sql(db.session).label("k"),
                       curp.label("curp"))
             .where(sa.exists().where(Account.customer_id == Customer.id)).cte("keyed"))
    by_curp = (sa.select(keyed.c.curp.label("k"), sa.func.count().label("n"))
               .where(keyed.c.curp.isnot(None)).group_by(keyed.c.curp)
               .having(sa.func.count() > 1).subquery("by_curp"))
    # Same name key: suspect unless every holder in it has a CURP of her own (homonyms).
    pairs = (sa.select(keyed.c.k, keyed.c.curp, sa.func.count().label("n"))
             .where(keyed.c.k != "").group_by(keyed.c.k, keyed.c.curp).subquery("pairs"))
    holders = sa.func.sum(pairs.c.n)
    by_name = (sa.select(pairs.c.k, sa.cast(holders, sa.Integer).label("n"))
               .group_by(pairs.c.k)
               .having(holders > 1, holders > sa.func.count(pairs.c.curp)).subquery("by_name"))
    curp_rows = (sa.select(*_cols(Account.id, "curp", n=by_curp.c.n, group_key=by_curp.c.k))
                 .join(keyed, keyed.c.customer_id == Account.customer_id)
                 .join(by_curp, by_curp.c.k == keyed.c.curp))
    name_rows = (sa.select(*_cols(Account.id, "name", n=by_name.c.n, group_key=by_name.c.k))
                 .join(keyed, keyed.c.customer_id == Account.customer_id)
                 .join(by_name, by_name.c.k == keyed.c.k)
                 .where(sa.or_(keyed.c.curp.is_(None),
                               keyed.c.curp.not_in(sa.select(by_curp.c.k)))))
    return sa.union_all(curp_rows, name_rows)


def _missing_cadastral_key(as_of: date):
    return (sa.select(*_cols(Account.id, "missing"))
            .join(Premises, Premises.id == Account.premises_id)
            .where(sa.or_(Premises.cadastral_key.is_(None),
                          sa.func.trim(Premises.cadastral_key) == "")))


def _no_recent_payment(as_of: date):
    cutoff = add_months(as_of, -12 * get_setting("cleanup")["no_payment_years"])
    overdue = sa.exists().where(Charge.account_id == Account.id, OPEN, Charge.due_date < as_of)
    # The books must reach back past the cutoff: a shorter history proves nothing.
    old_enough = sa.exists().where(Charge.account_id == Account.id, Charge.due_date < cutoff)
    recent = sa.exists().where(Payment.account_id == Account.id, Payment.paid_on >= cutoff)
    return sa.select(*_cols(Account.id, "none")).where(overdue, old_enough, ~recent)


def _past_prescription(as_of: date):
    rule = get_setting("prescription")
    by_years = rules.latest_start_for(as_of, int(rule["years"]))
    by_max = rules.latest_start_for(as_of, int(rule["max_years"]))
    # prescription_date(due, act) <= as_of, as SQL: its clock started on or before the
    # latest start that has run out (a later formal act restarts it), or the cap passed.
    prescribed = sa.or_(Charge.due_date <= by_max, sa.and_(
        Charge.due_date <= by_years, sa.or_(Account.last_formal_act_on.is_(None),
                                            Account.last_formal_act_on <= by_years)))
    return (sa.select(*_cols(Charge.account_id, "prescribed", n=sa.func.count(),
                             d=sa.func.min(Charge.due_date), amount_c=sum_cents(OPEN_AMOUNT)))
            .join(Account, Account.id == Charge.account_id)
            .where(OPEN, prescribed).group_by(Charge.account_id))


SELECTS = {
    "vacant_lot_billed_as_built": _vacant_lot_billed_as_built,
    "abandoned_house": _abandoned_house,
    "duplicate_holder": _duplicate_holder,
    "missing_cadastral_key": _missing_cadastral_key,
    "no_recent_payment": _no_recent_payment,
    "past_prescription": _past_prescription,
}


def suspect_subquery(kind: str, as_of: date):
    """The suspect accounts of one kind with their detail columns, as a subquery."""
    return SELECTS[kind](as_of).subquery("suspects")


def suspect_count(kind: str, as_of: date) -> int:
    """How many accounts a suspect list holds."""
    s = suspect_subquery(kind, as_of)
    return int(db.session.execute(sa.select(sa.func.count()).select_from(s)).scalar())


def suspect_counts(as_of: date) -> dict[str, int]:
    """Accounts per suspect kind (the screen's tabs)."""
    return {kind: suspect_count(kind, as_of) for kind in rules.SUSPECT_KINDS}


def suspect_page(kind: str, as_of: date, *, limit: int, offset: int = 0
                 ) -> tuple[list[dict], int]:
    """One page of a suspect list and the list's size, from one execution of its query."""
    rows, total = _suspect_rows(kind, as_of, limit=limit, offset=offset)
    if not rows and offset:
        total = suspect_count(kind, as_of)  # past the end: the window counted nothing
    return rows, total


def suspect_rows(kind: str, as_of: date, *, limit: int, offset: int = 0) -> list[dict]:
    """One page of a suspect list: account, holder, colonia, class, balance and why."""
    return _suspect_rows(kind, as_of, limit=limit, offset=offset)[0]


def _suspect_rows(kind: str, as_of: date, *, limit: int, offset: int) -> tuple[list, int]:
    # A CTE read twice is computed once (PostgreSQL materializes it): the count is a scan
    # of its rows, and the page is still a top-N sort instead of a windowed full join.
    s = SELECTS[kind](as_of).cte("suspects")
    total = sa.select(sa.func.count()).select_from(s).scalar_subquery()
    stmt = (sa.select(s, Account.account_number, Account.property_class, Account.status,
                      total.label("total_rows"),
                      Customer.name.label("holder_name"), Neighborhood.name.label("hood"))
            .join(Account, Account.id == s.c.account_id)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .order_by(s.c.group_key, Account.account_number).limit(limit).offset(offset))
    rows = db.session.execute(stmt).all()
    thresholds = get_setting("cleanup")
    ids = [r.account_id for r in rows]
    balances = {}
    for i in range(0, len(ids), 1000):
        balances.update(ledger_queries.balances_for(ids[i:i + 1000], as_of))
    last_paid = _last_payments(ids) if kind == "no_recent_payment" else {}
    out = []
    for r in rows:
        detail = {"code": r.code, "n": r.n, "group_key": r.group_key,
                  "date": _as_date(last_paid.get(r.account_id, r.d)),
                  "amount": from_cents(r.amount_c) if r.amount_c is not None else None}
        label = PROPERTY_CLASSES.get(r.property_class, r.property_class)
        bal = balances.get(r.account_id, {})
        out.append({
            "account_id": r.account_id, "account_number": r.account_number,
            "holder_name": r.holder_name, "neighborhood": r.hood,
            "property_class": r.property_class, "property_class_label": label,
            "status": r.status, "status_label": ACCOUNT_STATUSES.get(r.status, r.status),
            "balance": bal.get("balance"), "months_past_due": bal.get("months_past_due", 0),
            "kind": kind, "code": r.code, "group_key": r.group_key, "detail_date": detail["date"],
            "detail_amount": detail["amount"], "detail_n": r.n,
            "reason": rules.reason_text(kind, detail, label, thresholds)})
    return out, (rows[0].total_rows if rows else 0)


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _last_payments(ids: list) -> dict:
    if not ids:
        return {}
    return dict(db.session.execute(
        sa.select(Payment.account_id, sa.func.max(Payment.paid_on))
        .where(Payment.account_id.in_(ids)).group_by(Payment.account_id)).all())


def proposals_page(*, status: str | None, kind: str | None, proposed_by=None,
                   account_id=None, page: int, page_size: int) -> tuple[list[dict], int]:
    """Clean-up proposals newest first, with account, holder and the people involved."""
    from server.auth.models import StaffUser

    stmt = sa.select(CleanupProposal)
    for col, value in ((CleanupProposal.status, status), (CleanupProposal.kind, kind),
                       (CleanupProposal.proposed_by, proposed_by),
                       (CleanupProposal.account_id, account_id)):
        if value is not None:
            stmt = stmt.where(col == value)
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    rows = db.session.execute(stmt.order_by(CleanupProposal.created_at.desc(),
                                            CleanupProposal.id)
                              .limit(page_size).offset((page - 1) * page_size)).scalars().all()
    accounts = {a.id: a for a in db.session.execute(sa.select(Account).where(
        Account.id.in_({r.account_id for r in rows}))).scalars()} if rows else {}
    staff = {r.proposed_by for r in rows} | {r.decided_by for r in rows} - {None}
    names = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.full_name).where(
        StaffUser.id.in_(staff))).all()) if staff else {}
    return [proposal_view(r, accounts.get(r.account_id), names) for r in rows], total


def proposal_view(p: CleanupProposal, account: Account | None = None,
                  names: dict | None = None) -> dict:
    """One proposal, JSON-ready, with labels."""
    if account is None:
        account = db.session.get(Account, p.account_id)
    if names is None:
        from server.auth.models import StaffUser

        ids = [i for i in (p.proposed_by, p.decided_by) if i]
        names = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.full_name).where(
            StaffUser.id.in_(ids))).all()) if ids else {}
    return {
        "id": p.id, "account_id": p.account_id, "account_number": account.account_number,
        "holder_name": account.customer.name, "kind": p.kind,
        "kind_label": rules.PROPOSAL_KINDS[p.kind], "status": p.status,
        "status_label": rules.PROPOSAL_STATUSES[p.status], "suspect_kind": p.suspect_kind,
        "reason": p.reason, "changes": p.changes or {}, "all_open": p.all_open,
        "charge_ids": p.charge_ids or [], "amount": p.amount,
        "proposed_by": p.proposed_by, "proposed_by_name": names.get(p.proposed_by),
        "decided_by": p.decided_by, "decided_by_name": names.get(p.decided_by),
        "decided_at": p.decided_at, "decision_reason": p.decision_reason,
        "credit_id": p.credit_id, "change_proposal_ids": p.change_proposal_ids or [],
        "created_at": p.created_at}


def open_charges(account_id) -> list[dict]:
    """The account's open charges, oldest due first: what a write-off may target."""
    rows = db.session.execute(
        sa.select(Charge.id, Charge.period, Charge.service, Charge.concept, Charge.due_date,
                  Charge.amount, Charge.allocated)
        .where(Charge.account_id == account_id, OPEN)
        .order_by(Charge.due_date, Charge.id)).all()
    return [{"id": r.id, "period": r.period, "service": r.service, "concept": r.concept,
             "due_date": r.due_date, "amount": r.amount,
             "open_amount": r.amount - r.allocated} for r in rows]
