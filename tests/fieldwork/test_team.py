"""The team's day for the office: per field worker assigned / done / pending and last sync,
the drill to her stops, and reassigning pending stops to another worker (audited), which
moves them from one phone to the other at the next pull."""
import uuid

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.auth.service import create_user
from server.common.clock import utcnow
from server.fieldwork import service
from server.fieldwork.models import Route, Stop
from tests.fieldwork.conftest import TODAY
from tests.fieldwork.test_sync_round_trip import Phone

API = "/api/v1/fieldwork"


def _day(db_session, town, rosa):
    (route,) = service.plan_routes(actor_id=None, campaign_id=town["campaign"].id,
                                   work_date=TODAY, worker_ids=[rosa.id])
    stops = db_session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                               .order_by(Stop.position)).scalars().all()
    stops[0].status, stops[0].done_at = "done", utcnow()
    db_session.flush()
    service.cancel_stop(actor_id=None, stop_id=stops[1].id, reason="Pagó en ventanilla")
    return route, stops


def test_the_team_day_counts_each_workers_stops_and_shows_her_last_sync(
        app, client, town, notifiers, auth_headers, db_session):
    rosa, beto = notifiers
    cutter = create_user(username="cortador1", full_name="Carlos Corte",
                         password="secreto-123", roles=["cutter"])
    _day(db_session, town, rosa)
    phone = Phone(app, client, rosa)
    phone.pull()
    db_session.commit()
    body = client.get(f"{API}/team?date={TODAY.isoformat()}",
                      headers=auth_headers("director")).get_json()
    rows = {r["worker_id"]: r for r in body["items"]}
    assert set(rows) == {str(rosa.id), str(beto.id), str(cutter.id)}  # office staff absent
    # Independent count over the raw stops of the day.
    raw = db_session.execute(sa.select(Stop.status).join(Route, Route.id == Stop.route_id)
                             .where(Route.worker_id == rosa.id,
                                    Route.work_date == TODAY)).scalars().all()
    r = rows[str(rosa.id)]
    assert (r["done"], r["pending"], r["cancelled"]) == (
        raw.count("done"), raw.count("pending"), raw.count("cancelled")) == (1, 6, 1)
    assert r["assigned"] == 7 and r["routes"] == 1 and r["roles"] == ["notifier"]
    assert r["last_sync_at"] is not None and r["last_done_at"] is not None
    assert rows[str(beto.id)]["assigned"] == 0 and rows[str(beto.id)]["last_sync_at"] is None
    assert rows[str(cutter.id)]["roles"] == ["cutter"]
    assert body["totals"] == {"assigned": 7, "done": 1, "pending": 6, "cancelled": 1}
    drill = client.get(f"{API}/team/{rosa.id}?date={TODAY.isoformat()}",
                       headers=auth_headers("clerk")).get_json()
    assert len(drill["stops"]) == 8 and drill["stops"][0]["route_name"].endswith("R01")
    assert [s["status"] for s in drill["stops"][:2]] == ["done", "cancelled"]


def test_reassigning_moves_pending_stops_between_phones_and_is_audited(
        app, client, town, notifiers, auth_headers, db_session):
    rosa, beto = notifiers
    route, stops = _day(db_session, town, rosa)
    rosa_phone, beto_phone = Phone(app, client, rosa), Phone(app, client, beto)
    rosa_phone.pull()
    beto_phone.pull()
    db_session.commit()
    moving = [str(stops[2].id), str(stops[3].id)]
    resp = client.post(f"{API}/stops/reassign", headers=auth_headers("clerk"), json={
        "stop_ids": moving, "worker_id": str(beto.id), "reason": "Rosa salió enferma"})
    assert resp.status_code == 200, resp.get_json()
    out = resp.get_json()
    assert out["moved"] == 2 and {s["id"] for s in out["stops"]} == set(moving)
    assert {s["route_name"] for s in out["stops"]} == {f"{route.name} · {beto.username}"}
    gone = {(op["t"], op["id"]): op for op in rosa_phone.pull()}
    for sid in moving:
        assert gone[("stop", sid)]["op"] == "del" and gone[("stop", sid)]["why"] == "left_scope"
    arrived = {(op["t"], op["id"]): op for op in beto_phone.pull()}
    for sid in moving:
        assert arrived[("stop", sid)]["op"] == "put"
        assert arrived[("stop", sid)]["d"]["status"] == "pending"
    events = db_session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "reassigned", AuditEvent.entity_id.in_(moving))).scalars().all()
    assert len(events) == 2 and {e.reason for e in events} == {"Rosa salió enferma"}
    assert events[0].changes["worker_id"] == [str(rosa.id), str(beto.id)]
    # A later move of the same list reuses her route instead of making another.
    client.post(f"{API}/stops/reassign", headers=auth_headers("manager"), json={
        "stop_ids": [str(stops[4].id)], "worker_id": str(beto.id), "reason": "Apoyo"})
    assert db_session.execute(sa.select(sa.func.count()).select_from(Route).where(
        Route.worker_id == beto.id)).scalar() == 1
    day = client.get(f"{API}/team", headers=auth_headers("manager")).get_json()
    rows = {r["worker_id"]: r for r in day["items"]}
    assert rows[str(beto.id)]["pending"] == 3 and rows[str(rosa.id)]["pending"] == 3


def test_only_pending_stops_move_and_only_to_an_active_worker_of_the_right_role(
        client, town, notifiers, auth_headers, db_session):
    rosa, beto = notifiers
    _, stops = _day(db_session, town, rosa)
    cutter = create_user(username="cortador2", full_name="Carlos Corte",
                         password="secreto-123", roles=["cutter"])
    db_session.commit()
    manager = auth_headers("manager")

    def move(ids, worker, reason="Cambio de zona"):
        return client.post(f"{API}/stops/reassign", headers=manager, json={
            "stop_ids": [str(i) for i in ids], "worker_id": str(worker), "reason": reason})

    done = move([stops[2].id, stops[0].id], beto.id)
    assert done.status_code == 409 and "ya está realizada" in done.get_json()["message"]
    assert db_session.get(Stop, stops[2].id).route_id == stops[0].route_id  # all or nothing
    wrong_role = move([stops[2].id], cutter.id)
    assert wrong_role.status_code == 422
    assert wrong_role.get_json()["error_code"] == "WORKER_NOT_NOTIFIER"
    assert "notificador" in wrong_role.get_json()["message"]
    same = move([stops[2].id], rosa.id)
    assert same.get_json()["error_code"] == "STOPS_ALREADY_WITH_WORKER"
    beto.active = False
    db_session.commit()
    assert move([stops[2].id], beto.id).get_json()["error_code"] == "WORKER_NOT_NOTIFIER"
    unknown = move([uuid.uuid4()], rosa.id)
    assert unknown.status_code == 404 and "No existe la parada" in unknown.get_json()["message"]
    empty = client.post(f"{API}/stops/reassign", headers=manager,
                        json={"stop_ids": [], "worker_id": str(rosa.id), "reason": "x"})
    assert empty.status_code == 422
    errors = empty.get_json()["errors"]
    assert "paradas" in errors["stop_ids"][0] and "reason" in errors
    assert client.post(f"{API}/stops/reassign", headers=auth_headers("director"), json={
        "stop_ids": [str(stops[2].id)], "worker_id": str(beto.id),
        "reason": "Apoyo"}).status_code == 403


def test_bad_dates_get_a_spanish_error(client, auth_headers):
    resp = client.get(f"{API}/team?date=ayer", headers=auth_headers("manager"))
    assert resp.status_code == 422 and resp.get_json()["message"]
    assert client.get(f"{API}/team/{uuid.uuid4()}",
                      headers=auth_headers("manager")).status_code == 404
