"""Pure ledger rules: allocation order, months past due, aging buckets, surcharges.

No Flask and no database here; the SQL in queries.py computes the same things in bulk,
and tests check both against each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable, Sequence

from server.common.clock import add_months
from server.common.money import ZERO, money
from server.ledger.enums import ACCESSORY_CONCEPTS

# Within the same due date, accessories are paid before principal (Código Fiscal, art. 20:
# "antes que al adeudo principal, a los accesorios"), enforcement costs first.
CONCEPT_PRIORITY = {"enforcement_costs": 0, "surcharge": 1, "fine": 2}


@dataclass(frozen=True)
class OpenItem:
    """A charge with something still owed on it."""

    charge_id: int
    due_date: date
    concept: str
    open_amount: Decimal
    amount: Decimal = Decimal("0")


def allocation_order(items: Iterable[OpenItem]) -> list[OpenItem]:
    """Oldest due first; within a due date accessories before principal; then by id."""
    return sorted(items, key=lambda i: (i.due_date, CONCEPT_PRIORITY.get(i.concept, 9),
                                        i.charge_id))


def allocate(amount: Decimal, items: Iterable[OpenItem]) -> tuple[list[tuple[int, Decimal]],
                                                                    Decimal]:
    """Split `amount` over open items in allocation order.

    Returns ([(charge_id, applied)], unapplied remainder). Never applies more than an
    item's open amount, never leaves money unaccounted: sum(applied) + rest == amount.
    """
    rest = money(amount)
    if rest <= ZERO:
        raise ValueError("amount must be positive")
    applied: list[tuple[int, Decimal]] = []
    for item in allocation_order(items):
        if rest <= ZERO:
            break
        if item.open_amount <= ZERO:
            continue
        part = min(rest, item.open_amount)
        applied.append((item.charge_id, part))
        rest -= part
    return applied, rest


def months_past_due(due_date: date, as_of: date) -> int:
    """Whole or started months since the due date ("por cada mes o fracción").

    Due today or later → 0. One day late → 1. Exactly one month late (same day next
    month) → still 1; one day more → 2. Month ends clamp: due Jan 31, as of Feb 28 → 1.
    """
    if as_of <= due_date:
        return 0
    months = (as_of.year - due_date.year) * 12 + (as_of.month - due_date.month)
    if as_of.day > due_date.day:
        months += 1
    return months


def bucket_for(months: int, buckets: Sequence[Sequence]) -> str:
    """The label of the aging bucket holding `months` (buckets as in settings)."""
    for label, low, high in buckets:
        if months >= low and (high is None or months <= high):
            return label
    raise ValueError(f"no aging bucket for {months} months")


def is_accessory(concept: str) -> bool:
    """Surcharges, fines and enforcement costs are accessories; all else is principal."""
    return concept in ACCESSORY_CONCEPTS


def surcharge_amount(open_principal: Decimal, monthly_rate: Decimal) -> Decimal:
    """One month of simple surcharge on one period's open principal, to the centavo."""
    return money(open_principal * monthly_rate)


def accrues_surcharge(due_date: date, period_end: date, cap_months: int) -> bool:
    """A principal charge accrues a surcharge for the month ending `period_end` when it is
    past due by then and has not yet accrued `cap_months` months."""
    if due_date >= period_end:
        return False
    return months_past_due(due_date, period_end) <= cap_months


def period_end(period: date) -> date:
    """Last day of the month whose first day is `period`."""
    return add_months(period, 1).replace(day=1) - timedelta(days=1)


def earliest_due_accruing(period_end_day: date, cap_months: int) -> date:
    """The earliest due date still accruing a surcharge for the month ending on
    `period_end_day`: any due date from this one on is at most `cap_months` months late."""
    candidate = add_months(period_end_day, -cap_months) - timedelta(days=4)
    while months_past_due(candidate, period_end_day) > cap_months:
        candidate += timedelta(days=1)
    return candidate


def prescription_date(due_date: date, last_formal_act_on: date | None, *, years: int,
                      max_years: int) -> date:
    """The day a debt due on `due_date` prescribes: `years` after it became due, or after
    the last formal collection act notified since then (which restarts the clock), but never
    later than `max_years` after it became due (Código Fiscal, art. 146)."""
    start = due_date
    if last_formal_act_on is not None and last_formal_act_on > due_date:
        start = last_formal_act_on
    return min(add_months(start, 12 * years), add_months(due_date, 12 * max_years))
