"""PAE pure rules: the date cut-offs SQL uses agree with the day-by-day rules."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from server.ledger.rules import months_past_due, prescription_date
from server.pae import rules

YEARS, MAX_YEARS = 5, 10


def _days(start: date, end: date, step: int = 1):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=step)


def test_the_age_cutoff_is_the_latest_due_date_with_that_many_months_late():
    for as_of in (date(2026, 3, 31), date(2026, 2, 28), date(2024, 2, 29), date(2026, 11, 28)):
        for months in (1, 2, 3, 6, 12, 36, 60):
            cutoff = rules.latest_due_with_months(as_of, months)
            assert months_past_due(cutoff, as_of) >= months
            assert months_past_due(cutoff + timedelta(days=1), as_of) < months
    assert rules.latest_due_with_months(date(2026, 3, 1), 0) is None


def test_the_prescription_cutoffs_say_exactly_what_prescription_date_says():
    on = date(2026, 11, 28)
    start_cut, due_cut = rules.prescription_cutoffs(on, years=YEARS, max_years=MAX_YEARS)
    acts = [None, date(2018, 6, 30), date(2021, 11, 28), date(2021, 11, 29), date(2024, 2, 29)]
    for due in _days(date(2015, 10, 1), date(2022, 3, 1), 3):
        for act in acts:
            expected = prescription_date(due, act, years=YEARS, max_years=MAX_YEARS) <= on
            start = max(due, act) if act else due
            by_cutoff = start <= start_cut or due <= due_cut
            assert by_cutoff == expected, (due, act)


def test_a_formal_act_restarts_the_clock_but_never_beyond_ten_years():
    due = date(2021, 9, 10)
    assert prescription_date(due, None, years=5, max_years=10) == date(2026, 9, 10)
    assert prescription_date(due, date(2024, 3, 1), years=5, max_years=10) == date(2029, 3, 1)
    old = date(2016, 11, 10)
    assert prescription_date(old, date(2024, 3, 1), years=5, max_years=10) == date(2026, 11, 10)


def test_status_warns_six_months_before_and_marks_what_has_prescribed():
    as_of = date(2026, 11, 28)
    assert rules.prescription_status(date(2026, 11, 28), as_of, 6) == "prescribed"
    assert rules.prescription_status(date(2026, 11, 29), as_of, 6) == "warning"
    assert rules.prescription_status(date(2027, 5, 28), as_of, 6) == "warning"
    assert rules.prescription_status(date(2027, 5, 29), as_of, 6) == "ok"
    assert rules.prescription_status(None, as_of, 6) == "ok"


def test_priority_adds_amount_age_class_large_consumer_and_capped_recidivism():
    w = rules.DEFAULT_PRIORITY
    base = dict(debt=Decimal("4999.99"), months=5, property_class="domestic",
                large_consumer=False, recidivism=0, weights=w)
    assert rules.priority_score(**base) == 0
    assert rules.priority_score(**base | {"debt": Decimal("5000.00")}) == 10
    assert rules.priority_score(**base | {"months": 60}) == 30
    assert rules.priority_score(**base | {"property_class": "industrial"}) == 20
    assert rules.priority_score(**base | {"large_consumer": True}) == 10
    assert rules.priority_score(**base | {"recidivism": 2}) == 10
    assert rules.priority_score(**base | {"recidivism": 9}) == 20
