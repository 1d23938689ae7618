"""Pure PAE rules: date cut-offs that let SQL apply the age and prescription rules, the
prescription status of a debt, and the priority points of a debtor. No Flask, no database."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from server.common.clock import add_months
from server.common.settings import DEFAULTS
from server.ledger.rules import months_past_due, prescription_date

# Priority signals (DOMAIN.md "PAE debtor list"): more points, higher in the list. Stored as
# the setting `pae_priority`; these are the defaults. Thresholds are checked top down.
DEFAULT_PRIORITY = DEFAULTS["pae_priority"]

PRESCRIPTION_STATUSES = {"ok": "Vigente", "warning": "Por prescribir", "prescribed": "Prescrito"}


def latest_due_with_months(as_of: date, months: int) -> date | None:
    """The latest due date that is at least `months` months past due on `as_of` (any due
    date on or before it is); None when `months` <= 0 (every debt qualifies)."""
    if months <= 0:
        return None
    candidate = add_months(as_of, -months) + timedelta(days=3)
    while months_past_due(candidate, as_of) < months:
        candidate -= timedelta(days=1)
    while months_past_due(candidate + timedelta(days=1), as_of) >= months:
        candidate += timedelta(days=1)
    return candidate


def latest_start(limit: date, months: int) -> date:
    """The latest day s with add_months(s, months) <= limit (month ends clamp, so the
    inverse of add_months is taken by search)."""
    candidate = add_months(limit, -months) + timedelta(days=3)
    while add_months(candidate, months) > limit:
        candidate -= timedelta(days=1)
    return candidate


def prescription_cutoffs(on: date, *, years: int, max_years: int) -> tuple[date, date]:
    """(start_cutoff, due_cutoff): a debt due on `due`, with the last formal act on `act`,
    has prescribed by `on` exactly when max(due, act) <= start_cutoff or due <= due_cutoff
    (the same rule as ledger.rules.prescription_date, as two date comparisons for SQL)."""
    return latest_start(on, 12 * years), latest_start(on, 12 * max_years)


def is_prescribed_by(due: date, act: date | None, on: date, *, years: int,
                     max_years: int) -> bool:
    """Whether a debt due on `due` has prescribed by `on`."""
    return prescription_date(due, act, years=years, max_years=max_years) <= on


def prescription_status(horizon: date | None, as_of: date, warn_months: int) -> str:
    """ok | warning (prescribes within `warn_months`) | prescribed (already on `as_of`)."""
    if horizon is None:
        return "ok"
    if horizon <= as_of:
        return "prescribed"
    if horizon <= add_months(as_of, warn_months):
        return "warning"
    return "ok"


def priority_score(*, debt: Decimal, months: int, property_class: str, large_consumer: bool,
                   recidivism: int, weights: dict) -> int:
    """Points of one debtor (the SQL ranking computes the same sum in bulk)."""
    score = next((pts for low, pts in weights["amount"] if debt >= Decimal(low)), 0)
    score += next((pts for low, pts in weights["months"] if months >= low), 0)
    score += weights["property_class"].get(property_class, 0)
    score += weights["large_consumer"] if large_consumer else 0
    return score + min(recidivism * weights["recidivism_each"], weights["recidivism_max"])
