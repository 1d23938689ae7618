"""Benchmark the monthly indicators snapshot on a seeded database; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/indicators_snapshot.py [--periods 2]

For each of the last `--periods` months: the live indicator values (what the dashboard
asks, target ≤ 1.5 s) and the whole snapshot (measures, indicators, breakdowns by class,
colonia and aging bucket; target ≤ 30 s). When the indicator_snapshots table exists the
snapshot is stored for real and its row deleted afterwards (the bench leaves no trace);
otherwise only the reads are timed ("stored": false).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--periods", type=int, default=2)
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app
    from server.common.clock import add_months, local_today
    from server.extensions import db
    from server.indicators import queries, service
    from server.indicators.models import IndicatorSnapshot
    from server.registry.models import Account

    app = create_app()
    out: dict = {"bench": "indicators_snapshot", "runs": []}
    with app.app_context():
        out["engine"] = db.engine.dialect.name
        out["accounts"] = db.session.execute(sa.select(sa.func.count()).select_from(
            Account)).scalar()
        stored = sa.inspect(db.engine).has_table(IndicatorSnapshot.__tablename__)
        first = local_today().replace(day=1)
        for i in range(args.periods):
            period = add_months(first, -i)
            run = {"period": period.strftime("%Y-%m")}
            t = time.perf_counter()
            queries.indicator_values(period)
            run["values_s"] = round(time.perf_counter() - t, 3)
            db.session.rollback()
            t = time.perf_counter()
            if stored:
                snap = service.take_snapshot(period, note="bench")
                run["snapshot_s"] = round(time.perf_counter() - t, 3)
                db.session.execute(sa.delete(IndicatorSnapshot).where(
                    IndicatorSnapshot.id == snap.id))
                db.session.commit()
            else:
                queries.measures(period)
                queries.breakdowns(period)
                run["snapshot_s"] = round(time.perf_counter() - t, 3)
                db.session.rollback()
            run["stored"] = stored
            out["runs"].append(run)
    out["values_max_s"] = max(r["values_s"] for r in out["runs"])
    out["snapshot_max_s"] = max(r["snapshot_s"] for r in out["runs"])
    out["targets"] = {"snapshot_s": 30, "dashboard_values_s": 1.5}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
