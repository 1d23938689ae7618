"""Time: store UTC, show America/Hermosillo (UTC-7, no daylight saving)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("America/Hermosillo")


def utcnow() -> datetime:
    """Aware UTC now; the only clock the server reads."""
    return datetime.now(timezone.utc)


def local_today() -> date:
    """Today's date in Caborca, which decides what is due and overdue."""
    return utcnow().astimezone(LOCAL_TZ).date()


def first_of_month(d: date) -> date:
    """The period a date belongs to (periods are the first day of their month)."""
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (Jan 31 + 1 = Feb 28/29)."""
    import calendar

    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def parse_period(text: str) -> date:
    """'2026-03' → date(2026, 3, 1); raises ValueError on anything else."""
    parts = text.strip().split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or not (1 <= len(parts[1]) <= 2):
        raise ValueError(text)
    return date(int(parts[0]), int(parts[1]), 1)
