"""Pure campaign rules: the selection rules' shape and the due-date bounds they imply, and
who a promotion applies to (promotion_applies; its TypeScript twin is
pwa/src/domain/promotion-rules.ts, both run tests/fixtures/promotions).

No Flask and no database: queries.py turns these bounds into one SQL aggregate.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Mapping, Sequence

from server.agreements.rules import AgreementError, as_date
from server.common.clock import add_months
from server.ledger.rules import months_past_due

# Exclusions whose facts have no table yet: accepted and stored, reported as not applied.
PENDING_EXCLUSIONS = ("exclude_open_dispute",)


LIST_FIELDS = ("property_classes", "neighborhood_ids", "sectors")
MONEY_FIELDS = ("min_debt", "max_debt")


class RulesJson:
    """from_dict/to_json for a frozen rules dataclass with the place lists and the debt
    range (campaigns' SelectionRules, disconnections' CutRules)."""

    @classmethod
    def from_dict(cls, data: dict):
        """Build from API input (lists become tuples; unknown keys are not accepted here)."""
        values = dict(data)
        for key in LIST_FIELDS:
            values[key] = tuple(values.get(key) or ())
        return cls(**values)

    def to_json(self) -> dict:
        """The rules as stored with what they made (money as strings)."""
        out = asdict(self)
        for key in MONEY_FIELDS:
            out[key] = None if out[key] is None else str(out[key])
        for key in LIST_FIELDS:
            out[key] = list(out[key])
        return out


@dataclass(frozen=True)
class SelectionRules(RulesJson):
    """Which delinquent accounts a campaign selects (docs/field-sync.md "rules")."""

    min_months_past_due: int = 2
    max_months_past_due: int | None = None
    min_debt: Decimal | None = None
    max_debt: Decimal | None = None
    property_classes: tuple[str, ...] = ()
    neighborhood_ids: tuple[int, ...] = ()
    sectors: tuple[str, ...] = ()
    exclude_agreement_in_good_standing: bool = True
    exclude_open_dispute: bool = True
    exclude_notified_within_days: int | None = 30
    exclude_open_notice: bool = True


def latest_due_at_least(months: int, as_of: date) -> date | None:
    """The latest due date that is at least `months` months past due on `as_of`.

    months_past_due never grows as the due date moves later, so "at least N months late"
    is exactly "due on or before this date". None when every date qualifies (N <= 0).
    """
    if months <= 0:
        return None
    candidate = add_months(as_of, -(months - 1))
    while months_past_due(candidate, as_of) < months:
        candidate -= timedelta(days=1)
    while months_past_due(candidate + timedelta(days=1), as_of) >= months:
        candidate += timedelta(days=1)
    return candidate


def due_bounds(rules: SelectionRules, as_of: date) -> tuple[date | None, date | None]:
    """(earliest, latest) due date of an account's oldest open charge for the rules'
    months past due range; None means unbounded on that side."""
    latest = latest_due_at_least(rules.min_months_past_due, as_of)
    earliest = None
    if rules.max_months_past_due is not None:
        too_old = latest_due_at_least(rules.max_months_past_due + 1, as_of)
        earliest = None if too_old is None else too_old + timedelta(days=1)
    return earliest, latest


def exclusions_not_applied(rules: SelectionRules) -> list[str]:
    """Exclusions asked for whose data does not exist yet (agreements, disputes)."""
    return [name for name in PENDING_EXCLUSIONS if getattr(rules, name)]


def campaign_folio(year: int, number: int) -> str:
    """'CP-2026-0003': the campaign's human number, gap-free within the year."""
    return f"CP-{year}-{number:04d}"


# --- promotion eligibility ----------------------------------------------------------------
#
# Which promotions (programas de descuento) an account may get on a date. The PWA has the
# same rule in pwa/src/domain/promotion-rules.ts; both run the shared cases in
# tests/fixtures/promotions/eligibility.json, so the phone offers what the server accepts.
# Money is compared exactly as Decimal; dates are calendar dates (date or "YYYY-MM-DD").
# (Imported here, not at the top: this part was appended to the module.)



# Every reason a promotion does not apply, in the order promotion_applies reports them.
PROMOTION_REASON_LABELS = {
    "INACTIVE": "La promoción no está activa.",
    "NOT_YET_VALID": "La promoción aún no está vigente.",
    "EXPIRED": "La vigencia de la promoción ya concluyó.",
    "CLASS_NOT_ELIGIBLE": "La clasificación del predio no está incluida en la promoción.",
    "NEIGHBORHOOD_NOT_ELIGIBLE": "La colonia del predio no está incluida en la promoción.",
    "TOO_FEW_MONTHS": "La cuenta tiene menos meses de atraso de los que requiere la promoción.",
    "TOO_MANY_MONTHS": "La cuenta tiene más meses de atraso de los que admite la promoción.",
    "DEBT_BELOW_MINIMUM": "El adeudo es menor que el mínimo que requiere la promoción.",
    "DEBT_ABOVE_MAXIMUM": "El adeudo es mayor que el máximo que admite la promoción.",
    "PRIOR_BENEFICIARY": "La cuenta ya recibió esta promoción anteriormente.",
}
_PROMO_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")  # what the PWA's parseCents accepts


def _promo_amount(value) -> Decimal:
    """Money from "1234.5"/"1234.50" (at most two decimals), an int or a Decimal, compared
    exactly (never rounded); INVALID_AMOUNT otherwise."""
    if isinstance(value, str) and _PROMO_AMOUNT.match(value):
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    raise AgreementError("INVALID_AMOUNT", repr(value))


def _promo_months(value) -> int:
    """A whole number of months ≥ 0; INVALID_MONTHS otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AgreementError("INVALID_MONTHS", repr(value))
    return value


def _optional(value, convert):
    return None if value is None else convert(value)


def promotion_applies(promotion: Mapping, facts: Mapping, as_of: date | str) -> list[str]:
    """The reasons `promotion` does not apply to an account on `as_of`; [] when it applies.

    `facts` are the account's {property_class, neighborhood_id, months_past_due, debt,
    prior_promotions}. Codes come in the order of PROMOTION_REASON_LABELS: INACTIVE,
    NOT_YET_VALID (as_of before valid_from), EXPIRED (as_of after valid_until: the last day
    itself is valid), CLASS_NOT_ELIGIBLE, NEIGHBORHOOD_NOT_ELIGIBLE (an empty list admits
    every class or neighborhood), TOO_FEW_MONTHS, TOO_MANY_MONTHS, DEBT_BELOW_MINIMUM,
    DEBT_ABOVE_MAXIMUM (limits are inclusive, null = no limit), PRIOR_BENEFICIARY
    (exclude_prior_beneficiaries and the promotion's id is in prior_promotions). A missing
    eligibility key means no restriction.

    Every input is checked first, whatever the outcome, and raises AgreementError in this
    order: INVALID_DATE (as_of, valid_from, valid_until), INVALID_AMOUNT (debt, min_debt,
    max_debt), INVALID_MONTHS (months_past_due, min_months_past_due, max_months_past_due).
    """
    today = as_date(as_of)
    valid_from = _optional(promotion.get("valid_from"), as_date)
    valid_until = _optional(promotion.get("valid_until"), as_date)
    rules = promotion.get("eligibility") or {}
    debt = _promo_amount(facts.get("debt"))
    min_debt = _optional(rules.get("min_debt"), _promo_amount)
    max_debt = _optional(rules.get("max_debt"), _promo_amount)
    months = _promo_months(facts.get("months_past_due"))
    min_months = _optional(rules.get("min_months_past_due"), _promo_months)
    max_months = _optional(rules.get("max_months_past_due"), _promo_months)
    classes = rules.get("property_classes") or []
    neighborhoods = rules.get("neighborhood_ids") or []

    checks = {
        "INACTIVE": promotion.get("active") is not True,
        "NOT_YET_VALID": valid_from is not None and today < valid_from,
        "EXPIRED": valid_until is not None and today > valid_until,
        "CLASS_NOT_ELIGIBLE": bool(classes) and facts.get("property_class") not in classes,
        "NEIGHBORHOOD_NOT_ELIGIBLE": (bool(neighborhoods)
                                      and facts.get("neighborhood_id") not in neighborhoods),
        "TOO_FEW_MONTHS": min_months is not None and months < min_months,
        "TOO_MANY_MONTHS": max_months is not None and months > max_months,
        "DEBT_BELOW_MINIMUM": min_debt is not None and debt < min_debt,
        "DEBT_ABOVE_MAXIMUM": max_debt is not None and debt > max_debt,
        "PRIOR_BENEFICIARY": (rules.get("exclude_prior_beneficiaries") is True
                              and promotion.get("id") in (facts.get("prior_promotions") or [])),
    }
    return [code for code in PROMOTION_REASON_LABELS if checks[code]]


def eligible_promotions(promotions: Sequence[Mapping], facts: Mapping,
                        as_of: date | str) -> list[Mapping]:
    """The promotions that apply to the account on `as_of`, in the given order."""
    return [p for p in promotions if not promotion_applies(p, facts, as_of)]
