"""Benchmark the dashboard and each report on a seeded database; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/reports_dashboard.py [--rounds 20]

The dashboard and reports are served from the figure cache (server/reports/cache.py):
`first_ever_s` is the very first computation (nothing cached: the closed months' facts —
arrears at each month end, recovery by day — replay the allocations since then, once),
`new_day_s` a view with no cached result but those facts kept (the first view of a day),
`new_day_borrowed_s` that first view of a day as served (the latest dashboard, stale, while
today's is computed in the background), `warm_*` what a view costs once cached (p50/p95 over `--rounds`), `stale_s` a view after
the ledger moved (the old figures at once, a refresh queued). Everything runs in one transaction rolled back at the end — the cache tables are
created inside it when the database has not been migrated that far — so no trace is left.
Targets: dashboard ≤ 1.5 s, any report ≤ 3 s.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, rolled_back  # noqa: E402

REPORTS = ("recovery", "arrears", "arrears-by-service", "debtors")


def _timed(fn):
    t = time.perf_counter()
    fn()
    return round(time.perf_counter() - t, 3)


def _new_day(db, report: str, fn) -> float:
    """A view with no cached result of its own but the closed months' facts kept: the
    first view of a new day (or after a refresh was lost)."""
    import sqlalchemy as sa

    from server.reports.models import ReportCache

    db.session.execute(sa.delete(ReportCache).where(ReportCache.key.like(f"{report}:%")))
    db.session.commit()
    return _timed(fn)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--as-of", default=None, help="AAAA-MM-DD (default today)")
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app, jobs
    from server.common.clock import local_today
    from server.registry.models import Account
    from server.reports import service
    from server.reports.models import ExportRun, ReportCache

    queued = []
    jobs.enqueue = lambda path, *a, **kw: queued.append(path) or "bench"  # refresh: not run
    app = create_app()
    as_of = args.as_of or local_today().isoformat()
    out: dict = {"bench": "reports_dashboard", "as_of": as_of, "rounds": args.rounds}
    with rolled_back(app) as db:
        # On the outer connection, before the session's first savepoint: a rollback of a
        # unit of work must not take the tables with it.
        for table in (ReportCache.__table__, ExportRun.__table__):
            table.create(db.session.get_bind(), checkfirst=True)
        out["engine"] = db.engine.dialect.name
        out["accounts"] = db.session.execute(sa.select(sa.func.count()).select_from(
            Account)).scalar()
        params = {"as_of": as_of}
        out["dashboard"] = {"first_ever_s": _timed(lambda: service.dashboard(params))}
        out["dashboard"]["new_day_s"] = _new_day(db, "dashboard", lambda: service.dashboard(
            params))
        warm = [_timed(lambda: service.dashboard(params)) for _ in range(args.rounds)]
        out["dashboard"] |= {"warm_p50_s": percentile(warm, 50),
                             "warm_p95_s": percentile(warm, 95)}
        if not args.as_of:  # a new day: yesterday's figures (stale) while today's compute
            db.session.execute(sa.update(ReportCache).where(
                ReportCache.key.like("dashboard:%")).values(key='dashboard:{"as_of":"ayer"}'))
            out["dashboard"]["new_day_borrowed_s"] = _timed(lambda: service.dashboard({}))
            db.session.execute(sa.delete(ReportCache).where(
                ReportCache.key.like("dashboard:%"), ReportCache.watermark == ""))
            db.session.execute(sa.update(ReportCache).where(
                ReportCache.key == 'dashboard:{"as_of":"ayer"}').values(
                key=f'dashboard:{{"as_of":"{as_of}"}}'))
        db.session.execute(sa.update(ReportCache).values(watermark="moved"))
        out["dashboard"]["stale_s"] = _timed(lambda: service.dashboard(params))
        out["dashboard"]["refresh_queued"] = len(queued)
        payload = service.dashboard(params)
        out["dashboard"]["arrears"] = payload["cards"][0]["value"]
        out["reports"] = {}
        for key in REPORTS:
            first = _timed(lambda: service.report(key, dict(params)))
            new_day = _new_day(db, key, lambda: service.report(key, dict(params)))
            warm = [_timed(lambda: service.report(key, dict(params)))
                    for _ in range(max(3, args.rounds // 4))]
            out["reports"][key] = {"first_ever_s": first, "new_day_s": new_day,
                                   "warm_p50_s": percentile(warm, 50),
                                   "warm_p95_s": percentile(warm, 95)}
        hood = db.session.execute(sa.text(
            "select neighborhood_id from premises group by 1 order by count(*) desc limit 1")
        ).scalar()
        out["accounts_page_s"] = {
            "all": _timed(lambda: service.accounts(params, bucket=None, min_months=1, page=1,
                                                   page_size=25)),
            "colonia": _timed(lambda: service.accounts(params | {"neighborhood_id": hood},
                                                       bucket=None, min_months=1, page=1,
                                                       page_size=25))}
        out["ok_warm"] = (out["dashboard"]["warm_p95_s"] <= 1.5 and all(
            r["warm_p95_s"] <= 3 for r in out["reports"].values()))
        out["ok_new_day"] = (out["dashboard"]["new_day_s"] <= 1.5 and all(
            r["new_day_s"] <= 3 for r in out["reports"].values()))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
