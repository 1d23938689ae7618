"""Pull a 300-stop route through /api/sync/v1/pull on a 100k-account city; prints one JSON.

    DATABASE_URL=postgresql://... .venv/bin/python bench/sync_pull.py [--accounts 100000]

Builds (once, tagged so later runs reuse it) a synthetic city: `--accounts` accounts and
`--workers` notifiers, each with today's route of `--stops` stops, their notices and their
accounts in scope (route + stops + notices + accounts = 901 memberships per worker). Then,
through the HTTP layer in process (Flask test client), one worker's device pulls from
scratch (pages of 500) `--samples` times, and pulls incrementally after a few of her
accounts change. The figure is the p95 of one page; target 150 ms on PostgreSQL.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TAG = "SP"  # account numbers and folios of the synthetic city


def percentile(values, pct):
    """Nearest-rank percentile of `values`."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_city(db, n_accounts: int) -> list:
    """Make sure `n_accounts` tagged accounts exist; returns their ids."""
    import sqlalchemy as sa

    from server.common.clock import utcnow
    from server.db import current_rv, transaction
    from server.registry.models import Account, Customer, Neighborhood, Premises
    from server.registry.rules import normalize

    have = db.session.execute(sa.select(sa.func.count()).select_from(Account).where(
        Account.account_number.like(f"{TAG}%"))).scalar()
    with transaction() as session:
        hood = session.execute(sa.select(Neighborhood).where(
            Neighborhood.name_key == normalize("Banco Sincronización"))).scalar()
        if hood is None:
            hood = Neighborhood(name="Banco Sincronización", postal_code="83600",
                                name_key=normalize("Banco Sincronización"),
                                locality_type="urban", sector="S09")
            session.add(hood)
            session.flush()
        now, rv = utcnow(), current_rv(session)
        for start in range(have, n_accounts, 5000):
            chunk = range(start, min(start + 5000, n_accounts))
            prem = [{"id": uuid.uuid4(), "street": "Calle Sintética", "exterior_number": str(i),
                     "neighborhood_id": hood.id, "created_at": now, "updated_at": now}
                    for i in chunk]
            cust = [{"id": uuid.uuid4(), "name": f"Titular {i}", "created_at": now,
                     "updated_at": now} for i in chunk]
            session.execute(sa.insert(Premises.__table__), prem)
            session.execute(sa.insert(Customer.__table__), cust)
            session.execute(sa.insert(Account.__table__), [
                {"id": uuid.uuid4(), "account_number": f"{TAG}{i:07d}", "premises_id": p["id"],
                 "customer_id": c["id"], "property_class": "domestic", "rv": rv,
                 "search_text": f"{TAG.lower()}{i:07d}", "created_at": now, "updated_at": now}
                for i, p, c in zip(chunk, prem, cust)])
    return db.session.execute(sa.select(Account.id).where(
        Account.account_number.like(f"{TAG}%")).order_by(Account.account_number)
        .limit(n_accounts)).scalars().all()


def build_worker(db, n: int, account_ids: list, stops: int):
    """Notifier n with today's route of `stops` stops, in scope; reused when present."""
    import sqlalchemy as sa

    from server.auth.models import StaffUser
    from server.auth.service import create_user
    from server.common.clock import local_today
    from server.db import transaction
    from server.fieldwork.models import Route, Stop
    from server.notices.models import Notice
    from server.scope import set_scope

    name = f"bench-pull-{n:03d}"
    user = db.session.execute(sa.select(StaffUser).where(StaffUser.username == name)).scalar()
    if user is not None:
        return user.id
    user = create_user(username=name, full_name=f"Banco {n}", password="bench-pull-2026",
                       roles=["notifier"])
    mine = account_ids[n * stops:(n + 1) * stops]
    with transaction() as session:
        route = Route(name=f"Ruta banco {n}", work_date=local_today(), worker_id=user.id,
                      status="planned")
        notices = [Notice(folio=f"{TAG}{n:03d}-{i:04d}", account_id=acc, kind="formal",
                          status="assigned", debt_amount=Decimal("1250.00"),
                          months_past_due=4, issued_on=local_today())
                   for i, acc in enumerate(mine)]
        session.add(route)
        session.add_all(notices)
        session.flush()
        stop_rows = [Stop(route_id=route.id, position=i + 1, notice_id=no.id,
                          account_id=no.account_id) for i, no in enumerate(notices)]
        session.add_all(stop_rows)
        session.flush()
        set_scope(session, user.id, "route", [route.id], True)
        set_scope(session, user.id, "stop", [s.id for s in stop_rows], True)
        set_scope(session, user.id, "notice", [no.id for no in notices], True)
        set_scope(session, user.id, "account", mine, True)
    return user.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--stops", type=int, default=300)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token
    from flask_migrate import upgrade

    from server import create_app
    from server.db import touch, transaction
    from server.extensions import db
    from server.registry.models import Account
    from server.scope import ScopeMembership

    app = create_app()
    with app.app_context():
        upgrade()
        engine = db.engine.dialect.name
        t0 = time.perf_counter()
        ids = build_city(db, args.accounts)
        workers = [build_worker(db, n, ids, args.stops) for n in range(args.workers)]
        setup_s = time.perf_counter() - t0
        with app.test_request_context():
            token = create_access_token(identity=str(workers[0]),
                                        additional_claims={"roles": ["notifier"]})
        mine = db.session.execute(sa.select(ScopeMembership.entity_id).where(
            ScopeMembership.worker_id == workers[0], ScopeMembership.entity_type == "account")
        ).scalars().all()
        n_accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
    http, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    client_id = str(uuid.uuid4())
    http.post("/api/sync/v1/clients", headers=headers,
              json={"client_id": client_id, "schema_version": 2})

    def pull(cookie):
        pages, rows = [], 0
        while True:
            t = time.perf_counter()
            resp = http.post("/api/sync/v1/pull", headers=headers, json={
                "client_id": client_id, "schema_version": 2, "cookie": cookie, "limit": 500})
            pages.append((time.perf_counter() - t) * 1000)
            body = resp.get_json()
            assert resp.status_code == 200 and not body["reset"], body
            rows, cookie = rows + len(body["patch"]), body["cookie"]
            if not body["has_more"]:
                return pages, rows, cookie

    pull(None)  # warm up
    full, rows, cookie = [], 0, None
    for _ in range(args.samples):
        pages, rows, cookie = pull(None)
        full.extend(pages)
    incremental = []
    with app.app_context():
        for i in range(args.samples):
            with transaction() as session:
                for acc in mine[i * 5 % len(mine):][:5]:
                    touch(session, session.get(Account, acc))
            pages, _, cookie = pull(cookie)
            incremental.extend(pages)
    print(json.dumps({
        "name": "sync_pull", "figure": round(percentile(full, 95), 1), "unit": "ms",
        "scale": {"database": engine, "accounts": n_accounts, "workers": args.workers,
                  "stops_per_route": args.stops, "rows_per_full_pull": rows,
                  "setup_s": round(setup_s, 1)},
        "full_pull_page_ms": {"p50": round(percentile(full, 50), 1),
                              "p95": round(percentile(full, 95), 1), "target_p95": 150},
        "incremental_pull_ms": {"p50": round(percentile(incremental, 50), 1),
                                "p95": round(percentile(incremental, 95), 1)},
    }))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
