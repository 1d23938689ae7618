"""The PAE selection reconciles with the raw books of a generated demo city: the same
debtors and debts computed independently from charges, allocations, payments and credits."""
from __future__ import annotations

import os
from collections import defaultdict
from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.extensions import db
from server.ledger.models import Allocation, Charge, Credit, Payment
from server.ledger.rules import months_past_due
from server.pae import queries, rules
from server.registry.models import Account

ACCOUNTS = int(os.environ.get("PAE_DEMO_ACCOUNTS", "400"))
AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def city(app):
    from tests.conftest import demo_city

    with demo_city(app, accounts=ACCOUNTS, months=36, seed=2031, as_of=AS_OF):
        yield


def _raw_debtors(min_amount: D, min_months: int, property_class: str | None = None) -> dict:
    """{account_id: (debt, oldest open due)} from the raw rows, in Python."""
    allocated = defaultdict(D)
    for charge_id, amount in db.session.execute(sa.select(Allocation.charge_id,
                                                          Allocation.amount)):
        allocated[charge_id] += D(str(amount))
    debt, oldest = defaultdict(D), {}
    for cid, acc, amount, due in db.session.execute(
            sa.select(Charge.id, Charge.account_id, Charge.amount, Charge.due_date)):
        left = D(str(amount)) - allocated[cid]
        if left > 0:
            debt[acc] += left
            oldest[acc] = min(oldest.get(acc, due), due)
    for model in (Payment, Credit):
        for acc, unapplied in db.session.execute(sa.select(model.account_id, model.unapplied)):
            debt[acc] -= D(str(unapplied))
    in_agreement = set(db.session.execute(sa.select(PaymentAgreement.account_id).where(
        PaymentAgreement.status.in_(GOOD_STANDING))).scalars())
    classes = dict(db.session.execute(sa.select(Account.id, Account.property_class)).all())
    return {acc: (amount.quantize(D("0.01")), oldest[acc]) for acc, amount in debt.items()
            if amount > 0 and amount >= min_amount and acc not in in_agreement
            and acc in oldest and months_past_due(oldest[acc], AS_OF) >= min_months
            and (property_class is None or classes[acc] == property_class)}


@pytest.mark.parametrize("min_amount,min_months,property_class", [
    (D("0"), 3, None), (D("2500.00"), 6, None), (D("0"), 1, "commercial"),
    (D("0"), 0, None)])
def test_selection_totals_reconcile_with_the_raw_books(app, city, min_amount, min_months,
                                                       property_class):
    with app.app_context():
        expected = _raw_debtors(min_amount, min_months, property_class)
        f = queries.Filters(as_of=AS_OF, min_amount=min_amount, min_months=min_months,
                            property_class=property_class)
        rows, totals = queries.selection_all(f)
        assert len(expected) > 0
        assert totals["accounts"] == len(rows) == len(expected)
        assert totals["debt"] == sum(d for d, _ in expected.values())
        got = {r["account_id"]: (r["debt"], r["oldest_due"]) for r in rows}
        assert got == {str(a): v for a, v in expected.items()}
        page = queries.selection(f, page=1, page_size=25)
        assert page["items"] == rows[:25] and page["totals"] == totals
        scores = [r["score"] for r in rows]
        assert scores == sorted(scores, reverse=True)
        # The SQL ranking adds the same points as the pure rule.
        for r in rows:
            assert r["score"] == rules.priority_score(
                debt=r["debt"], months=r["months_past_due"],
                property_class=r["property_class"], large_consumer=r["large_consumer"],
                recidivism=r["cuts"] + r["breaches"], weights=rules.DEFAULT_PRIORITY)
