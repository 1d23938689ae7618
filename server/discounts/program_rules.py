"""Pure check of a discount program's rules (DiscountProgram.rules) as the manager edits
them: what must be fixed before the program is saved, field by field, in Spanish.

No Flask and no database. The keys are the ones the pure rules read (rules.py:
eligibility_problems, discount_credit, validity, renewal_due) with the same meaning, plus
the optional `checklist` the phone shows at the door (pwa/src/features/discounts/form.ts):

- beneficiary_types: a non-empty list of senior, disability, pensioner, retiree;
- pct: the percentage off, a decimal string ("50", "12.5"), 0 < pct ≤ 100, two decimals at
  most (never a float: money is exact);
- services: a non-empty list of water, sewer, sanitation;
- monthly_m3_cap: null (no cap) or a whole number of m³ from 1 to 1000;
- property_classes: a non-empty list of the registry's property classes;
- required_documents: {type: [document kind]} for every type of the program (a list that
  may be empty), no other type;
- min_age (optional): {type: whole years 0..120} for types of the program;
- requires_current_or_agreement: true or false;
- validity_days: whole 30..1095; renewal_notice_days: whole 0..120 and below validity_days;
- checklist (optional): up to 20 items, each a key or {key, label}.

A program that passes never makes the rules raise INVALID_PROGRAM or INVALID_PERCENT.
The PWA's editor checks the same before sending (features/discounts/program-form.ts); this
is the reference.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from server.discounts.enums import DOCUMENT_LABELS, SERVICE_LABELS, TYPE_LABELS
from server.registry.enums import PROPERTY_CLASSES

__all__ = ["PROGRAM_KEYS", "REQUIRED_KEYS", "program_problems"]

REQUIRED_KEYS = ("beneficiary_types", "pct", "services", "monthly_m3_cap", "property_classes",
                 "required_documents", "requires_current_or_agreement", "validity_days",
                 "renewal_notice_days")
PROGRAM_KEYS = (*REQUIRED_KEYS, "min_age", "checklist")
CAP_MAX = 1000
AGE_MAX = 120
VALIDITY_MIN, VALIDITY_MAX = 30, 1095
NOTICE_MAX = 120
CHECKLIST_MAX, CHECKLIST_KEY_MAX, CHECKLIST_LABEL_MAX = 20, 40, 120

_PCT = re.compile(r"\d{1,3}(\.\d{1,2})?", re.ASCII)

MSG = {
    "unknown": "Campo no reconocido.",
    "required": "Campo obligatorio.",
    "list": "Se esperaba una lista.",
    "object": "Se esperaba un objeto.",
    "bool": "Se esperaba sí o no (true o false).",
    "types_empty": "Elija al menos un tipo de beneficiario.",
    "type_unknown": "Tipo de beneficiario desconocido: «{value}».",
    "types_repeated": "Un tipo de beneficiario está repetido.",
    "services_empty": "Elija al menos un servicio.",
    "service_unknown": "Servicio desconocido: «{value}».",
    "services_repeated": "Un servicio está repetido.",
    "classes_empty": "Elija al menos una clase de predio.",
    "class_unknown": "Clase de predio desconocida: «{value}».",
    "classes_repeated": "Una clase de predio está repetida.",
    "pct_text": "Escriba el porcentaje como texto, por ejemplo «50» o «12.5».",
    "pct_format": "El porcentaje debe ser un número con hasta dos decimales, por ejemplo «50» "
                  "o «12.5».",
    "pct_range": "El porcentaje debe ser mayor que 0 y como máximo 100.",
    "cap": f"El tope mensual debe ser un número entero de 1 a {CAP_MAX} m³, o vacío (sin tope).",
    "docs_missing": "Falta la lista de documentos de este tipo (puede quedar vacía).",
    "docs_not_in_program": "El programa no incluye a «{label}»; quite sus documentos.",
    "doc_unknown": "Documento desconocido: «{value}».",
    "docs_repeated": "Un documento está repetido.",
    "age": f"La edad mínima debe ser un número entero de 0 a {AGE_MAX} años.",
    "age_not_in_program": "El programa no incluye a «{label}»; quite su edad mínima.",
    "validity": f"La vigencia debe ser un número entero de {VALIDITY_MIN} a {VALIDITY_MAX} días.",
    "notice": f"El aviso de renovación debe ser un número entero de 0 a {NOTICE_MAX} días.",
    "notice_after_validity": "El aviso de renovación debe ser menor que la vigencia.",
    "checklist_many": f"Máximo {CHECKLIST_MAX} puntos de verificación.",
    "checklist_item": f"Cada punto de verificación necesita una clave de 1 a "
                      f"{CHECKLIST_KEY_MAX} caracteres y, si se quiere, un texto de hasta "
                      f"{CHECKLIST_LABEL_MAX}.",
    "checklist_repeated": "Un punto de verificación está repetido.",
}


def _whole(value: Any, least: int, most: int) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)
            and least <= value <= most)


def _text(value: Any, most: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) and len(value) <= most


def _known(value: Any, known) -> bool:
    return isinstance(value, str) and value in known


def _shown(value: Any) -> str:
    """A value as a message quotes it (cut short)."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


class _Problems(dict):
    def add(self, field: str, key: str, **params) -> None:
        self.setdefault(field, []).append(MSG[key].format(**params))


def _subset(out: _Problems, field: str, value: Any, known, empty: str, unknown: str,
            repeated: str) -> list:
    """A non-empty list of known values without repeats; returns the known ones."""
    if not isinstance(value, list):
        out.add(field, "list")
        return []
    if not value:
        out.add(field, empty)
    for item in value:
        if not _known(item, known):
            out.add(field, unknown, value=_shown(item))
    if len(set(map(repr, value))) != len(value):
        out.add(field, repeated)
    return [v for v in value if _known(v, known)]


def _pct(out: _Problems, value: Any) -> None:
    if not isinstance(value, str):
        out.add("pct", "pct_text")
    elif not _PCT.fullmatch(value):
        out.add("pct", "pct_format")
    elif not 0 < _cents(value) <= 10000:
        out.add("pct", "pct_range")


def _cents(pct: str) -> int:
    """The percentage in hundredths, exactly: "12.5" → 1250 (no float)."""
    whole, _, frac = pct.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def _by_type(out: _Problems, field: str, value: Any, types: list | None,
             not_in_program: str) -> dict:
    """An object keyed by beneficiary type: unknown types and types the program does not
    include are problems (`types` None: the program's types are not known, being wrong
    themselves); returns the entries of known types."""
    if not isinstance(value, Mapping):
        out.add(field, "object")
        return {}
    for key in value:
        if not _known(key, TYPE_LABELS):
            out.add(field, "type_unknown", value=_shown(key))
        elif types is not None and key not in types:
            out.add(f"{field}.{key}", not_in_program, label=TYPE_LABELS[key])
    return {k: v for k, v in value.items() if _known(k, TYPE_LABELS)}


def _documents(out: _Problems, value: Any, types: list | None) -> None:
    given = _by_type(out, "required_documents", value, types, "docs_not_in_program")
    if not isinstance(value, Mapping):
        return
    for kind in (TYPE_LABELS if types is None else types):
        field = f"required_documents.{kind}"
        if kind not in given:
            if types is not None:
                out.add(field, "docs_missing")
            continue
        docs = given[kind]
        if not isinstance(docs, list):
            out.add(field, "list")
            continue
        for doc in docs:
            if not _known(doc, DOCUMENT_LABELS):
                out.add(field, "doc_unknown", value=_shown(doc))
        if len(set(map(repr, docs))) != len(docs):
            out.add(field, "docs_repeated")


def _ages(out: _Problems, value: Any, types: list | None) -> None:
    for kind, age in _by_type(out, "min_age", value, types, "age_not_in_program").items():
        if not _whole(age, 0, AGE_MAX):
            out.add(f"min_age.{kind}", "age")


def _checklist(out: _Problems, value: Any) -> None:
    if not isinstance(value, list):
        out.add("checklist", "list")
        return
    if len(value) > CHECKLIST_MAX:
        out.add("checklist", "checklist_many")
    keys = []
    for item in value:
        if isinstance(item, Mapping) and set(item) <= {"key", "label"}:
            key, label = item.get("key"), item.get("label")
            ok = _text(key, CHECKLIST_KEY_MAX) and (
                label is None or _text(label, CHECKLIST_LABEL_MAX))
        else:
            key, ok = item, _text(item, CHECKLIST_KEY_MAX)
        if not ok:
            out.add("checklist", "checklist_item")
            return
        keys.append(key)
    if len(set(keys)) != len(keys):
        out.add("checklist", "checklist_repeated")


def program_problems(rules: Any) -> dict[str, list[str]]:
    """What is wrong with a program's rules: {field: [Spanish message]}, {} when nothing.

    Fields are the rules' keys; a beneficiary type's documents or minimum age are
    `required_documents.<type>` and `min_age.<type>`; a rules value that is not an object
    is `_schema`. Unknown keys are problems too (devices hold every program).
    """
    out = _Problems()
    if not isinstance(rules, Mapping):
        out.add("_schema", "object")
        return dict(out)
    for key in rules:
        if key not in PROGRAM_KEYS:
            out.add(_shown(key), "unknown")
    for key in REQUIRED_KEYS:
        if key not in rules:
            out.add(key, "required")
    types = None  # the program's types, when they are right
    if "beneficiary_types" in rules:
        known = _subset(out, "beneficiary_types", rules["beneficiary_types"], TYPE_LABELS,
                        "types_empty", "type_unknown", "types_repeated")
        types = None if "beneficiary_types" in out else known
    if "pct" in rules:
        _pct(out, rules["pct"])
    if "services" in rules:
        _subset(out, "services", rules["services"], SERVICE_LABELS, "services_empty",
                "service_unknown", "services_repeated")
    cap = rules.get("monthly_m3_cap")
    if cap is not None and not _whole(cap, 1, CAP_MAX):
        out.add("monthly_m3_cap", "cap")
    if "property_classes" in rules:
        _subset(out, "property_classes", rules["property_classes"], PROPERTY_CLASSES,
                "classes_empty", "class_unknown", "classes_repeated")
    if "required_documents" in rules:
        _documents(out, rules["required_documents"], types)
    if "min_age" in rules:
        _ages(out, rules["min_age"], types)
    current = rules.get("requires_current_or_agreement")
    if "requires_current_or_agreement" in rules and not isinstance(current, bool):
        out.add("requires_current_or_agreement", "bool")
    validity, notice = rules.get("validity_days"), rules.get("renewal_notice_days")
    if "validity_days" in rules and not _whole(validity, VALIDITY_MIN, VALIDITY_MAX):
        out.add("validity_days", "validity")
    if "renewal_notice_days" in rules:
        if not _whole(notice, 0, NOTICE_MAX):
            out.add("renewal_notice_days", "notice")
        elif _whole(validity, VALIDITY_MIN, VALIDITY_MAX) and notice >= validity:
            out.add("renewal_notice_days", "notice_after_validity")
    if "checklist" in rules:
        _checklist(out, rules["checklist"])
    return dict(out)
