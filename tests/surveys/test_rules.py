"""Pure survey rules: every shared fixture (the PWA runs the same files), plus edge cases
and properties. No app and no database."""
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.surveys.rules import (ANSWER_CODES, ANSWER_LABELS, FORM_LABELS, answer_items,
                                  answer_problems, complaint_summary, complaints,
                                  form_problems, sampled, triggers_problems,
                                  visible_questions)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "surveys"
RULES = json.loads((FIXTURES / "rules.json").read_text(encoding="utf-8"))
FORMS = json.loads((FIXTURES / "forms.json").read_text(encoding="utf-8"))


def test_the_fixture_is_broad():
    assert len(RULES) >= 40
    kinds = {q["kind"] for c in RULES for q in c["questions"]}
    assert kinds == {"single", "multiple", "scale", "yes_no", "number", "text"}
    codes = {p["code"] for c in RULES for p in c["problems"]}
    assert codes == set(ANSWER_CODES)
    assert sum(1 for c in RULES if c["complaints"]) >= 10


@pytest.mark.parametrize("case", RULES, ids=[c["name"] for c in RULES])
def test_rules_fixture(case):
    qs, answers = case["questions"], case["answers"]
    assert visible_questions(qs, answers) == case["visible"]
    assert answer_problems(qs, answers) == case["problems"]
    assert complaints(qs, answers, case["complaint_threshold"]) == case["complaints"]


@pytest.mark.parametrize("case", FORMS, ids=[c["name"] for c in FORMS])
def test_forms_fixture(case):
    assert form_problems(case["questions"], case["complaint_threshold"]) == case["problems"]


def test_every_code_has_its_spanish_label():
    assert set(ANSWER_LABELS) == set(ANSWER_CODES)
    assert {p["code"] for c in FORMS for p in c["problems"]} <= set(FORM_LABELS)


SCALE = {"id": "sat", "kind": "scale", "label": "¿Qué tan satisfecho está con el servicio?",
         "required": True, "satisfaction": True, "show_if": None}
TEXT = {"id": "queja", "kind": "text", "label": "Describa su queja", "required": False,
        "complaint": True, "show_if": None}


def test_minimal_questions_without_optional_keys_work():
    """A question written with only its needed keys (no options, no flags) is read as
    optional, with no condition and no complaint."""
    qs = [{"id": "a", "kind": "yes_no", "label": "¿A?"},
          {"id": "b", "kind": "text", "label": "¿B?", "show_if": {"question": "a",
                                                                 "equals": True}}]
    assert visible_questions(qs, {}) == ["a"]
    assert answer_problems(qs, {}) == []
    assert complaints(qs, {"a": True, "b": "x"}) == []
    assert form_problems(qs) == []


def test_a_condition_on_a_malformed_show_if_hides_the_question():
    qs = [{"id": "a", "kind": "yes_no", "label": "¿A?"},
          {"id": "b", "kind": "text", "label": "¿B?", "show_if": {"equals": True}},
          {"id": "c", "kind": "text", "label": "¿C?", "show_if": "a"}]
    assert visible_questions(qs, {"a": True}) == ["a"]
    assert [p["code"] for p in form_problems(qs)] == ["SHOW_IF_UNKNOWN", "SHOW_IF_UNKNOWN"]


def test_a_form_that_is_not_a_list_or_holds_garbage_is_reported_not_raised():
    assert form_problems(None) == [{"question": None, "code": "NO_QUESTIONS"}]
    assert form_problems([1, {"id": ["x"], "kind": "text", "label": "¿?"}], 2) == [
        {"question": None, "code": "NOT_A_QUESTION"}, {"question": None, "code": "BAD_ID"}]
    assert form_problems([{"id": "a", "kind": "yes_no", "label": "¿A?"}], "2") == [
        {"question": None, "code": "BAD_THRESHOLD"}]


def test_the_inbox_summary_is_spanish_and_names_the_score_or_the_text():
    qs = [SCALE, TEXT]
    answers = {"sat": 1, "queja": "  El cortador fue grosero  "}
    ids = complaints(qs, answers)
    assert ids == ["sat", "queja"]
    assert complaint_summary(qs, answers, ids) == (
        "Calificó 1/5: ¿Qué tan satisfecho está con el servicio? · "
        "Describa su queja: «El cortador fue grosero»")
    single = [{"id": "trato", "kind": "multiple", "label": "¿Qué pasó?", "complaint": True,
               "options": [{"value": "grosero", "label": "Lo trataron mal"},
                           {"value": "cobro", "label": "Le pidieron dinero"},
                           {"value": "nada", "label": "Nada"}],
               "complaint_values": ["grosero", "cobro"]},
              {"id": "mal", "kind": "yes_no", "label": "¿Lo trataron mal?", "complaint": True}]
    answers = {"trato": ["nada", "cobro"], "mal": True}
    assert complaint_summary(single, answers, complaints(single, answers)) == (
        "¿Qué pasó?: Le pidieron dinero · Respondió «Sí»: ¿Lo trataron mal?")


def test_answer_items_are_what_the_results_count():
    qs = [SCALE, TEXT,
          {"id": "m", "kind": "multiple", "label": "¿M?", "options": [
              {"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
          {"id": "n", "kind": "number", "label": "¿N?", "min": 0},
          {"id": "y", "kind": "yes_no", "label": "¿Y?"},
          {"id": "s", "kind": "single", "label": "¿S?", "options": [
              {"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
          {"id": "h", "kind": "text", "label": "¿H?", "show_if": {"question": "y",
                                                                  "equals": True}}]
    answers = {"sat": 4.0, "queja": "  ", "m": ["b", "a", "b"], "n": 2.5, "y": False,
               "s": "z", "h": "escondida"}
    assert answer_items(qs, answers) == [
        ("sat", "4", Decimal("4.0000")), ("m", "b", None), ("m", "a", None),
        ("n", None, Decimal("2.5000")), ("y", "false", None)]


def test_triggers():
    assert triggers_problems({"standalone": True, "events": ["reconnection", "agreement"]}) == []
    assert triggers_problems({"events": ["boda"]}) == ["BAD_TRIGGERS"]
    assert triggers_problems({"events": ["agreement", "agreement"]}) == ["BAD_TRIGGERS"]
    assert triggers_problems([]) == ["BAD_TRIGGERS"]


def test_the_sample_is_stable_and_near_its_percentage():
    stops = [f"00000000-0000-4000-8000-{i:012d}" for i in range(2000)]
    first = [s for s in stops if sampled("form-1", s, 30)]
    assert first == [s for s in stops if sampled("form-1", s, 30)]
    assert 500 <= len(first) <= 700
    assert all(sampled("form-1", s, 100) for s in stops)
    assert set(first) <= {s for s in stops if sampled("form-1", s, 60)}  # nested samples
    assert first != [s for s in stops if sampled("form-2", s, 30)]  # another form, others


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10, 10),
                   st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                   st.lists(st.sampled_from(["fuga", "trato", "x"]), max_size=3))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([c["id"] for c in RULES[0]["questions"]] + ["otra"]),
                       VALUES))
def test_any_answers_give_known_codes_and_complaints_only_on_shown_valid_answers(answers):
    qs = RULES[0]["questions"]
    shown = visible_questions(qs, answers)
    problems = answer_problems(qs, answers)
    assert {p["code"] for p in problems} <= set(ANSWER_CODES)
    assert len({p["question"] for p in problems}) == len(problems)
    bad = {p["question"] for p in problems}
    assert set(complaints(qs, answers)) <= set(shown) - bad
    assert {qid for qid, _, _ in answer_items(qs, answers)} <= set(shown) - bad
