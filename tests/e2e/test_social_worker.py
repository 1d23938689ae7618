"""End to end: a social worker registers a pensioner for the social discount with no
signal (two document photos and the beneficiary's signature) and, at the same visit, asks
the satisfaction survey; back online she syncs. The manager sees both photos and approves;
the account's next water charge (imported from the commercial system) carries the
discount after the month's posting; the survey answer is in the results, with its chart."""
from __future__ import annotations

import csv
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from server.discounts.rules import curp_check_digit
from tests.e2e.conftest import CABORCA, PASSWORD
from tests.e2e.test_agreement_door import _draw
from tests.e2e.test_notifier_day import _go_offline, _go_online, login, png, today

SURVEY = {
    "title": "Satisfacción con Trabajo Social",
    "description": "Al terminar la visita.",
    "triggers": {"standalone": True, "events": ["discount_approved"]},
    "questions": [
        {"id": "satisfaccion", "kind": "scale", "required": True, "satisfaction": True,
         "label": "¿Qué tan satisfecho está con la atención?"},
        {"id": "explico", "kind": "yes_no", "required": True,
         "label": "¿Le explicaron el trámite del descuento?"},
        {"id": "comentario", "kind": "text", "required": False,
         "label": "¿Algo más que quiera decirnos?"},
    ],
}
# Born 12 March 1955 in Sonora, a woman: a CURP whose check digit is right.
CURP17 = "OORG550312MSRCZD0"
CURP = CURP17 + curp_check_digit(CURP17)


def _next_period() -> date:
    day = datetime.now(ZoneInfo("America/Hermosillo")).date()
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _setup(live_server) -> dict:
    """The office's side before the visit: a new domestic account (the customer asked at
    the counter), a social worker of her own with the registration visit on her route for
    today, and the satisfaction survey published."""
    manager = live_server.token("encargada")
    username = f"ts-{uuid.uuid4().hex[:6]}"
    live_server.flask("cartera", "create-user", username, "--full-name", "Silvia Registro",
                      "--role", "social_worker", "--password", PASSWORD)
    status, hoods = live_server.api("GET", "/api/v1/registry/neighborhoods", token=manager)
    assert status == 200, hoods
    hood = (hoods["items"] if isinstance(hoods, dict) else hoods)[0]
    number = f"TS{uuid.uuid4().hex[:8].upper()}"
    status, account = live_server.api("POST", "/api/v1/registry/accounts", {
        "account_number": number, "property_class": "domestic",
        "holder": {"name": "Guadalupe Ochoa Ruiz"},
        "premises": {"street": "Calle Obregón", "exterior_number": "214",
                     "neighborhood_id": hood["id"]}}, manager)
    assert status == 201, account
    status, workers = live_server.api("GET", "/api/v1/fieldwork/workers?role=social_worker",
                                      token=manager)
    (me,) = [w for w in workers["items"] if w["username"] == username]
    status, visit = live_server.api("POST", "/api/v1/discounts/visits", {
        "account_numbers": [number], "worker_id": me["id"], "work_date": today()}, manager)
    assert status in (200, 201) and visit["stops"] == 1, visit
    status, form = live_server.api("POST", "/api/v1/surveys/forms", SURVEY, manager)
    assert status == 201, form
    key = form["form_key"]
    status, published = live_server.api("POST", f"/api/v1/surveys/forms/{key}/publish",
                                         {}, manager)
    assert status in (200, 201) and published["status"] == "published", published
    return {"username": username, "number": number, "account_id": account["id"],
            "form_key": key}


def _register_offline(page, context, s: dict) -> str:
    """At the door with no signal: the registration, then the survey. Returns the
    application's id."""
    page.goto("/#/ruta")
    stop = page.locator("[data-testid=stop-item][data-kind=discount_visit]")
    expect(stop).to_have_count(1)
    # As the notifier's day does: the app is installed for offline use before the signal goes.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    _go_offline(context)
    stop.get_by_test_id("discount-visit-start").click()
    form = page.get_by_test_id("discount-form")
    expect(form).to_be_visible()
    application_id = form.get_attribute("data-application-id")
    page.get_by_test_id("discount-type-pensioner").check()
    page.get_by_test_id("discount-name").fill("María Guadalupe Ochoa Ruiz")
    page.get_by_test_id("discount-curp").fill(CURP)
    expect(page.get_by_test_id("discount-curp-state")).to_have_attribute("data-state", "ok")
    page.get_by_test_id("discount-birth-date").fill("1955-03-12")
    page.get_by_test_id("discount-lives-yes").click()
    for n, kind in enumerate(("id", "pension_receipt")):
        page.get_by_test_id(f"discount-doc-{kind}-input").set_input_files(
            files=[{"name": f"{kind}.png", "mimeType": "image/png", "buffer": png(600 + n)}])
        expect(page.get_by_test_id(f"discount-doc-{kind}")).to_have_attribute(
            "data-count", "1")
    checks = page.locator("[data-testid^=discount-check-]")
    for i in range(checks.count()):
        checks.nth(i).check()
    page.get_by_test_id("discount-phone").fill("6371002030")
    _draw(page, "discount-signature")
    # The third document (proof of address) is missing: a warning, never a refusal.
    expect(page.locator("[data-testid=discount-warning]").first).to_be_visible()
    page.get_by_test_id("discount-submit").click()
    expect(page.get_by_test_id("discount-done")).to_be_visible()

    # Same visit, still offline: the satisfaction survey from the confirmation.
    page.get_by_test_id(f"survey-start-{s['form_key']}").click()
    expect(page.get_by_test_id("survey-screen")).to_have_attribute("data-mode", "answer")
    page.get_by_test_id("survey-q-satisfaccion-4").click()
    page.get_by_test_id("survey-q-explico-true").click()
    page.get_by_test_id("survey-q-comentario").fill("Muy amable, me explicó todo.")
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-done")).to_be_visible()
    # Two records wait on the phone: the application and the survey.
    expect(page.get_by_test_id("sync-pending-count")).to_have_text("2")
    return application_id


def _wait_for(live_server, token: str, path: str, ready, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        status, body = live_server.api("GET", path, token=token)
        if status == 200 and ready(body):
            return body
        assert time.monotonic() < deadline, (status, body)
        time.sleep(0.5)


def test_a_pensioner_registered_offline_gets_the_discount_on_the_next_water_charge(
        live_server, browser, tmp_path):
    s = _setup(live_server)
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, locale="es-MX", timezone_id="America/Hermosillo",
        geolocation=CABORCA, permissions=["geolocation"])
    phone.set_default_timeout(20000)
    page = phone.new_page()
    try:
        login(page, s["username"])
        application_id = _register_offline(page, phone, s)
        _go_online(phone)
        page.get_by_test_id("sync-button").click()
        page.get_by_test_id("sync-outbox-empty").wait_for(timeout=120000)
    finally:
        phone.close()

    manager = live_server.token("encargada")
    detail = _wait_for(live_server, manager, f"/api/v1/discounts/applications/{application_id}",
                       lambda d: not d["evidence_pending"])  # both photos and the signature
    assert detail["status"] == "submitted" and detail["beneficiary_type"] == "pensioner"
    assert detail["curp"] == CURP
    assert sorted(d["kind"] for d in detail["record"]["documents"]) == ["id",
                                                                        "pension_receipt"]
    assert detail["problems"] == ["MISSING_DOCUMENTS"]  # no proof of address: kept, shown

    desk = browser.new_context(base_url=live_server.url,
                               viewport={"width": 1366, "height": 900}, locale="es-MX",
                               timezone_id="America/Hermosillo")
    desk.set_default_timeout(20000)
    office = desk.new_page()
    try:
        login(office, "encargada")
        office.goto("/#/descuentos")
        row = office.locator(f"[data-testid=discount-queue-row]:has-text('{s['number']}')")
        expect(row).to_have_count(1)
        row.get_by_test_id("discount-queue-open").click()
        expect(office.get_by_test_id("discount-detail")).to_have_attribute("data-status",
                                                                         "submitted")
        expect(office.get_by_test_id("discount-document-image")).to_have_count(2)
        for img in office.locator("[data-testid=discount-document-image] img").all():
            expect(img).to_have_js_property("complete", True)
            assert img.evaluate("el => el.naturalWidth") > 0  # the photo itself, decoded
        office.get_by_test_id("discount-decision-note").fill("Documentos cotejados.")
        office.get_by_test_id("discount-approve").click()
        expect(office.get_by_test_id("discount-detail")).to_have_attribute("data-status",
                                                                         "approved")

        # The next month's bill arrives from the commercial system: 30 m³, $300.00 of
        # water; the discount is 50 % of the first 20 m³ (20/30 of the charge) = $100.00.
        period = _next_period()
        bill = Path(tmp_path) / "facturacion.csv"
        with bill.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([
                ["cuenta", "tipo", "periodo", "concepto", "importe", "vencimiento",
                 "consumo_m3"],
                [s["number"], "cargo", f"{period:%Y-%m}", "consumo", "300.00",
                 (period + timedelta(days=40)).isoformat(), "30"]])
        live_server.flask("cartera", "import-ledger", str(bill))
        out = live_server.flask("cartera", "discounts-post", "--period", f"{period:%Y-%m}")
        assert "1" in out, out
        status, statement = live_server.api(
            "GET", f"/api/v1/ledger/accounts/{s['number']}/statement", token=manager)
        assert status == 200, statement
        water = [ln for ln in statement["lines"] if ln["kind"] == "charge"
                 and ln["period"] == period.isoformat()]
        discount = [ln for ln in statement["lines"] if ln["kind"] == "credit"
                    and ln["description"] == "discount"]
        assert [Decimal(ln["debit"]) for ln in water] == [Decimal("300.00")]
        assert [Decimal(ln["credit"]) for ln in discount] == [Decimal("100.00")]
        assert "Descuento social" in discount[0]["reference"]
        assert Decimal(statement["closing_balance"]) == Decimal("200.00")

        # The survey answered at the door, in the results with its chart.
        office.goto(f"/#/encuestas/{s['form_key']}/resultados")
        expect(office.get_by_test_id("survey-results-total")).to_have_attribute(
            "data-value", "1")
        chart = office.get_by_test_id("survey-chart-satisfaccion")
        expect(chart).to_be_visible()
        expect(chart).to_have_attribute("role", "img")
        table = office.get_by_test_id("survey-table-satisfaccion")
        expect(table).to_contain_text("100")  # the one answer: 4, 100 %
        status, results = live_server.api(
            "GET", f"/api/v1/surveys/forms/{s['form_key']}/results", token=manager)
        (sat,) = [q for q in results["questions"] if q["id"] == "satisfaccion"]
        assert sat["answered"] == 1 and sat["average"] == "4.00"
        assert [c["count"] for c in sat["counts"] if c["value"] in (4, "4")] == [1]
        (text,) = [q for q in results["questions"] if q["id"] == "comentario"]
        assert [t["text"] for t in text["texts"]] == ["Muy amable, me explicó todo."]
        assert text["texts"][0]["account_number"] == s["number"]
    finally:
        desk.close()
