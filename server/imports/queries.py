"""Reads of import runs for the screens: one run with its report, and the history."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.errors import NotFound
from server.extensions import db
from server.imports.models import ImportRun
from server.imports.report import ImportReport, RowError

ERRORS_SHOWN = 200  # per-line errors in the run's JSON; errors.csv has them all


def get_run(run_id: uuid.UUID) -> ImportRun:
    run = db.session.get(ImportRun, run_id)
    if run is None:
        raise NotFound("IMPORT_RUN_NOT_FOUND", run=str(run_id))
    return run


def summary(run: ImportRun) -> dict:
    """What the history list shows of a run."""
    return {"id": run.id, "kind": run.kind, "mode": run.mode, "status": run.status,
            "filename": run.filename, "rows_total": run.rows_total,
            "rows_done": run.rows_done, "imported": run.imported,
            "errors_count": run.errors_count, "preview_of": run.preview_of,
            "created_at": run.created_at, "finished_at": run.finished_at}


def run_detail(run: ImportRun) -> dict:
    """The run with its first errors, warnings, details and (payment files) matches."""
    report = run.report or {}
    out = summary(run)
    out.update(errors=[{"line": e[0], "column": e[1], "message": e[2]}
                       for e in report.get("errors", [])[:ERRORS_SHOWN]],
               warnings=report.get("warnings", []), details=report.get("details", {}),
               valid=report.get("valid", 0), verdict=report.get("verdict"),
               matches=report.get("preview", {}).get("items", []),
               totals=report.get("preview", {}).get("totals"))
    return out


def errors_csv(run: ImportRun) -> str:
    """The full per-line report, the CSV the command writes with --errors-out."""
    report = ImportReport(errors=[RowError(*e) for e in (run.report or {}).get("errors", [])])
    return report.errors_csv()


def history(*, page: int, page_size: int) -> tuple[list[dict], int]:
    total = db.session.execute(sa.select(sa.func.count()).select_from(ImportRun)).scalar()
    runs = db.session.execute(sa.select(ImportRun).order_by(
        ImportRun.created_at.desc(), ImportRun.id).offset((page - 1) * page_size)
        .limit(page_size)).scalars()
    return [summary(r) for r in runs], total
