"""A notifier's whole day, end to end: the manager plans it in the office screens, the
notifier works it offline in the installed app, and everything reaches the server once.

Offline means `context.set_offline(True)` AND every request aborted by a context route
(with Playwright's service-worker network events on, the worker's own fetches too): the
app must boot from its service worker and keep recording. The second run repeats the day
with 30% of the sync requests failing at random (aborted, 503, or applied on the server
with the response lost) and must end identical, with no duplicate.
"""
from __future__ import annotations

import hashlib
import json
import random
import struct
import urllib.request
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

VISITS = 20
# The outcomes a day of notices brings, each with what its legal record needs.
OUTCOMES = ["delivered_holder", "delivered_other", "citatorio_left", "refused", "absent",
            "address_not_found", "delivered_holder", "vacant_house", "already_paid",
            "delivered_other"]
NOTICE_STATUS = {"delivered_holder": "delivered", "delivered_other": "delivered",
                 "citatorio_left": "citatorio", "refused": "refused", "absent": "absent",
                 "address_not_found": "not_found", "vacant_house": "vacant",
                 "already_paid": "paid"}


def png(seed: int, size: int = 64) -> bytes:
    """A small, unique PNG photo (the app re-encodes it as a JPEG on the device)."""
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(size * 3))
                    for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def login(page, username: str) -> None:
    page.goto("/#/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("who").wait_for()


def today() -> str:
    return datetime.now(ZoneInfo("America/Hermosillo")).date().isoformat()


@pytest.fixture(scope="module")
def planned_day(browser, live_server):
    """The manager, in the office screens: a formal-notice campaign with a preview, then
    a route of 20 stops for each of two notifiers for today."""
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 1366, "height": 900}, locale="es-MX",
                                  timezone_id="America/Hermosillo")
    context.set_default_timeout(20000)
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    login(page, "encargada")
    page.goto("/#/campanas")
    page.get_by_test_id("campaign-name").fill("Requerimientos noviembre")
    page.get_by_test_id("campaign-kind").select_option("formal")
    page.get_by_test_id("campaign-min-months").fill("2")
    page.get_by_test_id("campaign-preview").click()
    count = int(page.get_by_test_id("preview-count").inner_text().replace(",", "").strip())
    assert count >= 2 * VISITS
    total = page.get_by_test_id("preview-total-debt").get_attribute("data-value")
    assert float(total) > 0  # a money string; only its sign matters here
    page.get_by_test_id("campaign-create").click()
    page.get_by_test_id("campaign-created").wait_for()
    page.goto("/#/rutas")
    page.get_by_test_id("plan-form").wait_for()
    page.get_by_test_id("plan-campaign").select_option(index=1)
    page.get_by_test_id("plan-date").fill(today())
    page.get_by_test_id("plan-max-stops").fill(str(VISITS))
    page.get_by_test_id("plan-worker-notificador1").check()
    page.get_by_test_id("plan-worker-notificador2").check()
    page.get_by_test_id("plan-routes").click()
    page.get_by_test_id("route-item").first.wait_for()
    assert page.get_by_test_id("route-item").count() >= 2
    context.close()
    return count


def _go_offline(context) -> None:
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def _go_online(context) -> None:
    context.unroute("**/*")
    context.set_offline(False)


def _sign(page) -> None:
    canvas = page.get_by_test_id("visit-signature-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.2, y + h * 0.6)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + w * (0.2 + step * 0.05), y + h * (0.6 - 0.3 * (step % 2)),
                        steps=3)
    page.mouse.up()


def record_visit(page, n: int, stop_id: str, photos: dict) -> None:
    """Fill the legal record for the n-th stop of the day and save it."""
    outcome = OUTCOMES[n % len(OUTCOMES)]
    stop = page.locator(f"[data-testid=stop-item][data-stop-id='{stop_id}']")
    stop.get_by_test_id("stop-record-visit").click()
    form = page.get_by_test_id("visit-form")
    form.wait_for()
    page.get_by_test_id(f"visit-outcome-{outcome}").click()
    page.get_by_test_id("visit-verify-house_number").check()
    page.get_by_test_id("visit-verify-facade").check()
    if outcome in ("delivered_other", "citatorio_left", "refused"):
        page.get_by_test_id("visit-asked-for").fill("Titular de la cuenta")
    if outcome == "delivered_other":
        page.get_by_test_id("visit-attended-name").fill(f"Persona {n}")
        page.get_by_test_id("visit-attended-relationship").fill("Hija")
        page.get_by_test_id("visit-attended-id").fill("INE")
    if outcome == "citatorio_left":
        page.get_by_test_id("visit-citatorio-date").fill(today())
        page.get_by_test_id("visit-citatorio-time").fill("10:30")
    if outcome == "refused":
        page.get_by_test_id("visit-fixed-where").fill("Puerta principal")
    # Every visit carries a photo; every delivered one a signature.
    payload = png(1000 + n)
    page.get_by_test_id("visit-photo-input").set_input_files(
        files=[{"name": f"foto{n}.png", "mimeType": "image/png", "buffer": payload}])
    page.locator("[data-testid=visit-photos][data-count='1']").wait_for()
    photos[n] = payload
    if outcome in ("delivered_holder", "delivered_other", "citatorio_left"):
        _sign(page)
    page.get_by_test_id("visit-save").click()
    saved = page.get_by_test_id("stop-list").or_(page.get_by_test_id("visit-errors"))
    saved.first.wait_for(timeout=30000)
    errors = page.get_by_test_id("visit-errors")
    assert not errors.is_visible(), f"visita {n} ({outcome}): {errors.inner_text()}"
    expect(stop).to_have_count(0)  # done: it leaves the pending list


def work_the_day(phone, username: str, *, reloads=(7, 14)) -> dict:
    """Log in online, sync, go offline, reload, record the visits with two more reloads,
    come back online and sync until the outbox is empty. Returns the photos sent."""
    page = phone.new_page()
    page.on("dialog", lambda d: d.accept())
    login(page, username)
    page.goto("/#/ruta")
    page.locator("[data-testid=stop-item]").first.wait_for(timeout=30000)
    assert page.get_by_test_id("stop-item").count() == VISITS
    stop_ids = [page.get_by_test_id("stop-item").nth(i).get_attribute("data-stop-id")
                for i in range(VISITS)]
    # The service worker controls the page before the signal is lost.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    _go_offline(phone)
    page.reload()
    page.get_by_test_id("stop-list").wait_for()
    photos: dict[int, bytes] = {}
    for n in range(VISITS):
        if n in reloads:
            page.reload()
            page.get_by_test_id("stop-list").wait_for()
        record_visit(page, n, stop_ids[n], photos)
    expect(page.get_by_test_id("sync-pending-count")).to_have_text(str(VISITS))
    expect(page.get_by_test_id("stop-item")).to_have_count(0)  # default filter: pending
    _go_online(phone)
    page.get_by_test_id("sync-button").click()
    page.get_by_test_id("sync-outbox-empty").wait_for(timeout=120000)
    page.wait_for_function(
        "() => { const e = document.querySelector('[data-testid=sync-evidence-count]');"
        " return !e || e.textContent.trim().startsWith('0'); }", timeout=120000)
    return {"page": page, "photos": photos}


def server_state(live_server, username: str) -> dict:
    """What the server holds for this notifier: visits, their attachments, notices."""
    engine = sa.create_engine(live_server.env["DATABASE_URL"].replace(
        "postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        worker = conn.execute(sa.text("SELECT id FROM staff_users WHERE username = :u"),
                              {"u": username}).scalar_one()
        visits = conn.execute(sa.text(
            "SELECT v.id, v.outcome, n.status FROM visits v JOIN notices n "
            "ON n.id = v.notice_id WHERE v.worker_id = :w"), {"w": worker}).all()
        attachments = conn.execute(sa.text(
            "SELECT a.visit_id, a.kind, a.sha256, b.sha256 IS NOT NULL FROM visit_attachments a"
            " JOIN visits v ON v.id = a.visit_id LEFT JOIN blobs b ON b.sha256 = a.sha256"
            " WHERE v.worker_id = :w"), {"w": worker}).all()
        mutations = conn.execute(sa.text(
            "SELECT name, status, count(*) FROM sync_mutations WHERE user_id = :w "
            "GROUP BY name, status"), {"w": worker}).all()
    engine.dispose()
    return {"visits": visits, "attachments": attachments, "mutations": mutations}


def _blob(live_server, token: str, sha: str) -> bytes:
    req = urllib.request.Request(f"{live_server.url}/api/sync/v1/blobs/{sha}",
                                 headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.read()


def assert_day_reached_the_office(live_server, username: str) -> None:
    state = server_state(live_server, username)
    visits = state["visits"]
    assert len(visits) == VISITS, "exactly one visit per stop: none lost, none doubled"
    assert len({v.id for v in visits}) == VISITS
    for _id, outcome, notice_status in visits:
        assert notice_status == NOTICE_STATUS[outcome]
    photos = [a for a in state["attachments"] if a.kind == "photo"]
    signatures = [a for a in state["attachments"] if a.kind == "signature"]
    assert len(photos) == VISITS
    signed = sum(1 for _, o, _s in visits
                 if o in ("delivered_holder", "delivered_other", "citatorio_left"))
    assert len(signatures) == signed > 0
    assert all(a[3] for a in state["attachments"]), "every blob reached the server"
    token = live_server.token("encargada")
    for _visit, _kind, sha, _present in state["attachments"]:
        assert hashlib.sha256(_blob(live_server, token, sha)).hexdigest() == sha
    recorded = {(name, status): n for name, status, n in state["mutations"]}
    assert sum(n for (name, _), n in recorded.items() if name == "visit.record") == VISITS
    assert not any(status == "rejected" for (_, status) in recorded)


def test_a_notifiers_day_offline_reaches_the_office_once_with_its_evidence(
        planned_day, phone, live_server):
    day = work_the_day(phone, "notificador1")
    assert day["page"].get_by_test_id("sync-outbox-empty").is_visible()
    assert_day_reached_the_office(live_server, "notificador1")


def test_the_same_day_with_30_percent_of_sync_requests_failing_ends_identical(
        planned_day, phone, live_server):
    rng = random.Random(30)
    failures = {"aborted": 0, "503": 0, "lost_response": 0, "passed": 0}

    def flaky(route):
        roll = rng.random()
        if roll < 0.10:
            failures["aborted"] += 1
            route.abort("connectionreset")
        elif roll < 0.20:
            failures["503"] += 1
            route.fulfill(status=503, headers={"Retry-After": "1"},
                          content_type="application/json",
                          body='{"code": 503, "message": "Servicio no disponible"}')
        elif roll < 0.30:
            failures["lost_response"] += 1
            route.fetch()  # the server applies it; the phone never hears back
            route.abort("connectionreset")
        else:
            failures["passed"] += 1
            route.continue_()

    phone.route("**/api/sync/v1/**", flaky)
    work_the_day(phone, "notificador2")
    assert failures["aborted"] + failures["503"] + failures["lost_response"] >= 3, failures
    assert_day_reached_the_office(live_server, "notificador2")


# GPS that never answers: the app's own 15 s guard must not hold the notifier back.
HANGING_GPS = """
navigator.geolocation.getCurrentPosition = () => {};
navigator.geolocation.watchPosition = () => 0;
"""


def test_a_visit_saves_at_once_while_the_gps_is_still_searching(planned_day, browser,
                                                                live_server):
    live_server.flask("cartera", "create-user", "notificador9", "--full-name",
                      "Notificadora de Prueba", "--role", "notifier", "--password", PASSWORD)
    manager = live_server.token("encargada")
    _, campaigns = live_server.api("GET", "/api/v1/campaigns", token=manager)
    _, workers = live_server.api("GET", "/api/v1/fieldwork/workers", token=manager)
    worker = next(w for w in workers["items"] if w["username"] == "notificador9")
    status, plan = live_server.api("POST", "/api/v1/fieldwork/routes/plan", {
        "campaign_id": campaigns["items"][0]["id"], "work_date": today(),
        "worker_ids": [worker["id"]], "group_by": "neighborhood",
        "max_stops_per_route": 1}, token=manager)
    assert status == 201, plan
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390,
                                                                      "height": 844},
                                  locale="es-MX", timezone_id="America/Hermosillo",
                                  permissions=["geolocation"])
    context.add_init_script(HANGING_GPS)
    page = context.new_page()
    login(page, "notificador9")
    page.goto("/#/ruta")
    page.get_by_test_id("stop-item").first.get_by_test_id("stop-record-visit").click()
    page.get_by_test_id("visit-outcome-absent").click()
    page.get_by_test_id("visit-verify-house_number").check()
    assert page.get_by_test_id("visit-gps-status").get_attribute("data-state") == "searching"
    page.get_by_test_id("visit-save").click()
    page.get_by_test_id("stop-list").wait_for(timeout=5000)  # saved without waiting
    expect(page.get_by_test_id("sync-pending-count")).to_have_text("1")
    page.get_by_test_id("sync-button").click()
    page.get_by_test_id("sync-outbox-empty").wait_for(timeout=60000)
    context.close()
    engine = sa.create_engine(live_server.env["DATABASE_URL"].replace(
        "postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT v.flags, v.record, v.latitude FROM visits v JOIN staff_users u "
            "ON u.id = v.worker_id WHERE u.username = 'notificador9'")).one()
    engine.dispose()
    flags = row.flags if isinstance(row.flags, list) else json.loads(row.flags)
    record = row.record if isinstance(row.record, dict) else json.loads(row.record)
    assert "NO_GPS" in flags and row.latitude is None
    assert record["gps_error"] == "timeout"
