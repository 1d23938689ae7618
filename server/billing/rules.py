"""Pure billing-analysis rules: a large consumer's average and deviation, variations
between periods, and whether a period may be authorized."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NON_LARGE_CLASSES = ("domestic",)  # DOMAIN.md: large consumers are non-domestic accounts
PCT = Decimal("0.0001")


def add_months(d: date, months: int) -> date:
    """The first day of the month `months` after (or before) d's month."""
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def comparison_periods(period: date) -> dict[str, date]:
    """The periods a billing comparison sets side by side: this month, the previous one and
    the same month a year before."""
    return {"current": period, "previous": add_months(period, -1),
            "last_year": add_months(period, -12)}


def variation(current: Decimal | int, before: Decimal | int) -> Decimal | None:
    """(current − before) / before, to 4 decimals; None when there is nothing to compare."""
    if not before:
        return None
    return ((Decimal(current) - Decimal(before)) / Decimal(before)).quantize(
        PCT, rounding=ROUND_HALF_UP)


def average(total_m3: int | None, months: int) -> Decimal | None:
    """The average monthly m³ over the months with a billed consumption; None without any."""
    if not months:
        return None
    return (Decimal(total_m3 or 0) / months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def deviation_status(current_m3: int | None, average_m3: Decimal | None,
                     deviation_pct: Decimal) -> tuple[str, Decimal | None]:
    """(status, deviation) of this month's consumption against the average.

    within: |current − average| ≤ pct × average (the boundary itself is within);
    above/below: outside that band; no_history: metered this month but no month to compare
    with, which the manager must look at; not_metered: no metered consumption this month nor
    before (a fixed-fee account: nothing to validate). A month without a reading after
    metered months counts as 0. A zero average with zero consumption is within; with any
    consumption it is above (the deviation is then None: it has no finite value)."""
    if current_m3 is None and average_m3 is None:
        return "not_metered", None
    current_m3 = current_m3 or 0
    if average_m3 is None:
        return "no_history", None
    if average_m3 == 0:
        return ("within", Decimal("0.0000")) if current_m3 == 0 else ("above", None)
    dev = variation(current_m3, average_m3)
    if abs(dev) <= deviation_pct:
        return "within", dev
    return ("above" if dev > 0 else "below"), dev


def is_large_consumer(*, property_class: str, flagged: bool, current_m3: int,
                      average_m3: Decimal | None, threshold_m3: int) -> str | None:
    """Why an account is on the large-consumer list, or None: flagged by hand, or a
    non-domestic account whose month or average is over the threshold."""
    if flagged:
        return "flagged"
    if property_class in NON_LARGE_CLASSES:
        return None
    if current_m3 > threshold_m3 or (average_m3 is not None and average_m3 > threshold_m3):
        return "volume"
    return None


def needs_validation(status: str) -> bool:
    """Whether a deviation status obliges the manager to validate or explain."""
    return status not in ("within", "not_metered")


def review_holds(review: Mapping | None, current_m3: int) -> bool:
    """Whether a validation or explanation still settles the case: it was made on the same
    consumption (a re-imported, different figure must be looked at again)."""
    return bool(review and review["action"] in ("validated", "explained")
                and review["consumption_m3"] == current_m3)


def settings_values(raw: Mapping) -> tuple[int, Decimal, int]:
    """(threshold_m3, deviation_pct, average_months) from the `large_consumer` setting."""
    return (int(raw.get("threshold_m3", 40)), Decimal(str(raw.get("deviation_pct", "0.30"))),
            max(1, int(raw.get("average_months", 6))))
