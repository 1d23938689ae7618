"""Benchmark the billing analysis of the latest billed period on a seeded database; prints
one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/billing_analysis.py [--rounds 5]

What each endpoint runs (queries and the JSON dump of its schema), in one transaction
rolled back at the end (leaves no trace): if the database predates the billing migration,
its tables and the charges index it adds are created inside that transaction first (the
index build is timed apart). Then: the periods list, the month-to-month comparison (whole
city and one colonia), the large-consumer list (targets ≤ 3 s each), the refused
authorization (it computes the same list), and the Excel and PDF exports once.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, rolled_back  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="warm repetitions per query")
    parser.add_argument("--no-exports", action="store_true", help="skip the Excel and PDF")
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app
    from server.billing.models import BillingPeriod, LargeConsumerCategory, LargeConsumerReview
    from server.ledger.models import Charge
    from server.registry.models import Account, Premises

    app = create_app()
    out: dict = {"bench": "billing_analysis", "rounds": args.rounds}
    with rolled_back(app) as db:
        bind = db.session.get_bind()
        # On the outer connection, before the session's first savepoint.
        for table in (BillingPeriod.__table__, LargeConsumerReview.__table__,
                      LargeConsumerCategory.__table__):
            table.create(bind, checkfirst=True)
        index = next(i for i in Charge.__table__.indexes if i.name == "ix_charges_billing_period")
        t0 = time.perf_counter()
        index.create(bind, checkfirst=True)
        out["index_build_s"] = round(time.perf_counter() - t0, 3)
        out["engine"] = db.engine.dialect.name
        out["accounts"] = db.session.execute(
            sa.select(sa.func.count()).select_from(Account)).scalar()
        hood = db.session.execute(sa.select(Premises.neighborhood_id, sa.func.count())
                                  .group_by(Premises.neighborhood_id)
                                  .order_by(sa.func.count().desc()).limit(1)).first()[0]
        from server.billing import queries, service
        from server.billing.pdf import comparison_pdf
        from server.billing.schemas import (BillingPeriodListOut, ComparisonOut,
                                            LargeConsumerOut)
        from server.billing.xlsx import comparison_xlsx
        from server.errors import Conflict

        def timed(fn):
            t = time.perf_counter()
            result = fn()
            return time.perf_counter() - t, result

        def measure(fn) -> tuple[dict, object]:
            cold, result = timed(fn)
            warm = [timed(fn)[0] for _ in range(args.rounds)]
            return {"cold_s": round(cold, 3), "warm_p50_s": round(percentile(warm, 50), 3),
                    "warm_max_s": round(max(warm), 3),
                    "warm_mean_s": round(statistics.mean(warm), 3)}, result

        # What each endpoint does, serialization included (the JSON schemas' dump); called
        # directly because the bench database may predate columns the token check reads.
        out["periods"], items = measure(
            lambda: BillingPeriodListOut().dump({"items": queries.periods()})["items"])
        period_text = items[0]["period"]
        period = date.fromisoformat(period_text + "-01")
        out |= {"period": period_text, "billed_periods": len(items)}
        out["comparison"], data = measure(
            lambda: ComparisonOut().dump(queries.comparison(period)))
        total = data["total"]["current"]
        out["comparison"] |= {"amount": total["amount"], "m3": total["m3"],
                              "water_bills": total["bills"]}
        out["comparison_colonia"], _ = measure(
            lambda: ComparisonOut().dump(queries.comparison(period, neighborhood_id=hood)))

        def consumers():
            rows = queries.large_consumers(period)
            return queries.large_consumer_summary(rows), LargeConsumerOut(many=True).dump(
                rows[:25])

        out["large_consumers"], (summary, _) = measure(consumers)
        out["large_consumers"] |= summary
        t = time.perf_counter()
        try:
            service.authorize(db.session, period=period, note=None, actor_id=None)
            out["authorize"] = "authorized (no pending large consumer)"
        except Conflict as exc:
            out["authorize"] = exc.code
        out["authorize_s"] = round(time.perf_counter() - t, 3)
        if not args.no_exports:
            elapsed, body = timed(lambda: comparison_xlsx(period))
            out["xlsx"] = {"s": round(elapsed, 3), "bytes": len(body)}
            elapsed, body = timed(lambda: comparison_pdf(period))
            out["pdf"] = {"s": round(elapsed, 3), "bytes": len(body)}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
