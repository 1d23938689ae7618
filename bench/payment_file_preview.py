"""A bank's 20,000-line payment file previewed from the screen; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/payment_file_preview.py [--lines 20000]

The database must hold a seeded city (`flask cartera seed-demo`). The file pays accounts
of the database (one line each, in account order; every 100th line names an account that
does not exist, so the preview also reports unmatched lines). Through the API as the
screen does: POST /api/v1/imports/payments (multipart, mode dry_run) → 202, then
GET /api/v1/imports/<id> until the run is done. Figure: seconds from the upload to the
preview done (target 15 s). Nothing durable is written: a dry run books nothing, the run's
row lives inside ONE transaction rolled back at the end, the file is kept in a temporary
blob directory, and the job runs in this thread (as the in-process runner would, without
a second connection).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import rolled_back  # noqa: E402


def payment_file(numbers: list[str], paid_on: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["Cuenta", "Importe", "Fecha de pago", "Forma de pago",
                     "Referencia bancaria"])
    for i, number in enumerate(numbers):
        writer.writerow([number if i % 100 != 99 else f"NOEXISTE{i}",
                         f"{100 + i % 900}.{i % 100:02d}", paid_on, "transferencia",
                         f"SPEI-{i:08d}"])
    return buf.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token

    from server import create_app, jobs
    from server.auth.service import create_user
    from server.common.clock import local_today
    from server.registry.models import Account
    from server.runtime import tune_gc

    blobs = tempfile.mkdtemp(prefix="bench-import-blobs-")
    app = create_app({"BLOB_ROOT": blobs, "IMPORT_MAX_MB": 50,
                      "IMPORT_PROGRESS_IN_SESSION": True})
    tune_gc()
    jobs.enqueue = lambda path, *a, **kw: jobs._resolve(path)(*a, **kw) or "bench"
    with rolled_back(app) as db:
        accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        numbers = list(db.session.execute(sa.select(Account.account_number).order_by(
            Account.account_number).limit(args.lines)).scalars())
        user = create_user(username="bench-importa", full_name="Bench Importaciones",
                           password="bench-secreto-1", roles=["clerk"])
        with app.test_request_context():
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": ["clerk"]})
        headers = {"Authorization": f"Bearer {token}"}
        data = payment_file(numbers, local_today().isoformat())
        client = app.test_client()
        t0 = time.perf_counter()
        resp = client.post("/api/v1/imports/payments", headers=headers,
                           content_type="multipart/form-data",
                           data={"file": (io.BytesIO(data), "banco.csv"),
                                 "mode": "dry_run"})
        assert resp.status_code == 202, resp.get_json()
        run_id, polls = resp.get_json()["id"], 0
        while True:
            polls += 1
            run = client.get(f"/api/v1/imports/{run_id}", headers=headers).get_json()
            if run["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - t0
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "payment_file_preview", "database": engine,
        "scale": {"accounts": accounts, "lines": len(numbers), "bytes": len(data)},
        "figure": round(seconds, 2), "unit": "s", "figure_is": "upload_to_preview_s",
        "target_s": 15.0, "status": run["status"], "rows_total": run["rows_total"],
        "matched": (run["totals"] or {}).get("matched"),
        "unmatched": (run["totals"] or {}).get("unmatched"),
        "matched_amount": (run["totals"] or {}).get("matched_amount"),
        "errors": run["errors_count"], "polls": polls}))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
