"""Pure agreement rules: every shared fixture (the PWA runs the same files), plus properties.

No app and no database: these tests never touch the session fixtures.
"""
import json
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.agreements.rules import (
    AgreementError, build_schedule, canonical_json, class_terms, min_down_payment,
    payoff_quote, terms_hash, to_json, validate_terms, verification_code)
from server.common.clock import add_months

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agreements"


def cases(name):
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return [pytest.param(c["input"], c["expected"], id=c["name"]) for c in data]


def outcome(fn):
    """The result as JSON, or {"error": code} as the fixtures write it."""
    try:
        return to_json(fn())
    except AgreementError as exc:
        return {"error": exc.code}


@pytest.mark.parametrize(("given_", "expected"), cases("schedules"))
def test_schedule_fixture(given_, expected):
    assert outcome(lambda: build_schedule(
        given_["agreed_debt"], given_["down_payment"], given_["installments"],
        given_["start_date"], given_["first_due"])) == expected


@pytest.mark.parametrize(("given_", "expected"), cases("quotes"))
def test_quote_fixture(given_, expected):
    assert outcome(lambda: payoff_quote(
        given_["lines"], given_["promotions"], given_["as_of"])) == expected


@pytest.mark.parametrize(("given_", "expected"), cases("validation"))
def test_validation_fixture(given_, expected):
    assert validate_terms(
        given_["policy"], given_["property_class"], given_["role"], given_["agreed_debt"],
        given_["down_payment"], given_["installments"], given_["waivers"],
        given_["promotions_applied"]) == expected


@pytest.mark.parametrize(("given_", "expected"), cases("hashes"))
def test_hash_fixture(given_, expected):
    def run():
        canonical = canonical_json(given_["terms"])
        digest = terms_hash(given_["terms"])
        return {"canonical": canonical, "hash": digest, "code": verification_code(digest)}
    assert outcome(run) == expected


def test_fixture_files_have_the_promised_spread():
    counts = {n: len(json.loads((FIXTURES / f"{n}.json").read_text(encoding="utf-8")))
              for n in ("schedules", "quotes", "validation", "hashes")}
    assert counts["schedules"] >= 40 and counts["quotes"] >= 15
    assert counts["validation"] >= 15 and counts["hashes"] >= 5


# --- a few cases spelled out, independent of the fixture files ----------------------------

def test_a_31st_is_clamped_each_month_but_never_drifts():
    dues = [p["due_date"] for p in build_schedule(D("1200.00"), D("0"), 5, date(2026, 1, 1),
                                                  date(2026, 1, 31))]
    assert dues == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
                    date(2026, 5, 31)]
    leap = [p["due_date"] for p in build_schedule(D("300.00"), D("0"), 3, date(2028, 1, 1),
                                                  date(2028, 1, 31))]
    assert leap == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]


def test_the_remainder_goes_on_the_last_installment_only():
    parts = build_schedule(D("100.00"), D("20.00"), 3, date(2026, 1, 1), date(2026, 2, 1))
    assert [(p["number"], p["kind"], p["amount"]) for p in parts] == [
        (0, "down_payment", D("20.00")), (1, "installment", D("26.66")),
        (2, "installment", D("26.66")), (3, "installment", D("26.68"))]


def test_schedule_errors_carry_a_code_and_are_value_errors():
    with pytest.raises(ValueError) as err:
        build_schedule(D("100.00"), D("20.00"), 0, date(2026, 1, 1), None)
    assert err.value.code == "INSTALLMENTS_REQUIRED"


def test_quote_rounds_half_up_and_stacks_on_what_remains():
    quote = payoff_quote(
        [{"service": "water", "concept": "surcharge", "amount": "0.03"}],
        [{"id": 1, "name": "x", "kind": "pct_off_accessories", "pct": "50", "concepts": None,
          "valid_until": None}], date(2026, 2, 10))
    assert quote["lines"][0]["discount"] == D("0.02") and quote["total"] == D("0.01")
    assert quote["valid_until"] == date(2026, 2, 28)


def test_policy_terms_by_class_and_minimum_down_payment():
    policy = json.loads((FIXTURES / "validation.json").read_text(encoding="utf-8"))[0]["input"][
        "policy"]
    assert class_terms(policy, "domestic")["max_installments"] == 12
    assert class_terms(policy, "commercial")["max_installments"] == 6
    assert min_down_payment(policy, "domestic", D("1000.01")) == D("200.01")


def test_terms_hash_takes_decimal_and_date_as_their_json_strings():
    native = {"agreed_debt": D("1234.5"), "start_date": date(2026, 3, 1), "holder": "Peña"}
    as_json = {"agreed_debt": "1234.50", "start_date": "2026-03-01", "holder": "Peña"}
    assert canonical_json(native) == '{"agreed_debt":"1234.50","holder":"Peña","start_date":"2026-03-01"}'
    assert terms_hash(native) == terms_hash(as_json)
    assert verification_code("1a2b3c4d5e6f" + "0" * 52) == "1A2B-3C4D-5E6F"


# --- properties ---------------------------------------------------------------------------

POLICY = {"classes": {"domestic": {"down_payment_min_pct": "20", "max_installments": 12,
                                   "grace_days": 10},
                      "default": {"down_payment_min_pct": "20", "max_installments": 6,
                                  "grace_days": 10}}}


@st.composite
def terms(draw):
    """Any debt from 0.01 to 2,000,000.00, a down payment and a term within policy."""
    debt = D(draw(st.integers(1, 200_000_000))) / 100
    property_class = draw(st.sampled_from(["domestic", "commercial"]))
    most = class_terms(POLICY, property_class)["max_installments"]
    minimum = min_down_payment(POLICY, property_class, debt)
    down = D(draw(st.integers(int(minimum * 100), int(debt * 100)))) / 100
    rest_cents = int((debt - down) * 100)
    if rest_cents == 0:
        n = 0
    else:
        n = draw(st.integers(1, min(most, rest_cents)))  # at least a centavo each
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)))
    first = start + timedelta(days=draw(st.integers(0, 62)))
    return property_class, debt, down, n, start, first


@settings(max_examples=400, deadline=None)
@given(t=terms())
def test_a_schedule_within_policy_adds_up_exactly_and_is_well_formed(t):
    property_class, debt, down, n, start, first = t
    parts = build_schedule(debt, down, n, start, first)
    assert sum(p["amount"] for p in parts) == debt
    assert all(p["amount"] > 0 for p in parts)
    assert all(p["amount"] == p["amount"].quantize(D("0.01")) for p in parts)
    installments = [p for p in parts if p["kind"] == "installment"]
    assert len(installments) == n
    assert [p["number"] for p in installments] == list(range(1, n + 1))
    assert (parts[0]["kind"] == "down_payment") == (down > 0)
    dues = [p["due_date"] for p in installments]
    assert dues == [add_months(first, k) for k in range(n)]  # from the first, never chained
    assert all(a < b for a, b in zip(dues, dues[1:]))
    assert all(d >= start for d in dues)
    for due in dues:  # the original day, or the month's last day when it has no such day
        assert due.day == first.day or (due.day < first.day and (due + timedelta(days=1)).day == 1)
    if installments:
        amounts = [p["amount"] for p in installments]
        assert len(set(amounts[:-1])) <= 1
        assert D(0) <= amounts[-1] - amounts[0] < D(n) / 100
    assert build_schedule(debt, down, n, start, first) == parts  # deterministic
    assert validate_terms(POLICY, property_class, "clerk", debt, down, n, [], []) == []


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(st.integers(0, 50_000_000), max_size=12),
       pcts=st.lists(st.sampled_from(["0", "5", "10", "33.333", "50", "99.99", "100"]),
                     max_size=3))
def test_a_quote_never_goes_below_zero_and_adds_up(amounts, pcts):
    concepts = ["surcharge", "consumption", "fine", "sewer"]
    lines = [{"service": ["water", "sewer"][i % 2], "concept": concepts[i % 4],
              "amount": D(a) / 100} for i, a in enumerate(amounts)]
    promos = [{"id": i, "name": "p", "kind": ["pct_off_accessories", "pct_off_principal"][i % 2],
               "pct": p, "concepts": None, "valid_until": None} for i, p in enumerate(pcts)]
    quote = payoff_quote(lines, promos, date(2026, 5, 14))
    assert all(line["net"] >= 0 and line["discount"] >= 0 for line in quote["lines"])
    assert all(line["net"] + line["discount"] == line["amount"] for line in quote["lines"])
    assert quote["total"] + quote["discount_total"] == sum((line["amount"] for line in lines), D(0))
    assert sum(quote["by_service"].values(), D(0)) == quote["total"]
