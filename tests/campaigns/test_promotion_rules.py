"""Promotion eligibility (pure): every shared fixture (the PWA runs the same file), plus
properties.

No app and no database: these tests never touch the session fixtures.
"""
import json
from datetime import date, datetime, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.agreements.rules import AgreementError
from server.campaigns.rules import (
    PROMOTION_REASON_LABELS, eligible_promotions, promotion_applies)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "promotions"
CASES = json.loads((FIXTURES / "eligibility.json").read_text(encoding="utf-8"))
CODES = ["INACTIVE", "NOT_YET_VALID", "EXPIRED", "CLASS_NOT_ELIGIBLE",
         "NEIGHBORHOOD_NOT_ELIGIBLE", "TOO_FEW_MONTHS", "TOO_MANY_MONTHS", "DEBT_BELOW_MINIMUM",
         "DEBT_ABOVE_MAXIMUM", "PRIOR_BENEFICIARY"]


def outcome(given_, expected):
    """The result as the fixture writes it: {reasons} (with their labels when the case has
    them) for one promotion, {eligible: ids} for a list, or {error: code}."""
    try:
        if "promotion" in given_:
            reasons = promotion_applies(given_["promotion"], given_["facts"], given_["as_of"])
            got = {"reasons": reasons}
            if "messages" in expected:
                got["messages"] = [PROMOTION_REASON_LABELS[c] for c in reasons]
            return got
        kept = eligible_promotions(given_["promotions"], given_["facts"], given_["as_of"])
        return {"eligible": [p["id"] for p in kept]}
    except AgreementError as exc:
        return {"error": exc.code}


@pytest.mark.parametrize(("given_", "expected"),
                         [pytest.param(c["input"], c["expected"], id=c["name"]) for c in CASES])
def test_eligibility_fixture(given_, expected):
    assert outcome(given_, expected) == expected


def test_fixture_file_has_the_promised_spread():
    assert len(CASES) >= 30
    seen = {code for c in CASES for code in c["expected"].get("reasons", [])}
    assert seen == set(CODES)
    assert sum("promotions" in c["input"] for c in CASES) >= 5
    assert any(c["expected"].get("reasons") == CODES and "messages" in c["expected"]
               for c in CASES)


def test_labels_cover_every_code_in_order_and_are_sentences():
    assert list(PROMOTION_REASON_LABELS) == CODES
    assert all(label[0].isupper() and label.endswith(".")
               for label in PROMOTION_REASON_LABELS.values())


# --- a few cases spelled out, independent of the fixture file -----------------------------

OPEN = {"id": 1, "name": "Recargos al 100%", "kind": "pct_off_accessories", "pct": "100",
        "concepts": None, "valid_from": None, "valid_until": None, "active": True,
        "eligibility": {}}
ACCOUNT = {"property_class": "domestic", "neighborhood_id": 4, "months_past_due": 3,
           "debt": "1500.00", "prior_promotions": []}


def test_dates_and_money_may_come_as_python_values():
    promo = {**OPEN, "valid_from": date(2026, 3, 1), "valid_until": date(2026, 3, 31),
             "eligibility": {"min_debt": D("1500.00"), "max_debt": 1500}}
    facts = {**ACCOUNT, "debt": D("1500")}
    assert promotion_applies(promo, facts, date(2026, 3, 31)) == []
    assert promotion_applies(promo, facts, date(2026, 4, 1)) == ["EXPIRED"]
    assert promotion_applies(promo, {**facts, "debt": D("1500.001")},
                             "2026-03-15") == ["DEBT_ABOVE_MAXIMUM"]  # exact, never rounded


def test_a_datetime_or_a_float_is_refused():
    with pytest.raises(AgreementError) as err:
        promotion_applies(OPEN, ACCOUNT, datetime(2026, 3, 1, 12, 0))
    assert err.value.code == "INVALID_DATE"
    with pytest.raises(ValueError) as err:
        promotion_applies(OPEN, {**ACCOUNT, "debt": 1500.0}, "2026-03-01")
    assert err.value.code == "INVALID_AMOUNT"


def test_eligible_promotions_returns_the_same_objects_in_order():
    late = {**OPEN, "id": 2, "eligibility": {"min_months_past_due": 6}}
    third = {**OPEN, "id": 3}
    kept = eligible_promotions([third, late, OPEN], ACCOUNT, "2026-03-01")
    assert kept == [third, OPEN] and kept[0] is third


# --- properties ---------------------------------------------------------------------------

money_text = st.integers(0, 10**11).map(lambda c: f"{c // 100}.{c % 100:02d}")
ids = st.one_of(st.integers(0, 50), st.text(min_size=1, max_size=8))


@st.composite
def open_promotion_and_day(draw):
    """An active promotion with no limits, and a day within its dates (either may be open)."""
    as_of = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
    before = draw(st.one_of(st.none(), st.integers(0, 400)))
    after = draw(st.one_of(st.none(), st.integers(0, 400)))
    eligibility = draw(st.sampled_from([
        {},
        {"property_classes": [], "neighborhood_ids": [], "min_months_past_due": None,
         "max_months_past_due": None, "min_debt": None, "max_debt": None,
         "exclude_prior_beneficiaries": False},
    ]))
    promotion = {
        "id": draw(ids), "name": "p",
        "kind": draw(st.sampled_from(["pct_off_accessories", "pct_off_principal", "freeze"])),
        "pct": "100", "concepts": None,
        "valid_from": None if before is None else (as_of - timedelta(days=before)).isoformat(),
        "valid_until": None if after is None else (as_of + timedelta(days=after)).isoformat(),
        "active": True, "eligibility": eligibility}
    return promotion, draw(st.sampled_from([as_of, as_of.isoformat()]))


accounts = st.fixed_dictionaries({
    "property_class": st.one_of(st.none(), st.sampled_from(
        ["domestic", "commercial", "industrial", "public", "vacant_lot"]), st.text(max_size=12)),
    "neighborhood_id": st.one_of(st.none(), st.integers(0, 10**6)),
    "months_past_due": st.integers(0, 600),
    "debt": money_text,
    "prior_promotions": st.lists(ids, max_size=5),
})


@settings(max_examples=400, deadline=None)
@given(pd=open_promotion_and_day(), facts=accounts)
def test_an_active_promotion_without_limits_within_its_dates_applies_to_every_account(pd, facts):
    promotion, as_of = pd
    facts = {**facts, "prior_promotions": [*facts["prior_promotions"], promotion["id"]]}
    assert promotion_applies(promotion, facts, as_of) == []
    assert eligible_promotions([promotion], facts, as_of) == [promotion]


@settings(max_examples=300, deadline=None)
@given(facts=accounts, lows=st.lists(st.tuples(st.integers(0, 24), money_text), max_size=6))
def test_eligible_promotions_keeps_exactly_those_without_reasons_in_order(facts, lows):
    promotions = [{**OPEN, "id": i, "eligibility": {"min_months_past_due": m, "min_debt": d}}
                  for i, (m, d) in enumerate(lows)]
    kept = eligible_promotions(promotions, facts, "2026-03-15")
    assert kept == [p for p in promotions if not promotion_applies(p, facts, "2026-03-15")]
    for p in promotions:  # the inclusive minimums, compared exactly
        reasons = promotion_applies(p, facts, "2026-03-15")
        assert ("TOO_FEW_MONTHS" in reasons) == (facts["months_past_due"] < p["eligibility"][
            "min_months_past_due"])
        assert ("DEBT_BELOW_MINIMUM" in reasons) == (D(facts["debt"]) < D(p["eligibility"][
            "min_debt"]))
