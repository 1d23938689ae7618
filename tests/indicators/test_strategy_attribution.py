"""Strategy attribution: each payment goes to the most recent action before it; 15/30/60."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from server.indicators.rules import attribute

D0 = date(2026, 3, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def test_payment_goes_to_the_most_recent_action_before_it():
    actions = [(day(0), "notice", "n1"), (day(20), "cut", "c1")]
    got = attribute(actions, [(day(10), D("100")), (day(25), D("300")), (day(80), D("50"))], [])
    # n1 gets the payment of day 10 only; the day-25 one belongs to the later cut.
    assert got["n1"]["amount"] == {15: D("100"), 30: D("100"), 60: D("100")}
    assert got["n1"]["days_to_response"] == 10
    # Day 80 is exactly 60 days after the cut: inside its 60-day window.
    assert got["c1"]["amount"] == {15: D("300"), 30: D("300"), 60: D("350")}
    got2 = attribute(actions, [(day(80), D("50"))], [])
    assert got2["c1"]["amount"][60] == D("50") and got2["c1"]["amount"][30] == 0
    assert got2["n1"]["days_to_response"] is None


def test_windows_15_30_60_and_payment_before_any_action():
    actions = [(day(0), "notice", "n1")]
    got = attribute(actions, [(day(-3), D("999")), (day(16), D("10")), (day(31), D("20")),
                              (day(61), D("40"))], [])
    assert got["n1"]["amount"] == {15: D("0"), 30: D("10"), 60: D("30")}
    assert got["n1"]["days_to_response"] == 16


def test_same_day_payment_counts_and_a_signing_is_a_response():
    actions = [(day(0), "notice", "n1"), (day(5), "agreement", "a1")]
    got = attribute(actions, [(day(0), D("5"))], [day(5)])
    assert got["n1"]["days_to_response"] == 0
    # The agreement signed on day 5 is the notice's answer only if no later action owns
    # that day: here the agreement itself is the latest action, and does not answer itself.
    assert got["a1"]["days_to_response"] is None
    got = attribute([(day(0), "cut", "c1")], [], [day(40)])
    assert got["c1"]["days_to_response"] == 40 and got["c1"]["amount"][60] == 0


def test_one_action_per_payment_even_with_two_on_the_same_day():
    actions = [(day(0), "notice", "n1"), (day(0), "cut", "c1")]
    got = attribute(actions, [(day(3), D("70"))], [])
    assert got["c1"]["amount"][15] == D("70") and got["n1"]["amount"][15] == 0
