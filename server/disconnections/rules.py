"""Pure disconnection rules: a cut list's selection rules, which action a class gets,
who is protected, what a late execution means, when a reconnection is due.

No Flask and no database (queries.py and service.py apply them).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from server.campaigns.rules import RulesJson
from server.disconnections.enums import FOLIO_PREFIXES

DOMESTIC_CLASSES = ("domestic", "mixed")  # mixed use includes a home: never a total cut
# Exclusions whose facts have no table yet: accepted and stored, reported as not applied.
PENDING_EXCLUSIONS = ("exclude_open_dispute",)


@dataclass(frozen=True)
class CutRules(RulesJson):
    """Which delinquent accounts a cut list selects (docs/disconnections.md "rules")."""

    min_months_past_due: int = 3
    max_months_past_due: int | None = None
    min_debt: Decimal | None = None
    max_debt: Decimal | None = None
    property_classes: tuple[str, ...] = ()
    neighborhood_ids: tuple[int, ...] = ()
    sectors: tuple[str, ...] = ()
    # A formal notice (requerimiento) served at least N days before; None: not required.
    formal_notice_min_days: int | None = 3
    include_public_services: bool = False
    # A breached agreement stands for the notice: the customer acknowledged the debt.
    include_breached_agreements: bool = False
    exclude_agreement_in_good_standing: bool = True
    exclude_open_dispute: bool = True
    # The action by class: domestic (and mixed) accounts are only ever restricted.
    non_domestic_action: str = "disconnect"

    def selection(self) -> dict:
        """The part campaigns' SelectionRules understands (debt, age, place)."""
        return {"min_months_past_due": self.min_months_past_due,
                "max_months_past_due": self.max_months_past_due,
                "min_debt": self.min_debt, "max_debt": self.max_debt,
                "property_classes": self.property_classes,
                "neighborhood_ids": self.neighborhood_ids, "sectors": self.sectors,
                "exclude_agreement_in_good_standing": False, "exclude_open_dispute": False,
                "exclude_notified_within_days": None, "exclude_open_notice": False}


def exclusions_not_applied(rules: CutRules) -> list[str]:
    """Rules asked for whose data does not exist yet (agreements, disputes)."""
    return [name for name in PENDING_EXCLUSIONS if getattr(rules, name)]


def action_for(property_class: str, non_domestic_action: str = "disconnect") -> str:
    """restrict for homes (Ley General de Aguas, Dec 2025: no total cut of domestic
    supply for non-payment); the configured action for everyone else."""
    return "restrict" if property_class in DOMESTIC_CLASSES else non_domestic_action


# Why an account is protected, as the manager reads it (alerts, documents).
PROTECTION_LABELS = {
    "agreement_in_good_standing": "convenio al corriente",
    "vulnerable_household": "hogar vulnerable",
    "public_services": "servicio público",
    "discount_beneficiary_in_emergency": "beneficiario de descuento social durante la "
                                         "emergencia declarada",
}


def protection_reasons(*, property_class: str, vulnerable_household: bool,
                       include_public_services: bool = False,
                       agreement_in_good_standing: bool = False,
                       discount_beneficiary_in_emergency: bool = False) -> list[str]:
    """Why an account must not be cut (DOMAIN.md step 4); empty when it may be.

    `discount_beneficiary_in_emergency`: the account holds a current social discount and
    an emergency is declared (setting `social_emergency_declared`). Open disputes join
    this list when their table exists.
    """
    out = []
    if agreement_in_good_standing:
        out.append("agreement_in_good_standing")
    if vulnerable_household:
        out.append("vulnerable_household")
    if property_class == "public_services" and not include_public_services:
        out.append("public_services")
    if discount_beneficiary_in_emergency:
        out.append("discount_beneficiary_in_emergency")
    return out


def late_execution_flag(base_rv: int, cancel_rv: int | None) -> str:
    """A cut reported for a cancelled order: CROSSED_IN_FLIGHT when the device had not
    yet pulled the cancellation (base_rv below it), IGNORED_CANCELLATION when it had."""
    if cancel_rv is None or base_rv < cancel_rv:
        return "CROSSED_IN_FLIGHT"
    return "IGNORED_CANCELLATION"


def reconnection_due(policy: str, *, months_past_due: int, debt: Decimal) -> bool:
    """Whether a restricted or cut account has paid what policy requires.

    no_past_due: nothing past due remains (the current bill may be open);
    no_debt: the whole balance is paid.
    """
    if policy == "no_debt":
        return debt <= 0
    return months_past_due <= 0 or debt <= 0


def reinspection_window(executed_on: date, after_days: int, within_days: int
                        ) -> tuple[date, date]:
    """(not before, due by) for the re-inspection of a cut executed on a date."""
    return executed_on + timedelta(days=after_days), executed_on + timedelta(days=within_days)


def folio_prefix(action: str) -> str:
    return FOLIO_PREFIXES[action]
