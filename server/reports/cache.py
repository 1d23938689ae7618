"""The figure cache: a report computed once per (report, filters) and ledger watermark.

At 100,000 accounts × 36 months the month-end arrears behind a trend re-read millions of
allocations; the dashboard must answer in about a second, so a result is kept with the
watermark of the ledger it was computed from. A stale result (the ledger moved) is still
shown, marked `stale`, while a background job recomputes it; with no result at all the
request computes it. Nothing here is a source of truth: deleting every row only costs time.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Callable

import sqlalchemy as sa

import server.jobs as background
from server.common.clock import utcnow
from server.db import transaction
from server.extensions import db
from server.reports.jobs import REFRESH_JOB
from server.reports.models import ReportCache
from server.reports.queries_ops import watermark

log = logging.getLogger(__name__)
REFRESH_GRACE = timedelta(minutes=10)


def any_cached(report: str) -> bool:
    """Whether `report` was ever computed (any filters, any day)."""
    return db.session.execute(sa.select(ReportCache.key).where(
        ReportCache.key.like(f"{report}:%")).limit(1)).first() is not None


def cache_key(report: str, params: dict) -> str:
    """A stable key: the report and its filters, sorted."""
    text = json.dumps({k: v for k, v in params.items() if v not in (None, "")},
                      sort_keys=True, default=str, separators=(",", ":"))
    return f"{report}:{text}"[:300]


def cached(report: str, params: dict, compute: Callable[[], dict], *,
           fresh: bool = False, fallback: str | None = None) -> dict:
    """The cached payload of `report` with `params`, computing it when missing (or when
    `fresh`); a stale one is returned at once and refreshed in the background. With
    `fallback` (a key prefix), a missing result borrows the latest one under that prefix
    (yesterday's dashboard on a new day's first view), stale, while today's is computed."""
    key = cache_key(report, params)
    mark = watermark()
    row = db.session.get(ReportCache, key)
    if row is None and fallback and not fresh:
        row = _borrow(key, fallback)
    if row is not None and not fresh:
        meta = {"computed_at": row.computed_at.isoformat(), "stale": row.watermark != mark}
        if meta["stale"] and (row.refreshing_since is None
                              or row.refreshing_since < utcnow() - REFRESH_GRACE):
            with transaction():
                db.session.execute(sa.update(ReportCache).where(ReportCache.key == key)
                                   .values(refreshing_since=utcnow()))
            background.enqueue(REFRESH_JOB, report, params)
        return dict(row.payload) | meta
    return store(key, mark, compute)


def _borrow(key: str, prefix: str) -> ReportCache | None:
    """Copy the latest payload under `prefix` to `key` as stale: the refresh is queued by
    the caller once (the copy's watermark matches nothing)."""
    latest = db.session.execute(
        sa.select(ReportCache).where(ReportCache.key.like(prefix + "%"),
                                     ReportCache.watermark != "")
        .order_by(ReportCache.computed_at.desc()).limit(1)).scalar()
    if latest is None:
        return None
    payload, computed_at = dict(latest.payload), latest.computed_at
    try:
        with transaction():
            db.session.add(ReportCache(key=key, payload=payload, watermark="",
                                       computed_at=computed_at, duration_ms=0))
    except sa.exc.IntegrityError:  # another view borrowed it first
        db.session.rollback()
    return db.session.get(ReportCache, key)


def store(key: str, mark: str, compute: Callable[[], dict]) -> dict:
    """Compute a payload and keep it under `key` with the watermark read before it."""
    started = time.perf_counter()
    payload = compute()
    ms = int((time.perf_counter() - started) * 1000)
    now = utcnow()
    try:
        _save(key, mark, payload, now, ms)
    except sa.exc.IntegrityError:  # two first views at once: the other one kept it
        db.session.rollback()
    log.info("report %s computed in %d ms", key, ms)
    return dict(payload) | {"computed_at": now.isoformat(), "stale": False}


def _save(key: str, mark: str, payload: dict, now, ms: int) -> None:
    with transaction():
        row = db.session.get(ReportCache, key)
        if row is None:
            db.session.add(ReportCache(key=key, payload=payload, watermark=mark,
                                       computed_at=now, duration_ms=ms))
        else:
            row.payload, row.watermark, row.computed_at = payload, mark, now
            row.duration_ms, row.refreshing_since = ms, None
