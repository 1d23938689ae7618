"""100 simulated devices pushing and pulling at once against gunicorn; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/sync_load.py [--devices 100]

The database must hold a seeded city (`flask cartera seed-demo`). Setup (in-process): one
notifier per device, a campaign over the arrears and one route of `--stops` stops per
notifier for today. Then gunicorn starts on a free port and every device, in its own
thread with a real HTTP client (http.client, one keep-alive connection each), after a
warm-up that has every worker thread serve a register and a pull once:
registers, pulls its route (pages of 500), then records one visit per stop and syncs in
cycles of `--batch` visits (push, then pull; the first batch re-sent as a lost-response
replay), back to back or every `--pace` seconds (±50%).
Every request is timed; the run is bounded by `--deadline` seconds.

Checks after the run: no HTTP error, every device ends with its outbox acknowledged, and
the database holds exactly one visit per stop (no lost, no doubled mutation).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import analyze, percentile  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(app, devices: int, stops: int):
    """Create the notifiers, a campaign and their routes; return [(token, [stop dicts])]."""
    import sqlalchemy as sa
    from flask_jwt_extended import create_access_token

    from server.auth.models import StaffUser
    from server.auth.service import create_user
    from server.campaigns.rules import SelectionRules
    from server.campaigns.service import create_campaign
    from server.common.clock import local_today
    from server.extensions import db
    from server.fieldwork.models import Stop
    from server.fieldwork.service import plan_routes

    run = uuid.uuid4().hex[:6]
    with app.app_context():
        manager = db.session.execute(sa.select(StaffUser).where(
            StaffUser.username == "encargada")).scalar_one()
        workers = [create_user(username=f"carga{run}{i:03d}", full_name=f"Carga {i}",
                               password="carga-2026-x", roles=["notifier"])
                   for i in range(devices)]
        campaign = create_campaign(actor_id=manager.id, name=f"Carga {run}",
                                   notice_kind="formal",
                                   rules=SelectionRules.from_dict({
                                       "min_months_past_due": 2,
                                       "exclude_notified_within_days": None,
                                       "exclude_open_notice": False}))
        routes = plan_routes(actor_id=manager.id, campaign_id=campaign.id,
                             work_date=local_today(), worker_ids=[w.id for w in workers],
                             group_by="sector", max_stops_per_route=stops)
        out = []
        with app.test_request_context():
            for route in routes:
                rows = db.session.execute(sa.select(Stop.id, Stop.notice_id).where(
                    Stop.route_id == route.id)).all()
                token = create_access_token(identity=str(route.worker_id),
                                            additional_claims={"roles": ["notifier"]})
                out.append((token, [{"stop_id": str(r.id), "notice_id": str(r.notice_id)}
                                    for r in rows]))
        return out, [w.id for w in workers]


class Device(threading.Thread):
    """One phone: register, pull, push a day of visits in batches, replay one, pull."""

    OUTCOMES = ["delivered_holder", "absent", "refused", "address_not_found",
                "delivered_holder", "vacant_house"]

    def __init__(self, port, token, stops, batch, deadline, seed, pace=0.0):
        super().__init__(daemon=True)
        self.port, self.token, self.stops, self.batch = port, token, stops, batch
        self.deadline, self.rng = deadline, random.Random(seed)
        self.client_id = str(uuid.uuid4())
        self.latencies, self.errors, self.statuses, self.by_path = [], [], {}, {}
        self.by_phase, self.phase, self.pace = {}, "register", pace
        self.acked = 0

    def call(self, conn, path, body):
        if time.monotonic() > self.deadline:
            raise TimeoutError("deadline")
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body=data, headers=headers)
            resp = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed the idle keep-alive connection: open a new one, as a
            # phone does (push and pull are safe to resend).
            conn.close()
            t0 = time.perf_counter()
            conn.request("POST", path, body=data, headers=headers)
            resp = conn.getresponse()
        raw = resp.read()
        self.latencies.append(time.perf_counter() - t0)
        self.by_path.setdefault(path.rsplit("/", 1)[1], []).append(self.latencies[-1])
        self.by_phase.setdefault(self.phase, []).append(self.latencies[-1])
        if resp.status != 200:
            raise RuntimeError(f"{path} → {resp.status}: {raw[:200]!r}")
        return json.loads(raw)

    def visit(self, stop, seq):
        now = datetime.now(timezone.utc)
        outcome = self.rng.choice(self.OUTCOMES)
        args = {"id": str(uuid.uuid4()), "stop_id": stop["stop_id"],
                "notice_id": stop["notice_id"], "outcome": outcome,
                "started_at": (now - timedelta(minutes=4)).isoformat(),
                "ended_at": now.isoformat(),
                "gps": {"lat": 30.716 + self.rng.uniform(-0.01, 0.01),
                        "lon": -112.156 + self.rng.uniform(-0.01, 0.01),
                        "accuracy_m": 10, "at": now.isoformat()},
                "gps_error": None, "address_verification": ["house_number", "facade"],
                "asked_for": "El titular", "attended_by": None, "citatorio": None,
                "refusal": {"fixed_where": "Puerta principal"} if outcome == "refused" else None,
                "neighbor": None, "copy_delivered": outcome != "refused",
                "signature_refused": False, "signature": None, "photos": [],
                "notes": None}
        if outcome == "delivered_holder":
            args["attended_by"] = None
        return {"seq": seq, "id": str(uuid.uuid4()), "name": "visit.record", "v": 2,
                "base_rv": self.base_rv, "created_at": now.isoformat(), "args": args}

    def pull_all(self, conn):
        cookie, rows = None, 0
        while True:
            page = self.call(conn, "/api/sync/v1/pull", {
                "client_id": self.client_id, "schema_version": 1, "cookie": cookie,
                "limit": 500})
            rows += len(page["patch"])
            cookie = page["cookie"]
            if not page["has_more"]:
                return rows

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            self.call(conn, "/api/sync/v1/clients", {"client_id": self.client_id,
                                                     "schema_version": 1})
            self.base_rv = 0
            self.phase = "first_pull"
            self.pulled = self.pull_all(conn)
            self.phase = "cycle"
            muts = [self.visit(s, i) for i, s in enumerate(self.stops, 1)]
            batches = [muts[i:i + self.batch] for i in range(0, len(muts), self.batch)]
            for n, chunk in enumerate(batches):
                if self.pace:  # the next visits are recorded, then the phone syncs
                    time.sleep(self.pace * self.rng.uniform(0.5, 1.5))
                body = {"client_id": self.client_id, "schema_version": 1,
                        "acked_seq": self.acked, "mutations": chunk}
                res = self.call(conn, "/api/sync/v1/push", body)
                if n == 0:  # the response was "lost": the phone sends the batch again
                    res = self.call(conn, "/api/sync/v1/push", body)
                for r in res["results"]:
                    self.statuses[r["status"]] = self.statuses.get(r["status"], 0) + 1
                self.acked = res["last_seq"]
                self.pull_all(conn)  # a sync cycle: push, then pull
        except Exception as exc:  # reported, never hidden
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            conn.close()


def warm_up(port: int, token: str, n: int) -> None:
    """A server that has been up for a while: every worker thread has served a register
    and a pull once (imports, caches, pooled connections) before the measured run."""
    def one():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cid = str(uuid.uuid4())
        for path, body in (("/api/sync/v1/clients", {"client_id": cid, "schema_version": 1}),
                           ("/api/sync/v1/pull", {"client_id": cid, "schema_version": 1,
                                                  "cookie": None, "limit": 500})):
            conn.request("POST", path, body=json.dumps(body), headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            conn.getresponse().read()
        conn.close()

    for _ in range(2):
        threads = [threading.Thread(target=one) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--stops", type=int, default=40)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2,
                        help="gunicorn threads per worker (gunicorn.conf.py sets 2)")
    parser.add_argument("--deadline", type=float, default=300.0)
    parser.add_argument("--pace", type=float, default=0.0,
                        help="seconds between a device's sync cycles (0: back to back)")
    args = parser.parse_args()
    # The bench and its gunicorn must share the instance folder (development secrets).
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    Path(os.environ["CARTERA_INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)

    import sqlalchemy as sa

    from server import create_app
    from server.extensions import db
    from server.fieldwork.models import Visit
    from server.registry.models import Account

    app = create_app()
    with app.app_context():
        n_accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        engine = db.engine.dialect.name
    plans, worker_ids = setup(app, args.devices, args.stops)
    with app.app_context():
        analyze(db.engine)  # what autovacuum does after a morning's route planning
    port = _free_port()
    env = {**os.environ}
    log = open(Path(os.environ["CARTERA_INSTANCE_PATH"]) / "bench-gunicorn.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
                             "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}",
                             "server:create_app()"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        warm_up(port, plans[0][0], args.workers * args.threads)
        deadline = time.monotonic() + args.deadline
        devices = [Device(port, tok, stops, args.batch, deadline, i, args.pace)
                   for i, (tok, stops) in enumerate(plans)]
        t0 = time.perf_counter()
        for d in devices:
            d.start()
        for d in devices:
            d.join(max(1.0, deadline - time.monotonic() + 5))
        wall = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()

    with app.app_context():
        visits = db.session.execute(sa.select(sa.func.count()).select_from(Visit).where(
            Visit.worker_id.in_(worker_ids))).scalar()
    lat = [x for d in devices for x in d.latencies]
    stops_total = sum(len(s) for _, s in plans)
    statuses: dict = {}
    for d in devices:
        for k, v in d.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
    errors = [e for d in devices for e in d.errors]
    print(json.dumps({
        "name": "sync_load_100_devices", "engine": engine, "accounts": n_accounts,
        "scale": f"{len(devices)} devices x {args.stops} stops, batches of {args.batch}",
        "figure": round(percentile(lat, 95), 3) if lat else None, "unit": "s (p95 request)",
        "p50_s": round(percentile(lat, 50), 3) if lat else None,
        "max_s": round(max(lat), 3) if lat else None, "requests": len(lat),
        "wall_s": round(wall, 1), "errors": len(errors), "first_errors": errors[:3],
        "stops": stops_total, "visits_in_db": visits, "mutation_outcomes": statuses,
        "no_lost_or_doubled": visits == stops_total and not errors,
        "gunicorn_workers": args.workers, "gunicorn_threads": args.threads,
        "limit_p95_s": 1.0,
        "pace_s": args.pace,
        "p95_s_by_phase": {k: round(percentile([x for d in devices
                                                for x in d.by_phase.get(k, [])], 95), 3)
                           for k in ("register", "first_pull", "cycle")},
        "p95_s_by_call": {k: round(percentile([x for d in devices for x in d.by_path.get(k, [])],
                                              95), 3)
                          for k in ("clients", "pull", "push")},
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
