"""Pure agreement rules: the payoff quote, the installment schedule, the policy checks and
the hash of the signed terms.

No Flask and no database. The PWA computes the same things on the phone with
pwa/src/domain/agreement-rules.ts (integer centavos); both run the shared cases in
tests/fixtures/agreements/*.json, so a quote or a schedule is the same on either side.

Money is Decimal rounded half-up to the centavo (server.common.money); dates are calendar
dates. Inputs may carry money as strings ("1234.50") and dates as "YYYY-MM-DD" strings, as
they arrive in JSON; results carry Decimal and date (to_json turns them back into strings).
"""
from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Sequence

from server.common.clock import add_months
from server.common.money import ZERO, fmt, money, pesos
from server.ledger.enums import ACCESSORY_CONCEPTS, CONCEPTS, PRINCIPAL_CONCEPTS

PROMOTION_KINDS = ("pct_off_accessories", "pct_off_principal", "freeze")
HUNDRED = Decimal(100)
MAX_SAFE_INTEGER = 2**53 - 1  # the largest integer a JavaScript number holds exactly
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PCT = re.compile(r"^\d+(\.\d+)?$")


class AgreementError(ValueError):
    """Input the rules cannot work with; `code` (also str(error)) names the reason, e.g.
    NON_POSITIVE_DEBT; `detail` says which value, for logs."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


# --- small conversions ------------------------------------------------------------------

def as_date(value: date | str) -> date:
    """A calendar date from a date or a "YYYY-MM-DD" string; INVALID_DATE otherwise."""
    if isinstance(value, datetime):
        raise AgreementError("INVALID_DATE", repr(value))
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise AgreementError("INVALID_DATE", repr(value))


def _amount(value: Any) -> Decimal:
    """Money from a Decimal, an int or a string; INVALID_AMOUNT for anything else."""
    if isinstance(value, (bool, float)) or value is None:
        raise AgreementError("INVALID_AMOUNT", repr(value))
    try:
        result = money(value)
    except (ValueError, TypeError, InvalidOperation) as exc:
        raise AgreementError("INVALID_AMOUNT", repr(value)) from exc
    if not result.is_finite():
        raise AgreementError("INVALID_AMOUNT", repr(value))
    return result


def _pct(value: Any) -> Decimal:
    """A percentage from "20", "33.5", 20 or Decimal("20"); never negative."""
    if isinstance(value, (bool, float)) or value is None:
        raise AgreementError("INVALID_PERCENT", repr(value))
    text = str(value)
    if not _PCT.match(text):
        raise AgreementError("INVALID_PERCENT", repr(value))
    return Decimal(text)


def month_end(d: date) -> date:
    """The last day of the month `d` falls in."""
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def to_json(value: Any) -> Any:
    """Results as JSON: Decimal → "1234.50", date → "YYYY-MM-DD", tuples → lists."""
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


# --- policy -------------------------------------------------------------------------------

def class_terms(policy: Mapping, property_class: str | None) -> Mapping:
    """The policy's terms for a property class, or its "default" entry."""
    classes = policy["classes"]
    return classes.get(property_class) or classes["default"]


# --- payoff quote -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Promotion:
    id: Any
    kind: str
    pct: Decimal
    concepts: frozenset[str]
    valid_until: date | None


def _promotion(p: Mapping) -> _Promotion:
    """Check one promotion and resolve the concepts it reaches.

    pct_off_accessories reaches accessory concepts only, pct_off_principal principal ones
    only: a `concepts` list narrows the kind's own concepts (null = all of them), it never
    widens them. pct must be 0..100; a freeze discounts nothing (its pct is ignored).
    """
    kind = p.get("kind")
    if kind not in PROMOTION_KINDS:
        raise AgreementError("INVALID_PROMOTION", f"kind {kind!r}")
    valid_until = None if p.get("valid_until") is None else as_date(p["valid_until"])
    if kind == "freeze":
        return _Promotion(p.get("id"), kind, ZERO, frozenset(), valid_until)
    try:
        pct = _pct(p.get("pct"))
    except AgreementError as exc:
        raise AgreementError("INVALID_PROMOTION", f"pct {p.get('pct')!r}") from exc
    if pct > HUNDRED:
        raise AgreementError("INVALID_PROMOTION", f"pct {pct}")
    own = ACCESSORY_CONCEPTS if kind == "pct_off_accessories" else PRINCIPAL_CONCEPTS
    wanted = p.get("concepts")
    concepts = frozenset(own) if wanted is None else frozenset(c for c in wanted if c in own)
    return _Promotion(p.get("id"), kind, pct, concepts, valid_until)


def payoff_quote(lines: Sequence[Mapping], promotions: Sequence[Mapping],
                 as_of: date | str) -> dict:
    """The exact amount to settle the debt on `as_of`, with the promotions that apply.

    `lines` is the debt snapshot by service and concept ([{service, concept, amount}]);
    `promotions` are already eligible (the server filtered them) and apply in the given
    order, each to what the previous ones left: discount = half-up(remaining × pct / 100)
    to the centavo, so net = amount − discounts never drops below zero.

    Returns {lines: [{service, concept, amount, discount, net}] in input order,
    by_service: {service: net} sorted by service, total, discount_total,
    promotions: [ids that discounted something, or that are a freeze, in given order],
    valid_until: the earlier of the last day of as_of's month and each applied
    promotion's valid_until}.
    """
    as_of = as_date(as_of)
    promos = [_promotion(p) for p in promotions]
    applied = [p.kind == "freeze" for p in promos]
    out_lines = []
    for line in lines:
        amount = _amount(line["amount"])
        if amount < ZERO:
            raise AgreementError("NEGATIVE_LINE_AMOUNT", f"{line['service']}/{line['concept']}")
        remaining = amount
        for i, promo in enumerate(promos):
            if line["concept"] not in promo.concepts or remaining <= ZERO:
                continue
            discount = min(remaining, money(remaining * promo.pct / HUNDRED))
            if discount > ZERO:
                remaining -= discount
                applied[i] = True
        out_lines.append({"service": line["service"], "concept": line["concept"],
                          "amount": amount, "discount": amount - remaining, "net": remaining})
    totals: dict[str, Decimal] = {}
    for line in out_lines:
        totals[line["service"]] = totals.get(line["service"], ZERO) + line["net"]
    valid_until = month_end(as_of)
    for promo, used in zip(promos, applied):
        if used and promo.valid_until is not None and promo.valid_until < valid_until:
            valid_until = promo.valid_until
    return {
        "lines": out_lines,
        "by_service": {s: money(totals[s]) for s in sorted(totals)},
        "total": money(sum((line["net"] for line in out_lines), ZERO)),
        "discount_total": money(sum((line["discount"] for line in out_lines), ZERO)),
        "promotions": [p.id for p, used in zip(promos, applied) if used],
        "valid_until": valid_until,
    }


# --- schedule -----------------------------------------------------------------------------

def build_schedule(agreed_debt, down_payment, installments: int, start_date: date | str,
                   first_due: date | str | None) -> list[dict]:
    """The agreement's payments: [{number, kind, amount, due_date}].

    Number 0 is the down payment, due on `start_date` (left out when it is zero).
    Installments 1..n are due on add_months(first_due, k - 1), always counted from the first
    due date (a 31st stays the 31st, or the month's last day, every month). Each is
    (agreed_debt − down_payment) / n rounded down to the centavo; the remainder (fewer than
    n centavos) goes on the last one, so the parts add up to the agreed debt exactly.
    `first_due` is not read when there are no installments (it may then be None).

    Raises AgreementError, checked in this order: NON_POSITIVE_DEBT, DOWN_PAYMENT_NEGATIVE,
    DOWN_PAYMENT_EXCEEDS_DEBT, INVALID_INSTALLMENTS (not a whole number ≥ 0),
    INSTALLMENTS_REQUIRED (something left to pay and n = 0), INSTALLMENT_TOO_SMALL (each
    installment would be 0.00, including n > 0 with nothing left to pay),
    FIRST_DUE_BEFORE_START.
    """
    debt = _amount(agreed_debt)
    down = _amount(down_payment)
    start = as_date(start_date)
    if debt <= ZERO:
        raise AgreementError("NON_POSITIVE_DEBT")
    if down < ZERO:
        raise AgreementError("DOWN_PAYMENT_NEGATIVE")
    if down > debt:
        raise AgreementError("DOWN_PAYMENT_EXCEEDS_DEBT")
    if isinstance(installments, bool) or not isinstance(installments, int) or installments < 0:
        raise AgreementError("INVALID_INSTALLMENTS", repr(installments))
    rest_cents = int((debt - down) * 100)
    if rest_cents > 0 and installments == 0:
        raise AgreementError("INSTALLMENTS_REQUIRED")
    schedule: list[dict] = []
    if down > ZERO:
        schedule.append({"number": 0, "kind": "down_payment", "amount": down,
                         "due_date": start})
    if installments == 0:
        return schedule
    base, remainder = divmod(rest_cents, installments)
    if base == 0:
        raise AgreementError("INSTALLMENT_TOO_SMALL")
    first = as_date(first_due)
    if first < start:
        raise AgreementError("FIRST_DUE_BEFORE_START")
    for k in range(1, installments + 1):
        cents = base + (remainder if k == installments else 0)
        schedule.append({"number": k, "kind": "installment",
                         "amount": money(Decimal(cents) / 100),
                         "due_date": add_months(first, k - 1)})
    return schedule


# --- policy checks ------------------------------------------------------------------------

def _label(concept: str) -> str:
    return CONCEPTS.get(concept, concept)


def _installments_word(n: int) -> str:
    return "parcialidad" if n == 1 else "parcialidades"


def min_down_payment(policy: Mapping, property_class: str | None, agreed_debt) -> Decimal:
    """The smallest down payment the policy accepts: agreed_debt × pct / 100, rounded up to
    the centavo."""
    pct = _pct(class_terms(policy, property_class)["down_payment_min_pct"])
    return (_amount(agreed_debt) * pct / HUNDRED).quantize(Decimal("0.01"),
                                                           rounding=ROUND_CEILING)


def validate_terms(policy: Mapping, property_class: str | None, role: str, agreed_debt,
                   down_payment, installments: int, waivers: Sequence[Mapping],
                   promotions_applied: Iterable) -> list[dict]:
    """What in the proposed terms falls outside the policy, as [{code, field, message}]
    with messages in Spanish for the staff member; empty when the terms are within policy.

    `waivers` are the manual waivers [{service, concept, amount, reason}]; promotion
    discounts are not waivers and never count against a role's limit (the promotions
    applied are taken for the record; no current check reads them). Errors come in this
    order: DOWN_PAYMENT_BELOW_POLICY, TOO_MANY_INSTALLMENTS, then for each waiver in order
    CONCEPT_NOT_WAIVABLE, WAIVER_AMOUNT_INVALID (not above zero), WAIVER_REASON_REQUIRED
    (a manager's waiver without a reason), then WAIVER_NOT_ALLOWED (the role may only
    apply promotions) or WAIVER_OVER_LIMIT (the waivers add up to more than the role's
    limit; a limit of null has none; a role the policy does not list may not waive).
    """
    del promotions_applied  # see the docstring: recorded, not checked
    terms = class_terms(policy, property_class)
    errors: list[dict] = []

    def add(code: str, field: str, message: str) -> None:
        errors.append({"code": code, "field": field, "message": message})

    debt = _amount(agreed_debt)
    down = _amount(down_payment)
    minimum = min_down_payment(policy, property_class, debt)
    if down < minimum:
        add("DOWN_PAYMENT_BELOW_POLICY", "down_payment",
            f"El enganche mínimo para esta clasificación es de {pesos(minimum)} "
            f"({terms['down_payment_min_pct']}% del adeudo convenido).")
    most = int(terms["max_installments"])
    if installments > most:
        add("TOO_MANY_INSTALLMENTS", "installments",
            f"El plazo máximo para esta clasificación es de {most} "
            f"{_installments_word(most)}.")

    waivable = list(policy.get("waivable_concepts") or ())
    allowed = ", ".join(_label(c) for c in waivable) or "ninguno"
    total = ZERO
    for i, waiver in enumerate(waivers):
        if waiver["concept"] not in waivable:
            add("CONCEPT_NOT_WAIVABLE", f"waivers[{i}].concept",
                f"El concepto «{_label(waiver['concept'])}» no se puede condonar. "
                f"Conceptos que se pueden condonar: {allowed}.")
        amount = _amount(waiver["amount"])
        if amount <= ZERO:
            add("WAIVER_AMOUNT_INVALID", f"waivers[{i}].amount",
                "El monto a condonar debe ser mayor que cero.")
        else:
            total += amount
        if role == "manager" and not (waiver.get("reason") or "").strip():
            add("WAIVER_REASON_REQUIRED", f"waivers[{i}].reason",
                "Indique el motivo de la condonación.")

    limits = policy.get("waiver_limits") or {}
    if waivers:
        limit = limits[role] if role in limits else ZERO
        if limit == "promotion_only":
            add("WAIVER_NOT_ALLOWED", "waivers",
                "Su rol solo puede aplicar las promociones vigentes; "
                "no puede condonar montos adicionales.")
        elif limit is not None and total > _amount(limit):
            if role in limits:
                message = (f"La condonación manual suma {pesos(total)} y excede su límite "
                           f"de {pesos(_amount(limit))}.")
            else:
                message = (f"Su rol no está facultado para condonar; la condonación manual "
                           f"suma {pesos(total)}.")
            add("WAIVER_OVER_LIMIT", "waivers", message)
    return errors


# --- signed terms -------------------------------------------------------------------------

def _canonical_value(value: Any) -> Any:
    """The JSON form hashed: strings, safe integers, booleans, null, lists and string-keyed
    objects; Decimal becomes "1234.50" and date "YYYY-MM-DD". Floats (never money), big
    integers and strings that are not valid Unicode are refused with INVALID_TERMS."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise AgreementError("INVALID_TERMS", "integer too large")
        return value
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise AgreementError("INVALID_TERMS", "lone surrogate") from exc
        return value
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise AgreementError("INVALID_TERMS", f"key {key!r}")
            out[_canonical_value(key)] = _canonical_value(item)
        return out
    if isinstance(value, (list, tuple)):
        return [_canonical_value(v) for v in value]
    raise AgreementError("INVALID_TERMS", type(value).__name__)


def canonical_json(terms: Any) -> str:
    """The signed terms as canonical JSON: keys sorted (by code point), no spaces,
    non-ASCII kept as is; the PWA's canonicalJson gives the same characters."""
    return json.dumps(_canonical_value(terms), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False)


def terms_hash(terms: Any) -> str:
    """SHA-256 (lowercase hex) of the canonical JSON of the signed terms, in UTF-8."""
    return hashlib.sha256(canonical_json(terms).encode("utf-8")).hexdigest()


def verification_code(hash_hex: str) -> str:
    """The code printed on the agreement: the hash's first 12 hex digits, upper-cased, in
    groups of four ("1A2B-3C4D-5E6F")."""
    if not isinstance(hash_hex, str) or not re.match(r"^[0-9a-fA-F]{12}", hash_hex):
        raise AgreementError("INVALID_HASH", repr(hash_hex))
    head = hash_hex[:12].upper()
    return "-".join(head[i:i + 4] for i in range(0, 12, 4))
