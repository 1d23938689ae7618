"""Benchmark the arrears report's Excel export end to end on a seeded database (every
account in arrears on the detail sheet: ~100,000 rows); prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/reports_arrears_export.py

Runs the export job itself (server/reports/exports.execute) on a run row created inside
one transaction rolled back at the end (the export tables are created inside it when the
database has not been migrated that far), records every progress call, and removes the
file it stored. Target ≤ 20 s.
"""
from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import rolled_back  # noqa: E402


def _scaled(n: int, as_of: str) -> dict:
    """The writing half at `n` rows: this city's accounts with debt, repeated up to `n`
    (their query and the summary are timed above; this measures the file itself)."""
    from datetime import date
    from itertools import cycle, islice

    from server.common.settings import get_setting
    from server.reports import queries_ops, rules
    from server.reports.exports import _detail_rows
    from server.reports.figures import compute
    from server.reports.xlsx import report_xlsx

    day = date.fromisoformat(as_of)
    cutoff = rules.arrears_cutoff(day, int(get_setting("arrears_min_months")))
    t = time.perf_counter()
    rows = list(_detail_rows(queries_ops.export_accounts({}, cutoff), day))
    fetch = time.perf_counter() - t
    payload = compute("arrears", {"as_of": as_of})
    t = time.perf_counter()
    data = report_xlsx("arrears", payload, detail=islice(cycle(rows), n))
    return {"rows": n, "fetch_real_rows_s": round(fetch, 2),
            "write_s": round(time.perf_counter() - t, 2), "bytes": len(data)}


def main() -> None:
    import argparse

    import sqlalchemy as sa

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100000,
                        help="also time writing this many detail rows (0: skip)")
    args = parser.parse_args()

    from server import create_app, jobs
    from server.attachments.storage import app_storage
    from server.extensions import db
    from server.common.clock import local_today
    from server.registry.models import Account
    from server.reports import exports
    from server.reports.models import ExportRun, ReportCache

    jobs.enqueue = lambda path, *a, **kw: "bench"  # the bench runs the job itself
    progress: list[tuple[float, int, int]] = []
    started = [0.0]

    def spy(run_id, done, total):
        # In the bench's own session: the run row lives in its rolled-back transaction.
        progress.append((round(time.perf_counter() - started[0], 2), done, total))
        db.session.execute(sa.update(ExportRun).where(ExportRun.id == run_id).values(
            rows_done=done, rows_total=total))

    exports.save_progress = spy
    app = create_app()
    out: dict = {"bench": "reports_arrears_export", "as_of": local_today().isoformat()}
    with rolled_back(app):
        for table in (ReportCache.__table__, ExportRun.__table__):
            table.create(db.session.get_bind(), checkfirst=True)
        out["engine"] = db.engine.dialect.name
        out["accounts"] = db.session.execute(sa.select(sa.func.count()).select_from(
            Account)).scalar()
        run = exports.start(report="arrears", fmt="xlsx",
                            params={"as_of": out["as_of"]}, actor_id=None)
        started[0] = time.perf_counter()
        result = exports.execute(run.id)
        out["seconds"] = round(time.perf_counter() - started[0], 2)
        run = db.session.get(ExportRun, run.id)
        db.session.refresh(run)
        out |= {"status": result["status"], "rows": run.rows_total,
                "compute_and_count_s": progress[0][0] if progress else None,
                "bytes": run.file_size, "progress_calls": len(progress)}
        if run.file_sha256:
            from openpyxl import load_workbook

            t = time.perf_counter()
            with app_storage().open(run.file_sha256) as fh:
                book = load_workbook(io.BytesIO(fh.read()), read_only=True)
            sheet = book["Detalle por cuenta"]
            out["detail_rows_read"] = sum(1 for _ in sheet.iter_rows(values_only=True)) - 2
            out["verify_s"] = round(time.perf_counter() - t, 2)
            path = getattr(app_storage(), "path_of", None)
            if path is not None:
                path(run.file_sha256).unlink(missing_ok=True)
        out["ok"] = result["status"] == "done" and out["seconds"] <= 20
        if args.rows and out.get("rows"):
            out["scaled"] = _scaled(args.rows, out["as_of"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
