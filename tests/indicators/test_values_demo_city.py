"""A month's indicators on the generated demo city agree with a replay of the raw rows."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.indicators import queries, rules
from server.ledger.enums import ACCESSORY_CONCEPTS
from server.ledger.models import Allocation, Charge, Payment
from server.registry.models import Account

AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def city(app):
    from tests.conftest import demo_city

    with demo_city(app, accounts=250, months=14, seed=7, as_of=AS_OF):
        yield


def _replay(start: date, nxt: date, close: date) -> dict:
    """Every measure from the raw rows in Python, without the SQL shortcuts."""
    charges = {c.id: c for c in db.session.execute(sa.select(Charge)).scalars()}
    allocs = db.session.execute(sa.select(Allocation)).scalars().all()
    by_charge = defaultdict(list)
    for a in allocs:
        by_charge[a.charge_id].append(a)
    principal = [c for c in charges.values() if c.concept not in ACCESSORY_CONCEPTS]
    due = [c for c in principal if start <= c.due_date < nxt]
    accounts = defaultdict(list)
    for c in due:
        accounts[c.account_id].append(c)
    on_time = sum(1 for lines in accounts.values() if all(
        c.cleared_on is not None and c.cleared_on <= c.due_date for c in lines))
    month_allocs = [a for a in allocs if a.payment_id is not None and start <= a.applied_on < nxt]
    current = sum((a.amount for a in month_allocs
                   if charges[a.charge_id].due_date >= start
                   and charges[a.charge_id].concept not in ACCESSORY_CONCEPTS), D("0"))
    arrears = sum((a.amount for a in month_allocs if charges[a.charge_id].due_date < start),
                  D("0"))

    def open_at(c, day_exclusive):
        return c.amount - sum((a.amount for a in by_charge[c.id]
                               if a.applied_on < day_exclusive), D("0"))

    at_start = sum((open_at(c, start) for c in charges.values() if c.due_date < start),
                   D("0"))
    late_periods = defaultdict(set)
    for c in principal:
        if c.due_date < close and open_at(c, date.fromordinal(close.toordinal() + 1)) > 0:
            late_periods[c.account_id].add(c.period)
    accs = db.session.execute(sa.select(Account)).scalars().all()
    return {
        "billed": sum((c.amount for c in due), D("0")),
        "accounts_billed": len(accounts), "accounts_on_time": on_time,
        "collected_total": sum((p.amount for p in db.session.execute(sa.select(Payment))
                                .scalars() if start <= p.paid_on < nxt), D("0")),
        "collected_current": current, "collected_arrears": arrears,
        "arrears_at_start": at_start,
        "delinquent_accounts": sum(1 for s in late_periods.values() if len(s) >= 2),
        "registry_accounts": sum(1 for a in accs if a.status != "closed"),
        "metered_accounts": sum(1 for a in accs if a.status != "closed"
                                and a.billing_type == "metered"),
    }


@pytest.mark.parametrize("period", [date(2026, 10, 1), date(2026, 3, 1)])
def test_month_measures_reconcile_with_raw_rows(app, city, period):
    with app.app_context():
        start, nxt = queries.month_window(period)
        close = date.fromordinal(nxt.toordinal() - 1)
        got = queries.measures(period, as_of=AS_OF)
        expected = _replay(start, nxt, close)
        assert expected["billed"] > 0 and expected["collected_current"] > 0
        assert expected["arrears_at_start"] > 0 and expected["delinquent_accounts"] > 0
        for key, value in expected.items():
            assert got[key] == value, key
        ratios = rules.evaluate(got, queries.formulas())
        assert ratios["commercial_efficiency"] == rules.ratio(expected["collected_current"],
                                                              expected["billed"])
        assert 0 < ratios["on_time_payers_rate"] < 1


def test_indicator_values_has_the_dashboard_keys(app, city):
    with app.app_context():
        v = queries.indicator_values(date(2026, 10, 1))
        for key in ("billed", "collected_current", "collected_arrears", "collected_total",
                    "commercial_efficiency", "arrears_recovery_rate", "collection_efficiency",
                    "on_time_payers_rate", "arrears_at_start", "accounts_billed",
                    "delinquent_accounts", "delinquent_rate", "micrometering_rate"):
            assert key in v, key
        assert isinstance(v["billed"], D) and isinstance(v["delinquent_accounts"], int)
        assert v["delinquent_rate"] == rules.ratio(v["delinquent_accounts"], v["accounts_billed"])
