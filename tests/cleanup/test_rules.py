"""Pure clean-up rules: the holder name key, the prescription threshold, who decides."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from server.cleanup import rules
from server.ledger.rules import prescription_date


def test_the_name_key_ignores_accents_case_spacing_and_word_order():
    keys = {rules.name_key(n) for n in ("María Pérez López", "MARIA PEREZ LOPEZ",
                                        "  lópez   pérez maría ", "Maria Perez Lopez")}
    assert keys == {"LOPEZ MARIA PEREZ"}
    assert rules.name_key("Ñoño Güémez") == "GUEMEZ NONO"
    assert rules.name_key(None) == "" and rules.name_key("   ") == ""


def test_the_accent_table_of_the_sql_key_agrees_with_the_python_key():
    assert len(rules.ACCENTED) == len(rules.PLAIN)
    for accented, plain in zip(rules.ACCENTED, rules.PLAIN):
        assert rules.name_key(accented) == plain.upper()


@pytest.mark.parametrize("years", [5, 10])
def test_the_latest_start_agrees_with_prescription_date_every_day_of_a_leap_span(years):
    # The SQL condition "start <= latest_start_for(as_of)" must say exactly what
    # prescription_date(...) <= as_of says, month ends and 29 February included.
    for as_of in (date(2026, 2, 28), date(2025, 2, 28), date(2026, 3, 31), date(2026, 11, 28),
                  date(2024, 2, 29), date(2026, 4, 30)):
        threshold = rules.latest_start_for(as_of, years)
        start = as_of - timedelta(days=366 * years + 40)
        while start < as_of - timedelta(days=365 * years - 40):
            prescribed = prescription_date(start, None, years=years, max_years=99) <= as_of
            assert prescribed == (start <= threshold), (as_of, start)
            start += timedelta(days=1)


def test_write_offs_need_a_director_who_did_not_propose_them():
    me, other = uuid.uuid4(), uuid.uuid4()
    refuse = rules.decision_refusal
    assert refuse(kind="write_off", proposer_id=me, actor_id=me,
                  actor_roles={"manager", "director"}) == "WRITE_OFF_SAME_PERSON"
    assert refuse(kind="write_off", proposer_id=me, actor_id=other,
                  actor_roles={"manager"}) == "WRITE_OFF_NEEDS_DIRECTOR"
    assert refuse(kind="write_off", proposer_id=me, actor_id=other,
                  actor_roles={"director"}) is None
    assert refuse(kind="reclassification", proposer_id=me, actor_id=me,
                  actor_roles={"manager"}) is None
    assert refuse(kind="reclassification", proposer_id=me, actor_id=other,
                  actor_roles={"director"}) == "RECLASSIFICATION_NEEDS_MANAGER"


def test_every_suspect_kind_explains_itself_in_spanish():
    detail = {"code": "x", "n": 3, "group_key": "K", "date": date(2020, 1, 10),
              "amount": "10.00"}
    for kind in rules.SUSPECT_KINDS:
        assert rules.reason_text(kind, detail, "Doméstico").endswith(".")
