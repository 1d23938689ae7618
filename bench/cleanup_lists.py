"""Benchmark the clean-up's suspect lists on a seeded database; prints one JSON object.

    DATABASE_URL=postgresql://.../cartera_bench .venv/bin/python bench/cleanup_lists.py \
        [--runs 3] [--later-months 30] [--export]

For each suspect kind, the first page (50 rows, with its total) — median and max of
`--runs` after one warm-up — and the tab counts. With `--http` through the HTTP layer
(token check, queries, JSON); without it, the same query functions the views call (for a
bench database whose staff tables lag behind the code's migrations). The demo holds 36 months, too short for debts past prescription or five years
without payment; `--later-months` also measures those two lists as of that many months
later, when the demo's oldest debts have aged into them. Read-only: writes nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MS = 3000
INDEX = "ix_charges_zero_consumption"


def _ensure_index(engine) -> bool:
    """The clean-up migration's partial index on charges, on a bench database migrated
    before it: created for the run (and dropped after). True if this run created it."""
    from server.cleanup.models import ZERO_CONSUMPTION

    with engine.begin() as conn:
        if conn.dialect.name != "postgresql" or conn.exec_driver_sql(
                "SELECT 1 FROM pg_indexes WHERE indexname = %s", (INDEX,)).first():
            return False
        conn.exec_driver_sql(f"CREATE INDEX {INDEX} ON charges (period, account_id) "
                             f"WHERE {ZERO_CONSUMPTION}")
        conn.exec_driver_sql("ANALYZE charges")
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--later-months", type=int, default=30)
    parser.add_argument("--http", action="store_true", help="measure through the API")
    parser.add_argument("--export", action="store_true",
                        help="also time the Excel export of every list")
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token

    from server import create_app
    from server.auth.models import StaffUser
    from server.cleanup.rules import SUSPECT_KINDS
    from server.common.clock import add_months, local_today
    from server.extensions import db
    from server.registry.models import Account

    app = create_app()
    with app.app_context():
        engine = db.engine.dialect.name
        n_accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        user_id = db.session.execute(sa.select(StaffUser.id).limit(1)).scalar()
        with app.test_request_context():
            token = create_access_token(identity=str(user_id),
                                        additional_claims={"roles": ["manager"]})
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()

    def timed(url) -> tuple[float, dict | bytes]:
        t0 = time.perf_counter()
        if args.http:
            resp = client.get(url, headers=headers)
            assert resp.status_code == 200, (url, resp.status_code, resp.get_data()[:300])
            body = resp.get_json() if resp.is_json else resp.data
        else:
            body = direct(url)
        return (time.perf_counter() - t0) * 1000, body

    def measure(url) -> dict:
        _, body = timed(url)  # warm-up
        times = [timed(url)[0] for _ in range(args.runs)]
        out = {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}
        if isinstance(body, dict) and "total" in body:
            out["total"] = body["total"]
        return out

    def direct(url) -> dict | bytes:
        """What the view behind `url` computes, without the token check and JSON."""
        from urllib.parse import parse_qs, urlparse

        from server.cleanup import queries, xlsx

        parsed = urlparse(url)
        q = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        as_of = date.fromisoformat(q["as_of"]) if "as_of" in q else today
        with app.app_context():
            if parsed.path.endswith("/counts"):
                return queries.suspect_counts(as_of)
            if parsed.path.endswith(".xlsx"):
                return xlsx.suspects_xlsx(q["kind"], as_of)
            rows, total = queries.suspect_page(q["kind"], as_of,
                                               limit=int(q.get("page_size", 25)))
            return {"items": rows, "total": total}

    with app.app_context():
        created_index = _ensure_index(db.engine)
    today = local_today()
    later = add_months(today, args.later_months)
    lists = {}
    for kind in SUSPECT_KINDS:
        lists[kind] = measure(f"/api/v1/cleanup/suspects?kind={kind}&page_size=50")
    for kind in ("no_recent_payment", "past_prescription"):
        lists[f"{kind}@+{args.later_months}m"] = measure(
            f"/api/v1/cleanup/suspects?kind={kind}&page_size=50&as_of={later}")
    counts = measure("/api/v1/cleanup/suspects/counts")
    exports = {}
    if args.export:
        for kind in SUSPECT_KINDS:
            ms, data = timed(f"/api/v1/cleanup/suspects.xlsx?kind={kind}")
            exports[kind] = {"ms": round(ms, 1), "bytes": len(data)}
    if created_index:
        with app.app_context(), db.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")
    worst = max(v["max_ms"] for v in lists.values())
    print(json.dumps({
        "benchmark": "cleanup_lists", "database": engine,
        "through": "http" if args.http else "query functions", "accounts": n_accounts,
        "as_of": str(today), "later_as_of": str(later), "runs": args.runs,
        "index_created_for_the_run": created_index,
        "lists": lists, "counts_all_kinds": counts, "exports": exports,
        "worst_list_ms": worst, "target_ms": TARGET_MS, "within_target": worst <= TARGET_MS,
    }, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(Path("instance").resolve()))
    main()
