"""The large-consumer rules: the average of the months with history, the ±30 % band, and
who is on the list."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from server.billing import rules


def test_the_average_covers_only_the_months_with_a_billed_consumption():
    assert rules.average(300, 6) == D("50.00")
    assert rules.average(100, 3) == D("33.33")  # fewer than 6 months of history
    assert rules.average(None, 0) is None  # no history at all
    assert rules.average(0, 4) == D("0.00")


@pytest.mark.parametrize("current, avg, status", [
    (130, D("100"), "within"),   # exactly +30 %: the boundary is within
    (70, D("100"), "within"),    # exactly −30 %
    (131, D("100"), "above"),
    (69, D("100"), "below"),
    (0, D("100"), "below"),      # stopped consuming
    (0, D("0"), "within"),       # zero average, zero consumption
    (5, D("0"), "above"),        # zero average, any consumption: no finite deviation
    (80, None, "no_history"),    # nothing to compare with: must be looked at
    (None, None, "not_metered"),  # fixed fee, never metered: nothing to validate
    (None, D("100"), "below"),   # metered before, no reading this month: counts as 0
])
def test_a_consumption_outside_plus_minus_30_percent_of_its_average_deviates(current, avg,
                                                                              status):
    got, dev = rules.deviation_status(current, avg, D("0.30"))
    assert got == status
    assert rules.needs_validation(got) == (status not in ("within", "not_metered"))
    if status in ("no_history",) or (avg == 0 and current):
        assert dev is None


def test_the_deviation_is_a_fraction_of_the_average():
    assert rules.deviation_status(150, D("100.00"), D("0.30")) == ("above", D("0.5000"))
    assert rules.deviation_status(90, D("120.00"), D("0.30")) == ("within", D("-0.2500"))
    # a tighter band from the settings
    assert rules.deviation_status(115, D("100"), D("0.10"))[0] == "above"


def test_only_non_domestic_accounts_over_the_threshold_or_flagged_by_hand_are_listed():
    kw = {"threshold_m3": 40}
    assert rules.is_large_consumer(property_class="commercial", flagged=False, current_m3=41,
                                   average_m3=D("10"), **kw) == "volume"
    assert rules.is_large_consumer(property_class="industrial", flagged=False, current_m3=0,
                                   average_m3=D("45"), **kw) == "volume"
    assert rules.is_large_consumer(property_class="commercial", flagged=False, current_m3=40,
                                   average_m3=D("40"), **kw) is None  # at, not over
    assert rules.is_large_consumer(property_class="domestic", flagged=False, current_m3=500,
                                   average_m3=D("500"), **kw) is None
    assert rules.is_large_consumer(property_class="domestic", flagged=True, current_m3=3,
                                   average_m3=None, **kw) == "flagged"
    assert rules.is_large_consumer(property_class="commercial", flagged=False, current_m3=60,
                                   average_m3=None, threshold_m3=80) is None


def test_a_validation_holds_only_for_the_consumption_it_was_made_on():
    review = {"action": "validated", "consumption_m3": 120}
    assert rules.review_holds(review, 120)
    assert not rules.review_holds(review, 150)
    assert rules.review_holds({"action": "explained", "consumption_m3": 0}, 0)
    assert not rules.review_holds({"action": "inspection_sent", "consumption_m3": 120}, 120)
    assert not rules.review_holds(None, 120)


def test_the_settings_give_threshold_band_and_months():
    assert rules.settings_values({"threshold_m3": 40, "deviation_pct": "0.30",
                                  "average_months": 6}) == (40, D("0.30"), 6)
    assert rules.settings_values({"threshold_m3": 100, "deviation_pct": "0.2",
                                  "average_months": 0}) == (100, D("0.2"), 1)


def test_a_comparison_sets_the_month_beside_the_previous_and_last_years():
    assert rules.comparison_periods(date(2026, 1, 1)) == {
        "current": date(2026, 1, 1), "previous": date(2025, 12, 1),
        "last_year": date(2025, 1, 1)}
    assert rules.variation(D("110.00"), D("100.00")) == D("0.1000")
    assert rules.variation(5, 0) is None
