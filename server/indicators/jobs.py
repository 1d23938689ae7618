"""Indicator background jobs (RQ or in-process through server.jobs)."""
from __future__ import annotations


def take_snapshot(period: str, note: str | None = None) -> dict:
    """The monthly snapshot as a job (e.g. scheduled on the 1st for the month just closed)."""
    from server.common.clock import parse_period
    from server.indicators.service import take_snapshot as _take

    snap = _take(parse_period(period), note=note)
    return {"id": snap.id, "period": period, "version": snap.version}
