"""Office API of field work: plan, list with progress, detail, assign, reassign, cancel,
progress per notifier, visits with evidence."""
import uuid
from datetime import datetime, time, timezone

import pytest

from server.fieldwork.mutations import record_visit_v2
from tests.fieldwork.conftest import TODAY, active

SHA = "ef" * 32


@pytest.fixture()
def manager(auth_headers):
    return auth_headers("manager")


def _plan(client, headers, town, workers, **extra):
    return client.post("/api/v1/fieldwork/routes/plan", headers=headers, json={
        "campaign_id": str(town["campaign"].id), "work_date": TODAY.isoformat(),
        "worker_ids": [str(w.id) for w in workers], **extra})


def test_planning_through_the_api_answers_the_routes(client, manager, town, notifiers):
    resp = _plan(client, manager, town, notifiers, max_stops_per_route=3)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert [r["progress"]["pending"] for r in body["routes"]] == [3, 3]
    assert body["unplanned_notices"] == 2
    assert {r["worker_name"] for r in body["routes"]} == {w.full_name for w in notifiers}


def test_planning_refuses_bad_input_and_clerks_cannot_be_workers(client, manager, town,
                                                                 make_user):
    bad = client.post("/api/v1/fieldwork/routes/plan", headers=manager, json={
        "campaign_id": "x", "work_date": "mañana", "worker_ids": [], "group_by": "calle"})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) >= {"campaign_id", "work_date", "worker_ids",
                                             "group_by"}
    clerk = make_user("clerk")
    resp = _plan(client, manager, town, [clerk])
    assert resp.status_code == 422 and resp.get_json()["error_code"] == "WORKER_NOT_NOTIFIER"


def test_routes_list_detail_and_the_day_progress(client, auth_headers, manager, town,
                                                 notifiers, ctx_for):
    routes = _plan(client, manager, town, notifiers).get_json()["routes"]
    director = auth_headers("director")
    listed = client.get(f"/api/v1/fieldwork/routes?work_date={TODAY}&worker_id="
                        f"{notifiers[0].id}", headers=director).get_json()
    assert listed["total"] == 1
    route_id = listed["items"][0]["id"]
    detail = client.get(f"/api/v1/fieldwork/routes/{route_id}", headers=director).get_json()
    stops = detail["stops"]
    assert [s["position"] for s in stops] == list(range(1, len(stops) + 1))
    assert stops[0]["folio"].startswith("AV-") and stops[0]["debt_amount"] == "870.00"
    first = stops[0]
    record_visit_v2(ctx_for(notifiers[0]), {
        "id": str(uuid.uuid4()), "stop_id": first["id"], "notice_id": first["notice_id"],
        "outcome": "citatorio_left", "address_verification": ["facade"],
        "citatorio": {"date": TODAY.isoformat(), "time": "12:00"},
        "started_at": datetime.combine(TODAY, time(17), tzinfo=timezone.utc).isoformat()})
    day = client.get(f"/api/v1/fieldwork/progress?campaign_id={town['campaign'].id}",
                     headers=director).get_json()
    assert day["totals"]["citatorio"] == 1 and day["totals"]["total"] == 8
    assert day["totals"]["pending"] == 7
    rosa = next(w for w in day["by_worker"] if w["worker_id"] == str(notifiers[0].id))
    assert rosa["progress"]["citatorio"] == 1 and rosa["routes"] == 1
    assert len(day["routes"]) == len(routes)


def test_assign_reassign_and_cancel_through_the_api(client, manager, town, notifiers,
                                                    db_session):
    rosa, beto = notifiers
    routes = _plan(client, manager, town, notifiers).get_json()["routes"]
    rosa_route = next(r for r in routes if r["worker_id"] == str(rosa.id))
    beto_route = next(r for r in routes if r["worker_id"] == str(beto.id))
    stop = client.get(f"/api/v1/fieldwork/routes/{rosa_route['id']}", headers=manager
                      ).get_json()["stops"][0]
    moved = client.post(f"/api/v1/fieldwork/stops/{stop['id']}/reassign", headers=manager,
                        json={"route_id": beto_route["id"]})
    assert moved.status_code == 200 and moved.get_json()["route_id"] == beto_route["id"]
    assert uuid.UUID(stop["id"]) in active(db_session, beto.id, "stop")
    cancelled = client.post(f"/api/v1/fieldwork/stops/{stop['id']}/cancel", headers=manager,
                            json={"reason": "Pagó en ventanilla"})
    assert cancelled.get_json()["status"] == "cancelled"
    again = client.post(f"/api/v1/fieldwork/stops/{stop['id']}/cancel", headers=manager,
                        json={"reason": "Otra vez"})
    assert again.status_code == 409 and "cancelada" in again.get_json()["message"]
    given = client.post(f"/api/v1/fieldwork/routes/{rosa_route['id']}/assign",
                        headers=manager, json={"worker_id": str(beto.id)})
    assert given.status_code == 200 and given.get_json()["worker_id"] == str(beto.id)
    assert active(db_session, rosa.id, "route") == set()


def test_visits_show_gps_distance_flags_and_evidence(client, auth_headers, manager, town,
                                                     notifiers, ctx_for):
    routes = _plan(client, manager, town, notifiers[:1]).get_json()["routes"]
    stop = client.get(f"/api/v1/fieldwork/routes/{routes[0]['id']}", headers=manager
                      ).get_json()["stops"][0]
    record_visit_v2(ctx_for(notifiers[0]), {
        "id": str(uuid.uuid4()), "stop_id": stop["id"], "notice_id": stop["notice_id"],
        "outcome": "delivered_holder", "address_verification": ["house_number"],
        "started_at": datetime.combine(TODAY, time(17), tzinfo=timezone.utc).isoformat(),
        "gps": {"lat": stop["latitude"] + 0.01, "lon": stop["longitude"], "accuracy_m": 5},
        "photos": [SHA], "signature": None})
    page = client.get(f"/api/v1/fieldwork/visits?route_id={routes[0]['id']}&flagged=true",
                      headers=auth_headers("clerk")).get_json()
    (visit,) = page["items"]
    assert visit["flags"] == ["FAR_FROM_PREMISES"] and visit["distance_m"] > 1000
    assert visit["photos"] == [{"sha256": SHA, "url": f"/api/sync/v1/blobs/{SHA}"}]
    assert visit["evidence_pending"] is True and visit["gps"]["accuracy_m"] == 5
    assert visit["folio"] == stop["folio"] and visit["record"]["version"] == 2
    none = client.get("/api/v1/fieldwork/visits?flagged=false", headers=manager).get_json()
    assert none["total"] == 0


def test_notifiers_do_not_reach_office_endpoints(client, auth_headers):
    notifier = auth_headers("notifier")
    for url in ("/api/v1/fieldwork/routes", "/api/v1/fieldwork/progress",
                "/api/v1/fieldwork/visits"):
        assert client.get(url, headers=notifier).status_code == 403
