"""Read side of the PAE list: the selection of debtors, ranked by priority, with totals.

One grouped pass over open charges gives each account's debt and oldest due date; the age,
prescription and priority rules become date and amount cut-offs computed once in Python
(server/pae/rules.py), so the ranking, the filters and the totals run in SQL on SQLite and
PostgreSQL alike, whatever the number of accounts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.common.clock import add_months
from server.common.settings import get_setting
from server.disconnections.enums import CUT_ACTIONS
from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from server.ledger.models import Charge
from server.ledger.queries import unapplied_cents
from server.ledger.rules import months_past_due, prescription_date
from server.ledger.sql import from_cents, sum_cents
from server.pae import rules
from server.pae.models import PaeReferral
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.registry.rules import address_line

CUT_DONE = ("executed", "executed_after_cancellation")
# A breached agreement, or one restructured after its breach, counts as recidivism.
BREACHED = ("breached", "restructured")


@dataclass(frozen=True)
class Filters:
    """What the manager selects by (DOMAIN.md: amount, age, class; plus place and state)."""

    as_of: date
    min_amount: Decimal = Decimal("0")
    min_months: int = 3
    property_class: str | None = None
    neighborhood_id: int | None = None
    include_sent: bool = False
    prescription: str | None = None  # ok | warning | prescribed


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _cents(amount: Decimal) -> int:
    return int((Decimal(amount) * 100).to_integral_value())


def _prescribed_by(on: date, due_col, act_col, presc: dict):
    """SQL: the account's oldest open debt has prescribed by `on` (rules.prescription_cutoffs)."""
    start_cut, due_cut = rules.prescription_cutoffs(on, years=int(presc["years"]),
                                                    max_years=int(presc["max_years"]))
    return sa.or_(sa.and_(due_col <= start_cut,
                          sa.or_(act_col.is_(None), act_col <= start_cut)),
                  due_col <= due_cut)


def _score(debt_c, oldest_due, recidivism, as_of: date, weights: dict):
    """SQL: the priority points of rules.priority_score, from the same weights."""
    amount = sa.case(*[(debt_c >= _cents(Decimal(low)), pts) for low, pts in weights["amount"]],
                     else_=0)
    age = sa.case(*[(oldest_due <= rules.latest_due_with_months(as_of, int(m)), pts)
                    for m, pts in weights["months"]], else_=0)
    klass = sa.case(*[(Account.property_class == k, pts)
                      for k, pts in weights["property_class"].items()], else_=0)
    large = sa.case((Account.is_large_consumer.is_(True), weights["large_consumer"]), else_=0)
    recid = recidivism * weights["recidivism_each"]
    capped = sa.case((recid > weights["recidivism_max"], weights["recidivism_max"]),
                     else_=recid)
    return amount + age + klass + large + capped


def _subqueries():
    opened = (sa.select(Charge.account_id,
                        (sum_cents(Charge.amount) - sum_cents(Charge.allocated)).label("open_c"),
                        sa.func.min(Charge.due_date).label("oldest_due"))
              .where(Charge.cleared_on.is_(None)).group_by(Charge.account_id).subquery("opened"))
    fav = unapplied_cents().subquery()
    favour = (sa.select(fav.c.account_id, sa.func.sum(fav.c.c).label("c"))
              .group_by(fav.c.account_id).subquery("favour"))
    cuts = (sa.select(DisconnectionOrder.account_id, sa.func.count().label("n"))
            .where(DisconnectionOrder.action.in_(CUT_ACTIONS),
                   DisconnectionOrder.status.in_(CUT_DONE))
            .group_by(DisconnectionOrder.account_id).subquery("cuts"))
    breaches = (sa.select(PaymentAgreement.account_id, sa.func.count().label("n"))
                .where(PaymentAgreement.status.in_(BREACHED))
                .group_by(PaymentAgreement.account_id).subquery("breaches"))
    sent = PaeReferral.__table__.alias("sent")
    return opened, favour, cuts, breaches, sent


def ranked(f: Filters) -> sa.Subquery:
    """One row per selected debtor: debt, oldest due date, signals, score, prescription
    flags and the open referral if any."""
    presc = get_setting("prescription")
    weights = get_setting("pae_priority")
    opened, favour, cuts, breaches, sent = _subqueries()
    debt_c = opened.c.open_c - sa.func.coalesce(favour.c.c, 0)
    act = Account.last_formal_act_on
    n_cuts = sa.func.coalesce(cuts.c.n, 0)
    n_breaches = sa.func.coalesce(breaches.c.n, 0)
    warn_on = add_months(f.as_of, int(presc["warn_months"]))
    prescribed = _prescribed_by(f.as_of, opened.c.oldest_due, act, presc)
    warning = sa.and_(sa.not_(prescribed), _prescribed_by(warn_on, opened.c.oldest_due, act,
                                                           presc))
    in_agreement = sa.exists().where(PaymentAgreement.account_id == Account.id,
                                     PaymentAgreement.status.in_(GOOD_STANDING))
    stmt = (sa.select(
        Account.id.label("account_id"), Account.account_number, debt_c.label("debt_c"),
        opened.c.oldest_due, Account.property_class, Account.is_large_consumer,
        act.label("last_formal_act_on"), Premises.neighborhood_id,
        n_cuts.label("cuts"), n_breaches.label("breaches"),
        _score(debt_c, opened.c.oldest_due, n_cuts + n_breaches, f.as_of, weights)
        .label("score"),
        sa.case((prescribed, 1), else_=0).label("prescribed"),
        sa.case((warning, 1), else_=0).label("warning"),
        sent.c.id.label("referral_id"))
        .select_from(opened)
        .join(Account, Account.id == opened.c.account_id)
        .join(Premises, Premises.id == Account.premises_id)
        .outerjoin(favour, favour.c.account_id == opened.c.account_id)
        .outerjoin(cuts, cuts.c.account_id == opened.c.account_id)
        .outerjoin(breaches, breaches.c.account_id == opened.c.account_id)
        .outerjoin(sent, sa.and_(sent.c.account_id == opened.c.account_id,
                                 sent.c.status == "open"))
        .where(debt_c > 0, debt_c >= _cents(f.min_amount), sa.not_(in_agreement)))
    cutoff = rules.latest_due_with_months(f.as_of, f.min_months)
    if cutoff is not None:
        stmt = stmt.where(opened.c.oldest_due <= cutoff)
    if f.property_class:
        stmt = stmt.where(Account.property_class == f.property_class)
    if f.neighborhood_id is not None:
        stmt = stmt.where(Premises.neighborhood_id == f.neighborhood_id)
    if not f.include_sent:
        stmt = stmt.where(sent.c.id.is_(None))
    if f.prescription == "prescribed":
        stmt = stmt.where(prescribed)
    elif f.prescription == "warning":
        stmt = stmt.where(warning)
    elif f.prescription == "ok":
        stmt = stmt.where(sa.not_(prescribed), sa.not_(warning))
    return stmt.subquery("ranked")


def _total_columns(r: sa.Subquery, over: bool) -> list:
    """Count and debt of the selection, of its debts about to prescribe or prescribed, and
    how many were sent; as plain aggregates or as window totals beside each row."""
    sent = sa.case((r.c.referral_id.is_not(None), 1), else_=0)
    cols = [sa.func.count(), sa.func.sum(r.c.debt_c), sa.func.sum(r.c.warning),
            sa.func.sum(r.c.warning * r.c.debt_c), sa.func.sum(r.c.prescribed),
            sa.func.sum(r.c.prescribed * r.c.debt_c), sa.func.sum(sent)]
    if over:
        return [c.over().label(f"t{i}") for i, c in enumerate(cols)]
    return [sa.func.coalesce(c, 0) for c in cols]


def _totals(values) -> dict:
    n, debt, warn, warn_debt, presc, presc_debt, sent = (int(v or 0) for v in values)
    return {"accounts": n, "debt": from_cents(debt), "warning_accounts": warn,
            "warning_debt": from_cents(warn_debt), "prescribed_accounts": presc,
            "prescribed_debt": from_cents(presc_debt), "sent_accounts": sent}


def totals(r: sa.Subquery) -> dict:
    """The totals of the whole selection (one aggregate pass)."""
    return _totals(db.session.execute(sa.select(*_total_columns(r, over=False))).one())


def _rows(r: sa.Subquery, f: Filters, *, limit: int | None, offset: int = 0
          ) -> tuple[list[dict], dict | None]:
    """The ranked rows (highest score, then largest debt) with names and addresses, and
    the totals of the whole selection taken in the same pass (window sums beside the
    page: the grouping over every open charge runs once)."""
    order = (r.c.score.desc(), r.c.debt_c.desc(), r.c.account_number)
    page = sa.select(r, *_total_columns(r, over=True)).order_by(*order)
    if limit is not None:
        page = page.limit(limit).offset(offset)
    page = page.subquery("page")
    stmt = (sa.select(page, Customer.name.label("holder_name"),
                      Premises.street, Premises.exterior_number, Premises.interior_number,
                      Premises.cadastral_key, Neighborhood.name.label("neighborhood"),
                      PaeReferral.mandate_number, PaeReferral.officer_name, PaeReferral.sent_on)
            .join(Account, Account.id == page.c.account_id)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .outerjoin(PaeReferral, PaeReferral.id == page.c.referral_id)
            .order_by(page.c.score.desc(), page.c.debt_c.desc(), page.c.account_number))
    presc = get_setting("prescription")
    out, found = [], None
    for x in db.session.execute(stmt):
        found = found or _totals(getattr(x, f"t{i}") for i in range(7))
        oldest, act = _as_date(x.oldest_due), _as_date(x.last_formal_act_on)
        horizon = prescription_date(oldest, act, years=int(presc["years"]),
                                    max_years=int(presc["max_years"]))
        out.append({
            "account_id": str(x.account_id), "account_number": x.account_number,
            "holder_name": x.holder_name, "property_class": x.property_class,
            "neighborhood": x.neighborhood, "cadastral_key": x.cadastral_key,
            "address": address_line(x.street, x.exterior_number, x.interior_number),
            "debt": from_cents(x.debt_c), "oldest_due": oldest,
            "months_past_due": months_past_due(oldest, f.as_of),
            "large_consumer": bool(x.is_large_consumer), "cuts": int(x.cuts),
            "breaches": int(x.breaches), "score": int(x.score),
            "last_formal_act_on": act, "prescription_date": horizon,
            "prescription_status": rules.prescription_status(horizon, f.as_of,
                                                             int(presc["warn_months"])),
            "sent": None if x.referral_id is None else {
                "mandate_number": x.mandate_number, "officer_name": x.officer_name,
                "sent_on": _as_date(x.sent_on)},
        })
    return out, found


def selection(f: Filters, *, page: int, page_size: int) -> dict:
    """A page of the ranked debtors with the totals of the whole selection."""
    r = ranked(f)
    items, t = _rows(r, f, limit=page_size, offset=(page - 1) * page_size)
    if t is None:  # a page past the end holds no row to carry the totals
        t = totals(r)
    return {"as_of": f.as_of, "totals": t, "items": items,
            "total": t["accounts"], "page": page, "page_size": page_size,
            "pages": (t["accounts"] + page_size - 1) // page_size}


def selection_all(f: Filters) -> tuple[list[dict], dict]:
    """Every ranked debtor (for the Excel export) and the totals."""
    r = ranked(f)
    rows, t = _rows(r, f, limit=None)
    return rows, t or totals(r)


def referrals_page(*, status: str | None, mandate_number: str | None, page: int,
                   page_size: int) -> tuple[list, int]:
    """Referrals to PAE newest first, with the account number and holder."""
    stmt = (sa.select(PaeReferral, Account.account_number, Customer.name.label("holder_name"))
            .join(Account, Account.id == PaeReferral.account_id)
            .join(Customer, Customer.id == Account.customer_id))
    if status:
        stmt = stmt.where(PaeReferral.status == status)
    if mandate_number:
        stmt = stmt.where(PaeReferral.mandate_number == mandate_number.strip())
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    rows = db.session.execute(stmt.order_by(PaeReferral.sent_on.desc(),
                                            PaeReferral.created_at.desc(),
                                            Account.account_number)
                              .limit(page_size).offset((page - 1) * page_size)).all()
    return rows, total
