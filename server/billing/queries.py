"""Read side of billing analysis: billed periods and their status, the month-to-month
comparison and the large consumers of a period. Aggregation happens in SQL (GROUP BY);
Python only shapes the few dozen groups and the few thousand large consumers."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.auth.models import StaffUser
from server.billing import rules
from server.billing.models import (BILLED_WHERE, BillingPeriod, LargeConsumerCategory,
                                   LargeConsumerReview)
from server.common.money import ZERO, money
from server.common.settings import get_setting
from server.extensions import db
from server.fieldwork.models import Stop
from server.ledger.models import WATER_TARIFF_WHERE, Charge
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.registry.rules import address_line

BILLED = sa.text(f"({BILLED_WHERE})")
WATER_TARIFF = sa.text(f"({WATER_TARIFF_WHERE})")

# The distinct billed months by a loose index scan (one index probe per month), so listing
# 36 periods does not read 13 million charges. Plain SQL: the same on SQLite and PostgreSQL.
_PERIODS_SQL = sa.text(f"""
WITH RECURSIVE p(period) AS (
  SELECT MIN(period) FROM charges WHERE ({BILLED_WHERE})
  UNION ALL
  SELECT (SELECT MIN(c.period) FROM charges c WHERE c.period > p.period
          AND (c.origin = 'billing' OR c.origin = 'import'))
  FROM p WHERE p.period IS NOT NULL
)
SELECT period FROM p WHERE period IS NOT NULL
""").columns(sa.column("period", sa.Date))


def billed_periods() -> list[date]:
    """Every month with charges billed by the ledger or imported, oldest first."""
    return list(db.session.execute(_PERIODS_SQL).scalars())


def is_billed(period: date) -> bool:
    """Whether any charge was billed or imported for this month."""
    return db.session.execute(sa.select(sa.literal(1)).where(
        Charge.period == period, BILLED).limit(1)).first() is not None


def period_status(period: date) -> str:
    """draft | authorized: what reports label preliminary figures with."""
    status = db.session.execute(sa.select(BillingPeriod.status).where(
        BillingPeriod.period == period)).scalar()
    return status or "draft"


def periods() -> list[dict]:
    """Billed periods newest first, each with its status and who authorized it."""
    rows = {r.period: r for r in db.session.execute(
        sa.select(BillingPeriod.period, BillingPeriod.status, BillingPeriod.authorized_at,
                  BillingPeriod.note, StaffUser.full_name)
        .outerjoin(StaffUser, StaffUser.id == BillingPeriod.authorized_by)).all()}
    out = []
    for p in sorted(set(billed_periods()) | set(rows), reverse=True):
        r = rows.get(p)
        out.append({"period": f"{p:%Y-%m}", "status": r.status if r else "draft",
                    "authorized_at": r.authorized_at if r else None,
                    "authorized_by": r.full_name if r else None,
                    "note": r.note if r else None})
    return out


def period_detail(period: date) -> dict:
    """One period's status row (draft when never authorized)."""
    for row in periods():
        if row["period"] == f"{period:%Y-%m}":
            return row
    return {"period": f"{period:%Y-%m}", "status": "draft", "authorized_at": None,
            "authorized_by": None, "note": None}


def comparison_groups(period: date, *, neighborhood_id: int | None = None,
                      property_class: str | None = None) -> list:
    """Billed charges of the month, the previous month and the same month last year,
    grouped by period, class, service and concept: bills, amount, m³."""
    wanted = list(rules.comparison_periods(period).values())
    stmt = (sa.select(Charge.period, Charge.property_class, Charge.service, Charge.concept,
                      sa.func.count().label("lines"), sa.func.sum(Charge.amount).label("amount"),
                      sa.func.sum(Charge.consumption_m3).label("m3"))
            .where(Charge.period.in_(wanted), BILLED)
            .group_by(Charge.period, Charge.property_class, Charge.service, Charge.concept))
    if property_class:
        stmt = stmt.where(Charge.property_class == property_class)
    if neighborhood_id is not None:
        stmt = (stmt.join(Account, Account.id == Charge.account_id)
                .join(Premises, Premises.id == Account.premises_id)
                .where(Premises.neighborhood_id == neighborhood_id))
    return db.session.execute(stmt).all()


def _blank() -> dict:
    return {k: {"amount": ZERO, "m3": 0, "bills": 0} for k in ("current", "previous", "last_year")}


def comparison(period: date, *, neighborhood_id: int | None = None,
               property_class: str | None = None) -> dict:
    """Billed volume (m³) and amount by class and by service/concept: this month against
    the previous month and the same month last year, with variations."""
    which = {p: k for k, p in rules.comparison_periods(period).items()}
    by_class: dict[str, dict] = {}
    by_service: dict[tuple, dict] = {}
    total = _blank()
    for r in comparison_groups(period, neighborhood_id=neighborhood_id,
                               property_class=property_class):
        col = which[r.period if isinstance(r.period, date) else date.fromisoformat(r.period)]
        water_bill = r.service == "water" and r.concept in ("consumption", "fixed")
        for bucket in (by_class.setdefault(r.property_class, _blank()),
                       by_service.setdefault((r.service, r.concept), _blank()), total):
            cell = bucket[col]
            cell["amount"] += money(r.amount or 0)
            cell["m3"] += int(r.m3 or 0)
            cell["bills"] += int(r.lines) if water_bill else 0
    return {
        "period": f"{period:%Y-%m}", "status": period_status(period),
        "periods": {k: f"{p:%Y-%m}" for k, p in rules.comparison_periods(period).items()},
        "by_class": [_with_variations({"property_class": k}, v)
                     for k, v in sorted(by_class.items())],
        "by_service": [_with_variations({"service": s, "concept": c}, v)
                       for (s, c), v in sorted(by_service.items())],
        "total": _with_variations({}, total),
    }


def _with_variations(key: dict, cols: dict) -> dict:
    cur = cols["current"]
    return key | cols | {
        "amount_vs_previous": rules.variation(cur["amount"], cols["previous"]["amount"]),
        "amount_vs_last_year": rules.variation(cur["amount"], cols["last_year"]["amount"]),
        "m3_vs_previous": rules.variation(cur["m3"], cols["previous"]["m3"]),
        "m3_vs_last_year": rules.variation(cur["m3"], cols["last_year"]["m3"]),
    }


def _consumption_by_account(period: date, start: date):
    """Per account: the month's billed m³ and class, and the m³ and number of metered months
    in the `start`..previous month window; non-domestic or hand-flagged accounts only."""
    hist = sa.and_(Charge.period >= start, Charge.period < period)
    flagged = sa.select(Account.id).where(Account.is_large_consumer.is_(True))
    return (sa.select(
        Charge.account_id,
        sa.func.sum(sa.case((Charge.period == period, Charge.consumption_m3))).label("current"),
        sa.func.max(sa.case((Charge.period == period, Charge.property_class))).label("cls"),
        sa.func.sum(sa.case((hist, Charge.consumption_m3))).label("hist_m3"),
        sa.func.count(sa.case((sa.and_(hist, Charge.consumption_m3.is_not(None)), 1)))
        .label("hist_n"))
        .where(WATER_TARIFF, Charge.period >= start, Charge.period <= period,
               sa.or_(Charge.property_class != "domestic", Charge.account_id.in_(flagged)))
        .group_by(Charge.account_id).subquery())


def _reviews(period: date, account_ids: list | None) -> dict:
    stmt = (sa.select(LargeConsumerReview, StaffUser.full_name, Stop.status)
            .outerjoin(StaffUser, StaffUser.id == LargeConsumerReview.decided_by)
            .outerjoin(Stop, Stop.id == LargeConsumerReview.stop_id)
            .where(LargeConsumerReview.period == period))
    if account_ids is not None:
        stmt = stmt.where(LargeConsumerReview.account_id.in_(account_ids))
    return {r.account_id: {"action": r.action, "note": r.note,
                           "consumption_m3": r.consumption_m3, "decided_at": r.updated_at,
                           "decided_by": name, "stop_id": r.stop_id, "stop_status": stop}
            for r, name, stop in db.session.execute(stmt).all()}


def large_consumers(period: date, *, account_ids: list[uuid.UUID] | None = None) -> list[dict]:
    """The large consumers of a period (flagged by hand, or non-domestic over the threshold
    this month or on average), each with its consumption against its average of the
    previous `average_months`, whether it deviates beyond ±deviation_pct, and whether it
    is still pending (deviating and not validated or explained on this consumption).
    Pending first, then the largest deviations."""
    threshold, pct, months = rules.settings_values(get_setting("large_consumer"))
    m = _consumption_by_account(period, rules.add_months(period, -months))
    cls = sa.func.coalesce(m.c.cls, Account.property_class)
    stmt = (sa.select(Account.id, Account.account_number, Account.is_large_consumer,
                      cls.label("property_class"), Customer.name.label("holder"),
                      Premises.street, Premises.exterior_number, Premises.interior_number,
                      Neighborhood.name.label("neighborhood"), LargeConsumerCategory.category,
                      m.c.current, m.c.hist_m3, m.c.hist_n)
            .select_from(Account).outerjoin(m, m.c.account_id == Account.id)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .outerjoin(LargeConsumerCategory, LargeConsumerCategory.account_id == Account.id)
            .where(sa.or_(Account.is_large_consumer.is_(True), sa.and_(
                m.c.account_id.is_not(None), cls != "domestic",
                sa.or_(m.c.current > threshold, m.c.hist_m3 > threshold * m.c.hist_n)))))
    if account_ids is not None:
        stmt = stmt.where(Account.id.in_(account_ids))
    rows = db.session.execute(stmt).all()
    reviews = _reviews(period, account_ids)
    out = []
    for r in rows:
        current = int(r.current or 0)
        metered = int(r.current) if r.current is not None else None
        avg = rules.average(r.hist_m3, int(r.hist_n or 0))
        reason = rules.is_large_consumer(property_class=r.property_class,
                                         flagged=r.is_large_consumer, current_m3=current,
                                         average_m3=avg, threshold_m3=threshold)
        if reason is None:
            continue
        status, dev = rules.deviation_status(metered, avg, pct)
        review = reviews.get(r.id)
        needs = rules.needs_validation(status)
        out.append({
            "account_id": r.id, "account_number": r.account_number, "holder": r.holder,
            "address": address_line(r.street, r.exterior_number, r.interior_number),
            "neighborhood": r.neighborhood, "property_class": r.property_class,
            "category": r.category, "flagged": r.is_large_consumer, "reason": reason,
            "consumption_m3": current, "average_m3": avg, "history_months": int(r.hist_n or 0),
            "deviation": dev, "deviation_status": status, "needs_validation": needs,
            "pending": needs and not rules.review_holds(review, current), "review": review})
    out.sort(key=lambda x: (not x["pending"], not x["needs_validation"],
                            -abs(x["deviation"] if x["deviation"] is not None
                                 else Decimal("1000")), x["account_number"]))
    return out


def large_consumer_summary(items: list[dict]) -> dict:
    """How many are listed, deviate, remain pending, and have an inspection sent."""
    return {"total": len(items),
            "needs_validation": sum(1 for i in items if i["needs_validation"]),
            "pending": sum(1 for i in items if i["pending"]),
            "inspections_sent": sum(1 for i in items if i["review"]
                                    and i["review"]["action"] == "inspection_sent")}
