"""The books of the whole demo city balance: built by the real generator, not by hand.

The city is seeded at a reduced scale (DEMO_CITY_ACCOUNTS, default 1500 accounts × 36
months) so the suite stays quick on both databases; bench/ covers the full 31,000 and
100,000 accounts.
"""
from __future__ import annotations

import os
from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.ledger import queries
from server.ledger.models import Allocation, Charge, Credit, Payment
from server.registry.models import Account

ACCOUNTS = int(os.environ.get("DEMO_CITY_ACCOUNTS", "1500"))
AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def city(app):
    from tests.conftest import demo_city

    with demo_city(app, accounts=ACCOUNTS, months=36, seed=2026, as_of=AS_OF):
        yield


def _cents_by_account(stmt) -> dict:
    return {acc: int(c) for acc, c in db.session.execute(stmt).all()}


def _sum_cents(col):
    return sa.func.sum(sa.cast(sa.func.round(col * 100), sa.BigInteger))


def test_every_account_balance_is_its_charges_minus_allocations_and_credit(app, city):
    with app.app_context():
        charged = _cents_by_account(sa.select(Charge.account_id, _sum_cents(Charge.amount))
                                    .group_by(Charge.account_id))
        allocated = _cents_by_account(
            sa.select(Charge.account_id, _sum_cents(Allocation.amount))
            .join(Charge, Charge.id == Allocation.charge_id).group_by(Charge.account_id))
        unapplied = _cents_by_account(sa.select(Payment.account_id, _sum_cents(Payment.unapplied))
                                      .group_by(Payment.account_id))
        for acc, c in _cents_by_account(sa.select(Credit.account_id,
                                                  _sum_cents(Credit.unapplied))
                                        .group_by(Credit.account_id)).items():
            unapplied[acc] = unapplied.get(acc, 0) + c
        ids = db.session.execute(sa.select(Account.id)).scalars().all()
        assert len(ids) == ACCOUNTS
        mismatches = []
        total = D("0")
        for acc in ids:
            expected = D(charged.get(acc, 0) - allocated.get(acc, 0) - unapplied.get(acc, 0)) / 100
            got = queries.account_balance(acc, as_of=AS_OF)["balance"]
            total += got
            if got != expected:
                mismatches.append((acc, expected, got))
        assert mismatches == []
        summary = queries.arrears_summary(as_of=AS_OF)
        assert summary["grand_total"] == total
        assert sum(D(r["total"]) for r in summary["rows"]) == summary["total_open"]


def test_every_charge_open_item_agrees_with_its_allocation_rows(app, city):
    with app.app_context():
        later = (sa.select(Allocation.charge_id, _sum_cents(Allocation.amount).label("c"))
                 .group_by(Allocation.charge_id).subquery())
        bad = db.session.execute(
            sa.select(sa.func.count()).select_from(Charge).outerjoin(
                later, later.c.charge_id == Charge.id).where(sa.or_(
                    sa.cast(sa.func.round(Charge.allocated * 100), sa.BigInteger)
                    != sa.func.coalesce(later.c.c, 0),
                    sa.and_(Charge.cleared_on.is_(None), Charge.allocated >= Charge.amount),
                    sa.and_(Charge.cleared_on.is_not(None), Charge.allocated < Charge.amount)))
        ).scalar()
        assert bad == 0


def test_every_payment_is_fully_applied_or_held_in_favour(app, city):
    with app.app_context():
        applied = (sa.select(Allocation.payment_id, _sum_cents(Allocation.amount).label("c"))
                   .where(Allocation.payment_id.is_not(None))
                   .group_by(Allocation.payment_id).subquery())
        bad = db.session.execute(
            sa.select(sa.func.count()).select_from(Payment).outerjoin(
                applied, applied.c.payment_id == Payment.id).where(
                sa.cast(sa.func.round(Payment.amount * 100), sa.BigInteger)
                != sa.func.coalesce(applied.c.c, 0)
                + sa.cast(sa.func.round(Payment.unapplied * 100), sa.BigInteger))).scalar()
        assert bad == 0


def test_the_city_has_a_real_arrears_tail(app, city):
    with app.app_context():
        summary = queries.arrears_summary(as_of=AS_OF)
        by_bucket: dict[str, D] = {}
        for row in summary["rows"]:
            by_bucket[row["bucket"]] = by_bucket.get(row["bucket"], D("0")) + row["total"]
        assert by_bucket.get("25-36", 0) > 0
        assert summary["arrears_total"] > summary["total_open"] / 2
        accessories = sum(r["accessories"] for r in summary["rows"])
        assert accessories > 0
