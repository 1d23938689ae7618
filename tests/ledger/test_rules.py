"""Pure ledger rules: allocation order and aging boundaries."""
from datetime import date
from decimal import Decimal as D

import pytest

from server.common.settings import DEFAULTS
from server.ledger.rules import (
    OpenItem, accrues_surcharge, allocate, bucket_for, months_past_due, period_end,
    prescription_date, surcharge_amount)

BUCKETS = DEFAULTS["aging_buckets"]


def test_a_payment_goes_to_the_oldest_due_charge_first():
    items = [OpenItem(2, date(2026, 3, 10), "fixed", D("100.00")),
             OpenItem(1, date(2026, 2, 10), "fixed", D("100.00"))]
    applied, rest = allocate(D("150.00"), items)
    assert applied == [(1, D("100.00")), (2, D("50.00"))]
    assert rest == D("0.00")


def test_within_one_due_date_accessories_are_paid_before_principal():
    items = [OpenItem(1, date(2026, 2, 10), "fixed", D("100.00")),
             OpenItem(2, date(2026, 2, 10), "surcharge", D("2.00")),
             OpenItem(3, date(2026, 2, 10), "enforcement_costs", D("5.00"))]
    applied, _ = allocate(D("10.00"), items)
    assert applied == [(3, D("5.00")), (2, D("2.00")), (1, D("3.00"))]


def test_money_beyond_the_debt_stays_unapplied_not_lost():
    applied, rest = allocate(D("500.00"), [OpenItem(1, date(2026, 1, 1), "fixed", D("120.50"))])
    assert applied == [(1, D("120.50"))]
    assert rest == D("379.50")


def test_a_zero_or_negative_payment_is_refused():
    with pytest.raises(ValueError):
        allocate(D("0"), [])


@pytest.mark.parametrize("due, as_of, months", [
    (date(2026, 3, 10), date(2026, 3, 10), 0),   # due today: not overdue
    (date(2026, 3, 10), date(2026, 3, 9), 0),    # not yet due
    (date(2026, 3, 10), date(2026, 3, 11), 1),   # one day late
    (date(2026, 3, 10), date(2026, 4, 10), 1),   # exactly one month late
    (date(2026, 3, 10), date(2026, 4, 11), 2),   # one month and a day
    (date(2026, 3, 10), date(2026, 6, 10), 3),   # exactly three months
    (date(2026, 3, 10), date(2026, 6, 11), 4),
    (date(2026, 1, 31), date(2026, 2, 28), 1),   # month-end clamps
    (date(2026, 1, 31), date(2026, 3, 1), 2),
    (date(2024, 1, 31), date(2024, 2, 29), 1),   # leap year
    (date(2021, 3, 10), date(2026, 3, 10), 60),  # exactly five years
    (date(2021, 3, 10), date(2026, 3, 11), 61),
])
def test_months_past_due_counts_each_month_or_fraction(due, as_of, months):
    assert months_past_due(due, as_of) == months


@pytest.mark.parametrize("months, bucket", [
    (0, "current"), (1, "1"), (2, "2"), (3, "3"), (4, "4-6"), (6, "4-6"), (7, "7-12"),
    (12, "7-12"), (13, "13-24"), (24, "13-24"), (25, "25-36"), (36, "25-36"),
    (37, "37-60"), (60, "37-60"), (61, ">60"), (400, ">60"),
])
def test_aging_buckets_have_no_gaps_at_their_boundaries(months, bucket):
    assert bucket_for(months, BUCKETS) == bucket


def test_surcharge_is_two_percent_rounded_half_up_to_the_centavo():
    assert surcharge_amount(D("100.25"), D("0.02")) == D("2.01")  # 2.005 → 2.01
    assert surcharge_amount(D("100.24"), D("0.02")) == D("2.00")


def test_a_charge_accrues_surcharge_only_once_past_due_and_up_to_the_cap():
    end = period_end(date(2026, 4, 1))
    assert end == date(2026, 4, 30)
    assert accrues_surcharge(date(2026, 4, 10), end, 60)
    assert not accrues_surcharge(date(2026, 4, 30), end, 60)  # due on the last day
    assert not accrues_surcharge(date(2026, 5, 10), end, 60)
    assert accrues_surcharge(date(2021, 4, 30), end, 60)      # exactly 60 months
    assert not accrues_surcharge(date(2021, 4, 29), end, 60)  # 61st month


def test_period_end_handles_december_and_february():
    assert period_end(date(2026, 12, 1)) == date(2026, 12, 31)
    assert period_end(date(2028, 2, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize("end, cap", [(date(2026, 4, 30), 60), (date(2026, 2, 28), 2),
                                      (date(2024, 2, 29), 1), (date(2026, 3, 31), 13)])
def test_the_earliest_due_date_still_accruing_is_the_cap_boundary(end, cap):
    from datetime import timedelta

    from server.ledger.rules import earliest_due_accruing

    first = earliest_due_accruing(end, cap)
    assert months_past_due(first, end) <= cap
    assert months_past_due(first - timedelta(days=1), end) > cap


@pytest.mark.parametrize("due, act, expected", [
    (date(2020, 3, 10), None, date(2025, 3, 10)),                 # five years from due
    (date(2020, 3, 10), date(2019, 1, 1), date(2025, 3, 10)),     # an act before: no effect
    (date(2020, 3, 10), date(2023, 6, 1), date(2028, 6, 1)),      # restarted by the act
    (date(2020, 3, 10), date(2027, 1, 1), date(2030, 3, 10)),     # never past ten years
    (date(2020, 2, 29), None, date(2025, 2, 28)),                 # leap day: month end
])
def test_prescription_date(due, act, expected):
    assert prescription_date(due, act, years=5, max_years=10) == expected
