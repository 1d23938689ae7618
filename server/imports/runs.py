"""Imports started from the screens: store the file, start the job, record progress and
the report. The job calls the same service entry points as the command line.

Progress (rows done / total) is written to the run's row as the job advances. On
PostgreSQL it is written on a connection of its own, so the screen sees it while an
all-or-nothing import is still one open unit of work; on SQLite (development) it is
written in the job's own session and shows at each commit.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import uuid
from datetime import timedelta
from pathlib import PurePath

import sqlalchemy as sa
from flask import current_app

import server.jobs as background
from server.attachments.storage import app_storage
from server.common.clock import utcnow
from server.db import transaction
from server.errors import Conflict, DomainError
from server.extensions import db
from server.imports import service
from server.imports.jobs import RUN_JOB
from server.imports.models import KINDS, ImportRun
from server.imports.queries import get_run
from server.imports.readers import CSV_EXTENSIONS, XLSX_EXTENSIONS

log = logging.getLogger(__name__)
RUNNERS = {"registry": service.import_registry, "ledger": service.import_ledger,
           "payments": service.import_payments}
DEFAULT_MAX_MB = 10


def max_bytes() -> int:
    """Largest import file accepted (IMPORT_MAX_MB, default 10 MB)."""
    return int(current_app.config.get("IMPORT_MAX_MB") or DEFAULT_MAX_MB) * 1024 * 1024


def check_upload(filename: str, size: int | None) -> None:
    """413 over the size limit, 415 when the name is not a CSV or XLSX file."""
    limit = max_bytes()
    if size is not None and size > limit:
        raise DomainError("IMPORT_UPLOAD_TOO_LARGE", status=413, max_mb=limit // 2**20)
    if PurePath(filename or "").suffix.lower() not in (*CSV_EXTENSIONS, *XLSX_EXTENSIONS):
        raise DomainError("IMPORT_UPLOAD_TYPE", status=415, filename=filename or "archivo")


def start(*, kind: str, mode: str, filename: str, data: bytes, actor_id) -> ImportRun:
    """Keep the file in the blob storage, create the run and queue its job."""
    if kind not in KINDS:
        raise DomainError("IMPORT_KIND_UNKNOWN", status=404, kind=kind)
    if mode not in service.MODES:
        raise DomainError("IMPORT_MODE_UNKNOWN")
    check_upload(filename, len(data))
    digest = hashlib.sha256(data).hexdigest()
    storage = app_storage()
    if not storage.exists(digest):
        fd, tmp = tempfile.mkstemp(prefix="import-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        storage.put(digest, tmp)
    with transaction():
        run = ImportRun(kind=kind, mode=mode, status="queued", filename=filename[:200],
                        file_sha256=digest, file_size=len(data), rows_total=0, rows_done=0,
                        imported=0, errors_count=0, report={}, created_by=actor_id)
        db.session.add(run)
    background.enqueue(RUN_JOB, str(run.id))
    return run


def apply_preview(run_id: uuid.UUID, *, mode: str, actor_id) -> ImportRun:
    """Run a finished preview (dry run) for real on the same stored file."""
    preview = get_run(run_id)
    if preview.mode != "dry_run":
        raise Conflict("IMPORT_NOT_A_PREVIEW")
    if preview.status != "done":
        raise Conflict("IMPORT_PREVIEW_NOT_DONE")
    if not app_storage().exists(preview.file_sha256):
        raise Conflict("IMPORT_FILE_GONE")
    with transaction():
        run = ImportRun(kind=preview.kind, mode=mode, status="queued",
                        filename=preview.filename, file_sha256=preview.file_sha256,
                        file_size=preview.file_size, rows_total=preview.rows_total,
                        rows_done=0, imported=0, errors_count=0, report={},
                        preview_of=preview.id, created_by=actor_id)
        db.session.add(run)
    background.enqueue(RUN_JOB, str(run.id))
    return run


def execute(run_id: uuid.UUID) -> dict:
    """The job: run the import on the stored file; the run ends done or failed."""
    with transaction():
        run = get_run(run_id)
        if run.status != "queued":
            return {"status": run.status}  # a retried job never runs an import twice
        run.status = "running"
        kind, mode, filename, digest, actor_id = (run.kind, run.mode, run.filename,
                                                  run.file_sha256, run.created_by)
    try:
        with app_storage().open(digest) as fh:
            data = fh.read()
        report = RUNNERS[kind](data, filename=filename, actor_id=actor_id, mode=mode,
                               progress=lambda done, total: save_progress(run_id, done, total))
    except Exception:  # noqa: BLE001 - the run must end, and say so, whatever happened
        db.session.rollback()
        log.exception("import run %s failed", run_id)
        _finish(run_id, status="failed", values={"report": {"errors": [
            [0, None, DomainError("IMPORT_JOB_FAILED").message]]}, "errors_count": 1})
        return {"status": "failed"}
    _finish(run_id, status="done", values={
        "rows_total": report.total_rows, "rows_done": report.total_rows,
        "imported": report.imported, "errors_count": len(report.errors),
        "report": {"errors": [[e.line, e.column, e.message] for e in report.errors],
                   "warnings": report.warnings, "details": report.details,
                   "valid": report.valid, "verdict": report.verdict(),
                   "preview": report.preview}})
    return {"status": "done", "imported": report.imported, "errors": len(report.errors)}


def _finish(run_id, *, status: str, values: dict) -> None:
    with transaction():
        db.session.execute(sa.update(ImportRun).where(ImportRun.id == run_id).values(
            status=status, finished_at=utcnow(), updated_at=utcnow(), **values))


def save_progress(run_id, done: int, total: int) -> None:
    """Record rows done / total where the screen can read it while the job runs."""
    stmt = sa.update(ImportRun).where(ImportRun.id == run_id).values(
        rows_done=done, rows_total=total, updated_at=utcnow())
    if db.engine.dialect.name == "postgresql" and not current_app.config.get(
            "IMPORT_PROGRESS_IN_SESSION"):
        with db.engine.begin() as conn:
            conn.execute(stmt)
    else:
        db.session.execute(stmt)


# A run whose job made no progress for this long was lost with its worker (a restart, a
# crash): it would otherwise show "en proceso" forever.
STALLED_AFTER = timedelta(minutes=15)


def close_stalled() -> int:
    """End as failed, with a Spanish reason, the runs queued or running without progress for
    STALLED_AFTER; returns how many."""
    message = DomainError("IMPORT_JOB_STALLED",
                          minutes=int(STALLED_AFTER.total_seconds() // 60)).message
    return background.close_stalled(ImportRun, after=STALLED_AFTER, values={
        "errors_count": 1, "report": {"errors": [[0, None, message]]}})
