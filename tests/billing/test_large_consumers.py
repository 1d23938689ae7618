"""Large consumers and the authorization of a billing period: the manager sees each large
consumer against its average, validates, explains or sends an inspection; the period is
authorized only when none deviating is left pending, and every step is audited."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.common.clock import local_today
from server.common.settings import set_setting
from server.extensions import db
from server.fieldwork.models import Route, Stop
from server.ledger.models import Charge
from tests import factories
from tests.billing.helpers import API, P, metered, PERIOD, town

LIST = f"{API}/periods/{P}/large-consumers"


def review(client, headers, acc, **body):
    return client.post(f"{LIST}/{acc.id}/review", headers=headers, json=body)


def listed(client, headers, **query) -> dict:
    resp = client.get(LIST, headers=headers, query_string=query)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_the_list_shows_each_large_consumer_against_its_six_month_average(
        client, auth_headers, db_session):
    t = town()
    data = listed(client, auth_headers("clerk"))
    rows = {r["account_number"]: r for r in data["items"]}
    assert t["home"].account_number not in rows  # domestic, never by volume
    jump, steady = rows[t["jump"].account_number], rows[t["steady"].account_number]
    flagged = rows[t["flagged"].account_number]
    assert (jump["consumption_m3"], jump["average_m3"], jump["history_months"]) == (
        200, "100.00", 6)
    assert (jump["deviation"], jump["deviation_status"], jump["pending"]) == (
        "1.0000", "above", True)
    assert (steady["deviation_status"], steady["needs_validation"], steady["pending"]) == (
        "within", False, False)
    assert (flagged["reason"], flagged["deviation_status"]) == ("flagged", "within")
    assert data["items"][0]["account_number"] == t["jump"].account_number  # pending first
    assert data["summary"] == {"total": 3, "needs_validation": 1, "pending": 1,
                               "inspections_sent": 0}
    assert data["period"]["status"] == "draft"
    only = listed(client, auth_headers("director"), only="pending")
    assert [r["account_number"] for r in only["items"]] == [t["jump"].account_number]


def test_the_threshold_and_band_come_from_the_settings(client, auth_headers, db_session):
    t = town()
    set_setting("large_consumer", {"threshold_m3": 150, "deviation_pct": "0.05",
                                   "average_months": 3})
    rows = {r["account_number"]: r for r in listed(client, auth_headers("manager"))["items"]}
    assert t["steady"].account_number not in rows  # 110 m³, average 100: under 150 now
    assert rows[t["jump"].account_number]["history_months"] == 3
    set_setting("large_consumer", {"threshold_m3": 40, "deviation_pct": "0.05",
                                   "average_months": 6})
    rows = {r["account_number"]: r for r in listed(client, auth_headers("manager"))["items"]}
    assert rows[t["steady"].account_number]["deviation_status"] == "above"  # +10 % > 5 %


def test_a_new_large_consumer_without_history_must_be_looked_at(client, auth_headers,
                                                                  db_session):
    newcomer = factories.account(property_class="commercial", holder="Lavandería Nueva")
    metered(newcomer, PERIOD, 90)
    (row,) = listed(client, auth_headers("manager"))["items"]
    assert (row["average_m3"], row["history_months"], row["deviation_status"],
            row["pending"]) == (None, 0, "no_history", True)


def test_authorization_is_refused_while_a_deviating_consumer_is_unvalidated(
        client, auth_headers, db_session):
    t = town()
    db.session.commit()
    manager = auth_headers("manager")
    resp = client.post(f"{API}/periods/{P}/authorize", headers=manager, json={})
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error_code"] == "BILLING_PERIOD_PENDING"
    assert "faltan 1 grandes consumidores" in body["message"]
    assert t["jump"].account_number in body["message"]

    resp = review(client, manager, t["jump"], action="validated")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["pending"] is False
    resp = client.post(f"{API}/periods/{P}/authorize", headers=manager,
                       json={"note": "Revisado con el área comercial."})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["status"] == "authorized"
    events = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_type.in_(("billing_period", "large_consumer_review")))
        .order_by(AuditEvent.id)).scalars().all()
    assert [(e.entity_type, e.action) for e in events] == [
        ("large_consumer_review", "validated"), ("billing_period", "authorized")]
    assert events[1].entity_id == P and events[1].reason == "Revisado con el área comercial."
    assert events[1].changes["pending"] == 0
    periods = client.get(f"{API}/periods", headers=auth_headers("director")).get_json()
    assert periods["items"][0] == {**periods["items"][0], "period": P, "status": "authorized"}
    # authorized: decisions are frozen, and it cannot be authorized twice
    assert review(client, manager, t["jump"], action="validated").status_code == 409
    assert client.post(f"{API}/periods/{P}/authorize", headers=manager,
                       json={}).status_code == 409


def test_an_explanation_needs_its_text_and_then_settles_the_case(client, auth_headers,
                                                                   db_session):
    t = town()
    db.session.commit()
    manager = auth_headers("manager")
    resp = review(client, manager, t["jump"], action="explained", note="  ")
    assert resp.status_code == 422
    assert resp.get_json()["error_code"] == "LARGE_CONSUMER_NOTE_REQUIRED"
    resp = review(client, manager, t["jump"], action="explained",
                  note="Temporada alta: el hotel estuvo lleno.")
    assert resp.status_code == 200
    assert resp.get_json()["review"]["note"] == "Temporada alta: el hotel estuvo lleno."
    assert client.post(f"{API}/periods/{P}/authorize", headers=manager,
                       json={}).status_code == 200


def test_an_inspection_goes_to_a_notifier_and_keeps_the_case_pending(client, auth_headers,
                                                                       db_session):
    t = town()
    worker = factories.notifier()
    db.session.commit()
    manager = auth_headers("manager")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    resp = review(client, manager, t["jump"], action="inspection_sent")
    assert resp.status_code == 422  # who and when
    resp = review(client, manager, t["jump"], action="inspection_sent",
                  worker_id=str(worker.id), work_date=tomorrow)
    assert resp.status_code == 200, resp.get_json()
    row = resp.get_json()
    assert row["pending"] is True and row["review"]["stop_status"] == "pending"
    stop = db.session.get(Stop, __import__("uuid").UUID(row["review"]["stop_id"]))
    route = db.session.get(Route, stop.route_id)
    assert (stop.kind, stop.account_id, route.worker_id, route.name[:4]) == (
        "inspection", t["jump"].id, worker.id, "INSP")
    again = review(client, manager, t["jump"], action="inspection_sent",
                   worker_id=str(worker.id), work_date=tomorrow)
    assert again.status_code == 409
    assert client.post(f"{API}/periods/{P}/authorize", headers=manager,
                       json={}).status_code == 409
    resp = review(client, manager, t["jump"], action="explained",
                  note="La inspección encontró una fuga interna; se reparó.")
    assert resp.status_code == 200 and resp.get_json()["review"]["stop_id"] == str(stop.id)
    assert client.post(f"{API}/periods/{P}/authorize", headers=manager,
                       json={}).status_code == 200


def test_a_validation_does_not_hold_once_the_consumption_changes(client, auth_headers,
                                                                  db_session):
    t = town()
    db.session.commit()
    manager = auth_headers("manager")
    assert review(client, manager, t["jump"], action="validated").status_code == 200
    # the commercial system corrects the reading: the month is re-imported with 240 m³
    db.session.execute(sa.update(Charge).where(
        Charge.account_id == t["jump"].id, Charge.period == PERIOD,
        Charge.service == "water").values(consumption_m3=240))
    db.session.commit()
    (row,) = [r for r in listed(client, manager)["items"]
              if r["account_number"] == t["jump"].account_number]
    assert (row["consumption_m3"], row["pending"]) == (240, True)


def test_the_manager_flags_and_files_a_large_consumer_by_hand(client, auth_headers,
                                                                db_session):
    acc = factories.account(property_class="public_services", holder="Hospital General")
    db.session.commit()
    url = f"{API}/accounts/{acc.account_number}/large-consumer"
    resp = client.put(url, headers=auth_headers("manager"), json={
        "flagged": True, "category": "institution", "reason": "Hospital de 60 camas."})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["category"] == "institution"
    assert acc.is_large_consumer is True
    again = client.put(url, headers=auth_headers("manager"), json={
        "flagged": True, "category": "institution", "reason": "Otra vez."})
    assert again.status_code == 422
    assert client.put(url, headers=auth_headers("clerk"), json={
        "flagged": False, "reason": "No."}).status_code == 403
    bad = client.put(url, headers=auth_headers("manager"), json={
        "flagged": True, "category": "casino", "reason": "Giro nuevo."})
    assert bad.status_code == 422 and "category" in bad.get_json()["errors"]
    actions = db.session.execute(sa.select(AuditEvent.action).where(
        AuditEvent.entity_id == str(acc.id))).scalars().all()
    assert "large_consumer_category" in actions and "update" in actions


def test_bad_periods_and_unbilled_months_answer_in_spanish(client, auth_headers, db_session):
    t = town()
    db.session.commit()
    h = auth_headers("manager")
    for bad in ("2026-13", "ayer", "2026-02-30"):
        resp = client.get(f"{API}/periods/{bad}/comparison", headers=h)
        assert resp.status_code == 422 and resp.get_json()["error_code"] == \
            "BILLING_PERIOD_INVALID"
    assert client.post(f"{API}/periods/1999-01/authorize", headers=h,
                       json={}).status_code == 404
    resp = client.post(f"{API}/periods/1999-01/large-consumers/{t['jump'].id}/review",
                       headers=h, json={"action": "validated"})
    assert resp.status_code == 404
    resp = review(client, h, t["home"], action="validated")
    assert resp.status_code == 404 and resp.get_json()["error_code"] == \
        "LARGE_CONSUMER_NOT_LISTED"
    assert review(client, h, t["jump"], action="approve").status_code == 422
    assert client.get(LIST, headers=h, query_string={"only": "x"}).status_code == 422
    assert client.post(f"{API}/periods/{P}/authorize", headers=auth_headers("director"),
                       json={}).status_code == 403


def test_a_flagged_fixed_fee_account_has_nothing_to_validate(client, auth_headers, db_session):
    school = factories.account(property_class="public_services", holder="Escuela Secundaria",
                               is_large_consumer=True)
    factories.bill(school, PERIOD)  # cuota fija: no reading
    (row,) = listed(client, auth_headers("manager"))["items"]
    assert (row["deviation_status"], row["needs_validation"], row["pending"]) == (
        "not_metered", False, False)
