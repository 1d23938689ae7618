"""Month facts: each month's arrears at its end (by service) and the recovery of each of
its days, the bricks of the trend, the recovery report and the monthly arrears report.

A closed month's facts are computed once per filter set and kept (report_cache, key
"month:..."): new payments cannot change them — what is open now plus what was applied
after the month's end is still what was open at its end — so the 12-month trend no longer
replays a year of allocations at every view. Only the as_of month is computed live. A
back-dated correction to a closed month shows after `fresh` (the report's «Recalcular»).
"""
from __future__ import annotations

import json
from datetime import date, timedelta

from server.common.clock import local_today
from server.common.settings import get_setting
from server.db import transaction
from server.extensions import db
from server.reports import queries, rules
from server.reports.models import ReportCache

CLOSED = "closed-month"


def _key(f: dict, month: date) -> str:
    return "month:" + json.dumps(f, sort_keys=True, separators=(",", ":"))[:200] + \
        ":" + month.isoformat()[:7]


def compute(months: list[date], f: dict, until: date) -> dict[date, dict]:
    """Facts of `months` (first days) read from the ledger, up to `until` at the latest:
    {"at": day, "arrears": {service: centavos}, "by_day": [centavos recovered each day]}."""
    if not months:
        return {}
    n = int(get_setting("arrears_min_months"))
    moved = queries.allocated_after(min(months) - timedelta(days=1), f)
    points = {m: min(rules.month_end(m), until) for m in months}
    arrears = rules.fold_arrears(queries.open_by_due(f),
                                 [(d, s, a, c) for d, s, a, _, c in moved],
                                 sorted(set(points.values())), n)
    out = {m: {"at": p.isoformat(), "arrears": arrears[p], "by_day": [0] * 31}
           for m, p in points.items()}
    for due, _svc, applied, paid, c in moved:
        m = applied.replace(day=1)
        if paid and m in out and due < m and applied <= points[m]:
            out[m]["by_day"][applied.day - 1] += c
    return out


def facts(months: list[date], f: dict, as_of: date, *, fresh: bool = False
          ) -> dict[date, dict]:
    """Facts of every month in `months`: closed ones (ended before today and before the
    as_of month) from the cache or computed once and kept; the others live up to as_of."""
    today = local_today()
    closed = [m for m in months if m < as_of.replace(day=1) and rules.month_end(m) < today]
    live = [m for m in months if m not in closed]
    out: dict[date, dict] = {}
    if closed and not fresh:
        rows = db.session.query(ReportCache.key, ReportCache.payload).filter(
            ReportCache.key.in_([_key(f, m) for m in closed])).all()
        by_key = dict(rows)
        for m in closed:
            if _key(f, m) in by_key:
                out[m] = by_key[_key(f, m)]
    missing = [m for m in closed if m not in out]
    made = compute(missing, f, date.max)
    if made:
        _keep(f, made)
    out |= made
    out |= compute(live, f, as_of)
    return out


def _keep(f: dict, made: dict[date, dict]) -> None:
    with transaction():
        for m, payload in made.items():
            row = db.session.get(ReportCache, _key(f, m))
            if row is None:
                db.session.add(ReportCache(key=_key(f, m), payload=payload, watermark=CLOSED,
                                           duration_ms=0))
            else:
                row.payload = payload


def arrears_c(fact: dict) -> int:
    """A month's arrears at its end, all services."""
    return sum(fact["arrears"].values())


def recovered_c(fact: dict, until_day: int = 31) -> int:
    """A month's recovery up to a day of the month."""
    return sum(fact["by_day"][:until_day])
