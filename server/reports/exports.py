"""Report exports as background runs: the job computes the report, writes its Excel or
PDF (the arrears Excel adds every account with open debt, up to ~100,000 rows), records progress
(rows done / total) on the run and keeps the file in the blob storage by its SHA-256.

Progress is written on a connection of its own on PostgreSQL so the screen sees it while
the job's read transaction is still open (as server/imports/runs.py does).
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import uuid
from datetime import date, timedelta

import sqlalchemy as sa

import server.jobs as background
from server.attachments.storage import app_storage
from server.common.clock import local_today, utcnow
from server.common.settings import get_setting
from server.db import transaction
from server.errors import DomainError
from server.extensions import db
from server.ledger.rules import months_past_due
from server.ledger.sql import from_cents
from server.registry.enums import ACCOUNT_STATUSES, PROPERTY_CLASSES
from server.registry.rules import address_line
from server.reports import queries_ops, rules
from server.reports.cache import cached
from server.reports.figures import compute, filters
from server.reports.jobs import EXPORT_JOB
from server.reports.models import ExportRun
from server.reports.pdf import report_pdf
from server.reports.queries import neighborhood_names
from server.reports.xlsx import report_xlsx

log = logging.getLogger(__name__)
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}


def start(*, report: str, fmt: str, params: dict, actor_id) -> ExportRun:
    """Create the run and queue its job."""
    stamp = params.get("as_of") or local_today().isoformat()
    with transaction():
        run = ExportRun(report=report, format=fmt, params=params, status="queued",
                        rows_total=0, rows_done=0, created_by=actor_id,
                        filename=f"{report}-{stamp}.{fmt}")
        db.session.add(run)
    background.enqueue(EXPORT_JOB, str(run.id))
    return run


# An export lost with its worker (no progress for this long) is closed as failed.
STALLED_AFTER = timedelta(minutes=15)


def close_stalled() -> int:
    """End as failed, with a Spanish reason, the exports lost with their worker."""
    minutes = int(STALLED_AFTER.total_seconds() // 60)
    return background.close_stalled(ExportRun, after=STALLED_AFTER, values={
        "error": DomainError("REPORT_EXPORT_STALLED", minutes=minutes).message})


def get_run(run_id: uuid.UUID) -> ExportRun:
    """An export run, or 404."""
    run = db.session.get(ExportRun, run_id)
    if run is None:
        raise DomainError("REPORT_EXPORT_NOT_FOUND", status=404, run=str(run_id))
    return run


def file_bytes(run: ExportRun) -> bytes:
    """The finished file of a run (409 while it is not done)."""
    if run.status != "done" or not run.file_sha256:
        raise DomainError("REPORT_EXPORT_NOT_READY", status=409)
    with app_storage().open(run.file_sha256) as fh:
        return fh.read()


def execute(run_id: uuid.UUID) -> dict:
    """The job: make the file; the run ends done or failed."""
    with transaction():
        run = get_run(run_id)
        if run.status != "queued":
            return {"status": run.status}
        run.status = "running"
        report, fmt, params = run.report, run.format, dict(run.params or {})
    try:
        data, total = _make(run_id, report, fmt, params)
        digest = hashlib.sha256(data).hexdigest()
        storage = app_storage()
        if not storage.exists(digest):
            fd, tmp = tempfile.mkstemp(prefix="report-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            storage.put(digest, tmp)
    except Exception:  # noqa: BLE001 - the run must end, and say so, whatever happened
        db.session.rollback()
        log.exception("report export %s failed", run_id)
        _finish(run_id, status="failed",
                error=DomainError("REPORT_EXPORT_FAILED").message)
        return {"status": "failed"}
    _finish(run_id, status="done", file_sha256=digest, file_size=len(data), rows_done=total,
            rows_total=total)
    return {"status": "done", "size": len(data)}


def _make(run_id, report: str, fmt: str, params: dict) -> tuple[bytes, int]:
    # The figures the screen just showed, from the cache when the ledger has not moved.
    payload = cached(report, params, lambda: compute(report, params))
    f = filters(params)
    if fmt == "pdf":
        save_progress(run_id, 0, 1)
        colonia = neighborhood_names([f.get("neighborhood_id")]).get(f.get("neighborhood_id"))
        return report_pdf(report, payload, colonia), 1
    if report != "arrears":
        save_progress(run_id, 0, 1)
        return report_xlsx(report, payload), 1
    as_of = date.fromisoformat(payload["as_of"])
    cutoff = rules.arrears_cutoff(as_of, int(get_setting("arrears_min_months")))
    stmt = queries_ops.export_accounts(f, cutoff)
    total = queries_ops.count_rows(stmt)
    save_progress(run_id, 0, total)
    data = report_xlsx(report, payload, detail=_detail_rows(stmt, as_of),
                       progress=lambda n: save_progress(run_id, n, total))
    return data, total


def _detail_rows(stmt, as_of: date):
    """The detail sheet's rows, fetched in batches (a server-side cursor on PostgreSQL)."""
    result = db.session.execute(stmt.execution_options(yield_per=5000))
    for r in result:
        p, x = from_cents(r.p), from_cents(r.x)
        oldest = r.oldest if isinstance(r.oldest, date) else date.fromisoformat(str(r.oldest))
        yield [r.account_number, r.holder, address_line(r.street, r.exterior_number, None),
               r.colonia, r.sector, PROPERTY_CLASSES.get(r.property_class, r.property_class),
               ACCOUNT_STATUSES.get(r.status, r.status), p, x, p + x, from_cents(r.o), oldest,
               months_past_due(oldest, as_of)]


def _finish(run_id, *, status: str, **values) -> None:
    with transaction():
        db.session.execute(sa.update(ExportRun).where(ExportRun.id == run_id).values(
            status=status, finished_at=utcnow(), updated_at=utcnow(), **values))


def save_progress(run_id, done: int, total: int) -> None:
    """Record rows done / total where the screen can read it while the job runs."""
    stmt = sa.update(ExportRun).where(ExportRun.id == run_id).values(
        rows_done=done, rows_total=total, updated_at=utcnow())
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(stmt)
    else:
        db.session.execute(stmt)


def run_view(run: ExportRun) -> dict:
    """A run as the screen polls it, with its download url when done."""
    return {"id": run.id, "report": run.report, "format": run.format, "status": run.status,
            "rows_total": run.rows_total, "rows_done": run.rows_done,
            "filename": run.filename, "file_size": run.file_size, "error": run.error,
            "created_at": run.created_at, "finished_at": run.finished_at,
            "download_url": f"/api/v1/reports/exports/{run.id}/file"
            if run.status == "done" else None}

