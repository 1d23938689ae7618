"""Asking accounts: a form attached to routes (every stop or a stable sample, never twice)
reaches the route's worker as `survey_request` rows with the stops' accounts; an approved
discount asks the social worker who registered it; answering marks the request."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.common.clock import local_today
from server.db import transaction
from server.discounts.models import DiscountApplication, DiscountProgram
from server.extensions import db
from server.fieldwork.models import Route, Stop
from server.fieldwork.scoping import refresh_worker_scope
from server.surveys.models import SurveyRequest
from tests import factories
from tests.surveys.conftest import API, push_one, submit_args
from tests.sync.conftest import ops


def _route(worker_id, n_stops: int, name="Ruta Centro"):
    accounts = [factories.account() for _ in range(n_stops)]
    with transaction():
        route = Route(name=name, worker_id=worker_id, work_date=local_today())
        db.session.add(route)
        db.session.flush()
        for i, acc in enumerate(accounts, start=1):
            db.session.add(Stop(route_id=route.id, position=i, kind="notice",
                                account_id=acc.id))
        db.session.flush()
        refresh_worker_scope(db.session, [worker_id])
    return route, accounts


def test_every_stop_of_a_route_is_asked_once_and_the_worker_pulls_the_requests(
        client, manager, field_device, published_form):
    form = published_form()
    d = field_device("notifier")
    route, accounts = _route(d.user_id, 4)
    # A stop already done is not asked.
    done = db.session.execute(sa.select(Stop).where(Stop.route_id == route.id,
                                                    Stop.position == 4)).scalar_one()
    with transaction():
        done.status = "done"
    url = f"{API}/forms/{form['form_key']}/assign"
    resp = client.post(url, headers=manager, json={"route_ids": [str(route.id)],
                                                   "mode": "every"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json() == {"requests_created": 3, "stops_considered": 3,
                               "stops_chosen": 3}
    pages = d.pull()
    rows = [op["d"] for op in ops(pages, "survey_request")]
    assert len(rows) == 3
    assert {r["account_id"] for r in rows} == {str(a.id) for a in accounts[:3]}
    assert {r["account_id"] for r in rows} <= {op["id"] for op in ops(pages, "account")}
    row = rows[0]
    assert set(row) >= {"id", "form_key", "account_id", "stop_id", "reason", "status",
                        "created_at"}
    assert (row["form_key"], row["reason"], row["status"]) == (
        form["form_key"], "route", "open")
    assert row["account_number"].startswith("T") and row["holder_name"]
    # Again: nothing new (idempotent), and another worker sees none of it.
    again = client.post(url, headers=manager, json={"route_ids": [str(route.id)]}).get_json()
    assert again["requests_created"] == 0
    assert ops(field_device("notifier").pull(), "survey_request") == []
    # Answering one marks it answered on the phone.
    result = push_one(d, submit_args(form["id"], {"atendido": False}, trigger="route",
                                     request_id=row["id"], stop_id=row["stop_id"]))
    assert result["status"] == "applied", result
    (changed,) = [op["d"] for op in ops(d.pull(), "survey_request")]
    assert (changed["id"], changed["status"]) == (row["id"], "answered")
    listing = client.get(f"{API}/requests?form_key={form['form_key']}&status=answered",
                         headers=manager).get_json()
    assert listing["total"] == 1 and listing["items"][0]["worker_name"].startswith("Prueba")


def test_a_sample_is_stable_and_never_asks_a_stop_twice(client, manager, field_device,
                                                         published_form):
    form = published_form()
    d = field_device("cutter")
    route, _ = _route(d.user_id, 40)
    url = f"{API}/forms/{form['form_key']}/assign"
    body = {"route_ids": [str(route.id)], "mode": "sample", "sample_percent": 30}
    first = client.post(url, headers=manager, json=body).get_json()
    assert first["stops_considered"] == 40 and 0 < first["requests_created"] < 40
    assert first["stops_chosen"] == first["requests_created"]
    asked = set(db.session.execute(sa.select(SurveyRequest.stop_id)).scalars())
    again = client.post(url, headers=manager, json=body).get_json()
    assert (again["stops_chosen"], again["requests_created"]) == (first["stops_chosen"], 0)
    # A bigger sample keeps the first one and adds to it.
    bigger = client.post(url, headers=manager, json={**body, "sample_percent": 60}).get_json()
    assert bigger["stops_chosen"] > first["stops_chosen"]
    assert bigger["requests_created"] == bigger["stops_chosen"] - first["stops_chosen"]
    assert asked <= set(db.session.execute(sa.select(SurveyRequest.stop_id)).scalars())
    assert len(ops(d.pull(), "survey_request")) == bigger["stops_chosen"]


def test_assigning_needs_a_published_form_and_real_routes(client, manager, field_device,
                                                          published_form):
    d = field_device("notifier")
    route, _ = _route(d.user_id, 1)
    draft = client.post(f"{API}/forms", headers=manager, json={
        "title": "Sin publicar", "questions": [{"id": "a", "kind": "yes_no",
                                                "label": "¿A?"}]}).get_json()
    resp = client.post(f"{API}/forms/{draft['form_key']}/assign", headers=manager,
                       json={"route_ids": [str(route.id)]})
    assert resp.status_code == 409
    assert resp.get_json()["message"] == "La encuesta «Sin publicar» no tiene una versión publicada."
    form = published_form()
    missing = uuid.uuid4()
    resp = client.post(f"{API}/forms/{form['form_key']}/assign", headers=manager,
                       json={"route_ids": [str(missing)]})
    assert resp.status_code == 404 and resp.get_json()["message"] == f"No existe la ruta {missing}."
    resp = client.post(f"{API}/forms/{form['form_key']}/assign", headers=manager,
                       json={"route_ids": [], "mode": "todos", "sample_percent": 0})
    assert resp.status_code == 422
    assert set(resp.get_json()["errors"]) == {"route_ids", "mode", "sample_percent"}


def _program():
    program = db.session.execute(sa.select(DiscountProgram)).scalars().first()
    if program is None:
        from server.discounts.defaults import DEFAULT_PROGRAM_NAME, DEFAULT_PROGRAM_RULES

        program = DiscountProgram(name=DEFAULT_PROGRAM_NAME, rules=DEFAULT_PROGRAM_RULES)
        db.session.add(program)
        db.session.flush()
    return program


def test_an_approved_discount_asks_the_social_worker_who_registered_it(
        client, manager, field_device, published_form):
    asked = published_form(triggers={"standalone": False, "events": ["discount_approved"]})
    published_form()  # a form not asked after discounts
    d = field_device("social_worker")
    d.pull()
    acc = factories.account()
    application = DiscountApplication(
        id=uuid.uuid4(), program_id=_program().id, account_id=acc.id,
        beneficiary_type="pensioner", beneficiary_name="Martha Pérez López",
        curp="PELM580314MSRRPT01", record={}, problems=[], status="submitted",
        worker_id=d.user_id, args_hash="0" * 64)
    db.session.add(application)
    db.session.flush()
    resp = client.post(f"/api/v1/discounts/applications/{application.id}/decide",
                       headers=manager, json={"decision": "approve"})
    assert resp.status_code == 200, resp.get_json()
    (row,) = [op["d"] for op in ops(d.pull(), "survey_request")]
    assert (row["form_key"], row["account_id"], row["reason"], row["stop_id"]) == (
        asked["form_key"], str(acc.id), "discount_approved", None)
    assert row["account_number"] == acc.account_number
    result = push_one(d, submit_args(asked["id"], {"atendido": True, "satisfaccion": 5},
                                     trigger="discount_approved", request_id=row["id"]))
    assert result["status"] == "applied"
    stored = db.session.get(SurveyRequest, uuid.UUID(row["id"]))
    assert stored.status == "answered"
