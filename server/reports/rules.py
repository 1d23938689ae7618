"""Pure report rules: month ranges, the arrears cut-off, ratios and debt ranges.

No Flask and no database: queries.py sums in SQL, these fold the sums into figures.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Iterable

from server.common.clock import add_months
from server.ledger.rules import months_past_due

# Debt ranges of the debtor statistics (pesos, lower bound inclusive); the last is open.
DEBT_RANGES = ((Decimal("0.01"), Decimal("500")), (Decimal("500"), Decimal("1000")),
               (Decimal("1000"), Decimal("2500")), (Decimal("2500"), Decimal("5000")),
               (Decimal("5000"), Decimal("10000")), (Decimal("10000"), Decimal("25000")),
               (Decimal("25000"), None))


def month_end(month: date) -> date:
    """Last day of the month of `month`."""
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from `first`'s to `last`'s, inclusive."""
    out, m = [], first.replace(day=1)
    while m <= last.replace(day=1):
        out.append(m)
        m = add_months(m, 1)
    return out


def trend_points(as_of: date, n: int = 12) -> list[date]:
    """The `n` month ends of a trend ending at `as_of` (the current month's point is
    `as_of` itself: its month has not ended yet)."""
    points = [month_end(add_months(as_of.replace(day=1), -k)) for k in range(n - 1, 0, -1)]
    return points + [as_of]


def in_arrears(due: date, at: date, min_months: int) -> bool:
    """A charge is in arrears at `at` when it is past due at least `min_months` months
    (setting arrears_min_months; the same rule as ledger.queries.arrears_summary)."""
    return months_past_due(due, at) >= max(min_months, 1)


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole to four decimals, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def change(now: Decimal | int, before: Decimal | int) -> Decimal | None:
    """Relative change now vs before (0.25 = 25 % more), None without a base."""
    if not before:
        return None
    return ((Decimal(now) - Decimal(before)) / Decimal(before)).quantize(Decimal("0.0001"))


def debt_range_label(low: Decimal, high: Decimal | None) -> str:
    """«$500 a $1,000», «más de $25,000»."""
    if high is None:
        return f"más de ${low:,.0f}"
    return f"${low:,.0f} a ${high:,.0f}"


def debt_range_index(amount: Decimal) -> int | None:
    """Which DEBT_RANGES row holds a debt; None for no debt."""
    for i, (low, high) in enumerate(DEBT_RANGES):
        if amount >= low and (high is None or amount < high):
            return i
    return None


def fold_arrears(open_by_due: Iterable[tuple[date, str, int]],
                 allocated_after: Iterable[tuple[date, str, date, int]],
                 points: list[date], min_months: int) -> dict[date, dict[str, int]]:
    """Arrears in centavos at each point, by service.

    What was open at D = what is open now + what was applied after D: `open_by_due` are
    (due date, service, open centavos now) and `allocated_after` (due date, service,
    applied on, centavos) of allocations applied after the earliest point.
    """
    out = {p: {} for p in points}
    for due, service, c in open_by_due:
        for p in points:
            if in_arrears(due, p, min_months):
                out[p][service] = out[p].get(service, 0) + int(c)
    for due, service, applied_on, c in allocated_after:
        for p in points:
            if applied_on > p and in_arrears(due, p, min_months):
                out[p][service] = out[p].get(service, 0) + int(c)
    return out


def arrears_cutoff(at: date, min_months: int) -> date:
    """The first due date NOT in arrears at `at`: a charge is past due at least
    `min_months` months exactly when its due date is before this day."""
    n = max(min_months, 0)
    if n == 0:
        return date.max
    candidate = add_months(at, -n) - timedelta(days=4)
    while months_past_due(candidate, at) >= n:
        candidate += timedelta(days=1)
    return candidate
