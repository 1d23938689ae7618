"""Read side of the dashboard's operational figures (delinquency, agreements, orders,
field stops), the accounts behind a figure, and the ledger watermark of the cache."""
from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa

from server.agreements.models import PaymentAgreement
from server.common.clock import LOCAL_TZ
from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from server.fieldwork.models import Route, Stop
from server.ledger.enums import ACCESSORY_CONCEPTS
from server.ledger.models import Allocation, Charge, Credit, Payment
from server.ledger.sql import sum_cents
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.reports.queries import OPEN, _filtered

EXECUTED = ("executed", "executed_after_cancellation")


def watermark() -> str:
    """Highest ids of the ledger tables and the latest order and stop change: any new
    charge, payment, allocation or credit, or field work, moves it."""
    parts = [db.session.execute(sa.select(sa.func.max(col))).scalar() for col in (
        Charge.id, Payment.id, Allocation.id, Credit.id, DisconnectionOrder.updated_at,
        Stop.updated_at)]
    return ":".join("" if p is None else str(p) for p in parts)[:200]


def delinquent_count(cutoff: date, min_periods: int, f: dict) -> int:
    """Accounts with at least `min_periods` periods of principal past due (due before
    `cutoff`): the delinquent accounts (usuarios morosos)."""
    per_account = (sa.select(Charge.account_id)
                   .where(OPEN, Charge.due_date < cutoff,
                          Charge.concept.notin_(ACCESSORY_CONCEPTS))
                   .group_by(Charge.account_id)
                   .having(sa.func.count(sa.distinct(Charge.period)) >= min_periods))
    sub = _filtered(per_account, f).subquery()
    return int(db.session.execute(sa.select(sa.func.count()).select_from(sub)).scalar() or 0)


def agreements_by_status() -> dict[str, int]:
    """Payment agreements in force by status (active = in good standing)."""
    rows = db.session.execute(sa.select(PaymentAgreement.status, sa.func.count())
                              .where(PaymentAgreement.status.in_(("active", "late",
                                                                   "breached")))
                              .group_by(PaymentAgreement.status)).all()
    return {s: int(n) for s, n in rows}


def _local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return (datetime.combine(first, time.min, LOCAL_TZ),
            datetime.combine(last, time.max, LOCAL_TZ))


def orders_executed(first: date, last: date) -> dict[str, int]:
    """Restriction/disconnection orders executed between two local days, by action."""
    lo, hi = _local_bounds(first, last)
    rows = db.session.execute(
        sa.select(DisconnectionOrder.action, sa.func.count())
        .where(DisconnectionOrder.status.in_(EXECUTED), DisconnectionOrder.deleted_at.is_(None),
               DisconnectionOrder.executed_at >= lo, DisconnectionOrder.executed_at <= hi)
        .group_by(DisconnectionOrder.action)).all()
    return {a: int(n) for a, n in rows}


def stops_done_assigned(first: date, last: date) -> tuple[int, int]:
    """Field stops on routes worked between two days: (done, assigned, not cancelled)."""
    done = sa.func.sum(sa.case((Stop.status == "done", 1), else_=0))
    row = db.session.execute(
        sa.select(done, sa.func.count())
        .join(Route, Route.id == Stop.route_id)
        .where(Route.work_date >= first, Route.work_date <= last,
               Route.deleted_at.is_(None), Stop.deleted_at.is_(None),
               Stop.status != "cancelled")).one()
    return int(row[0] or 0), int(row[1] or 0)


def accounts_page(f: dict, *, due_from: date | None, due_before: date | None,
                  page: int, page_size: int) -> tuple[list, int, int]:
    """Accounts with open debt matching the filters, most owed first: (rows, total
    accounts, total centavos). `due_from`/`due_before` bound the charges' due dates (an
    aging bucket or a minimum of months past due)."""
    stmt = (sa.select(Charge.account_id,
                      (sum_cents(Charge.amount) - sum_cents(Charge.allocated)).label("c"),
                      sa.func.min(Charge.due_date).label("oldest"))
            .where(OPEN).group_by(Charge.account_id))
    if due_from is not None:
        stmt = stmt.where(Charge.due_date >= due_from)
    if due_before is not None:
        stmt = stmt.where(Charge.due_date < due_before)
    sub = _filtered(stmt, f).subquery()
    total, total_c = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sub.c.c), 0))
        .where(sub.c.c > 0)).one()
    rows = db.session.execute(
        sa.select(sub.c.account_id, sub.c.c, sub.c.oldest, Account.account_number,
                  Account.property_class, Account.status, Customer.name.label("holder"),
                  Neighborhood.name.label("colonia"))
        .join(Account, Account.id == sub.c.account_id)
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(sub.c.c > 0)
        .order_by(sub.c.c.desc(), Account.account_number)
        .limit(page_size).offset((page - 1) * page_size)).all()
    return rows, int(total), int(total_c)


def export_accounts(f: dict, cutoff: date):
    """Every account with open debt for the Excel detail sheet, in account-number order:
    what is in arrears (due before `cutoff`) as principal and accessories, the whole open
    debt, and the oldest open due date."""
    acc = Charge.concept.in_(ACCESSORY_CONCEPTS)
    late = Charge.due_date < cutoff
    open_amount = Charge.amount - Charge.allocated
    stmt = (sa.select(Charge.account_id,
                      sum_cents(sa.case((late & ~acc, open_amount), else_=0)).label("p"),
                      sum_cents(sa.case((late & acc, open_amount), else_=0)).label("x"),
                      sum_cents(open_amount).label("o"),
                      sa.func.min(Charge.due_date).label("oldest"))
            .where(OPEN).group_by(Charge.account_id))
    sub = _filtered(stmt, f).subquery()
    return (sa.select(sub.c.account_id, sub.c.p, sub.c.x, sub.c.o, sub.c.oldest,
                      Account.account_number, Account.property_class, Account.status,
                      Account.sector, Customer.name.label("holder"), Premises.street,
                      Premises.exterior_number, Neighborhood.name.label("colonia"))
            .join(Account, Account.id == sub.c.account_id)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .where(sub.c.o > 0).order_by(Account.account_number))


def count_rows(stmt) -> int:
    """Rows a select will return (for export progress)."""
    return int(db.session.execute(sa.select(sa.func.count()).select_from(
        stmt.order_by(None).subquery())).scalar() or 0)
