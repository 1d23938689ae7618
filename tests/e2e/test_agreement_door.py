"""End to end: a notifier quotes and signs a payment agreement at the door with no signal,
with the customer's and her own signatures; back online it syncs; the office sees it
active, opens its PDF, and the verification code the customer noted leads back to it."""
from __future__ import annotations

import urllib.request
import uuid

from playwright.sync_api import expect

from tests.agreements.conftest import pdf_metadata_has
from tests.e2e.conftest import CABORCA, PASSWORD
from tests.e2e.test_notifier_day import _go_offline, _go_online, login, today


def _route_for_a_new_notifier(live_server) -> str:
    """A notifier of her own (the other tests count their notifiers' visits) with a short
    route of formal notices for today; returns her username."""
    username = f"notif-conv-{uuid.uuid4().hex[:6]}"
    live_server.flask("cartera", "create-user", username, "--full-name", "Norma Convenio",
                      "--role", "notifier", "--password", PASSWORD)
    manager = live_server.token("encargada")
    rules = {"min_months_past_due": 2, "exclude_open_notice": False,
             "exclude_notified_within_days": None}
    status, preview = live_server.api("POST", "/api/v1/campaigns/preview", {"rules": rules},
                                      manager)
    assert status == 200 and preview["count"] > 0, preview
    hood = preview["by_neighborhood"][-1]["neighborhood_id"]
    status, campaign = live_server.api("POST", "/api/v1/campaigns", {
        "name": "Requerimientos con convenio", "notice_kind": "formal",
        "rules": {**rules, "neighborhood_ids": [hood]}}, manager)
    assert status == 201, campaign
    status, workers = live_server.api("GET", "/api/v1/fieldwork/workers?role=notifier",
                                      token=manager)
    (me,) = [w for w in workers["items"] if w["username"] == username]
    status, routes = live_server.api("POST", "/api/v1/fieldwork/routes/plan", {
        "campaign_id": campaign["id"], "work_date": today(), "worker_ids": [me["id"]],
        "max_stops_per_route": 2}, manager)
    assert status in (200, 201), routes
    return username


def _draw(page, test_id: str) -> None:
    canvas = page.get_by_test_id(test_id)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.15, y + h * 0.6)
    page.mouse.down()
    for step in range(1, 14):
        page.mouse.move(x + w * (0.15 + step * 0.05), y + h * (0.6 - 0.3 * (step % 2)),
                        steps=3)
    page.mouse.up()


def test_an_agreement_signed_offline_at_the_door_reaches_the_office_with_its_code(
        live_server, browser):
    username = _route_for_a_new_notifier(live_server)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, locale="es-MX", timezone_id="America/Hermosillo",
        geolocation=CABORCA, permissions=["geolocation"])
    context.set_default_timeout(20000)
    page = context.new_page()
    try:
        login(page, username)
        page.goto("/#/ruta")
        stop = page.get_by_test_id("stop-item").first
        expect(stop).to_be_visible()
        _go_offline(context)  # at the door: no signal from here on
        stop.get_by_test_id("make-agreement").click()
        screen = page.get_by_test_id("agreement-screen")
        expect(screen).to_have_attribute("data-mode", "builder")
        total = page.get_by_test_id("agreement-total").get_attribute("data-value")
        assert float(total) > 0
        parts = page.get_by_test_id("agreement-part")
        expect(parts.first).to_be_visible()
        amounts = [p.get_attribute("data-amount") for p in parts.all()]
        agreed = page.get_by_test_id("agreement-agreed-debt").get_attribute("data-value")
        assert round(sum(float(a) for a in amounts), 2) == float(agreed)
        page.get_by_test_id("agreement-customer-phone").fill("6371234567")
        _draw(page, "agreement-customer-signature")
        _draw(page, "agreement-staff-signature")
        page.get_by_test_id("agreement-sign").click()
        code_el = page.get_by_test_id("agreement-code")
        expect(code_el).to_be_visible()
        code = code_el.get_attribute("data-code")
        assert code and code.count("-") == 2
        expect(page.get_by_test_id("agreement-status")).to_have_attribute("data-state",
                                                                          "pending")
        agreement_id = page.get_by_test_id("agreement-confirmation").get_attribute(
            "data-agreement-id")

        _go_online(context)
        page.get_by_test_id("sync-button").click()
        expect(page.get_by_test_id("agreement-status")).to_have_attribute(
            "data-state", "active", timeout=60000)
    finally:
        context.close()

    manager = live_server.token("encargada")
    status, detail = live_server.api("GET", f"/api/v1/agreements/{agreement_id}",
                                     token=manager)
    assert status == 200 and detail["status"] == "active", detail
    assert detail["verification_code"] == code and detail["origin"] == "field"
    assert detail["flags"] == []
    req = urllib.request.Request(f"{live_server.url}/api/v1/agreements/{agreement_id}"
                                 "/document.pdf", headers={"Authorization": f"Bearer {manager}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        pdf = resp.read()
    assert pdf.startswith(b"%PDF") and pdf_metadata_has(pdf, code)
    # Both signatures reached the server and are printed on the document.
    for sha in (detail["terms"]["customer_signature"], detail["terms"]["staff_signature"]):
        head = urllib.request.Request(f"{live_server.url}/api/sync/v1/blobs/{sha}",
                                      method="HEAD",
                                      headers={"Authorization": f"Bearer {manager}"})
        with urllib.request.urlopen(head, timeout=30) as resp:
            assert resp.status == 200

    desk = browser.new_context(base_url=live_server.url,
                               viewport={"width": 1366, "height": 900}, locale="es-MX",
                               timezone_id="America/Hermosillo")
    desk.set_default_timeout(20000)
    office = desk.new_page()
    try:
        login(office, "encargada")
        office.goto("/#/convenios")
        row = office.locator(f"[data-testid=agreement-row][data-folio='{detail['folio']}']")
        expect(row).to_be_visible()
        expect(row).to_have_attribute("data-status", "active")
        office.get_by_test_id("agreement-verify-input").fill(code)
        office.get_by_test_id("agreement-verify-submit").click()
        result = office.get_by_test_id("agreement-verify-result")
        expect(result).to_have_attribute("data-state", "ok")
        expect(result).to_have_attribute("data-folio", detail["folio"])
    finally:
        desk.close()
