"""Benchmark the office read paths on a seeded database; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/queries.py [--samples 200]

Measures through the HTTP layer (Flask test client: token check, query, JSON), so the
figures are what a clerk waits for minus the network:
- arrears summary (bucket × class × service over every account): median and max of runs;
- account search p95 over realistic partial queries (surnames, numbers, colonias, streets);
- account statement p95 over random accounts.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--summary-runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token

    from server import create_app
    from server.extensions import db
    from server.registry.models import Account, Customer, Neighborhood, Premises

    app = create_app()
    rng = random.Random(args.seed)
    with app.app_context():
        engine = db.engine.dialect.name
        n_accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        sample = db.session.execute(
            sa.select(Account.id, Account.account_number, Customer.name, Premises.street,
                      Neighborhood.name)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .order_by(Account.account_number)
            .offset(rng.randrange(max(1, n_accounts - 2000))).limit(2000)).all()
        with app.test_request_context():
            from server.auth.models import StaffUser
            user = db.session.execute(sa.select(StaffUser)).scalars().first()
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": ["manager"]})
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()

    def timed(url):
        t0 = time.perf_counter()
        resp = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code == 200, (url, resp.status_code, resp.get_data()[:200])
        return elapsed

    timed("/api/v1/ledger/arrears-summary")  # warm-up
    summary = [timed("/api/v1/ledger/arrears-summary") for _ in range(args.summary_runs)]

    def query_for(row):
        kind = rng.randrange(5)
        parts = row.name.split()
        if kind == 0:
            return row.account_number
        if kind == 1:
            return parts[-1][:5].lower()  # partial surname, no accent care
        if kind == 2:
            return f"{parts[0][:4]} {parts[-1][:4]}"
        if kind == 3:
            return row[4].split()[0][:6]  # colonia prefix
        return row.street.lower()

    queries = [query_for(rng.choice(sample)) for _ in range(args.samples)]
    for q in queries[:10]:
        timed(f"/api/v1/registry/accounts?q={q}")
    search = [timed(f"/api/v1/registry/accounts?q={q}") for q in queries]
    accounts = [rng.choice(sample).id for _ in range(args.samples)]
    for a in accounts[:10]:
        timed(f"/api/v1/ledger/accounts/{a}/statement")
    statement = [timed(f"/api/v1/ledger/accounts/{a}/statement") for a in accounts]

    print(json.dumps({
        "benchmark": "office_queries", "database": engine, "accounts": n_accounts,
        "samples": args.samples,
        "arrears_summary_ms": {"median": round(statistics.median(summary), 1),
                               "max": round(max(summary), 1), "target": 1000},
        "search_ms": {"p50": round(percentile(search, 50), 1),
                      "p95": round(percentile(search, 95), 1), "target_p95": 50},
        "statement_ms": {"p50": round(percentile(statement, 50), 1),
                         "p95": round(percentile(statement, 95), 1), "target_p95": 30},
    }))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(Path("instance").resolve()))
    main()
