"""Pure survey rules, twins of the PWA's (pwa/src/surveys/rules.ts), both tested against
tests/fixtures/surveys/*.json: what an office form may hold (`form_problems`), which
questions are shown given the answers so far (`visible_questions`), what is wrong with a
set of answers (`answer_problems`) and which answers express a complaint (`complaints`).

No database, no app: plain JSON in, plain JSON out. A question is
{id, kind, label, required, options: [{value, label}], min, max, complaint,
complaint_values, satisfaction, show_if: {question, equals} | null}.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal

KINDS = ("single", "multiple", "scale", "yes_no", "number", "text")
CHOICE_KINDS = ("single", "multiple")
CONDITION_KINDS = ("single", "multiple", "scale", "yes_no")
EVENTS = ("reconnection", "agreement", "discount_approved")
SCALE_MIN, SCALE_MAX = 1, 5
TEXT_MAX = 2000
LABEL_MAX = 300
OPTIONS_MIN, OPTIONS_MAX = 2, 20
QUESTIONS_MAX = 60
THRESHOLD_MIN, THRESHOLD_MAX = 1, 4
ID_RE = re.compile(r"^[a-z0-9_]{1,40}$")

ANSWER_CODES = ("REQUIRED", "NOT_AN_OPTION", "OUT_OF_RANGE", "NOT_A_NUMBER", "NOT_BOOLEAN",
                "NOT_TEXT", "TOO_LONG", "HIDDEN_ANSWERED", "UNKNOWN_QUESTION")
ANSWER_LABELS = {
    "REQUIRED": "Falta la respuesta (es obligatoria).",
    "NOT_AN_OPTION": "La respuesta no es una de las opciones.",
    "OUT_OF_RANGE": "El valor está fuera del rango permitido.",
    "NOT_A_NUMBER": "La respuesta debe ser un número.",
    "NOT_BOOLEAN": "La respuesta debe ser sí o no.",
    "NOT_TEXT": "La respuesta debe ser texto.",
    "TOO_LONG": f"El texto excede {TEXT_MAX} caracteres.",
    "HIDDEN_ANSWERED": "Se respondió una pregunta que no debía mostrarse.",
    "UNKNOWN_QUESTION": "La pregunta no existe en esta versión de la encuesta.",
}
FORM_LABELS = {
    "NO_QUESTIONS": "La encuesta debe tener al menos una pregunta.",
    "TOO_MANY_QUESTIONS": f"La encuesta admite a lo más {QUESTIONS_MAX} preguntas.",
    "BAD_THRESHOLD": (f"El umbral de queja debe ser un entero de {THRESHOLD_MIN} a "
                      f"{THRESHOLD_MAX}."),
    "NOT_A_QUESTION": "La pregunta no tiene el formato esperado.",
    "BAD_ID": "La clave debe tener de 1 a 40 letras minúsculas, números o guiones bajos.",
    "DUPLICATE_ID": "Hay otra pregunta con la misma clave.",
    "BAD_KIND": "Tipo de pregunta no válido.",
    "LABEL_REQUIRED": "Escriba el texto de la pregunta.",
    "LABEL_TOO_LONG": f"El texto de la pregunta excede {LABEL_MAX} caracteres.",
    "BAD_FLAG": "Obligatoria, queja y satisfacción deben ser sí o no.",
    "OPTIONS_REQUIRED": (f"Las preguntas de opción necesitan de {OPTIONS_MIN} a "
                         f"{OPTIONS_MAX} opciones."),
    "BAD_OPTION": "Cada opción necesita un valor y un texto.",
    "DUPLICATE_OPTION": "Dos opciones tienen el mismo valor.",
    "OPTIONS_NOT_ALLOWED": "Solo las preguntas de opción llevan opciones.",
    "BAD_RANGE": "El mínimo y el máximo deben ser números, con el mínimo no mayor al máximo.",
    "RANGE_NOT_ALLOWED": "Solo las preguntas numéricas llevan mínimo y máximo.",
    "BAD_COMPLAINT_VALUES": "Las opciones de queja deben ser opciones de la pregunta.",
    "COMPLAINT_NOT_SUPPORTED": ("Una pregunta numérica o de escala no puede marcarse como "
                                "queja; en la escala use «satisfacción»."),
    "SATISFACTION_NOT_SCALE": "Solo una pregunta de escala 1 a 5 mide satisfacción.",
    "SHOW_IF_UNKNOWN": "La condición se refiere a una pregunta que no existe.",
    "SHOW_IF_FORWARD": "La condición debe referirse a una pregunta anterior.",
    "SHOW_IF_BAD_KIND": "Solo se puede condicionar a preguntas de opción, escala o sí/no.",
    "SHOW_IF_BAD_VALUE": "El valor de la condición no es una respuesta posible.",
    "BAD_TRIGGERS": ("Cuándo se pregunta: «independiente» sí o no, y eventos sin repetir entre "
                     "reconexión, convenio y descuento aprobado."),
}


def _is_bool(v) -> bool:
    return isinstance(v, bool)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_int(v) -> bool:
    return _is_number(v) and float(v).is_integer()


def _same(a, b) -> bool:
    """Strict equality as JSON sees it (true is not 1, "1" is not 1)."""
    if _is_bool(a) or _is_bool(b):
        return _is_bool(a) and _is_bool(b) and a == b
    if _is_number(a) and _is_number(b):
        return a == b
    return isinstance(a, str) and isinstance(b, str) and a == b


def is_empty(value) -> bool:
    """Unanswered: absent, null, blank text or no option chosen."""
    return (value is None or (isinstance(value, str) and not value.strip())
            or (isinstance(value, list) and not value))


def _option_values(question: dict) -> list:
    return [o.get("value") for o in question.get("options") or [] if isinstance(o, dict)]


def _matches(question: dict, answer, equals) -> bool:
    if question.get("kind") == "multiple":
        return isinstance(answer, list) and any(_same(a, equals) for a in answer)
    return _same(answer, equals)


def visible_questions(questions: list, answers: dict) -> list:
    """Ids of the questions shown, in order: one without `show_if` always; one with it
    when its (earlier, itself shown) question's answer equals the value (for a multiple
    question: includes it)."""
    answers = answers or {}
    shown: list = []
    seen: dict = {}
    for q in questions:
        cond = q.get("show_if")
        if cond is None:
            visible = True
        else:
            key = cond.get("question") if isinstance(cond, dict) else None
            target = seen.get(key) if isinstance(key, str) else None
            visible = (target is not None and target["id"] in shown
                       and _matches(target, answers.get(target["id"]), cond.get("equals")))
        if isinstance(q.get("id"), str):
            seen.setdefault(q["id"], q)
        if visible:
            shown.append(q.get("id"))
    return shown


def _value_problem(q: dict, v) -> str | None:
    kind = q.get("kind")
    if kind == "single":
        return None if isinstance(v, str) and v in _option_values(q) else "NOT_AN_OPTION"
    if kind == "multiple":
        ok = isinstance(v, list) and all(isinstance(x, str) and x in _option_values(q)
                                         for x in v)
        return None if ok else "NOT_AN_OPTION"
    if kind == "scale":
        if not _is_number(v):
            return "NOT_A_NUMBER"
        return None if _is_int(v) and SCALE_MIN <= v <= SCALE_MAX else "OUT_OF_RANGE"
    if kind == "yes_no":
        return None if _is_bool(v) else "NOT_BOOLEAN"
    if kind == "number":
        if not _is_number(v):
            return "NOT_A_NUMBER"
        lo, hi = q.get("min"), q.get("max")
        if (_is_number(lo) and v < lo) or (_is_number(hi) and v > hi):
            return "OUT_OF_RANGE"
        return None
    if kind == "text":
        if not isinstance(v, str):
            return "NOT_TEXT"
        return "TOO_LONG" if len(v) > TEXT_MAX else None
    return None


def answer_problems(questions: list, answers: dict) -> list:
    """What is wrong with a set of answers, at most one problem per question, in the
    form's order, then the unknown question ids sorted."""
    answers = answers or {}
    shown = set(visible_questions(questions, answers))
    out = []
    for q in questions:
        qid = q.get("id")
        value = answers.get(qid)
        if qid not in shown:
            if not is_empty(value):
                out.append({"question": qid, "code": "HIDDEN_ANSWERED"})
            continue
        if is_empty(value):
            if q.get("required") is True:
                out.append({"question": qid, "code": "REQUIRED"})
            continue
        code = _value_problem(q, value)
        if code:
            out.append({"question": qid, "code": code})
    known = {q.get("id") for q in questions}
    out.extend({"question": k, "code": "UNKNOWN_QUESTION"}
               for k in sorted(k for k in answers if k not in known))
    return out


def _complains(q: dict, value, threshold: int) -> bool:
    kind = q.get("kind")
    if kind == "scale":
        return (q.get("satisfaction") is True and _is_int(value)
                and SCALE_MIN <= value <= min(threshold, SCALE_MAX))
    if q.get("complaint") is not True:
        return False
    if kind == "yes_no":
        return value is True
    if kind == "text":
        return isinstance(value, str) and bool(value.strip())
    if kind in CHOICE_KINDS:
        chosen = value if kind == "multiple" else [value]
        bad = q.get("complaint_values") or []
        return any(c in bad for c in chosen)
    return False


def complaints(questions: list, answers: dict, complaint_threshold: int = 2) -> list:
    """Ids of the shown questions whose valid answer expresses a complaint: a "yes" on a
    complaint yes/no, a chosen `complaint_values` option, any text on a complaint text
    question, or a satisfaction score ≤ the threshold."""
    answers = answers or {}
    shown = set(visible_questions(questions, answers))
    return [q["id"] for q in questions if q.get("id") in shown
            and not is_empty(answers.get(q["id"]))
            and not _value_problem(q, answers.get(q["id"]))
            and _complains(q, answers.get(q["id"]), complaint_threshold)]


def _possible(target: dict, equals) -> bool:
    kind = target.get("kind")
    if kind in CHOICE_KINDS:
        return isinstance(equals, str) and equals in _option_values(target)
    if kind == "yes_no":
        return _is_bool(equals)
    return _is_int(equals) and SCALE_MIN <= equals <= SCALE_MAX  # scale


def _options_problems(q: dict) -> list:
    options = q.get("options")
    if q.get("kind") not in CHOICE_KINDS:
        return ["OPTIONS_NOT_ALLOWED"] if options else []
    if not isinstance(options, list) or not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        return ["OPTIONS_REQUIRED"]
    out = []
    if any(not isinstance(o, dict) or not isinstance(o.get("value"), str)
           or not o["value"].strip() or not isinstance(o.get("label"), str)
           or not o["label"].strip() for o in options):
        out.append("BAD_OPTION")
    values = _option_values(q)
    if len(set(map(str, values))) != len(values):
        out.append("DUPLICATE_OPTION")
    return out


def _question_problems(q: dict) -> list:
    kind = q.get("kind")
    out = [] if kind in KINDS else ["BAD_KIND"]
    label = q.get("label")
    if not isinstance(label, str) or not label.strip():
        out.append("LABEL_REQUIRED")
    elif len(label) > LABEL_MAX:
        out.append("LABEL_TOO_LONG")
    if any(not _is_bool(q[k]) for k in ("required", "complaint", "satisfaction")
           if q.get(k) is not None):
        out.append("BAD_FLAG")
    out.extend(_options_problems(q))
    lo, hi = q.get("min"), q.get("max")
    if kind != "number":
        if lo is not None or hi is not None:
            out.append("RANGE_NOT_ALLOWED")
    elif ((lo is not None and not _is_number(lo)) or (hi is not None and not _is_number(hi))
          or (_is_number(lo) and _is_number(hi) and lo > hi)):
        out.append("BAD_RANGE")
    bad = q.get("complaint_values")
    if bad not in (None, []) and (kind not in CHOICE_KINDS or not isinstance(bad, list)
                                  or any(b not in _option_values(q) for b in bad)):
        out.append("BAD_COMPLAINT_VALUES")
    if q.get("complaint") is True and kind in ("scale", "number"):
        out.append("COMPLAINT_NOT_SUPPORTED")
    if q.get("satisfaction") is True and kind != "scale":
        out.append("SATISFACTION_NOT_SCALE")
    return out


def _condition_problem(cond, earlier: dict, ids: set) -> str | None:
    if cond is None:
        return None
    target_id = cond.get("question") if isinstance(cond, dict) else None
    if not isinstance(target_id, str):
        return "SHOW_IF_UNKNOWN"
    if target_id in earlier:
        target = earlier[target_id]
        if target.get("kind") not in CONDITION_KINDS:
            return "SHOW_IF_BAD_KIND"
        return None if _possible(target, cond.get("equals")) else "SHOW_IF_BAD_VALUE"
    return "SHOW_IF_FORWARD" if target_id in ids else "SHOW_IF_UNKNOWN"


def form_problems(questions, complaint_threshold=2) -> list:
    """What the office editor must fix before publishing: [{question, code}] (question
    null for the whole form), in the form's order."""
    out = []
    if not _is_int(complaint_threshold) or not (
            THRESHOLD_MIN <= complaint_threshold <= THRESHOLD_MAX):
        out.append({"question": None, "code": "BAD_THRESHOLD"})
    if not isinstance(questions, list) or not questions:
        return out + [{"question": None, "code": "NO_QUESTIONS"}]
    if len(questions) > QUESTIONS_MAX:
        out.append({"question": None, "code": "TOO_MANY_QUESTIONS"})
    ids = {q["id"] for q in questions if isinstance(q, dict) and isinstance(q.get("id"), str)}
    earlier: dict = {}
    for q in questions:
        if not isinstance(q, dict):
            out.append({"question": None, "code": "NOT_A_QUESTION"})
            continue
        qid = q.get("id")
        codes = []
        if not isinstance(qid, str) or not ID_RE.match(qid):
            codes.append("BAD_ID")
        elif qid in earlier:
            codes.append("DUPLICATE_ID")
        codes.extend(_question_problems(q))
        cond = _condition_problem(q.get("show_if"), earlier, ids)
        if cond:
            codes.append(cond)
        out.extend({"question": qid if isinstance(qid, str) else None, "code": c}
                   for c in codes)
        if isinstance(qid, str):
            earlier.setdefault(qid, q)
    return out


def triggers_problems(triggers) -> list:
    """{"standalone": bool, "events": subset of EVENTS}: the codes of what is wrong."""
    if not isinstance(triggers, dict):
        return ["BAD_TRIGGERS"]
    events = triggers.get("events", [])
    ok = (_is_bool(triggers.get("standalone", False)) and isinstance(events, list)
          and all(e in EVENTS for e in events) and len(set(events)) == len(events))
    return [] if ok else ["BAD_TRIGGERS"]


def complaint_summary(questions: list, answers: dict, qids: list,
                      complaint_threshold: int = 2) -> str:
    """The inbox line, Spanish: e.g. «Calificó 1/5: ¿Qué tan satisfecho…?» or the text."""
    by_id = {q.get("id"): q for q in questions}
    parts = []
    for qid in qids:
        q, value = by_id[qid], answers.get(qid)
        label = q.get("label", "")
        if q.get("kind") == "scale":
            parts.append(f"Calificó {int(value)}/{SCALE_MAX}: {label}")
        elif q.get("kind") == "yes_no":
            parts.append(f"Respondió «Sí»: {label}")
        elif q.get("kind") == "text":
            parts.append(f"{label}: «{value.strip()}»")
        else:
            chosen = value if isinstance(value, list) else [value]
            names = {o.get("value"): o.get("label") for o in q.get("options") or []}
            bad = [names.get(c, c) for c in chosen if c in (q.get("complaint_values") or [])]
            parts.append(f"{label}: {', '.join(bad)}")
    return " · ".join(parts)


def answer_items(questions: list, answers: dict) -> list:
    """What the results count: (question id, value_text, value_num) for each shown,
    valid answer; one per chosen option of a multiple question, "true"/"false" for yes/no.
    Hidden, blank and invalid answers stay in the response only."""
    answers = answers or {}
    shown = set(visible_questions(questions, answers))
    out = []
    for q in questions:
        qid, kind, value = q.get("id"), q.get("kind"), answers.get(q.get("id"))
        if qid not in shown or is_empty(value) or _value_problem(q, value):
            continue
        if kind == "multiple":
            out.extend((qid, v, None) for v in dict.fromkeys(value))
        elif kind == "yes_no":
            out.append((qid, "true" if value else "false", None))
        elif kind in ("scale", "number"):
            num = Decimal(str(value)).quantize(Decimal("0.0001"))
            out.append((qid, str(int(value)) if kind == "scale" else None, num))
        elif kind == "text":
            out.append((qid, value.strip(), None))
        else:
            out.append((qid, value, None))
    return out


def sampled(form_key: str, stop_id: str, percent: int) -> bool:
    """Whether a stop falls in a `percent` sample of a form: by a hash of both ids, so the
    same stops are chosen every time the form is assigned."""
    digest = hashlib.sha256(f"{form_key}:{stop_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < percent
