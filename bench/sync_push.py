"""Push 1,000 mutations in batches of 100 through /api/sync/v1/push; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/sync_push.py [--mutations 1000]

Measured through the HTTP layer in process (Flask test client: token check, envelope
validation, the push transaction, JSON), so the figure is server time without the network.
The mutation is `registry.propose_change` on random accounts (any real handler can be
swapped in with --name/--args later). The database is migrated to head first; when it has
no accounts, one is created. Everything the run writes is removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values, pct):
    """Nearest-rank percentile of `values`."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _accounts(db, rng, n):
    """Up to 2,000 account ids to propose on (one is created on an empty database)."""
    import sqlalchemy as sa

    from server.registry.models import Account, Neighborhood
    from server.registry.rules import normalize
    from server.registry.service import create_account

    ids = db.session.execute(sa.select(Account.id).limit(2000)).scalars().all()
    if not ids:
        hood = Neighborhood(name="Banco de Pruebas", name_key=normalize("Banco de Pruebas"),
                            postal_code="83600", locality_type="urban", sector="S01")
        db.session.add(hood)
        db.session.commit()
        acc = create_account(actor_id=None, account_number=f"B{uuid.uuid4().hex[:8]}",
                             holder={"name": "Banco de Pruebas"}, property_class="domestic",
                             premises={"street": "Calle 1", "neighborhood_id": hood.id})
        ids = [acc.id]
    return [rng.choice(ids) for _ in range(n)]


def _cleanup(db, user_id, client_id) -> None:
    import sqlalchemy as sa

    from server.auth.models import StaffUser
    from server.registry.models import ChangeProposal
    from server.sync.models import SyncClient, SyncMutation

    db.session.rollback()
    db.session.execute(sa.delete(SyncMutation).where(SyncMutation.client_id == client_id))
    db.session.execute(sa.delete(SyncClient).where(SyncClient.id == client_id))
    db.session.execute(sa.delete(ChangeProposal).where(ChangeProposal.proposed_by == user_id))
    db.session.execute(sa.delete(StaffUser).where(StaffUser.id == user_id))
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token
    from flask_migrate import upgrade

    from server import create_app
    from server.auth.service import create_user
    from server.extensions import db
    from server.registry.models import Account

    app = create_app()
    rng = random.Random(args.seed)
    client_id = uuid.uuid4()
    with app.app_context():
        upgrade()
        engine = db.engine.dialect.name
        n_accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        targets = _accounts(db, rng, args.mutations)
        # What the device knew: its last pull, after every account it proposes on.
        base_rv = db.session.execute(sa.text("SELECT version FROM sync_state")).scalar()
        user = create_user(username=f"bench-push-{uuid.uuid4().hex[:6]}",
                           full_name="Banco de pruebas", password="bench-push-2026",
                           roles=["notifier"])
        user_id = user.id
        with app.test_request_context():
            token = create_access_token(identity=str(user_id),
                                        additional_claims={"roles": ["notifier"]})
    headers = {"Authorization": f"Bearer {token}"}
    muts = [{"seq": i, "id": str(uuid.uuid4()), "name": "registry.propose_change", "v": 1,
             "base_rv": base_rv, "created_at": "2026-11-28T16:00:00Z",
             "args": {"id": str(uuid.uuid4()), "account_id": str(acc), "field": "phone",
                      "seen": None, "proposed": f"637{rng.randrange(10**7):07d}",
                      "reason": "Dato tomado en campo (banco de pruebas)"}}
            for i, acc in enumerate(targets, 1)]
    http = app.test_client()
    assert http.post("/api/sync/v1/clients", headers=headers, json={
        "client_id": str(client_id), "schema_version": 2}).status_code == 200
    timings, statuses = [], {}
    try:
        for start in range(0, len(muts), args.batch):
            body = {"client_id": str(client_id), "schema_version": 2, "acked_seq": start,
                    "mutations": muts[start:start + args.batch]}
            t0 = time.perf_counter()
            resp = http.post("/api/sync/v1/push", headers=headers, json=body)
            timings.append(time.perf_counter() - t0)
            if resp.status_code != 200:
                raise SystemExit(f"push → {resp.status_code}: {resp.get_data(as_text=True)}")
            for r in resp.get_json()["results"]:
                statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    finally:
        with app.app_context():
            _cleanup(db, user_id, client_id)
    total = sum(timings)
    print(json.dumps({
        "name": "sync_push", "figure": round(total, 3), "unit": "s",
        "scale": {"mutations": len(muts), "batch": args.batch, "database": engine,
                  "accounts": n_accounts},
        "batch_ms": {"p50": round(percentile(timings, 50) * 1000, 1),
                     "p95": round(percentile(timings, 95) * 1000, 1),
                     "max": round(max(timings) * 1000, 1),
                     "mean": round(statistics.mean(timings) * 1000, 1)},
        "mutations_per_s": round(len(muts) / total, 1), "statuses": statuses,
    }))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
