"""Benchmark the office's account search and account page on a seeded database; prints one
JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/account_office.py [--samples 60]

Through the HTTP layer (Flask test client: token check, queries, JSON), read-only:
- search as she types: every prefix of 3 to 8 characters of a holder's name, an account
  number, a street or a meter serial, as the screen asks after each pause (p50/p95; target
  p95 ≤ 150 ms);
- the account page of heavy accounts (the most ledger lines): the dossier and the statement,
  each and together as the page waits for them (target p95 ≤ 300 ms).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=60, help="texts typed (each 3-8 chars)")
    parser.add_argument("--heavy", type=int, default=10, help="heavy accounts opened")
    parser.add_argument("--runs", type=int, default=5, help="openings of each heavy account")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token

    from server import create_app
    from server.extensions import db
    from server.ledger.models import Charge
    from server.registry.models import Account, Customer, Meter, Premises
    from server.registry.rules import normalize

    app = create_app()
    rng = random.Random(args.seed)
    with app.app_context():
        engine = db.engine.dialect.name
        n_accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        sample = db.session.execute(
            sa.select(Account.account_number, Customer.name, Premises.street)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .order_by(Account.account_number)
            .offset(rng.randrange(max(1, n_accounts - 2000))).limit(2000)).all()
        serials = db.session.execute(sa.select(Meter.serial).limit(500)).scalars().all()
        heavy = db.session.execute(
            sa.select(Charge.account_id).group_by(Charge.account_id)
            .order_by(sa.func.count().desc()).limit(args.heavy)).scalars().all()
        with app.test_request_context():
            from server.auth.models import StaffUser
            user = db.session.execute(sa.select(StaffUser)).scalars().first()
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": ["clerk"]})
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()

    def timed(url):
        t0 = time.perf_counter()
        resp = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - t0) * 1000
        assert resp.status_code == 200, (url, resp.status_code, resp.get_data()[:200])
        return elapsed

    def typed_text(row) -> tuple[str, str]:
        kind = rng.choice(["holder", "number", "street"] + (["meter"] if serials else []))
        if kind == "holder":
            words = normalize(row.name).split()
            return kind, rng.choice(words) if rng.random() < 0.5 else " ".join(words[-2:])
        if kind == "number":
            return kind, row.account_number
        if kind == "street":
            return kind, normalize(row.street)
        return kind, rng.choice(serials)

    by_kind: dict[str, list[float]] = {}
    texts = [typed_text(rng.choice(sample)) for _ in range(args.samples)]
    for _, text in texts[:5]:
        timed(f"/api/v1/registry/accounts?q={quote(text[:5])}")  # warm-up
    for kind, text in texts:
        for n in range(3, min(8, len(text)) + 1):
            if text[:n].strip() == text[:n - 1].strip():
                continue  # a space typed: the screen asks nothing new
            by_kind.setdefault(kind, []).append(
                timed(f"/api/v1/registry/accounts?q={quote(text[:n])}"))
    search = [t for times in by_kind.values() for t in times]

    dossier, statement, page = [], [], []
    for account_id in heavy[:2]:
        timed(f"/api/v1/registry/accounts/{account_id}/dossier")  # warm-up
    for account_id in heavy:
        for _ in range(args.runs):
            d = timed(f"/api/v1/registry/accounts/{account_id}/dossier")
            s = timed(f"/api/v1/ledger/accounts/{account_id}/statement")
            dossier.append(d)
            statement.append(s)
            page.append(d + s)
    with app.app_context():
        lines = db.session.execute(sa.select(sa.func.count()).select_from(Charge).where(
            Charge.account_id == heavy[0])).scalar() if heavy else 0

    def stats(values, target=None):
        out = {"n": len(values), "p50": round(percentile(values, 50), 1),
               "p95": round(percentile(values, 95), 1)} if values else {"n": 0}
        return out | ({"target_p95": target} if target else {})

    print(json.dumps({
        "benchmark": "account_office", "database": engine, "accounts": n_accounts,
        "search_as_you_type_ms": stats(search, 150),
        "search_by_kind_ms": {k: stats(v) for k, v in sorted(by_kind.items())},
        "heavy_account_charges": lines,
        "dossier_ms": stats(dossier),
        "statement_ms": stats(statement),
        "account_page_ms": stats(page, 300),
    }))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(Path("instance").resolve()))
    main()
