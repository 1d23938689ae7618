"""The office API of disconnections: preview, create, routes, board, cancel, the printed
list and its Excel twin; and the cutter's sync: a payment reaches her next pull and her
report goes through /push."""
from __future__ import annotations

import io
import uuid
from decimal import Decimal

import sqlalchemy as sa
from openpyxl import load_workbook

from server.common.clock import utcnow
from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from server.fieldwork.models import Stop
from server.ledger.service import record_payment
from tests.disconnections.conftest import TODAY, cutter, debtor, orders_of
from tests.sync.conftest import Device, ops

API = "/api/v1/disconnections"


def test_preview_then_create_then_plan_then_board(client, auth_headers):
    home, shop = debtor(4), debtor(4, property_class="commercial")
    numbers = {home.account_number, shop.account_number}
    manager = auth_headers("manager")
    resp = client.post(f"{API}/cut-lists/preview", headers=manager, json={"rules": {}})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["count"] == 2 and body["by_action"] == {"restrict": 1, "disconnect": 1}
    assert Decimal(body["total_debt"]) > 0 and body["by_neighborhood"][0]["count"] == 2
    assert {s["account_number"] for s in body["sample"]} == numbers
    resp = client.post(f"{API}/cut-lists", headers=manager,
                       json={"name": "Cortes de diciembre", "rules": {"min_months_past_due": 3}})
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["folio"].startswith("LC-") and created["orders_by_status"] == {"issued": 2}
    worker = cutter()
    resp = client.post(f"{API}/routes", headers=manager, json={
        "work_date": TODAY.isoformat(), "worker_ids": [str(worker.id)],
        "cut_list_id": created["id"]})
    assert resp.status_code == 201, resp.get_json()
    (route,) = resp.get_json()
    assert route["worker_id"] == str(worker.id)
    page = client.get(f"{API}/orders?cut_list_id={created['id']}", headers=manager).get_json()
    assert page["total"] == 2 and {o["status"] for o in page["items"]} == {"assigned"}
    board = client.get(f"{API}/board", headers=auth_headers("director")).get_json()
    assert board["workers"] == [{"worker_id": str(worker.id), "pending": 2, "executed": 0,
                                 "not_executed": {}, "cancelled": 0,
                                 "executed_after_cancellation": 0}]
    # The route's detail names each stop's order: action and status.
    detail = client.get(f"/api/v1/fieldwork/routes/{route['id']}", headers=manager).get_json()
    assert {(st["action"], st["order_status"]) for st in detail["stops"]} == {
        ("restrict", "assigned"), ("disconnect", "assigned")}
    assert all(st["folio"].startswith(("OL-", "OC-")) for st in detail["stops"])
    # The route sheet prints the cutter's orders.
    sheet = client.get(f"/api/v1/fieldwork/routes/{route['id']}/sheet.pdf", headers=manager)
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")


def test_bad_input_gets_spanish_errors(client, auth_headers):
    manager = auth_headers("manager")
    for body in ({"rules": {"min_months_past_due": "tres"}},
                 {"rules": {"non_domestic_action": "demoler"}},
                 {"rules": {"min_debt": "100", "max_debt": "5"}}):
        resp = client.post(f"{API}/cut-lists/preview", headers=manager, json=body)
        assert resp.status_code == 422 and resp.get_json()["message"]
    resp = client.post(f"{API}/cut-lists", headers=manager,
                       json={"name": "Vacía", "rules": {"min_months_past_due": 500}})
    assert resp.status_code == 422 and "ajuste" in resp.get_json()["message"]
    resp = client.post(f"{API}/routes", headers=manager, json={
        "work_date": TODAY.isoformat(), "worker_ids": [str(uuid.uuid4())]})
    assert resp.status_code == 422  # neither a list nor actions
    resp = client.post(f"{API}/orders/{uuid.uuid4()}/cancel", headers=manager,
                       json={"reason": "error de captura"})
    assert resp.status_code == 404 and "orden" in resp.get_json()["message"]
    # A clerk previews but does not create lists.
    clerk = auth_headers("clerk")
    assert client.post(f"{API}/cut-lists/preview", headers=clerk,
                       json={"rules": {}}).status_code == 200
    assert client.post(f"{API}/cut-lists", headers=clerk,
                       json={"name": "No", "rules": {}}).status_code == 403


def test_the_printed_list_and_the_excel_export(client, auth_headers, cut_day):
    headers = auth_headers("clerk")
    cut_list = cut_day["cut_list"]
    pdf = client.get(f"{API}/cut-lists/{cut_list.id}/sheet.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get(f"{API}/cut-lists/{cut_list.id}/export.xlsx", headers=headers)
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Folio", "Cuenta", "Titular"] and "Adeudo" in header
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    money = header.index("Adeudo")
    assert all(isinstance(r[money], (int, float, Decimal)) and r[money] > 0 for r in rows)
    assert sum(Decimal(str(r[money])) for r in rows) == cut_list.total_debt
    assert {r[header.index("Acción")] for r in rows} == {"Limitación (reductor)",
                                                        "Corte (suspensión)"}


def test_cancel_and_acknowledge(client, auth_headers, cut_day, pushes):
    manager = auth_headers("manager")
    (order,) = orders_of(cut_day["homes"][0].id)
    resp = client.post(f"{API}/orders/{order.id}/cancel", headers=manager,
                       json={"reason": "Domicilio con persona enferma"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "cancelled"
    assert pushes and pushes[-1][1]["t"] == "disconnection.cancelled"
    again = client.post(f"{API}/orders/{order.id}/cancel", headers=manager,
                        json={"reason": "otra vez"})
    assert again.status_code == 409 and again.get_json()["message"]


def test_a_payment_reaches_the_cutters_next_pull_and_her_report_goes_through_push(
        app, client, cut_day, pushes):
    worker, home = cut_day["cutter"], cut_day["homes"][0]
    d = Device(client, app, worker.id, roles=["cutter"])
    assert d.register().status_code == 200
    first = d.pull()
    orders = {op["id"]: op for op in ops(first, "order")}
    stops = [op for op in ops(first, "stop") if op["d"]["kind"] == "order"]
    assert len(orders) == 3 and len(stops) == 3
    (order,) = orders_of(home.id)
    assert orders[str(order.id)]["d"]["status"] == "assigned"
    held_rv = orders[str(order.id)]["rv"]
    record_payment(actor_id=None, account_ref=home.id, amount=Decimal("50.00"))
    later = d.pull()
    (changed,) = [op for op in ops(later, "order") if op["id"] == str(order.id)]
    assert changed["rv"] > held_rv and changed["d"]["status"] == "cancelled"
    assert changed["d"]["cancel_reason"] == "payment"
    (stop,) = [op for op in ops(later, "stop") if op["d"]["order_id"] == str(order.id)]
    assert stop["d"]["status"] == "cancelled"
    # The phone had not pulled yet and cut anyway: sent with the older base_rv.
    stop_id = db.session.execute(sa.select(Stop.id).where(Stop.order_id == order.id)).scalar()
    m = d.mutation("order.execute", {
        "id": str(uuid.uuid4()), "order_id": str(order.id), "stop_id": str(stop_id),
        "outcome": "executed", "seal_number": "S-77", "started_at": utcnow().isoformat(),
        "photos_before": [], "photos_after": []}, base_rv=held_rv)
    resp = d.push([m])
    assert resp.status_code == 200, resp.get_json()
    (result,) = resp.get_json()["results"]
    assert result["status"] == "flagged" and "CROSSED_IN_FLIGHT" in result["flags"]
    status = db.session.execute(sa.select(DisconnectionOrder.status).where(
        DisconnectionOrder.id == order.id)).scalar()
    assert status == "executed_after_cancellation"
    # Replaying the batch changes nothing.
    again = d.push([m]).get_json()["results"]
    assert again[0]["status"] == "duplicate"
    assert len([o for o in orders_of(home.id) if o.action == "reconnect"]) == 1
