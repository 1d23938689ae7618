"""The pure check of a program's rules as the manager edits them (program_problems): a
table of good and bad programs, each bad one with the field it names and its Spanish
message; a program that passes is one the pure rules can always work with."""
from __future__ import annotations

import copy
from datetime import date

import pytest

from server.discounts import rules
from server.discounts.defaults import DEFAULT_PROGRAM_RULES
from server.discounts.program_rules import PROGRAM_KEYS, REQUIRED_KEYS, program_problems


def _with(**changes) -> dict:
    program = copy.deepcopy(DEFAULT_PROGRAM_RULES)
    for key, value in changes.items():
        if value is ...:
            program.pop(key)
        else:
            program[key] = value
    return program


SENIOR_ONLY = {"beneficiary_types": ["senior"],
               "required_documents": {"senior": ["id", "inapam_card"]}}

GOOD = [
    pytest.param(_with(), id="the default program (DOMAIN.md)"),
    pytest.param(_with(pct="12.5", monthly_m3_cap=None), id="pct with a decimal, no cap"),
    pytest.param(_with(pct="100", monthly_m3_cap=1000), id="pct 100, the largest cap"),
    pytest.param(_with(pct="0.01", monthly_m3_cap=1), id="the smallest pct and cap"),
    pytest.param(_with(**SENIOR_ONLY, min_age={"senior": 65}), id="one type"),
    pytest.param(_with(required_documents={"senior": [], "disability": ["other"],
                                           "pensioner": [], "retiree": []}),
                 id="documents may be none"),
    pytest.param(_with(min_age=...), id="no min_age at all"),
    pytest.param(_with(min_age={}), id="no minimum age"),
    pytest.param(_with(min_age={"senior": 0, "retiree": 120}), id="ages 0 and 120"),
    pytest.param(_with(services=["water", "sewer", "sanitation"],
                       property_classes=["domestic", "mixed", "vacant_lot"]),
                 id="every service, several classes"),
    pytest.param(_with(requires_current_or_agreement=False), id="no current requirement"),
    pytest.param(_with(validity_days=30, renewal_notice_days=29), id="shortest validity"),
    pytest.param(_with(validity_days=1095, renewal_notice_days=120), id="longest validity"),
    pytest.param(_with(renewal_notice_days=0), id="no renewal notice"),
    pytest.param(_with(checklist=["id_matches", {"key": "pets", "label": "Hay perros"},
                                  {"key": "roof"}]), id="a checklist"),
]


@pytest.mark.parametrize("program", GOOD)
def test_good_programs_have_no_problems_and_the_rules_work_with_them(program):
    assert program_problems(program) == {}
    # What the pure rules read never raises for a program that passed.
    window = rules.validity(date(2026, 1, 31), program)
    assert rules.renewal_due(window["ends_on"], window["ends_on"], program) is True
    credit = rules.discount_credit(program, {"service": "water", "concept": "consumption",
                                             "amount": "100.00", "consumption_m3": 2000})
    assert credit >= 0
    rules.eligibility_problems(program, {"type": "senior", "curp": "X", "lives_there": True,
                                         "birth_date": "1950-01-01", "documents": []},
                               {"property_class": "domestic", "months_past_due": 0}, "2026-01-01")


TYPES = "Tipo de beneficiario desconocido: «{}»."
BAD = [
    # field, the program, the message
    ("beneficiary_types", _with(beneficiary_types=[]), "Elija al menos un tipo de beneficiario."),
    ("beneficiary_types", _with(beneficiary_types=["senior", "child"]), TYPES.format("child")),
    ("beneficiary_types", _with(beneficiary_types="senior"), "Se esperaba una lista."),
    ("beneficiary_types", _with(beneficiary_types=["senior", "senior", "retiree"]),
     "Un tipo de beneficiario está repetido."),
    ("pct", _with(pct=50), "Escriba el porcentaje como texto, por ejemplo «50» o «12.5»."),
    ("pct", _with(pct=50.5), "Escriba el porcentaje como texto, por ejemplo «50» o «12.5»."),
    ("pct", _with(pct="12.345"), "El porcentaje debe ser un número con hasta dos decimales, "
                                 "por ejemplo «50» o «12.5»."),
    ("pct", _with(pct="-5"), "El porcentaje debe ser un número con hasta dos decimales, "
                             "por ejemplo «50» o «12.5»."),
    ("pct", _with(pct="1e2"), "El porcentaje debe ser un número con hasta dos decimales, "
                              "por ejemplo «50» o «12.5»."),
    ("pct", _with(pct="0"), "El porcentaje debe ser mayor que 0 y como máximo 100."),
    ("pct", _with(pct="0.00"), "El porcentaje debe ser mayor que 0 y como máximo 100."),
    ("pct", _with(pct="100.01"), "El porcentaje debe ser mayor que 0 y como máximo 100."),
    ("services", _with(services=[]), "Elija al menos un servicio."),
    ("services", _with(services=["water", "other"]), "Servicio desconocido: «other»."),
    ("services", _with(services=[{"water": 1}]), "Servicio desconocido: «{'water': 1}»."),
    ("monthly_m3_cap", _with(monthly_m3_cap=0), "El tope mensual debe ser un número entero "
                                                "de 1 a 1000 m³, o vacío (sin tope)."),
    ("monthly_m3_cap", _with(monthly_m3_cap=1001), "El tope mensual debe ser un número entero "
                                                   "de 1 a 1000 m³, o vacío (sin tope)."),
    ("monthly_m3_cap", _with(monthly_m3_cap=20.5), "El tope mensual debe ser un número entero "
                                                   "de 1 a 1000 m³, o vacío (sin tope)."),
    ("monthly_m3_cap", _with(monthly_m3_cap="20"), "El tope mensual debe ser un número entero "
                                                   "de 1 a 1000 m³, o vacío (sin tope)."),
    ("monthly_m3_cap", _with(monthly_m3_cap=True), "El tope mensual debe ser un número entero "
                                                   "de 1 a 1000 m³, o vacío (sin tope)."),
    ("property_classes", _with(property_classes=[]), "Elija al menos una clase de predio."),
    ("property_classes", _with(property_classes=["domestic", "castle"]),
     "Clase de predio desconocida: «castle»."),
    ("required_documents", _with(required_documents=["id"]), "Se esperaba un objeto."),
    ("required_documents", _with(required_documents={
        **DEFAULT_PROGRAM_RULES["required_documents"], "child": []}), TYPES.format("child")),
    ("required_documents.senior", _with(required_documents={
        k: v for k, v in DEFAULT_PROGRAM_RULES["required_documents"].items() if k != "senior"}),
     "Falta la lista de documentos de este tipo (puede quedar vacía)."),
    ("required_documents.pensioner", _with(**{**SENIOR_ONLY, "required_documents": {
        "senior": ["id"], "pensioner": ["id"]}}),
     "El programa no incluye a «Pensionado(a)»; quite sus documentos."),
    ("required_documents.senior", _with(**{**SENIOR_ONLY, "required_documents": {
        "senior": ["id", "passport"]}}), "Documento desconocido: «passport»."),
    ("required_documents.senior", _with(**{**SENIOR_ONLY, "required_documents": {
        "senior": "id"}}), "Se esperaba una lista."),
    ("required_documents.senior", _with(**{**SENIOR_ONLY, "required_documents": {
        "senior": ["id", "id"]}}), "Un documento está repetido."),
    ("min_age.senior", _with(min_age={"senior": 121}),
     "La edad mínima debe ser un número entero de 0 a 120 años."),
    ("min_age.senior", _with(min_age={"senior": "60"}),
     "La edad mínima debe ser un número entero de 0 a 120 años."),
    ("min_age.senior", _with(min_age={"senior": -1}),
     "La edad mínima debe ser un número entero de 0 a 120 años."),
    ("min_age.retiree", _with(**SENIOR_ONLY, min_age={"senior": 60, "retiree": 60}),
     "El programa no incluye a «Jubilado(a)»; quite su edad mínima."),
    ("min_age", _with(min_age={"kid": 3}), TYPES.format("kid")),
    ("min_age", _with(min_age=None), "Se esperaba un objeto."),
    ("requires_current_or_agreement", _with(requires_current_or_agreement="sí"),
     "Se esperaba sí o no (true o false)."),
    ("requires_current_or_agreement", _with(requires_current_or_agreement=1),
     "Se esperaba sí o no (true o false)."),
    ("validity_days", _with(validity_days=29),  # the notice (30) is not compared then
     "La vigencia debe ser un número entero de 30 a 1095 días."),
    ("validity_days", _with(validity_days=1096),
     "La vigencia debe ser un número entero de 30 a 1095 días."),
    ("validity_days", _with(validity_days=365.0),
     "La vigencia debe ser un número entero de 30 a 1095 días."),
    ("renewal_notice_days", _with(renewal_notice_days=121),
     "El aviso de renovación debe ser un número entero de 0 a 120 días."),
    ("renewal_notice_days", _with(renewal_notice_days=-1),
     "El aviso de renovación debe ser un número entero de 0 a 120 días."),
    ("renewal_notice_days", _with(validity_days=60, renewal_notice_days=60),
     "El aviso de renovación debe ser menor que la vigencia."),
    ("checklist", _with(checklist="id_matches"), "Se esperaba una lista."),
    ("checklist", _with(checklist=[""]), "Cada punto de verificación necesita una clave de 1 "
                                         "a 40 caracteres y, si se quiere, un texto de hasta 120."),
    ("checklist", _with(checklist=[{"key": "x", "label": "y" * 121}]),
     "Cada punto de verificación necesita una clave de 1 a 40 caracteres y, si se quiere, un "
     "texto de hasta 120."),
    ("checklist", _with(checklist=[{"key": "x", "color": "red"}]),
     "Cada punto de verificación necesita una clave de 1 a 40 caracteres y, si se quiere, un "
     "texto de hasta 120."),
    ("checklist", _with(checklist=["a", {"key": "a"}]), "Un punto de verificación está repetido."),
    ("checklist", _with(checklist=[f"k{i}" for i in range(21)]),
     "Máximo 20 puntos de verificación."),
    ("discount_pct", _with(discount_pct="50"), "Campo no reconocido."),
    ("_schema", ["not", "a", "program"], "Se esperaba un objeto."),
]


@pytest.mark.parametrize("field,program,message", BAD,
                         ids=[f"{i}:{f}" for i, (f, _p, _m) in enumerate(BAD)])
def test_bad_programs_name_the_field_in_spanish(field, program, message):
    problems = program_problems(program)
    assert message in problems.get(field, []), problems
    # Only what is wrong is named: the rest of the program is fine.
    assert set(problems) == {field}, problems


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_every_key_the_rules_read_is_required(key):
    assert program_problems(_with(**{key: ...})) == {key: ["Campo obligatorio."]}


def test_the_keys_are_the_ones_the_rules_and_the_phone_read():
    assert set(PROGRAM_KEYS) == {*DEFAULT_PROGRAM_RULES, "checklist"}
    assert set(REQUIRED_KEYS) == set(DEFAULT_PROGRAM_RULES) - {"min_age"}


def test_several_problems_are_reported_together_and_the_input_is_not_changed():
    program = _with(pct="0", services=[], validity_days=60, renewal_notice_days=60,
                    requires_current_or_agreement=None)
    before = copy.deepcopy(program)
    problems = program_problems(program)
    assert set(problems) == {"pct", "services", "requires_current_or_agreement",
                             "renewal_notice_days"}
    assert problems["renewal_notice_days"] == [
        "El aviso de renovación debe ser menor que la vigencia."]
    assert program == before
