"""A notifier's day of 1,000 mutations pushed in batches of 100; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/sync_push.py [--mutations 1000]

The database must hold a seeded city. Inside ONE transaction rolled back at the end (the
database is left as it was), a campaign and a route of `--mutations` stops are planned for
a new notifier (bench/fieldwork_pull.py's setup); then her device registers and pushes one
`visit.record` v2 per stop (the full legal record, GPS, a photo hash and, when delivered, a
signature hash) in batches of `--batch` through /api/sync/v1/push (Flask test client: token
check, envelope validation, the push transaction, JSON). The figure is the total server
time of the pushes; target 3 s on PostgreSQL at 100,000 accounts.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

OUTCOMES = ["delivered_holder", "delivered_other", "citatorio_left", "absent", "refused",
            "address_not_found", "delivered_holder", "vacant_house"]


def visit(rng: random.Random, seq: int, stop, now: datetime) -> dict:
    """One visit.record v2 mutation as the PWA sends it."""
    outcome = rng.choice(OUTCOMES)
    photo = hashlib.sha256(f"foto-{seq}-{rng.random()}".encode()).hexdigest()
    signed = outcome in ("delivered_holder", "delivered_other", "citatorio_left")
    args = {
        "id": str(uuid.uuid4()), "stop_id": str(stop.id), "notice_id": str(stop.notice_id),
        "outcome": outcome, "started_at": (now - timedelta(minutes=6)).isoformat(),
        "ended_at": now.isoformat(),
        "gps": {"lat": 30.716 + rng.uniform(-0.02, 0.02),
                "lon": -112.156 + rng.uniform(-0.02, 0.02), "accuracy_m": 9.5,
                "at": now.isoformat()},
        "gps_error": None, "address_verification": ["house_number", "facade"],
        "asked_for": "El titular",
        "attended_by": ({"name": "Ana López", "relationship": "Hija", "id_shown": "INE",
                         "description": None} if outcome == "delivered_other" else None),
        "citatorio": ({"date": (now + timedelta(days=1)).date().isoformat(), "time": "10:30"}
                      if outcome == "citatorio_left" else None),
        "refusal": {"fixed_where": "Puerta principal"} if outcome == "refused" else None,
        "neighbor": None, "copy_delivered": outcome != "absent", "signature_refused": False,
        "signature": hashlib.sha256(f"firma-{seq}".encode()).hexdigest() if signed else None,
        "photos": [photo], "notes": None}
    return {"seq": seq, "id": str(uuid.uuid4()), "name": "visit.record", "v": 2,
            "base_rv": 0, "created_at": now.isoformat(), "args": args}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from flask_jwt_extended import create_access_token

    from common import rolled_back
    from fieldwork_pull import setup_day
    from server import create_app
    from server.runtime import tune_gc

    app = create_app()
    tune_gc()  # as gunicorn.conf.py does in every worker
    rng = random.Random(args.seed)
    with rolled_back(app) as db:
        day = setup_day(args.mutations)
        stops = day["rows"]
        with app.test_request_context():
            token = create_access_token(identity=str(day["worker"].id),
                                        additional_claims={"roles": ["notifier"]})
        headers = {"Authorization": f"Bearer {token}"}
        client, client_id = app.test_client(), str(uuid.uuid4())
        assert client.post("/api/sync/v1/clients", headers=headers, json={
            "client_id": client_id, "schema_version": 2}).status_code == 200
        now = datetime.now(timezone.utc)
        muts = [visit(rng, i, s, now) for i, s in enumerate(stops, 1)]
        timings, outcomes, missing, acked = [], {}, 0, 0
        for i in range(0, len(muts), args.batch):
            t0 = time.perf_counter()
            resp = client.post("/api/sync/v1/push", headers=headers, json={
                "client_id": client_id, "schema_version": 2, "acked_seq": acked,
                "mutations": muts[i:i + args.batch]})
            timings.append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200, resp.get_data()[:300]
            body = resp.get_json()
            acked = body["last_seq"]
            missing += len(body["missing_blobs"])
            for r in body["results"]:
                outcomes[r["status"]] = outcomes.get(r["status"], 0) + 1
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "sync_push_day", "engine": engine, "accounts": day["out"]["accounts"],
        "scale": f"{len(muts)} visit.record mutations in batches of {args.batch}",
        "figure": round(sum(timings) / 1000, 3), "unit": "s (total server time)",
        "limit_s": 3.0, "batch_ms": {"p50": round(sorted(timings)[len(timings) // 2], 1),
                                     "max": round(max(timings), 1)},
        "outcomes": outcomes, "missing_blobs_listed": missing,
    }, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
