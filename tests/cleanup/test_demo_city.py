"""The suspect lists on a generated demo city (its registry noise: duplicated holders,
missing cadastral keys, abandoned houses; 72 months so old debt has prescribed), each
list compared with the same rule computed independently in Python over the raw rows."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
import sqlalchemy as sa

from server.cleanup import queries, rules
from server.common.clock import add_months
from server.extensions import db
from server.ledger.models import Charge, Payment
from server.ledger.rules import prescription_date
from server.registry.models import Account, Customer, Premises

AS_OF = date(2026, 11, 28)
T = rules.DEFAULT_THRESHOLDS  # the setting `cleanup` at its defaults


@pytest.fixture(scope="module")
def city(app):
    from tests.conftest import demo_city

    with demo_city(app, accounts=600, months=72, seed=2026, as_of=AS_OF):
        yield


def _listed(kind) -> dict:
    rows = queries.suspect_rows(kind, AS_OF, limit=100_000)
    assert len(rows) == queries.suspect_count(kind, AS_OF)
    return {r["account_id"]: r for r in rows}


def _accounts():
    return db.session.execute(sa.select(Account, Customer, Premises).join(
        Customer, Customer.id == Account.customer_id).join(
        Premises, Premises.id == Account.premises_id)).all()


def _charges():
    return db.session.execute(sa.select(Charge.account_id, Charge.due_date, Charge.period,
                                        Charge.concept, Charge.consumption_m3, Charge.amount,
                                        Charge.allocated, Charge.cleared_on)).all()


def test_duplicate_holders_match_a_python_grouping(app, city):
    with app.app_context():
        names, curps = defaultdict(set), defaultdict(set)
        holders = {}
        for acc, cust, _ in _accounts():
            holders[acc.id] = cust
            names[rules.name_key(cust.name)].add(cust.id)
            if cust.curp and cust.curp.strip():
                curps[cust.curp.strip().upper()].add(cust.id)
        expected = {a for a, c in holders.items()
                    if len(names[rules.name_key(c.name)]) > 1
                    or (c.curp and len(curps[c.curp.strip().upper()]) > 1)}
        listed = _listed("duplicate_holder")
        assert set(listed) == expected and len(expected) >= 4
        # A shared CURP is rarer than a retyped name: 600 accounts may hold none.
        assert all(r["code"] in ("curp", "name") for r in listed.values())


def test_missing_keys_and_abandoned_houses_match_the_raw_registry(app, city):
    with app.app_context():
        rows = _accounts()
        missing = {a.id for a, _, p in rows if not (p.cadastral_key or "").strip()}
        assert set(_listed("missing_cadastral_key")) == missing and len(missing) >= 10
        since = rules.zero_consumption_since(AS_OF, T["zero_consumption_months"])
        months, top = defaultdict(int), defaultdict(int)
        for c in _charges():
            if c.concept == "consumption" and c.period >= since:
                months[c.account_id] += 1
                top[c.account_id] = max(top[c.account_id], c.consumption_m3 or 0)
        zero = {a for a, n in months.items()
                if n >= T["zero_consumption_months"] and top[a] == 0}
        abandoned = {a.id for a, _, _ in rows if a.status != "closed"
                     and a.property_class != "vacant_lot" and (a.uninhabited or a.id in zero)}
        assert set(_listed("abandoned_house")) == abandoned and len(abandoned) >= 5
        vacant = {a.id for a, _, p in rows if not p.built and a.property_class != "vacant_lot"}
        lots = {a.id for a, _, _ in rows if a.property_class == "vacant_lot"}
        cutoff = add_months(AS_OF.replace(day=1), -T["vacant_consumption_months"])
        vacant |= {c.account_id for c in _charges() if c.account_id in lots
                   and (c.consumption_m3 or 0) > 0 and c.period >= cutoff}
        assert set(_listed("vacant_lot_billed_as_built")) == vacant


def test_old_debt_lists_match_the_ledger_rules_over_raw_charges(app, city):
    with app.app_context():
        acts = {a.id: a.last_formal_act_on for a, _, _ in _accounts()}
        prescribed, oldest = defaultdict(int), {}
        for c in _charges():
            if c.cleared_on is not None:
                continue
            when = prescription_date(c.due_date, acts[c.account_id], years=5, max_years=10)
            if when <= AS_OF:
                prescribed[c.account_id] += int((c.amount - c.allocated) * 100)
                oldest[c.account_id] = min(oldest.get(c.account_id, c.due_date), c.due_date)
        listed = _listed("past_prescription")
        assert set(listed) == set(prescribed) and len(prescribed) >= 5
        for account_id, row in listed.items():
            assert int(row["detail_amount"] * 100) == prescribed[account_id]
            assert row["detail_date"] == oldest[account_id]

        cutoff = add_months(AS_OF, -60)
        recent = set(db.session.execute(sa.select(Payment.account_id).where(
            Payment.paid_on >= cutoff)).scalars())
        overdue, old = set(), set()
        for c in _charges():
            if c.cleared_on is None and c.due_date < AS_OF:
                overdue.add(c.account_id)
            if c.due_date < cutoff:
                old.add(c.account_id)
        expected = (overdue & old) - recent
        assert set(_listed("no_recent_payment")) == expected and len(expected) >= 3
