"""The monthly posting in bulk: the ledger's bulk credits keep its invariants (allocated ==
the sum of allocations, cleared when paid off, what cannot apply stays unapplied), a charge
is discounted once whatever the applications, never more than is owed, and the posting
runs as a background job too."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from server.db import transaction
from server.discounts import jobs
from server.discounts.models import DiscountPosting
from server.discounts.service import post_discounts
from server.extensions import db
from server.ledger.models import Allocation, Charge, Credit
from server.ledger.service import book_credits, record_payment
from tests import factories
from tests.discounts.helpers import TODAY, approved

MONTH = TODAY.replace(day=1)


def allocated(charge) -> Decimal:
    return db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(Allocation.amount), 0))
                              .where(Allocation.charge_id == charge.id)).scalar()


def test_bulk_credits_follow_the_allocation_rule_and_keep_the_open_items(db_session):
    acc, other = factories.account(), factories.account()
    water, sewer, sanitation = factories.bill(acc, MONTH, water="100.00", sewer="50.00",
                                              sanitation="30.00")
    (foreign, *_) = factories.bill(other, MONTH)
    with transaction() as session:
        ids = book_credits(session, kind="discount", credited_on=TODAY, credits=[
            # Oldest due first, then by id: water, then part of sewer.
            {"account_id": acc.id, "amount": Decimal("120.00"), "reason": "uno",
             "charge_ids": [water.id, sewer.id, foreign.id]},  # another account's: ignored
            # More than what sanitation owes: the rest stays on credit.
            {"account_id": acc.id, "amount": Decimal("45.00"), "reason": "dos",
             "charge_ids": [sanitation.id]},
            # Sewer has 30.00 left after the first credit, in the same batch.
            {"account_id": acc.id, "amount": Decimal("40.00"), "reason": "tres",
             "charge_ids": [sewer.id]}])
    first, second, third = (db.session.get(Credit, i) for i in ids)
    assert (first.unapplied, second.unapplied, third.unapplied) == (
        Decimal("0.00"), Decimal("15.00"), Decimal("10.00"))
    assert all(c.kind == "discount" and c.credited_on == TODAY for c in (first, second, third))
    # The session's charges were refreshed: what the ledger wrote, not what it held.
    assert (water.allocated, sewer.allocated, sanitation.allocated) == (
        Decimal("100.00"), Decimal("50.00"), Decimal("30.00"))
    for charge in (water, sewer, sanitation):
        assert charge.allocated == allocated(charge) and charge.cleared_on == TODAY
    assert foreign.allocated == Decimal("0.00") and allocated(foreign) == 0
    assert book_credits(db.session(), credits=[], kind="discount", credited_on=TODAY) == []


def test_a_charge_is_discounted_once_and_a_paid_bill_leaves_the_rest_in_favour(db_session,
                                                                              make_user):
    worker = make_user("social_worker").id
    acc, paid = factories.account(), factories.account()
    # Two approved applications current this month on one account (a renewal overlapping
    # the discount it renews): one discount on its water charge.
    approved(acc, worker, starts_on=MONTH - timedelta(days=300), ends_on=MONTH + timedelta(
        days=3))
    approved(acc, worker, starts_on=MONTH + timedelta(days=4), ends_on=MONTH + timedelta(
        days=368))
    (water, *_) = factories.bill(acc, MONTH, water="80.00")
    # Most of this one was paid before the posting: the whole discount is credited; what the
    # charge no longer owes stays in favour of the beneficiary (saldo a favor).
    approved(paid, worker, starts_on=MONTH - timedelta(days=30), ends_on=MONTH + timedelta(
        days=300))
    (paid_water, *_) = factories.bill(paid, MONTH, water="80.00", sewer=None, sanitation=None)
    record_payment(actor_id=None, account_ref=paid.id, amount=Decimal("70.00"))
    with transaction() as session:
        result = post_discounts(session, period=MONTH)
    assert result["posted"] == 2 and Decimal(result["total"]) == Decimal("80.00")
    rows = db.session.execute(sa.select(DiscountPosting.charge_id, DiscountPosting.amount)
                              .order_by(DiscountPosting.charge_id)).all()
    assert sorted(rows) == sorted([(paid_water.id, Decimal("40.00")),
                                   (water.id, Decimal("40.00"))])
    in_favour = db.session.execute(sa.select(Credit).where(Credit.account_id == paid.id)
                                   ).scalars().one()
    assert (in_favour.amount, in_favour.unapplied) == (Decimal("40.00"), Decimal("30.00"))
    for charge in (water, paid_water):
        db.session.refresh(charge)
        assert charge.allocated == allocated(charge)
    assert paid_water.cleared_on == TODAY and paid_water.allocated == Decimal("80.00")
    credit = db.session.execute(sa.select(Credit).where(Credit.account_id == acc.id)
                                ).scalars().one()
    assert credit.reason.startswith(f"Descuento social {MONTH:%m/%Y}: ")
    with transaction() as session:
        assert post_discounts(session, period=MONTH)["posted"] == 0


def test_the_posting_runs_as_a_job(db_session, make_user):
    acc = factories.account()
    approved(acc, make_user("social_worker").id, starts_on=MONTH, ends_on=MONTH + timedelta(
        days=364))
    factories.bill(acc, MONTH, water="60.00")
    result = jobs.post_discounts(f"{MONTH:%Y-%m}")
    assert result["posted"] == 1 and result["total"] == "30.00"
    assert jobs.post_discounts(f"{MONTH:%Y-%m}")["posted"] == 0
    assert db.session.execute(sa.select(sa.func.count()).select_from(Charge).where(
        Charge.account_id == acc.id, Charge.cleared_on.is_not(None))).scalar() == 0
