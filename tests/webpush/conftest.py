"""Web Push test harness: a local push service on 127.0.0.1 that records what it receives
and answers a scripted sequence; a browser-like subscription that can decrypt; a recording
job queue; a sleep that only records."""
from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.sync.conftest import Device

SUBSCRIPTIONS = "/api/sync/v1/push-subscriptions"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService:
    """A push service: POST /<anything> is recorded and answered from the script of its path
    (or the shared one), 201 when the script is empty."""

    def __init__(self):
        self.received: list[dict] = []
        self.scripts: dict[str | None, list[tuple[int, dict]]] = {None: []}
        self.arrived = threading.Event()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                service.received.append({"method": self.command, "path": self.path,
                                         "headers": {k.lower(): v for k, v in
                                                     self.headers.items()},
                                         "body": body})
                script = service.scripts.get(self.path) or service.scripts[None]
                status, headers = script.pop(0) if script else (201, {})
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                service.arrived.set()

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def endpoint(self, name: str = "device-1") -> str:
        return f"{self.origin}/push/{name}"

    def answer(self, *answers, path: str | None = None) -> None:
        """Script the next answers: 410, or (429, {"Retry-After": "0"})."""
        self.scripts.setdefault(path, []).extend(
            a if isinstance(a, tuple) else (a, {}) for a in answers)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def push_service():
    """push_service() → a running local PushService (stopped after the test)."""
    services = []

    def _make():
        services.append(PushService())
        return services[-1]

    yield _make
    for s in services:
        s.stop()


class Browser:
    """The subscribing side: its P-256 key pair and 16-byte auth secret, as a browser
    makes them; it decrypts what the push service received."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)
        self.p256dh = b64url(self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))
        self.auth = b64url(self.auth_secret)

    def subscription(self, endpoint: str) -> dict:
        """`PushSubscription.toJSON()`."""
        return {"endpoint": endpoint, "expirationTime": None,
                "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key,
                                           auth_secret=self.auth_secret, version="aes128gcm"))


@pytest.fixture()
def subscribed(app, client, make_user):
    """subscribed(endpoint, roles=("cutter",)) → (user, device, browser), subscribed through
    the real endpoint by a registered sync client."""
    def _make(endpoint, roles=("cutter",), user=None):
        user = user or make_user(*roles)
        device = Device(client, app, user.id, roles=roles)
        assert device.register().status_code == 200
        browser = Browser()
        resp = client.post(SUBSCRIPTIONS, headers=device.headers, json={
            "client_id": str(device.client_id), "subscription": browser.subscription(endpoint)})
        assert resp.status_code == 200, resp.get_json()
        return user, device, browser
    return _make


@pytest.fixture()
def queued(db_session, monkeypatch):
    """Jobs enqueued by the code under test, recorded instead of run: [(path, args)]
    (after db_session, which replaces enqueue with one that records nothing)."""
    from server import jobs

    calls = []

    def _enqueue(path, *args, **kwargs):
        calls.append((path, args))
        return f"recorded-{len(calls)}"

    monkeypatch.setattr(jobs, "enqueue", _enqueue)
    return calls


class Sleeps(list):
    """A sleep that records how long it was asked to wait, and does not wait."""

    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture()
def sleeps():
    return Sleeps()


def run_queued(queued, sleep) -> list[dict]:
    """Run every recorded web push job here, in order; their summaries."""
    from server.webpush import jobs

    out = []
    while queued:
        path, args = queued.pop(0)
        assert path == "server.webpush.jobs.send"
        out.append(jobs.send(*args, sleep=sleep))
    return out
