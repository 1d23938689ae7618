"""End to end: a cutter's phone is told at once that a customer paid.

The manager makes a cut list and a route for the demo cutter through the API; the cutter
logs in (installed PWA in Chromium), opens an order and sees "Confirmar corte" enabled.
The clerk posts a payment for that account; the push the server would send is delivered to
the service worker through the DevTools protocol (`ServiceWorker.deliverPushMessage`; there
is no push service in this closed network). The service worker shows the notification and
asks the page to sync; the pull brings the cancelled order and "Confirmar corte" is disabled
under the red banner.
"""
from __future__ import annotations

import json
import time
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import CABORCA
from tests.e2e.test_notifier_day import login, today

API = "/api/v1/disconnections"


def _day(live_server) -> dict:
    """A cut list over the colonia with the most debtors and a short route for cortador1."""
    manager = live_server.token("encargada")
    rules = {"formal_notice_min_days": None}
    status, preview = live_server.api("POST", f"{API}/cut-lists/preview", {"rules": rules},
                                      manager)
    assert status == 200 and preview["count"] > 0, preview
    hood = preview["by_neighborhood"][0]["neighborhood_id"]
    status, cut_list = live_server.api("POST", f"{API}/cut-lists", {
        "name": "Cortes E2E", "rules": {**rules, "neighborhood_ids": [hood]}}, manager)
    assert status == 201, cut_list
    status, workers = live_server.api("GET", "/api/v1/fieldwork/workers?role=cutter",
                                      token=manager)
    (cutter,) = [w for w in workers["items"] if w["username"] == "cortador1"]
    status, routes = live_server.api("POST", f"{API}/routes", {
        "work_date": today(), "worker_ids": [cutter["id"]], "cut_list_id": cut_list["id"],
        "max_stops_per_route": 3}, manager)
    assert status == 201, routes
    status, route = live_server.api("GET", f"/api/v1/fieldwork/routes/{routes[0]['id']}",
                                    token=manager)
    stop = route["stops"][0]
    return {"order_id": stop["order_id"], "stop_id": stop["id"],
            "account_number": stop["account_number"]}


def _registration_id(cdp, page) -> str:
    found = {}

    def on_versions(event):
        for v in event.get("versions", []):
            if v.get("status") == "activated" and v.get("scriptURL", "").endswith("/sw.js"):
                found["id"] = v["registrationId"]

    cdp.on("ServiceWorker.workerVersionUpdated", on_versions)
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 20
    while "id" not in found and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert "id" in found, "el service worker no se activó"
    return found["id"]


def test_a_payment_push_disables_the_cut_on_the_cutters_phone(live_server, browser):
    day = _day(live_server)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, locale="es-MX", timezone_id="America/Hermosillo",
        geolocation=CABORCA, permissions=["geolocation", "notifications"])
    context.set_default_timeout(20000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    try:
        login(page, "cortador1")
        registration = _registration_id(cdp, page)
        card = page.locator(f"[data-testid=stop-item][data-order-id='{day['order_id']}']")
        expect(card).to_be_visible()
        card.get_by_test_id("order-open").click()
        confirm = page.get_by_test_id("confirm-cut")
        expect(confirm).to_be_enabled()
        expect(page.get_by_test_id("order-cancelled-banner")).to_have_count(0)

        clerk = live_server.token("auxiliar")
        status, payment = live_server.api(
            "POST", f"/api/v1/ledger/accounts/{day['account_number']}/payments",
            {"amount": "100.00", "method": "cash", "reference": "E2E-PUSH"}, clerk,
            headers={"Idempotency-Key": f"e2e-{uuid.uuid4().hex}"})
        assert status == 201, payment

        message = {"t": "disconnection.cancelled", "id": day["order_id"],
                   "account": day["account_number"], "stop_id": day["stop_id"]}
        with page.expect_request("**/api/sync/v1/pull"):
            cdp.send("ServiceWorker.deliverPushMessage", {
                "origin": live_server.url, "registrationId": registration,
                "data": json.dumps(message)})
        expect(page.locator("html")).to_have_attribute("data-sw-sync-reason", "push")
        expect(confirm).to_be_disabled()
        expect(page.get_by_test_id("order-cancelled-banner")).to_contain_text("NO CORTAR")
        titles = page.evaluate("""async () => {
            const reg = await navigator.serviceWorker.ready;
            return (await reg.getNotifications()).map(n => [n.title, n.tag]);
        }""")
        assert [f"No cortar: cuenta {day['account_number']} pagó", day["order_id"]] in titles
    finally:
        context.close()
