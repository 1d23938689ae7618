"""Snapshots freeze a month: the ledger moving afterwards leaves them; a new one sees it."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

from server.extensions import db
from server.indicators import rules, service
from server.ledger.service import record_payment
from tests import factories

MARCH = date(2026, 3, 1)


def _city():
    """Two accounts billed February (due March 10th); one pays on time in March."""
    a = factories.account()
    b = factories.account(property_class="commercial")
    factories.bill(a, date(2026, 2, 1))
    factories.bill(b, date(2026, 2, 1), water="300.00")
    record_payment(actor_id=None, account_ref=a.account_number, amount=D("217.50"),
                   paid_on=date(2026, 3, 5))
    return a, b


def test_snapshot_is_frozen_and_a_new_version_sees_the_change(db_session):
    a, b = _city()
    first = service.take_snapshot(MARCH)
    assert first.version == 1
    assert first.measures["billed"] == "585.00"
    assert first.measures["collected_current"] == "217.50"
    assert first.indicators["commercial_efficiency"] == str(rules.ratio(D("217.50"),
                                                                        D("585.00")))
    assert first.indicators["on_time_payers_rate"] == "0.5000"
    # The ledger moves after the snapshot: b pays in March too (a late-posted receipt).
    record_payment(actor_id=None, account_ref=b.account_number, amount=D("367.50"),
                   paid_on=date(2026, 3, 8))
    db.session.expire_all()
    again = service.get(first.id)
    assert again.measures["collected_current"] == "217.50"
    assert again.indicators["on_time_payers_rate"] == "0.5000"
    cmp = service.compare(first.id)
    row = next(r for r in cmp["rows"] if r["key"] == "collected_current")
    assert (row["stored"], row["live"], row["difference"], row["changed"]) == (
        "217.50", "585.00", "367.50", True)
    second = service.take_snapshot(MARCH, note="Con los pagos de banco")
    assert second.version == 2
    assert second.measures["collected_current"] == "585.00"
    assert second.indicators["commercial_efficiency"] == "1.0000"
    assert service.get(first.id).measures["collected_current"] == "217.50"


def test_snapshot_keeps_the_formulas_and_breakdowns(db_session):
    from server.common.settings import set_setting

    _city()
    set_setting("indicators", {"formulas": {"commercial_efficiency": {
        "numerator": "collected_total", "denominator": "billed", "label": "EC (caja)"}}})
    snap = service.take_snapshot(MARCH)
    assert snap.formulas["commercial_efficiency"]["numerator"] == "collected_total"
    assert snap.formulas["arrears_recovery_rate"]["numerator"] == "collected_arrears"
    classes = {r["property_class"]: r["billed"] for r in snap.breakdowns["by_class"]}
    assert classes == {"commercial": "367.50", "domestic": "217.50"}
    assert snap.breakdowns["by_colonia"][0]["neighborhood"] == "Caborca Centro"


def test_bad_formula_entries_fall_back_to_the_defaults():
    merged = rules.merged_formulas({"formulas": {
        "commercial_efficiency": {"numerator": "__import__('os')", "denominator": "billed"},
        "custom": {"numerator": "collected_total", "denominator": "registry_accounts"}}})
    assert merged["commercial_efficiency"] == rules.DEFAULT_FORMULAS["commercial_efficiency"]
    assert merged["custom"]["denominator"] == "registry_accounts"
    assert rules.ratio(1, 0) is None


def test_setting_defaults_are_the_domain_definitions():
    from server.common.settings import DEFAULTS

    assert DEFAULTS["indicators"]["formulas"] == rules.DEFAULT_FORMULAS


def test_api_snapshot_roles_list_compare_and_pigoo(client, auth_headers, db_session):
    from openpyxl import load_workbook

    _city()
    db.session.commit()
    manager, director = auth_headers("manager"), auth_headers("director")
    r = client.post("/api/v1/indicators/snapshots", json={"period": "2026-03"},
                    headers=director)
    assert r.status_code == 403
    r = client.post("/api/v1/indicators/snapshots", json={"period": "2026-03"},
                    headers=manager)
    assert r.status_code == 201, r.get_json()
    snap = r.get_json()
    assert snap["period"] == "2026-03" and snap["version"] == 1
    assert snap["measures"]["billed"] == "585.00"
    r = client.get("/api/v1/indicators/snapshots?year=2026", headers=director)
    assert r.get_json()["total"] == 1
    r = client.get(f"/api/v1/indicators/snapshots/{snap['id']}/compare", headers=director)
    assert all(not row["changed"] for row in r.get_json()["rows"])
    r = client.get("/api/v1/indicators/values?period=2026-03", headers=director)
    assert r.get_json()["indicators"]["on_time_payers_rate"] == "0.5000"
    r = client.get("/api/v1/indicators/pigoo.xlsx?year=2026", headers=director)
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.data))
    ws = wb["Sección comercial"]
    assert ws["A1"].value == "Indicador" and ws["D1"].value == "Valor 2026"
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Eficiencia comercial")
    assert isinstance(row[3].value, (int, float)) and abs(row[3].value - 217.5 / 585) < 1e-3
    assert row[6].value == row[3].value  # March column
    assert "Facturación" in row[2].value
    variables = wb["Variables"]
    billed = next(r for r in variables.iter_rows(min_row=2) if r[0].value.startswith(
        "Facturación"))
    assert billed[2].value == 585


def test_api_bad_input(client, auth_headers, db_session):
    manager = auth_headers("manager")
    for url in ("/api/v1/indicators/values?period=ayer", "/api/v1/indicators/values",
                "/api/v1/indicators/values?period=2026-13",
                "/api/v1/indicators/pigoo.xlsx?year=abc",
                "/api/v1/indicators/snapshots?page=abc"):
        r = client.get(url, headers=manager)
        assert r.status_code == 422, url
        assert "message" in r.get_json() or "errors" in r.get_json()
    assert client.get("/api/v1/indicators/pigoo.xlsx?year=2019",
                      headers=manager).status_code == 404
    assert client.get("/api/v1/indicators/snapshots/999", headers=manager).status_code == 404
    r = client.post("/api/v1/indicators/snapshots", json={"period": "2999-01"}, headers=manager)
    assert r.status_code == 422
    r = client.post("/api/v1/indicators/snapshots", json={}, headers=manager)
    assert r.status_code == 422
    assert client.get("/api/v1/indicators/values?period=2026-03",
                      headers=auth_headers("clerk")).status_code == 403
