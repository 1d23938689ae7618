"""End to end: the built PWA in the system Chromium (Playwright for Python) against a live
gunicorn server on a fresh database seeded with a small demo city.

The server runs in a subprocess on its own database (a temporary SQLite file, or
`<DATABASE_URL's database>_e2e` on PostgreSQL), exactly as `make run` starts it. Chromium
is Debian's (/usr/bin/chromium) with the flags this closed network needs; never a
downloaded browser.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
PASSWORD = "cartera2026"  # the demo users' password (server/demo)
# Heroica Caborca, near the demo city's centre: the context's GPS.
CABORCA = {"latitude": 30.7161, "longitude": -112.1560, "accuracy": 12}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgres"):
        name = url.rsplit("/", 1)[1].split("?")[0] + "_e2e"
        out = subprocess.run([str(ROOT / "scripts" / "ensure-postgres.sh"), name], check=True,
                             capture_output=True, text=True)
        pg = out.stdout.strip()
        import sqlalchemy as sa

        from server.config import normalize_database_url
        engine = sa.create_engine(normalize_database_url(pg))
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()
        return pg
    return f"sqlite:///{tmp / 'e2e.db'}"


def _ensure_built() -> None:
    if (ROOT / "pwa" / "dist" / "index.html").exists():
        return
    pwa = ROOT / "pwa"
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=pwa, check=True)
    subprocess.run(["npm", "run", "build"], cwd=pwa, check=True)


class LiveServer:
    """The running app: its base URL, environment, and a small JSON API helper."""

    def __init__(self, url: str, env: dict):
        self.url, self.env = url, env

    def api(self, method: str, path: str, body=None, token: str | None = None,
            headers: dict | None = None):
        """Call the JSON API; returns (status, parsed body)."""
        req = urllib.request.Request(self.url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as err:
            raw = err.read()
            return err.code, (json.loads(raw) if raw else None)

    def token(self, username: str) -> str:
        """An access token for a demo user."""
        status, body = self.api("POST", "/api/v1/auth/login",
                                {"username": username, "password": PASSWORD})
        assert status == 200, body
        return body["access_token"]

    def flask(self, *args: str) -> str:
        """Run a `flask` command against the live server's database."""
        out = subprocess.run([str(BIN / "flask"), "--app", "server", *args], env=self.env,
                             cwd=ROOT, check=True, capture_output=True, text=True)
        return out.stdout


def start_server(env: dict, log_path: Path, *, workers: int = 2, threads: int = 4):
    """gunicorn on a free port with `env`, as `make run` starts it; returns (process, URL)
    once /api/health answers."""
    port = _free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "server:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2):
                return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("el servidor no arrancó:\n" + log_path.read_text()[-4000:])
            time.sleep(0.3)


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    _ensure_built()
    tmp = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "DATABASE_URL": _database_url(tmp),
           "CARTERA_INSTANCE_PATH": str(tmp / "instance"), "CARTERA_ENV": "development"}
    env.pop("REDIS_URL", None)
    server = LiveServer("", env)
    server.flask("db", "upgrade")
    server.flask("cartera", "seed-demo", "--accounts", "400", "--months", "12", "--seed", "7")
    proc, server.url = start_server(env, tmp / "gunicorn.log")
    yield server
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Falta Chromium del sistema: ejecute scripts/ensure-chromium.sh")
    # Let context routes see the service worker's own fetches too: offline must cut them.
    os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def phone(browser, live_server):
    """A phone-sized browser context with GPS near Caborca, on the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True, locale="es-MX", timezone_id="America/Hermosillo",
        geolocation=CABORCA, permissions=["geolocation"])
    context.set_default_timeout(15000)
    yield context
    context.close()


@pytest.fixture()
def desk(browser, live_server):
    """A desktop browser context for the office screens."""
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 1366, "height": 900}, locale="es-MX",
                                  timezone_id="America/Hermosillo")
    context.set_default_timeout(15000)
    yield context
    context.close()
