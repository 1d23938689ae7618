"""Property: no sequence of charges, payments and credits makes money appear or vanish."""
from datetime import date, timedelta
from decimal import Decimal as D

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.common.money import ZERO
from server.db import transaction
from server.extensions import db
from server.ledger import queries, service
from server.ledger.models import Allocation, Charge, Credit, Payment
from server.ledger.rules import OpenItem, allocate
from tests import factories

amounts = st.decimals(min_value=D("0.01"), max_value=D("5000.00"), places=2)
items = st.lists(st.tuples(st.integers(0, 400), st.sampled_from(
    ["fixed", "surcharge", "sewer", "fine"]), amounts), min_size=0, max_size=12)


@given(amount=amounts, raw=items)
def test_allocation_splits_exactly_the_amount_paid(amount, raw):
    open_items = [OpenItem(i, date(2024, 1, 1) + timedelta(days=d), c, a)
                  for i, (d, c, a) in enumerate(raw)]
    applied, rest = allocate(amount, open_items)
    assert sum((p for _, p in applied), ZERO) + rest == amount
    by_id = {i.charge_id: i.open_amount for i in open_items}
    assert all(D("0") < part <= by_id[cid] for cid, part in applied)
    assert rest == ZERO or sum(by_id.values(), ZERO) < amount


ops = st.lists(st.one_of(
    st.tuples(st.just("charge"), amounts, st.integers(-400, 60)),
    st.tuples(st.just("payment"), amounts, st.integers(-400, 0)),
    st.tuples(st.just("credit"), amounts, st.just(0)),
), min_size=1, max_size=15)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=ops)
def test_the_ledger_conserves_money_through_any_sequence(db_session, sequence):
    try:
        with transaction():  # one unit of work per example, undone at the end
            _run(sequence)
            raise _Undo
    except _Undo:
        pass


class _Undo(Exception):
    pass


def _run(sequence):
    acc = factories.account()
    today = date(2026, 11, 28)
    for kind, amount, offset in sequence:
        when = today + timedelta(days=offset)
        if kind == "charge":
            db.session.add(Charge(account_id=acc.id, period=when.replace(day=1),
                                  property_class="domestic",
                                  service="water", concept="extraordinary", amount=amount,
                                  due_date=when, origin="extraordinary"))
            db.session.flush()
            service.apply_unapplied(acc.id, when)
        elif kind == "payment":
            service.record_payment(actor_id=None, account_ref=acc.id, amount=amount,
                                   paid_on=when)
        else:
            debt = queries.account_balance(acc.id, as_of=today)["charges_open"]
            if debt >= amount:
                service.grant_credit(actor_id=None, account_ref=acc.id, amount=amount,
                                     kind="adjustment", reason="prueba")
    _assert_books_balance(acc.id, today)


def _sum(stmt) -> D:
    return D(str(db.session.execute(stmt).scalar() or 0)).quantize(D("0.01"))


def _assert_books_balance(account_id, today):
    charged = _sum(sa.select(sa.func.sum(Charge.amount)).where(Charge.account_id == account_id))
    paid = _sum(sa.select(sa.func.sum(Payment.amount)).where(Payment.account_id == account_id))
    credited = _sum(sa.select(sa.func.sum(Credit.amount)).where(Credit.account_id == account_id))
    allocated = _sum(sa.select(sa.func.sum(Allocation.amount)).join(
        Charge, Charge.id == Allocation.charge_id).where(Charge.account_id == account_id))
    unapplied = (_sum(sa.select(sa.func.sum(Payment.unapplied)).where(
        Payment.account_id == account_id)) + _sum(sa.select(sa.func.sum(Credit.unapplied)).where(
            Credit.account_id == account_id)))
    # Every peso received is either applied to a charge or kept as credit in favour.
    assert paid + credited == allocated + unapplied
    # The balance is what was charged minus everything received.
    balance = queries.account_balance(account_id, as_of=today)
    assert balance["balance"] == charged - paid - credited
    # Open items agree with the allocation rows, charge by charge.
    for c in db.session.execute(sa.select(Charge).where(Charge.account_id == account_id)
                                ).scalars():
        rows = _sum(sa.select(sa.func.sum(Allocation.amount)).where(
            Allocation.charge_id == c.id))
        assert rows == c.allocated
        assert (c.cleared_on is not None) == (c.allocated == c.amount)
    # Money is never both owed and held in favour at once.
    assert balance["charges_open"] == 0 or balance["unapplied_credit"] == 0
