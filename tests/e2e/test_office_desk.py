"""End to end, the office at a desktop: the clerk finds an account by a partial name typed
without accents, opens it, posts a payment at the counter and prints the receipt; the
manager approves a field correction whose record changed after it was proposed (both values
on screen), and authorizes an extraordinary charge that then appears in the statement."""
from __future__ import annotations

import csv
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_notifier_day import login
from tests.e2e.test_social_worker import _next_period


def _setup(live_server, tmp_path) -> dict:
    manager = live_server.token("encargada")
    status, hoods = live_server.api("GET", "/api/v1/registry/neighborhoods", token=manager)
    hood = (hoods["items"] if isinstance(hoods, dict) else hoods)[0]
    number = f"OF{uuid.uuid4().hex[:8].upper()}"
    status, account = live_server.api("POST", "/api/v1/registry/accounts", {
        "account_number": number, "property_class": "domestic",
        "holder": {"name": "Josefina Ánimas Güémez"},
        "premises": {"street": "Calle Vieja", "exterior_number": "7",
                     "neighborhood_id": hood["id"]}}, manager)
    assert status == 201, account
    period = _next_period() - timedelta(days=62)
    bill = tmp_path / "adeudo.csv"
    with bill.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([
            ["cuenta", "tipo", "periodo", "concepto", "importe", "vencimiento"],
            [number, "cargo", f"{period:%Y-%m}", "consumo", "400.00",
             (period + timedelta(days=40)).isoformat()]])
    live_server.flask("cartera", "import-ledger", str(bill))
    # A notifier proposes the street she saw; the office corrects it another way meanwhile.
    status, proposal = live_server.api(
        "POST", f"/api/v1/registry/accounts/{number}/proposals",
        {"field": "street", "proposed_value": "Callejón de las Ánimas", "seen_value":
         "Calle Vieja", "reason": "El letrero de la calle dice otro nombre"},
        live_server.token("notificador1"))
    assert status == 201, proposal
    status, patched = live_server.api("PATCH", f"/api/v1/registry/accounts/{number}", {
        "reason": "Nombre de calle según catastro", "premises": {"street": "Calle Nueva"}},
        manager)
    assert status == 200, patched
    status, charge = live_server.api("POST", "/api/v1/ledger/extraordinary-charges", {
        "account": number, "kind": "meter_installation", "service": "water",
        "amount": "850.00", "description": "Instalación de medidor nuevo",
        "work_reference": "OT-2026-118"}, live_server.token("auxiliar"))
    assert status == 201, charge
    return {"number": number, "account_id": account["id"], "proposal_id": proposal["id"],
            "charge_id": charge["id"]}


def _desk(browser, live_server):
    context = browser.new_context(base_url=live_server.url,
                                  viewport={"width": 1366, "height": 900}, locale="es-MX",
                                  timezone_id="America/Hermosillo", accept_downloads=True)
    context.set_default_timeout(20000)
    return context


def _balance(live_server, number: str) -> Decimal:
    status, body = live_server.api("GET", f"/api/v1/ledger/accounts/{number}/balance",
                                   token=live_server.token("encargada"))
    assert status == 200, body
    return Decimal(body["balance"])


def test_the_clerk_finds_pays_and_prints_and_the_manager_decides(live_server, browser,
                                                                  tmp_path):
    s = _setup(live_server, tmp_path)
    assert _balance(live_server, s["number"]) == Decimal("400.00")

    clerk = _desk(browser, live_server)
    page = clerk.new_page()
    try:
        login(page, "auxiliar")
        page.goto("/#/cuentas")
        page.get_by_test_id("account-search").fill("animas guem")  # no accents, partial
        hit = page.locator(f"[data-testid=account-result][data-number='{s['number']}']")
        expect(hit).to_be_visible()
        hit.click()
        expect(page.get_by_test_id("account-detail")).to_be_visible()
        expect(page.get_by_test_id("account-detail")).to_contain_text("Josefina Ánimas Güémez")
        page.get_by_test_id("account-pay").click()
        expect(page.get_by_test_id("counter-form")).to_be_visible()
        page.get_by_test_id("counter-amount").fill("250.50")
        page.get_by_test_id("counter-reference").fill("CAJA-3")
        page.get_by_test_id("counter-submit").click()
        result = page.get_by_test_id("counter-result")
        expect(result).to_be_visible()
        receipt = result.get_attribute("data-receipt")
        assert receipt
        with page.expect_download() as got:
            page.get_by_test_id("counter-print").click()
        download = got.value
        assert download.suggested_filename == f"recibo-{receipt}.pdf"
        assert Path(download.path()).read_bytes().startswith(b"%PDF")
    finally:
        clerk.close()
    assert _balance(live_server, s["number"]) == Decimal("149.50")

    desk = _desk(browser, live_server)
    office = desk.new_page()
    office.on("dialog", lambda d: d.accept())
    try:
        login(office, "encargada")
        office.goto("/#/correcciones")
        row = office.locator(f"[data-testid=correction-row][data-id='{s['proposal_id']}']")
        expect(row).to_have_attribute("data-changed", "true")
        expect(row.get_by_test_id("correction-seen")).to_have_text("Calle Vieja")
        expect(row.get_by_test_id("correction-now")).to_have_text("Calle Nueva")
        expect(row.get_by_test_id("correction-proposed")).to_contain_text(
            "Callejón de las Ánimas")
        row.get_by_test_id("correction-approve").click()
        expect(row).to_have_count(0)  # it left the pending queue

        office.goto("/#/cargos")
        charge = office.locator(f"[data-testid=charge-row][data-id='{s['charge_id']}']")
        expect(charge).to_have_attribute("data-status", "proposed")
        charge.get_by_test_id("charge-authorize").click()
        office.get_by_test_id("charge-authorize-confirm").click()
        office.get_by_test_id("charges-tab-authorized").click()
        expect(office.locator(f"[data-testid=charge-row][data-id='{s['charge_id']}']")
               ).to_have_attribute("data-status", "authorized")

        office.goto(f"/#/cuentas/{s['account_id']}")
        expect(office.get_by_test_id("account-detail")).to_contain_text("850.00")
    finally:
        desk.close()

    manager = live_server.token("encargada")
    status, detail = live_server.api("GET", f"/api/v1/registry/accounts/{s['number']}",
                                     token=manager)
    assert detail["premises"]["street"] == "Callejón de las Ánimas"
    status, statement = live_server.api(
        "GET", f"/api/v1/ledger/accounts/{s['number']}/statement", token=manager)
    extra = [ln for ln in statement["lines"] if ln["kind"] == "charge"
             and Decimal(ln["debit"]) == Decimal("850.00")]
    assert len(extra) == 1 and extra[0]["concept"] == "extraordinary"
    assert _balance(live_server, s["number"]) == Decimal("999.50")
