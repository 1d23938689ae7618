"""Pure social-discount rules: every shared fixture (the PWA runs the same files), plus
properties.

No app and no database: these tests never touch the session fixtures.
"""
import json
from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from server.discounts.rules import (
    CURP_DICTIONARY, INPUT_ERRORS, REASON_LABELS, REASONS, AgreementError, age_on,
    curp_check_digit, curp_problems, discount_credit, eligibility_problems, expired,
    missing_documents, renewal_due, to_json, validity)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "discounts"


def load(name):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def cases(name):
    return [pytest.param(c["input"], c["expected"], id=c["name"]) for c in load(name)]


def outcome(fn):
    """The result as JSON, or {"error": code} as the fixtures write it."""
    try:
        return to_json(fn())
    except AgreementError as exc:
        return {"error": exc.code}


@pytest.mark.parametrize(("given_", "expected"), cases("eligibility"))
def test_eligibility_fixture(given_, expected):
    def run():
        reasons = eligibility_problems(given_["program"], given_["applicant"],
                                       given_["account"], given_["as_of"])
        got = {"reasons": reasons}
        if "messages" in expected:
            got["messages"] = [REASON_LABELS[c] for c in reasons]
        return got
    assert outcome(run) == expected


@pytest.mark.parametrize(("given_", "expected"), cases("credit"))
def test_credit_fixture(given_, expected):
    def run():
        if "consumption_m3" in given_:
            return {"credit": discount_credit(given_["program"], given_["charge"],
                                              given_["consumption_m3"])}
        return {"credit": discount_credit(given_["program"], given_["charge"])}
    assert outcome(run) == expected


@pytest.mark.parametrize(("given_", "expected"), cases("curp"))
def test_curp_fixture(given_, expected):
    assert outcome(lambda: {"problems": curp_problems(given_["curp"],
                                                      given_.get("birth_date"))}) == expected


@pytest.mark.parametrize(("given_", "expected"), cases("windows"))
def test_window_fixture(given_, expected):
    def run():
        window = validity(given_["approved_on"], given_["program"])
        return {**window,
                "renewal_due": renewal_due(window["ends_on"], given_["as_of"], given_["program"]),
                "expired": expired(window["ends_on"], given_["as_of"])}
    assert outcome(run) == expected


def test_fixture_files_have_the_promised_spread():
    eligibility, credit, curp, windows = (load(n) for n in ("eligibility", "credit", "curp",
                                                             "windows"))
    assert len(eligibility) >= 25 and len(credit) >= 20
    assert len(curp) >= 15 and len(windows) >= 12
    seen = {code for c in eligibility for code in c["expected"].get("reasons", [])}
    assert seen == set(REASONS)
    assert sum("messages" in c["expected"] for c in eligibility) >= 2
    problems = {code for c in curp for code in c["expected"].get("problems", [])}
    assert problems == {"CURP_FORMAT", "CURP_BIRTH_MISMATCH", "CURP_CHECK_DIGIT"}
    assert sum(c["expected"] == {"problems": []} for c in curp) >= 5  # real-looking, valid


def test_labels_cover_every_code_in_order_and_are_sentences():
    assert list(REASON_LABELS) == list(REASONS) + list(INPUT_ERRORS)
    assert all(label[0].isupper() and label.endswith(".") for label in REASON_LABELS.values())
    assert "usted" in REASON_LABELS["TOO_YOUNG"].lower()


# --- a few cases spelled out, independent of the fixture files ----------------------------

PROGRAM = json.loads((FIXTURES / "eligibility.json").read_text(encoding="utf-8"))[0]["input"][
    "program"]
ROSA = "GONR550312MSRMXS03"
APPLICANT = {"type": "senior", "curp": ROSA, "birth_date": "1955-03-12", "lives_there": True,
             "documents": ["id", "inapam_card", "proof_of_address"]}
ACCOUNT = {"property_class": "domestic", "months_past_due": 0,
           "agreement_in_good_standing": False, "other_accounts_with_curp": []}


def test_dates_and_money_may_come_as_python_values():
    assert eligibility_problems(PROGRAM, {**APPLICANT, "birth_date": date(1955, 3, 12)},
                                ACCOUNT, date(2026, 5, 14)) == []
    assert curp_problems(ROSA, date(1955, 3, 13)) == ["CURP_BIRTH_MISMATCH"]
    charge = {"service": "water", "concept": "consumption", "amount": D("300.00"),
              "consumption_m3": 30}
    assert discount_credit(PROGRAM, charge) == D("100.00")
    assert discount_credit({**PROGRAM, "pct": D("50")}, {**charge, "amount": 300}) == D("100.00")
    window = validity(date(2026, 5, 14), PROGRAM)
    assert window == {"starts_on": date(2026, 5, 14), "ends_on": date(2027, 5, 13)}
    assert renewal_due(window["ends_on"], date(2027, 4, 13), PROGRAM)
    assert not expired(window["ends_on"], "2027-05-13")


def test_missing_documents_in_the_program_order():
    assert missing_documents(PROGRAM, {**APPLICANT, "documents": ["inapam_card"]}) == [
        "id", "proof_of_address"]
    assert missing_documents(PROGRAM, {**APPLICANT, "type": "student", "documents": []}) == []


def test_age_counts_whole_years_and_feb_29_birthdays_come_on_mar_1():
    assert age_on("1960-02-29", "2025-02-28") == 64
    assert age_on("1960-02-29", "2025-03-01") == 65
    assert age_on("1960-02-29", "2024-02-29") == 64  # a leap year: on the day itself
    assert age_on("1966-05-14", "2026-05-14") == 60
    assert age_on("2030-01-01", "2026-05-14") == -4


def test_input_errors_are_value_errors_with_a_code():
    with pytest.raises(ValueError) as err:
        validity("2026-05-14", {**PROGRAM, "validity_days": True})
    assert err.value.code == "INVALID_PROGRAM"
    with pytest.raises(AgreementError) as err:
        discount_credit(PROGRAM, {"service": "water", "concept": "consumption",
                                  "amount": 12.5, "consumption_m3": 3})  # floats never money
    assert err.value.code == "INVALID_AMOUNT"


def test_the_check_digit_of_a_known_curp():
    assert curp_check_digit("GONR550312MSRMXS0") == "3"
    assert curp_check_digit(ROSA) == "3"  # only the first 17 count
    with pytest.raises(AgreementError):
        curp_check_digit("GONR550312")


# --- properties ---------------------------------------------------------------------------

STATES = ("AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS "
          "TL VZ YN ZS NE").split()
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"


@st.composite
def curps(draw):
    """A well-formed CURP with its right check digit, and the birth date it prints."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    letter = st.sampled_from(LETTERS)
    head = (draw(letter) + draw(st.sampled_from("AEIOUX")) + draw(letter) + draw(letter)
            + born.strftime("%y%m%d") + draw(st.sampled_from("HMX"))
            + draw(st.sampled_from(STATES))
            + "".join(draw(st.sampled_from(CONSONANTS)) for _ in range(3))
            + (draw(st.sampled_from("0123456789")) if born.year < 2000
               else draw(st.sampled_from(LETTERS))))
    return head + curp_check_digit(head), born


def reference_check_digit(head):
    total = sum(CURP_DICTIONARY.index(ch) * (18 - i) for i, ch in enumerate(head))
    return (10 - total % 10) % 10


@settings(max_examples=400, deadline=None)
@given(c=curps(), pad=st.sampled_from(["", " ", "\t", "\n ", "\u00a0"]), lower=st.booleans())
def test_a_well_formed_curp_with_its_check_digit_has_no_problems(c, pad, lower):
    text, born = c
    typed = pad + (text.lower() if lower else text) + pad
    assert curp_problems(typed) == []
    assert curp_problems(typed, born) == []
    assert curp_problems(typed, born + timedelta(days=1)) == ["CURP_BIRTH_MISMATCH"]
    assert int(text[17]) == reference_check_digit(text[:17])
    for wrong in "0123456789":
        if wrong != text[17]:
            assert curp_problems(text[:17] + wrong, born) == ["CURP_CHECK_DIGIT"]


@settings(max_examples=300, deadline=None)
@given(c=curps(), i=st.integers(0, 16), other=st.sampled_from(LETTERS + "0123456789"))
def test_the_check_digit_catches_any_single_changed_character(c, i, other):
    text, _ = c
    assume(other != text[i])
    changed = text[:i] + other + text[i + 1:]
    weights_apart = (CURP_DICTIONARY.index(other) - CURP_DICTIONARY.index(text[i])) * (18 - i)
    problems = curp_problems(changed)
    if problems != ["CURP_FORMAT"]:
        assert ("CURP_CHECK_DIGIT" in problems) == (weights_apart % 10 != 0)


@settings(max_examples=500, deadline=None)
@given(cents=st.integers(0, 10**11), used=st.none() | st.integers(0, 10_000),
       cap=st.none() | st.integers(0, 200),
       pct=st.sampled_from(["0", "5", "12.5", "33.333", "50", "75", "99.99", "100"]),
       concept=st.sampled_from(["consumption", "fixed", "surcharge", "fine", "sewer"]),
       service=st.sampled_from(["water", "sewer"]))
def test_the_credit_is_the_capped_share_at_the_percentage_never_more_than_the_charge(
        cents, used, cap, pct, concept, service):
    program = {**PROGRAM, "pct": pct, "monthly_m3_cap": cap}
    amount = D(cents) / 100
    charge = {"service": service, "concept": concept, "amount": f"{amount:.2f}",
              "consumption_m3": used}
    credit = discount_credit(program, charge)
    assert D(0) <= credit <= amount and credit == credit.quantize(D("0.01"))
    if service != "water" or concept in ("surcharge", "fine"):
        assert credit == 0
        return
    # exact arithmetic with fractions, each step rounded half up to the centavo
    def half_up(x: Fraction) -> int:
        return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))
    base = cents if cap is None or used is None or used <= cap else half_up(
        Fraction(cents * cap, used))
    assert credit * 100 == half_up(base * Fraction(D(pct)) / 100)
    # never more than pct of the whole charge, and within a centavo of the exact share
    share = Fraction(cents) * (1 if base == cents else Fraction(cap, used)) * Fraction(D(pct)) / 100
    assert abs(Fraction(credit * 100) - share) <= 1
    assert credit <= discount_credit({**program, "monthly_m3_cap": None}, charge)
    if pct == "100" and (cap is None or used is None or used <= cap):
        assert credit == amount


@settings(max_examples=300, deadline=None)
@given(approved=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       days=st.integers(1, 800), notice=st.integers(0, 90), offset=st.integers(-900, 900))
def test_a_window_lasts_its_days_and_renewal_comes_before_expiry(approved, days, notice, offset):
    program = {**PROGRAM, "validity_days": days, "renewal_notice_days": notice}
    window = validity(approved, program)
    assert window["starts_on"] == approved
    assert (window["ends_on"] - window["starts_on"]).days + 1 == days
    end = window["ends_on"]
    as_of = end + timedelta(days=offset)
    assert not (renewal_due(end, as_of, program) and expired(end, as_of))
    assert renewal_due(end, as_of, program) == (-notice <= offset <= 0)
    assert expired(end, as_of) == (offset > 0)
    due_days = sum(renewal_due(end, end - timedelta(days=k), program) for k in range(notice + 3))
    assert due_days == notice + 1


@settings(max_examples=300, deadline=None)
@given(c=curps(), kind=st.sampled_from(["senior", "disability", "pensioner", "retiree"]),
       months=st.integers(0, 40), agreement=st.booleans(),
       drop=st.sets(st.integers(0, 2)))
def test_an_applicant_who_meets_everything_is_eligible_and_each_lack_adds_its_code(
        c, kind, months, agreement, drop):
    text, born = c
    as_of = date(2026, 5, 14)
    if kind == "senior":
        assume(age_on(born, as_of) >= 60)
    documents = PROGRAM["required_documents"][kind]
    applicant = {"type": kind, "curp": text, "birth_date": born, "lives_there": True,
                 "documents": list(documents)}
    account = {**ACCOUNT, "months_past_due": months, "agreement_in_good_standing": agreement}
    expected = [] if months == 0 or agreement else ["NOT_CURRENT"]
    assert eligibility_problems(PROGRAM, applicant, account, as_of) == expected
    fewer = {**applicant, "documents": [d for i, d in enumerate(documents) if i not in drop]}
    assert eligibility_problems(PROGRAM, fewer, account, as_of) == (
        ["MISSING_DOCUMENTS"] if drop else []) + expected
    assert eligibility_problems(PROGRAM, {**applicant, "lives_there": False},
                                {**account, "other_accounts_with_curp": ["01-0001-001"]},
                                as_of) == ["NOT_LIVING_THERE", "CURP_IN_USE"] + expected
