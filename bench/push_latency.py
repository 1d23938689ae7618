"""From a payment posted to the web push arriving at the cutter's push service, through a
real RQ worker; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/push_latency.py [--payments 100]

Needs a seeded city and Redis (REDIS_URL, default redis://127.0.0.1:6379/14). The bench:
makes a cutter with a route of `--payments` + 1 restriction/disconnection orders (a cut list
over the most delinquent colonias, no formal-notice requirement), registers her device and
its push subscription pointing at a local push service (a threaded HTTP server in this
process that records when each request arrives and decrypts it with the subscription's
key), starts `rq worker` (SimpleWorker: the app is built once, as in production) on the
`cartera-push` queue, and then, one by one, posts a payment through the ledger service on an
account of the route and waits for the push naming its order. Latency = arrival - the
moment the payment call started (so it includes booking the payment, the cancellation, the
commit, queueing, the worker's encryption and the HTTP request). The first payment warms
the worker and is not counted.

Left behind in the database: the payments (1.00 each), the cut list's orders withdrawn
(soft-deleted) and the subscription deleted, so later cut lists select those accounts again.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile  # noqa: E402


class PushService:
    """A local push service: records (arrival, path, headers, body) and answers 201."""

    def __init__(self):
        self.arrivals: list[tuple[float, str, dict, bytes]] = []
        self.cond = threading.Condition()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                at = time.perf_counter()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with service.cond:
                    service.arrivals.append((at, self.path, dict(self.headers), body))
                    service.cond.notify_all()
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def setup(app, n: int):
    """A cutter, n+1 assigned orders on her route, a registered device subscribed."""
    import sqlalchemy as sa
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from server.auth.service import create_user
    from server.common.clock import local_today
    from server.db import transaction
    from server.disconnections import queries
    from server.disconnections.models import DisconnectionOrder
    from server.disconnections.rules import CutRules
    from server.disconnections.service import create_cut_list, plan_order_routes
    from server.extensions import db
    from server.sync.models import SyncClient
    from server.webpush.service import save_subscription

    with app.app_context():
        base = {"formal_notice_min_days": None}
        preview = queries.preview(CutRules.from_dict(base))
        hoods, covered = [], 0
        for row in preview["by_neighborhood"]:
            hoods.append(row["neighborhood_id"])
            covered += row["count"]
            if covered > n + 1:
                break
        cut_list = create_cut_list(actor_id=None, name="Banco de avisos push",
                                   cut_rules=CutRules.from_dict({**base,
                                                                 "neighborhood_ids": hoods}))
        worker = create_user(username=f"cortador-banco-{uuid.uuid4().hex[:6]}",
                             full_name="Cortador Banco", password="secreto-123",
                             roles=["cutter"])
        plan_order_routes(actor_id=None, work_date=local_today(), worker_ids=[worker.id],
                          cut_list_id=cut_list.id, max_stops_per_route=n + 1)
        orders = db.session.execute(sa.select(DisconnectionOrder.id,
                                              DisconnectionOrder.account_id).where(
            DisconnectionOrder.cut_list_id == cut_list.id,
            DisconnectionOrder.status == "assigned")).all()
        key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        client_id = uuid.uuid4()
        return {"cut_list_id": cut_list.id, "worker_id": worker.id, "client_id": client_id,
                "orders": [(o.id, o.account_id) for o in orders], "key": key, "auth": auth,
                "p256dh": b64url(key.public_key().public_bytes(
                    serialization.Encoding.X962,
                    serialization.PublicFormat.UncompressedPoint)),
                "subscribe": lambda endpoint: _subscribe(app, worker.id, client_id, endpoint,
                                                         key, auth, SyncClient,
                                                         save_subscription, transaction)}


def _subscribe(app, user_id, client_id, endpoint, key, auth, SyncClient, save_subscription,
               transaction):
    from cryptography.hazmat.primitives import serialization

    from server.extensions import db

    with app.app_context():
        with transaction() as session:
            db.session.add(SyncClient(id=client_id, user_id=user_id))
            session.flush()
            save_subscription(session, client_id=client_id, user_id=user_id,
                              endpoint=endpoint, allow_local=True,
                              p256dh=b64url(key.public_key().public_bytes(
                                  serialization.Encoding.X962,
                                  serialization.PublicFormat.UncompressedPoint)),
                              auth=b64url(auth))


def cleanup(app, day) -> None:
    import sqlalchemy as sa

    from server.db import transaction
    from server.disconnections.models import DisconnectionOrder
    from server.webpush.service import delete_subscription

    with app.app_context():
        with transaction() as session:
            session.execute(sa.update(DisconnectionOrder).where(
                DisconnectionOrder.cut_list_id == day["cut_list_id"]).values(
                deleted_at=sa.func.now(), rv=DisconnectionOrder.rv))
            delete_subscription(session, client_id=day["client_id"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--worker-class", default="rq.worker.SimpleWorker",
                        help="rq.worker.SimpleWorker (Procfile) or rq.worker.Worker (forks)")
    args = parser.parse_args()
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"

    import http_ece
    from redis import Redis

    from server import create_app
    from server.jobs import PUSH_QUEUE_NAME as QUEUE_NAME
    from server.ledger.service import record_payment

    Redis.from_url(redis_url).delete(f"rq:queue:{QUEUE_NAME}")
    app = create_app({"REDIS_URL": redis_url})
    day = setup(app, args.payments)
    service = PushService()
    day["subscribe"](f"http://127.0.0.1:{service.port}/push/{uuid.uuid4().hex}")
    env = {**os.environ, "REDIS_URL": redis_url}
    log = open(Path(os.environ["CARTERA_INSTANCE_PATH"]) / "bench-rq.log", "w")
    worker = subprocess.Popen([str(Path(sys.executable).parent / "rq"), "worker", "--url",
                               redis_url, "--worker-class", args.worker_class,
                               QUEUE_NAME], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    latencies, missing, seen = [], 0, 0
    try:
        def wait_for(order_id: uuid.UUID, t0: float) -> float | None:
            nonlocal seen
            deadline = time.perf_counter() + args.timeout
            with service.cond:
                while time.perf_counter() < deadline:
                    for at, _, _, body in service.arrivals[seen:]:
                        seen += 1
                        payload = json.loads(http_ece.decrypt(
                            body, private_key=day["key"], auth_secret=day["auth"],
                            version="aes128gcm"))
                        if payload.get("id") == str(order_id):
                            return at - t0
                    service.cond.wait(0.05)
            return None

        for n, (order_id, account_id) in enumerate(day["orders"][:args.payments + 1]):
            t0 = time.perf_counter()
            with app.app_context():
                record_payment(actor_id=None, account_ref=account_id, amount=Decimal("1.00"),
                               reference=f"banco-push-{n}")
            took = wait_for(order_id, t0)
            if n == 0:
                continue  # the worker's first job builds its app
            if took is None:
                missing += 1
            else:
                latencies.append(took)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
        service.server.shutdown()
        cleanup(app, day)
    with app.app_context():
        from server.extensions import db
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "payment_to_push", "database": engine,
        "scale": {"payments": len(latencies) + missing, "worker": args.worker_class},
        "figure": round(percentile(latencies, 95), 3) if latencies else None,
        "unit": "s (p95, payment posted → push request at the push service)",
        "target_p95_s": 2.0, "p50_s": round(percentile(latencies, 50), 3) if latencies else None,
        "max_s": round(max(latencies), 3) if latencies else None, "missing": missing}))


if __name__ == "__main__":
    main()
