"""Read side of the reports, in SQL over the ledger: open items, allocations by date,
arrears by bucket, debtors. Sums are integer centavos (server.ledger.sql)."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from server.extensions import db
from server.ledger.enums import ACCESSORY_CONCEPTS
from server.ledger.models import Allocation, Charge
from server.ledger.sql import sum_cents
from server.registry.models import Account, Customer, Neighborhood, Premises

OPEN = Charge.cleared_on.is_(None)
FILTER_KEYS = ("property_class", "service", "neighborhood_id", "sector")


def _filtered(stmt, f: dict, *, joined: bool = False):
    """Apply the report filters to a select over charges. The class and service are the
    charge's own (the class it was billed under); colonia and sector need the account."""
    if f.get("property_class"):
        stmt = stmt.where(Charge.property_class == f["property_class"])
    if f.get("service"):
        stmt = stmt.where(Charge.service == f["service"])
    if (f.get("neighborhood_id") is not None or f.get("sector")) and not joined:
        stmt = (stmt.join(Account, Account.id == Charge.account_id)
                .join(Premises, Premises.id == Account.premises_id))
    if f.get("neighborhood_id") is not None:
        stmt = stmt.where(Premises.neighborhood_id == f["neighborhood_id"])
    if f.get("sector"):
        stmt = stmt.where(Account.sector == f["sector"])
    return stmt


def open_by_due(f: dict) -> list[tuple[date, str, int]]:
    """Open centavos now by (due date, service): the few hundred rows arrears fold."""
    stmt = (sa.select(Charge.due_date, Charge.service,
                      sum_cents(Charge.amount).label("a"), sum_cents(Charge.allocated).label("b"))
            .where(OPEN).group_by(Charge.due_date, Charge.service))
    return [(_d(r.due_date), r.service, int(r.a) - int(r.b))
            for r in db.session.execute(_filtered(stmt, f))]


def allocated_after(after: date, f: dict) -> list[tuple[date, str, date, bool, int]]:
    """Allocations applied after `after` by (charge due date, service, applied on, from a
    payment?): what turns today's open items back into the debt of an earlier day."""
    is_payment = Allocation.payment_id.isnot(None)
    stmt = (sa.select(Charge.due_date, Charge.service, Allocation.applied_on,
                      is_payment.label("paid"), sum_cents(Allocation.amount).label("c"))
            .join(Charge, Charge.id == Allocation.charge_id)
            .where(Allocation.applied_on > after)
            .group_by(Charge.due_date, Charge.service, Allocation.applied_on, is_payment))
    return [(_d(r.due_date), r.service, _d(r.applied_on), bool(r.paid), int(r.c))
            for r in db.session.execute(_filtered(stmt, f))]


def open_by_class(f: dict) -> list:
    """Open centavos by (due date, class, service, concept): the bucket × class × service
    table (on PostgreSQL an index-only scan of ix_charges_open_aging when unfiltered)."""
    stmt = (sa.select(Charge.due_date, Charge.property_class, Charge.service, Charge.concept,
                      sum_cents(Charge.amount).label("a"), sum_cents(Charge.allocated).label("b"))
            .where(OPEN)
            .group_by(Charge.due_date, Charge.property_class, Charge.service, Charge.concept))
    return list(db.session.execute(_filtered(stmt, f)))


def open_by_colonia(cutoff: date, f: dict) -> list:
    """Per colonia: open centavos, and principal / accessories due before `cutoff` (in
    arrears). Summed per account first (the open items index, in account order), then the
    100,000 account sums are joined to their premises: far cheaper than joining every item."""
    acc = Charge.concept.in_(ACCESSORY_CONCEPTS)
    late = Charge.due_date < cutoff
    open_amount = Charge.amount - Charge.allocated
    per_account = (sa.select(Charge.account_id.label("account_id"),
                             sum_cents(open_amount).label("o"),
                             sum_cents(sa.case((late & ~acc, open_amount), else_=0)).label("p"),
                             sum_cents(sa.case((late & acc, open_amount), else_=0)).label("x"))
                   .where(OPEN).group_by(Charge.account_id))
    sub = _filtered(per_account, f).subquery()
    stmt = (sa.select(Premises.neighborhood_id, sa.func.sum(sub.c.o).label("o"),
                      sa.func.sum(sub.c.p).label("p"), sa.func.sum(sub.c.x).label("x"))
            .select_from(sub).join(Account, Account.id == sub.c.account_id)
            .join(Premises, Premises.id == Account.premises_id)
            .group_by(Premises.neighborhood_id))
    return list(db.session.execute(stmt))


def neighborhood_names(ids) -> dict[int, str]:
    """Colonia names by id."""
    ids = [i for i in set(ids) if i is not None]
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(Neighborhood.id, Neighborhood.name)
                                   .where(Neighborhood.id.in_(ids))).all())


def debtor_stats(cutoff: date, f: dict, bounds_c: list[tuple[int, int | None]],
                 limit: int) -> tuple[list, list]:
    """Debtors (account × service with arrears: due before `cutoff`) by service and debt
    range (count, sum), and the `limit` accounts owing most (all services, or the
    filtered one). One statement: the per-account sums are a CTE both parts read, so
    PostgreSQL scans the open items once."""
    per = (sa.select(Charge.account_id, Charge.service,
                     (sum_cents(Charge.amount) - sum_cents(Charge.allocated)).label("c"))
           .where(OPEN, Charge.due_date < cutoff)
           .group_by(Charge.account_id, Charge.service))
    debts = _filtered(per, f).cte("debts")
    whens = [((debts.c.c >= lo) & (debts.c.c < hi) if hi is not None else debts.c.c >= lo, i)
             for i, (lo, hi) in enumerate(bounds_c)]
    rng = sa.case(*whens, else_=-1)
    ranges = (sa.select(sa.literal("r").label("kind"), debts.c.service.label("service"),
                        rng.label("rng"), sa.func.count().label("n"),
                        sa.func.sum(debts.c.c).label("c"), sa.null().label("account_id"))
              .where(debts.c.c > 0).group_by(debts.c.service, rng))
    total = sa.func.sum(debts.c.c)
    best = (sa.select(debts.c.account_id, total.label("c")).group_by(debts.c.account_id)
            .having(total > 0).order_by(total.desc(), debts.c.account_id).limit(limit)
            .subquery())
    top = sa.select(sa.literal("t"), sa.null(), sa.literal(-2), sa.literal(0), best.c.c,
                    best.c.account_id)
    rows = list(db.session.execute(sa.union_all(ranges, top)))
    # The union's account column is typed by its NULL first branch: SQLite hands back the
    # stored hex text, PostgreSQL a UUID; both read as a UUID.
    top_c = {_uuid(r.account_id): r.c for r in rows if r.kind == "t"}
    return [r for r in rows if r.kind == "r"], _named(top_c)


def _uuid(value):
    import uuid

    return uuid.UUID(str(value))


def _named(totals: dict) -> list[dict]:
    """The top accounts with number, holder, colonia and class, most owed first."""
    if not totals:
        return []
    rows = db.session.execute(
        sa.select(Account.id, Account.account_number, Account.property_class,
                  Customer.name.label("holder"), Neighborhood.name.label("colonia"))
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(Account.id.in_(list(totals)))).all()
    out = [{"account_id": r.id, "account_number": r.account_number, "holder": r.holder,
            "colonia": r.colonia, "property_class": r.property_class,
            "c": int(totals[r.id])} for r in rows]
    return sorted(out, key=lambda x: (-x["c"], x["account_number"]))


def _d(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
