"""Pure social-discount rules: the CURP checks, who qualifies for a program, the credit on
one water charge and the approval's validity window.

No Flask and no database. The PWA checks the same things on the phone, at the door, with
pwa/src/domain/discount-rules.ts (integer centavos); both run the shared cases in
tests/fixtures/discounts/*.json, so what the social worker sees is what the office gets.

A program is a dict (DiscountProgram.rules): {beneficiary_types, pct, services,
monthly_m3_cap, property_classes, required_documents, min_age,
requires_current_or_agreement, validity_days, renewal_notice_days}. Lists are strict: a
beneficiary type or property class must be listed to qualify (an empty list admits none).

Money is Decimal to the centavo, rounded half-up (exact integer arithmetic, as the PWA's
BigInt); dates are calendar dates (date or "YYYY-MM-DD"). Input the rules cannot work with
raises AgreementError (a ValueError with a `code`), as the agreement rules do.
"""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Hashable, Mapping, Sequence

from server.agreements.rules import AgreementError, as_date, to_json
from server.common.money import ZERO, money
from server.ledger.enums import ACCESSORY_CONCEPTS

__all__ = [
    "AgreementError", "INPUT_ERRORS", "REASONS", "REASON_LABELS", "age_on",
    "answered_application_id", "as_date", "assign_zones", "curp_check_digit",
    "curp_problems", "discount_credit", "eligibility_problems", "expired",
    "missing_documents", "renewal_due", "renewal_start", "to_json", "validity"]

BENEFICIARY_TYPES = ("senior", "disability", "pensioner", "retiree")
MAX_SAFE_INTEGER = 2**53 - 1  # the largest integer a JavaScript number holds exactly

# What eligibility_problems reports, in the order it reports them.
REASONS = (
    "TYPE_NOT_IN_PROGRAM", "TOO_YOUNG", "CLASS_NOT_ELIGIBLE", "NOT_LIVING_THERE",
    "MISSING_DOCUMENTS", "CURP_FORMAT", "CURP_BIRTH_MISMATCH", "CURP_CHECK_DIGIT",
    "CURP_IN_USE", "NOT_CURRENT")
# What the rules raise (AgreementError.code) for input they cannot work with.
INPUT_ERRORS = (
    "INVALID_DATE", "INVALID_AMOUNT", "NEGATIVE_AMOUNT", "INVALID_PERCENT",
    "INVALID_CONSUMPTION", "INVALID_MONTHS", "INVALID_PROGRAM")

# Spanish (es-MX, "usted") for every code: the reasons first, in order, then input errors.
REASON_LABELS = {
    "TYPE_NOT_IN_PROGRAM": "Su tipo de beneficiario no está incluido en este programa.",
    "TOO_YOUNG": "Usted aún no cumple la edad mínima que pide el programa.",
    "CLASS_NOT_ELIGIBLE": "La clasificación de su predio no está incluida en el programa.",
    "NOT_LIVING_THERE": "El descuento solo aplica en el domicilio donde usted vive.",
    "MISSING_DOCUMENTS": "Le faltan documentos que el programa pide para su tipo de "
                         "beneficiario.",
    "CURP_FORMAT": "La CURP no tiene un formato válido; revise que tenga sus 18 caracteres.",
    "CURP_BIRTH_MISMATCH": "Su fecha de nacimiento no coincide con la de su CURP.",
    "CURP_CHECK_DIGIT": "El dígito verificador de la CURP no es correcto; revise que esté "
                        "bien escrita.",
    "CURP_IN_USE": "Su CURP ya tiene un descuento en otra cuenta; solo se permite una cuenta "
                   "por beneficiario.",
    "NOT_CURRENT": "Para recibir el descuento, su cuenta debe estar al corriente o tener un "
                   "convenio de pago vigente.",
    "INVALID_DATE": "Una de las fechas no es válida; use el formato AAAA-MM-DD.",
    "INVALID_AMOUNT": "El importe no es válido; use pesos con hasta dos decimales.",
    "NEGATIVE_AMOUNT": "El importe del cargo no puede ser negativo.",
    "INVALID_PERCENT": "El porcentaje de descuento debe estar entre 0 y 100.",
    "INVALID_CONSUMPTION": "El consumo debe ser un número entero de metros cúbicos, cero o "
                           "mayor.",
    "INVALID_MONTHS": "Los meses de atraso deben ser un número entero, cero o mayor.",
    "INVALID_PROGRAM": "La configuración del programa no es válida; revise la edad mínima, "
                       "el tope de m³ y los días de vigencia y de aviso.",
}

# --- CURP ---------------------------------------------------------------------------------

CURP_PATTERN = re.compile(
    r"[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX]"
    r"(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL"
    r"|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d", re.ASCII)
CURP_DICTIONARY = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
# What is trimmed around a CURP (the PWA trims exactly these, not each side's idea of space).
_TRIM = " \t\n\r\f\v\u00a0"


def _normalize_curp(curp: str) -> str:
    return curp.strip(_TRIM).upper()


def curp_check_digit(curp: str) -> str:
    """The official check digit ("0".."9") for a CURP's first 17 characters (a full CURP may
    be given: only its first 17 count): each character's value in
    "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ" times (18 − position from 0), summed;
    digit = (10 − sum % 10) % 10. CURP_FORMAT when there are fewer than 17 characters or
    one is not in the dictionary."""
    head = _normalize_curp(curp)[:17] if isinstance(curp, str) else ""
    if len(head) != 17 or any(ch not in CURP_DICTIONARY for ch in head):
        raise AgreementError("CURP_FORMAT", repr(curp))
    total = sum(CURP_DICTIONARY.index(ch) * (18 - i) for i, ch in enumerate(head))
    return str((10 - total % 10) % 10)


def curp_problems(curp: Any, birth_date: date | str | None = None) -> list[str]:
    """What is wrong with a CURP, in this order; [] when it is fine.

    The CURP is trimmed and upper-cased first. CURP_FORMAT: not the official 18-character
    pattern (or not a string); then nothing else is checked. CURP_BIRTH_MISMATCH: a
    birth_date is given and differs from the CURP's YYMMDD, its century read from the 17th
    character (a digit: 1900s, a letter: 2000s). CURP_CHECK_DIGIT: the 18th character is not
    the official check digit. A birth_date that is not a date raises INVALID_DATE.
    """
    birth = None if birth_date is None else as_date(birth_date)
    if not isinstance(curp, str):
        return ["CURP_FORMAT"]
    text = _normalize_curp(curp)
    if not CURP_PATTERN.fullmatch(text):
        return ["CURP_FORMAT"]
    problems = []
    if birth is not None:
        century = 1900 if text[16].isdigit() else 2000
        printed = f"{century + int(text[4:6]):04d}-{text[6:8]}-{text[8:10]}"
        if printed != birth.isoformat():
            problems.append("CURP_BIRTH_MISMATCH")
    if curp_check_digit(text) != text[17]:
        problems.append("CURP_CHECK_DIGIT")
    return problems


# --- eligibility --------------------------------------------------------------------------

def _whole(value: Any, code: str, least: int = 0) -> int:
    """A whole number ≥ `least` that a JavaScript number holds exactly; `code` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not (
            least <= value <= MAX_SAFE_INTEGER):
        raise AgreementError(code, repr(value))
    return value


def age_on(birth_date: date | str, as_of: date | str) -> int:
    """Whole years completed on `as_of` (one born on Feb 29 turns a year older on Mar 1 in
    a common year); negative when born after as_of."""
    born, today = as_date(birth_date), as_date(as_of)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def missing_documents(program: Mapping, applicant: Mapping) -> list[str]:
    """The documents the program requires for the applicant's type that the applicant has
    not given, in the program's order (none required for a type it does not list)."""
    required = (program.get("required_documents") or {}).get(applicant.get("type")) or []
    given = applicant.get("documents") or []
    return [doc for doc in required if doc not in given]


def eligibility_problems(program: Mapping, applicant: Mapping, account: Mapping,
                         as_of: date | str) -> list[str]:
    """Why the applicant may not get the program's discount on this account on `as_of`;
    [] when nothing stands in the way. Codes come in the order of REASONS:

    TYPE_NOT_IN_PROGRAM (applicant.type not in beneficiary_types), TOO_YOUNG (the type has
    a min_age and the age on as_of is below it, or there is no birth_date to show it),
    CLASS_NOT_ELIGIBLE (account.property_class not in property_classes), NOT_LIVING_THERE
    (applicant.lives_there is not true), MISSING_DOCUMENTS (see missing_documents), the
    CURP's problems (curp_problems with the birth_date), CURP_IN_USE
    (account.other_accounts_with_curp not empty: one account per beneficiary), NOT_CURRENT
    (requires_current_or_agreement, months_past_due > 0 and no agreement in good standing).

    `applicant` = {type, curp, birth_date, lives_there, documents}; `account` =
    {property_class, months_past_due, agreement_in_good_standing, other_accounts_with_curp}.
    Every input is checked first, whatever the outcome, and raises AgreementError in this
    order: INVALID_DATE (as_of, birth_date), INVALID_PROGRAM (a min_age that is not a whole
    number ≥ 0), INVALID_MONTHS (months_past_due not a whole number ≥ 0).
    """
    today = as_date(as_of)
    birth_date = applicant.get("birth_date")
    born = None if birth_date is None else as_date(birth_date)
    min_ages = {k: _whole(v, "INVALID_PROGRAM") for k, v in
                (program.get("min_age") or {}).items()}
    months = _whole(account.get("months_past_due"), "INVALID_MONTHS")
    kind = applicant.get("type")

    problems = []
    if kind not in (program.get("beneficiary_types") or []):
        problems.append("TYPE_NOT_IN_PROGRAM")
    min_age = min_ages.get(kind)
    if min_age is not None and (born is None or age_on(born, today) < min_age):
        problems.append("TOO_YOUNG")
    if account.get("property_class") not in (program.get("property_classes") or []):
        problems.append("CLASS_NOT_ELIGIBLE")
    if applicant.get("lives_there") is not True:
        problems.append("NOT_LIVING_THERE")
    if missing_documents(program, applicant):
        problems.append("MISSING_DOCUMENTS")
    problems.extend(curp_problems(applicant.get("curp"), born))
    if account.get("other_accounts_with_curp"):
        problems.append("CURP_IN_USE")
    if (program.get("requires_current_or_agreement") is True and months > 0
            and account.get("agreement_in_good_standing") is not True):
        problems.append("NOT_CURRENT")
    return problems


# --- the credit on a water charge ---------------------------------------------------------

_AMOUNT = re.compile(r"-?\d+(\.\d{1,2})?", re.ASCII)  # what the PWA's parseCents accepts
_PERCENT = re.compile(r"\d+(\.\d+)?", re.ASCII)  # what the PWA's parsePct accepts


def _cents(value: Any) -> int:
    """Integer centavos from "123.4"/"123.45" (at most two decimals), an int (pesos) or a
    Decimal with at most two decimals; INVALID_AMOUNT otherwise, NEGATIVE_AMOUNT below 0."""
    if isinstance(value, str) and _AMOUNT.fullmatch(value):
        amount = Decimal(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, Decimal) and value.is_finite() and value == value.quantize(
            Decimal("0.01")):
        amount = value
    else:
        raise AgreementError("INVALID_AMOUNT", repr(value))
    cents = int(amount * 100)
    if cents > MAX_SAFE_INTEGER:
        raise AgreementError("INVALID_AMOUNT", repr(value))
    if cents < 0:
        raise AgreementError("NEGATIVE_AMOUNT", repr(value))
    return cents


def _percent(value: Any) -> tuple[int, int]:
    """A percentage 0..100 from "50", "33.5", an int or a Decimal, as an exact fraction
    (numerator, denominator); INVALID_PERCENT otherwise."""
    if isinstance(value, str) and _PERCENT.fullmatch(value):
        pct = Decimal(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        pct = Decimal(value)
    elif isinstance(value, Decimal) and value.is_finite():
        pct = value
    else:
        raise AgreementError("INVALID_PERCENT", repr(value))
    if not (0 <= pct <= 100):
        raise AgreementError("INVALID_PERCENT", repr(value))
    return pct.as_integer_ratio()


def _half_up(num: int, den: int) -> int:
    """num / den rounded half up (num ≥ 0, den > 0)."""
    q, r = divmod(num, den)
    return q + 1 if 2 * r >= den else q


def discount_credit(program: Mapping, charge: Mapping, consumption_m3: int | None = None
                    ) -> Decimal:
    """The discount on one charge: Decimal to the centavo, Decimal("0.00") when nothing
    applies.

    Only a charge of a service in program.services whose concept is not an accessory
    (surcharge, fine, enforcement_costs) is discounted. The consumption is `consumption_m3`
    when given, else charge.consumption_m3. base = the amount when the program has no
    monthly_m3_cap, the consumption is null or it is ≤ the cap; else amount × cap /
    consumption (the share of the charge for the first `cap` m³), rounded half-up to the
    centavo. credit = half-up(base × pct / 100), never more than the amount.

    Every input is checked first, whatever the outcome, and raises AgreementError in this
    order: INVALID_AMOUNT or NEGATIVE_AMOUNT (charge.amount), INVALID_CONSUMPTION (not a
    whole number ≥ 0 or null), INVALID_PERCENT (program.pct not 0..100), INVALID_PROGRAM
    (monthly_m3_cap not a whole number ≥ 0 or null).
    """
    amount = _cents(charge.get("amount"))
    used = consumption_m3 if consumption_m3 is not None else charge.get("consumption_m3")
    used = None if used is None else _whole(used, "INVALID_CONSUMPTION")
    pct_num, pct_den = _percent(program.get("pct"))
    cap = program.get("monthly_m3_cap")
    cap = None if cap is None else _whole(cap, "INVALID_PROGRAM")

    if (charge.get("service") not in (program.get("services") or [])
            or charge.get("concept") in ACCESSORY_CONCEPTS):
        return ZERO
    base = amount
    if cap is not None and used is not None and used > cap:
        base = _half_up(amount * cap, used)
    credit = min(amount, _half_up(base * pct_num, 100 * pct_den))
    return money(Decimal(credit) / 100)


# --- validity -----------------------------------------------------------------------------

def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError as exc:
        raise AgreementError("INVALID_DATE", f"{day} + {days} days") from exc


def validity(approved_on: date | str, program: Mapping) -> dict:
    """An approval's window: {starts_on: approved_on, ends_on: approved_on + validity_days
    − 1} (both days included). INVALID_DATE for a bad date (or one past 9999-12-31),
    INVALID_PROGRAM when validity_days is not a whole number ≥ 1."""
    start = as_date(approved_on)
    days = _whole(program.get("validity_days"), "INVALID_PROGRAM", least=1)
    return {"starts_on": start, "ends_on": _shift(start, days - 1)}


def renewal_due(ends_on: date | str, as_of: date | str, program: Mapping) -> bool:
    """True from renewal_notice_days before ends_on through ends_on itself (when the renewal
    task is due). INVALID_DATE for a bad date, INVALID_PROGRAM when renewal_notice_days is
    not a whole number ≥ 0."""
    end, today = as_date(ends_on), as_date(as_of)
    notice = _whole(program.get("renewal_notice_days"), "INVALID_PROGRAM")
    return today <= end and (end - today).days <= notice


def expired(ends_on: date | str, as_of: date | str) -> bool:
    """True once as_of is past ends_on (the last day itself is still valid)."""
    return as_date(as_of) > as_date(ends_on)


def renewal_start(approved_on: date | str, previous_ends_on: date | str | None) -> date:
    """The first day of a renewal approved on `approved_on`: the day after the discount it
    renews ends, when that is still ahead (no gap, no overlap); else the approval day."""
    start = as_date(approved_on)
    if previous_ends_on is None:
        return start
    return max(start, _shift(as_date(previous_ends_on), 1))


# --- renewal tasks ------------------------------------------------------------------------

def assign_zones(zones: Mapping[str, int], workers: Sequence[Hashable],
                 cap: int | None = None,
                 loads: Mapping[Hashable, int] | None = None) -> dict[str, Hashable]:
    """Whole zones (colonias) to workers, balanced by count: the zones in the order given
    (the caller puts the most urgent first), each to the worker with the fewest tasks so
    far (`loads`: what each already has that day; the first listed on a tie), so loads
    differ by at most the largest zone. With a cap, a zone that would take a worker who
    already has some past it is left out (for another day); a worker's first zone is given
    whole whatever its size. Returns {zone: worker} for the zones given out."""
    load = {w: int((loads or {}).get(w, 0)) for w in workers}
    out: dict[str, Hashable] = {}
    if not load:
        return out
    for zone, count in zones.items():
        worker = min(load, key=lambda w: load[w])  # min keeps the first on a tie
        if cap is not None and load[worker] and load[worker] + count > cap:
            continue
        out[zone] = worker
        load[worker] += count
    return out


def answered_application_id(value: Any) -> uuid.UUID | None:
    """The earlier application an answer names (`answers_request`, the id of the
    application the office asked about), or None when it names none."""
    try:
        return uuid.UUID(str(value).strip()) if value else None
    except ValueError:
        return None
