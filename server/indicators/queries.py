"""Read side of the indicators: the named measures of one month, live from the ledger, in SQL.

The month of an indicator is the month its billing falls due: the bill of February is
issued on March 1st and due March 10th, so it is March's billing, and March's payments
are what collect it (cash and billing in the same calendar month, as the PIGOO asks).
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from server.common.clock import add_months, local_today
from server.common.settings import get_setting
from server.extensions import db
from server.indicators import rules
from server.ledger.enums import ACCESSORY_CONCEPTS
from server.ledger.models import Allocation, Charge, Payment
from server.ledger.sql import from_cents, sum_cents
from server.registry.models import Account

# Principal lines: not surcharges, fines or enforcement costs.
PRINCIPAL = sa.and_(*(Charge.concept != c for c in ACCESSORY_CONCEPTS))


def month_window(period: date) -> tuple[date, date]:
    """[first day, first day of the next month) of the month holding `period`."""
    start = period.replace(day=1)
    return start, add_months(start, 1)


def formulas() -> dict:
    """The indicator formulas in force (setting `indicators` over the DOMAIN.md defaults)."""
    return rules.merged_formulas(get_setting("indicators"))


def measures(period: date, *, as_of: date | None = None) -> dict:
    """Every named measure of the month starting `period` (see rules.MEASURES)."""
    start, nxt = month_window(period)
    today = as_of or local_today()
    close = min(nxt - timedelta(days=1), today)
    arrears_min = int(get_setting("arrears_min_months"))
    cutoff = add_months(start, 1 - max(arrears_min, 1))
    out: dict = {}
    out.update(_billing(start, nxt))
    out["collected_total"] = from_cents(db.session.execute(
        sa.select(sum_cents(Payment.amount)).where(
            Payment.paid_on >= start, Payment.paid_on < nxt)).scalar())
    out.update(_applied(start, nxt, cutoff))
    end_cutoff = add_months(close, 1 - max(arrears_min, 1)) if arrears_min > 1 else close
    out["arrears_at_start"], out["arrears_at_end"] = _arrears_at(
        (cutoff, start), (end_cutoff, close + timedelta(days=1)))
    out["delinquent_accounts"] = _delinquent(close)
    out.update(_registry())
    return out


def indicator_values(period: date) -> dict:
    """Measures and indicator ratios (Decimal 0..1 or None) of the month starting `period`."""
    values = measures(period)
    forms = formulas()
    return {"period": period.replace(day=1), **values, **rules.evaluate(values, forms)}


def _billing(start: date, nxt: date) -> dict:
    """Principal billed and falling due in the month, its m³ and accounts, on-time payers."""
    due_in_month = (Charge.due_date >= start, Charge.due_date < nxt, PRINCIPAL)
    billed_c, m3 = db.session.execute(
        sa.select(sum_cents(Charge.amount), sa.func.coalesce(sa.func.sum(
            Charge.consumption_m3), 0)).where(*due_in_month)).one()
    # An account paid on time when every bill line due this month cleared by its due date.
    late = sa.case((sa.and_(Charge.cleared_on.is_not(None),
                            Charge.cleared_on <= Charge.due_date), 0), else_=1)
    per_account = (sa.select(Charge.account_id, sa.func.max(late).label("late"))
                   .where(*due_in_month).group_by(Charge.account_id).subquery())
    billed_n, on_time = db.session.execute(sa.select(
        sa.func.count(), sa.func.coalesce(sa.func.sum(1 - per_account.c.late), 0))).one()
    return {"billed": from_cents(billed_c), "billed_m3": int(m3 or 0),
            "accounts_billed": int(billed_n), "accounts_on_time": int(on_time or 0)}


def _applied(start: date, nxt: date, cutoff: date) -> dict:
    """Payments applied in the month, split into the current bill and earlier debt.

    Earlier debt = everything applied minus what went to lines due on or after the cutoff:
    those lines are few (the month's bill and later), so the join stays small, and the
    month's applications are summed from their index alone.
    """
    in_month = (Allocation.payment_id.is_not(None), Allocation.applied_on >= start,
                Allocation.applied_on < nxt)
    total = db.session.execute(sa.select(sum_cents(Allocation.amount)).where(
        *in_month)).scalar()
    current = sa.and_(Charge.due_date >= start, PRINCIPAL)
    row = db.session.execute(
        sa.select(sum_cents(sa.case((current, Allocation.amount), else_=0)).label("cur"),
                  sum_cents(Allocation.amount).label("recent"))
        .join(Charge, Charge.id == Allocation.charge_id)
        .where(*in_month, Charge.due_date >= cutoff)).one()
    return {"collected_current": from_cents(row.cur),
            "collected_arrears": from_cents(int(total or 0) - int(row.recent or 0))}


def _arrears_at(*points: tuple[date, date]) -> list:
    """For each (cutoff, moment): debt due before `cutoff` still open at the start of day
    `moment`. Every point is read in the same three scans.

    Open then = open now + what was applied to it since (allocations on or after `moment`);
    a charge cleared before `moment` has no allocation after it, so it adds nothing. What
    was applied since goes mostly to old debt: it is all of it minus the few lines due on
    or after the cutoff (a small join, as in _applied).
    """
    def each(cond, col):
        return [sum_cents(sa.case((c, col), else_=0)) for c in cond]

    first = min(m for _, m in points)
    lowest = min(c for c, _ in points)
    open_now = db.session.execute(
        sa.select(*each([Charge.due_date < c for c, _ in points],
                        Charge.amount - Charge.allocated))
        .where(Charge.cleared_on.is_(None))).one()
    since_all = db.session.execute(sa.select(*each(
        [Allocation.applied_on >= m for _, m in points], Allocation.amount)).where(
        Allocation.applied_on >= first)).one()
    since_recent = db.session.execute(
        sa.select(*each([sa.and_(Allocation.applied_on >= m, Charge.due_date >= c)
                         for c, m in points], Allocation.amount))
        .join(Charge, Charge.id == Allocation.charge_id)
        .where(Allocation.applied_on >= first, Charge.due_date >= lowest)).one()
    return [from_cents(int(o or 0) + int(a or 0) - int(r or 0))
            for o, a, r in zip(open_now, since_all, since_recent)]


def _delinquent(close: date) -> int:
    """Accounts with at least `delinquent_min_periods` periods of principal past due and
    open at the end of `close` (open then: not cleared, or cleared after that day)."""
    min_periods = int(get_setting("delinquent_min_periods"))
    overdue = (Charge.due_date < close, PRINCIPAL)
    lines = sa.union_all(
        sa.select(Charge.account_id, Charge.period).where(Charge.cleared_on.is_(None), *overdue),
        sa.select(Charge.account_id, Charge.period).where(Charge.cleared_on > close, *overdue),
    ).subquery()
    # Two periods (the default) = the oldest and newest differ: no distinct count to sort.
    enough = (sa.func.min(lines.c.period) < sa.func.max(lines.c.period) if min_periods == 2
              else sa.func.count(sa.distinct(lines.c.period)) >= min_periods)
    per_account = (sa.select(lines.c.account_id).group_by(lines.c.account_id)
                   .having(enough).subquery())
    return int(db.session.execute(sa.select(sa.func.count()).select_from(per_account)).scalar())


def _registry() -> dict:
    """Accounts in service now and how many are metered (micromedición)."""
    active, metered = db.session.execute(sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(sa.case((Account.billing_type == "metered", 1),
                                             else_=0)), 0))
        .where(Account.status != "closed")).one()
    return {"registry_accounts": int(active), "metered_accounts": int(metered or 0)}


def breakdowns(period: date, *, as_of: date | None = None) -> dict:
    """The month's billing by class, arrears by colonia and by bucket × class × service:
    the detail a stored snapshot keeps for the reports asked about later."""
    from server.ledger.queries import arrears_summary
    from server.registry.models import Neighborhood, Premises

    start, nxt = month_window(period)
    close = min(nxt - timedelta(days=1), as_of or local_today())
    by_class = [{"property_class": r.property_class, "billed": str(from_cents(r.c)),
                 "accounts": int(r.n)} for r in db.session.execute(
        sa.select(Charge.property_class, sum_cents(Charge.amount).label("c"),
                  sa.func.count(sa.distinct(Charge.account_id)).label("n"))
        .where(Charge.due_date >= start, Charge.due_date < nxt, PRINCIPAL)
        .group_by(Charge.property_class).order_by(Charge.property_class))]
    open_by_account = (sa.select(Charge.account_id,
                                 (sum_cents(Charge.amount) - sum_cents(Charge.allocated))
                                 .label("c"))
                       .where(Charge.cleared_on.is_(None), Charge.due_date <= close)
                       .group_by(Charge.account_id).subquery())
    by_colonia = [{"neighborhood": r.name, "arrears": str(from_cents(r.c)),
                   "accounts": int(r.n)} for r in db.session.execute(
        sa.select(Neighborhood.name, sa.func.sum(open_by_account.c.c).label("c"),
                  sa.func.count().label("n"))
        .join(Account, Account.id == open_by_account.c.account_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .group_by(Neighborhood.name).order_by(Neighborhood.name))]
    aging = arrears_summary(as_of=close)
    return {"as_of": close.isoformat(), "by_class": by_class, "by_colonia": by_colonia,
            "arrears_by_bucket": [{k: str(v) for k, v in row.items()}
                                  for row in aging["rows"]]}


def snapshot_page(*, year: int | None, period: date | None, page: int,
                  page_size: int) -> tuple[list, int]:
    """Stored snapshots, newest month and version first (optionally one year or month)."""
    from server.indicators.models import IndicatorSnapshot as S

    stmt = sa.select(S)
    if period is not None:
        stmt = stmt.where(S.period == period.replace(day=1))
    if year is not None:
        stmt = stmt.where(S.period >= date(year, 1, 1), S.period < date(year + 1, 1, 1))
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    rows = db.session.execute(stmt.order_by(S.period.desc(), S.version.desc()).limit(
        page_size).offset((page - 1) * page_size)).scalars().all()
    return rows, int(total)


def latest_snapshots(year: int) -> list:
    """The newest version of each month of `year` that has one, in month order."""
    from server.indicators.models import IndicatorSnapshot as S

    newest = (sa.select(S.period, sa.func.max(S.version).label("v"))
              .where(S.period >= date(year, 1, 1), S.period < date(year + 1, 1, 1))
              .group_by(S.period).subquery())
    return list(db.session.execute(
        sa.select(S).join(newest, sa.and_(S.period == newest.c.period,
                                          S.version == newest.c.v))
        .order_by(S.period)).scalars())
