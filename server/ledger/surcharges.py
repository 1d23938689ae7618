"""Monthly surcharges (recargos): one posting per period, idempotent.

Rule (DOMAIN.md, configurable in settings "surcharge"): for month P, each account and
service is charged monthly_rate × the principal that was still unpaid at the end of P on
charges already past due by then, counting each charge for at most cap_months months.
A payment made within the month of the due date therefore avoids that month's surcharge.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from server.audit import service as audit
from server.common import events
from server.common.clock import local_today, parse_period
from server.common.settings import get_setting
from server.db import transaction
from server.errors import Conflict, DomainError
from server.extensions import db
from server.ledger import rules
from server.ledger.models import Allocation, Charge, SurchargeRun
from server.ledger.sql import cents, from_cents, is_accessory, sum_cents
from server.registry.models import Account

BATCH = 5000


def parse_surcharge_period(text: str) -> date:
    try:
        return parse_period(text)
    except ValueError:
        raise DomainError("INVALID_PERIOD", period=text,
                          errors={"period": ["Use el formato AAAA-MM."]}) from None


def open_principal_at(end: date, cap_months: int):
    """(account_id, service, class, centavos) of principal unpaid at `end` and past due."""
    later = (sa.select(Allocation.charge_id, sum_cents(Allocation.amount).label("later_c"))
             .where(Allocation.applied_on > end).group_by(Allocation.charge_id).subquery())
    open_c = cents(Charge.amount - Charge.allocated) + sa.func.coalesce(later.c.later_c, 0)
    return (sa.select(Charge.account_id, Charge.service, Account.property_class,
                      sa.func.sum(open_c).label("open_c"))
            .join(Account, Account.id == Charge.account_id)
            .outerjoin(later, later.c.charge_id == Charge.id)
            .where(~is_accessory(Charge.concept), Charge.due_date < end,
                   Charge.due_date >= rules.earliest_due_accruing(end, cap_months),
                   sa.or_(Charge.cleared_on.is_(None), Charge.cleared_on > end))
            .group_by(Charge.account_id, Charge.service, Account.property_class))


def post_surcharges(period_text: str, *, actor_id=None, today: date | None = None,
                    progress=None) -> dict:
    """Post month P's surcharges once; a second run for P posts nothing and says so."""
    period = parse_surcharge_period(period_text)
    end = rules.period_end(period)
    today = today or local_today()
    if end >= today:
        raise DomainError("SURCHARGE_PERIOD_IN_FUTURE", period=period_text)
    existing = db.session.execute(sa.select(SurchargeRun).where(
        SurchargeRun.period == period)).scalars().first()
    if existing is not None:
        return _run_dict(existing, already_posted=True)
    setting = get_setting("surcharge")
    rate, cap = Decimal(str(setting["monthly_rate"])), int(setting["cap_months"])
    try:
        with transaction():
            run = SurchargeRun(period=period, monthly_rate=rate, cap_months=cap,
                               charges_posted=0, total=Decimal("0"), ran_by=actor_id)
            db.session.add(run)
            db.session.flush()  # claims the period: a concurrent run fails here
            rows = db.session.execute(open_principal_at(end, cap)).all()
            # "Congela tu adeudo": accounts whose agreement froze the debt accrue nothing.
            frozen = events.collect("surcharge.frozen_accounts", db.session(),
                                    period_end=end)
            total = Decimal("0")
            batch = []
            for account_id, service, property_class, open_c in rows:
                if account_id in frozen:
                    continue
                amount = rules.surcharge_amount(from_cents(open_c), rate)
                if amount <= 0:
                    continue
                total += amount
                batch.append({"account_id": account_id, "period": period, "service": service,
                              "property_class": property_class,
                              "concept": "surcharge", "amount": amount, "due_date": end,
                              "origin": "surcharge_job", "allocated": Decimal("0"),
                              "description": f"Recargos {period:%m/%Y}",
                              "created_by": actor_id})
                if len(batch) >= BATCH:
                    _flush(batch, progress)
            _flush(batch, progress)
            run.charges_posted = _count(period)
            run.total = total
            audit.record(actor_id=actor_id, entity_type="surcharge_run", entity_id=run.id,
                         action="post", changes={"period": period_text,
                                                 "charges": run.charges_posted,
                                                 "total": total, "rate": rate})
    except IntegrityError:
        raise Conflict("CONFLICT") from None
    return _run_dict(run, already_posted=False)


def _flush(batch: list, progress) -> None:
    if batch:
        db.session.execute(sa.insert(Charge), batch)
        if progress:
            progress(len(batch))
        batch.clear()


def _count(period: date) -> int:
    return db.session.execute(sa.select(sa.func.count()).where(
        Charge.period == period, Charge.origin == "surcharge_job")).scalar()


def _run_dict(run: SurchargeRun, *, already_posted: bool) -> dict:
    return {"period": run.period.strftime("%Y-%m"), "charges_posted": run.charges_posted,
            "total": run.total, "monthly_rate": run.monthly_rate, "cap_months": run.cap_months,
            "already_posted": already_posted}
