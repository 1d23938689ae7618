"""The pure report rules: the arrears cut-off agrees with months past due, arrears replayed
at a past day, month ranges, ratios and debt ranges."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from server.ledger.rules import months_past_due
from server.reports import rules


@pytest.mark.parametrize("at", [date(2026, 3, 31), date(2026, 2, 28), date(2024, 2, 29),
                                date(2026, 12, 7), date(2026, 1, 1)])
@pytest.mark.parametrize("n", [1, 2, 3, 7, 13])
def test_the_cutoff_is_exactly_where_a_charge_becomes_n_months_late(at, n):
    cut = rules.arrears_cutoff(at, n)
    day = at - timedelta(days=800)
    while day <= at:
        assert (day < cut) == (months_past_due(day, at) >= n), day
        day += timedelta(days=1)


def test_no_minimum_means_no_cutoff():
    assert rules.arrears_cutoff(date(2026, 1, 1), 0) == date.max


def test_arrears_at_a_past_day_add_back_what_was_applied_after_it():
    open_now = [(date(2026, 1, 10), "water", 1000), (date(2026, 3, 10), "sewer", 500)]
    applied = [(date(2026, 1, 10), "water", date(2026, 2, 15), 300),
               (date(2026, 1, 10), "water", date(2026, 1, 20), 700)]
    points = [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    out = rules.fold_arrears(open_now, applied, points, 1)
    assert out[date(2026, 1, 31)] == {"water": 1300}
    assert out[date(2026, 2, 28)] == {"water": 1000}
    assert out[date(2026, 3, 31)] == {"water": 1000, "sewer": 500}


def test_month_helpers():
    assert rules.months_between(date(2025, 11, 20), date(2026, 2, 3)) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert rules.month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    points = rules.trend_points(date(2026, 12, 7))
    assert len(points) == 12 and points[0] == date(2026, 1, 31) and points[-1] == date(2026, 12, 7)


def test_ratios_changes_and_debt_ranges():
    assert rules.ratio(1, 3) == Decimal("0.3333") and rules.ratio(5, 0) is None
    assert rules.change(125, 100) == Decimal("0.2500") and rules.change(1, 0) is None
    assert rules.debt_range_index(Decimal("0.00")) is None
    assert rules.debt_range_index(Decimal("499.99")) == 0
    assert rules.debt_range_index(Decimal("500")) == 1
    assert rules.debt_range_index(Decimal("99999")) == len(rules.DEBT_RANGES) - 1
    assert rules.debt_range_label(Decimal("500"), Decimal("1000")) == "$500 a $1,000"
    assert rules.debt_range_label(Decimal("25000"), None) == "más de $25,000"
