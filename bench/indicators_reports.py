"""Benchmark the indicator reports on a seeded database; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/indicators_reports.py [--days 31]

Read-only: strategy effectiveness and field productivity over the last `--days` days (and
their Excel files), each target ≤ 3 s; the PIGOO workbook of this year when snapshots exist.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _timed(fn):
    t = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - t, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=31)
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app
    from server.common.clock import local_today
    from server.extensions import db
    from server.indicators import exports, productivity, strategy, xlsx
    from server.indicators.models import IndicatorSnapshot

    app = create_app()
    out: dict = {"bench": "indicators_reports", "days": args.days}
    with app.app_context():
        out["engine"] = db.engine.dialect.name
        to = local_today()
        frm = to - timedelta(days=args.days - 1)
        rep, out["strategies_s"] = _timed(lambda: strategy.effectiveness(
            date_from=frm, date_to=to))
        out["strategy_actions"] = rep["totals"]["actions"]
        _, out["strategies_xlsx_s"] = _timed(lambda: exports.report_xlsx("strategies", rep))
        rep, out["productivity_s"] = _timed(lambda: productivity.per_worker_day(
            date_from=frm, date_to=to))
        out["productivity_rows"] = len(rep["rows"])
        _, out["productivity_xlsx_s"] = _timed(lambda: exports.report_xlsx("productivity", rep))
        if sa.inspect(db.engine).has_table(IndicatorSnapshot.__tablename__) and \
                queries_have(to.year):
            _, out["pigoo_xlsx_s"] = _timed(lambda: xlsx.pigoo_xlsx(to.year))
        db.session.rollback()
    out["target_s"] = 3
    print(json.dumps(out))


def queries_have(year: int) -> bool:
    from server.indicators.queries import latest_snapshots

    return bool(latest_snapshots(year))


if __name__ == "__main__":
    main()
