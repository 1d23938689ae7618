"""Pure campaign rules: the selection rules' shape and the due-date bounds they imply.

No Flask and no database: queries.py turns these bounds into one SQL aggregate.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal

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
