"""Registration visits: the office sends a social worker to the home of a customer who asked
for the discount at the counter. The accounts become stops of kind `discount_visit` on one
route of hers for the day, in walking order; her phone pulls the stops and the accounts
(she could not register anyone outside her routes otherwise); the application she captures
there completes the stop. Unknown accounts, a past day, someone who is not an active social
worker are refused in Spanish; an account already waiting for a visit is skipped."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from server.db import transaction
from server.discounts import service
from server.errors import DomainError
from server.extensions import db
from server.fieldwork.models import Route, Stop
from server.fieldwork.pdf import route_sheet_html, route_sheet_pdf
from server.fieldwork.service import cancel_stop
from server.registry.models import Account, Premises
from tests import factories
from tests.discounts.helpers import API, TODAY, apply_args, program, social_worker_device
from tests.sync.conftest import ops

VISITS = f"{API}/visits"


def visit_stops(account_id=None) -> list[Stop]:
    where = [Stop.kind == "discount_visit"]
    if account_id is not None:
        where.append(Stop.account_id == account_id)
    return list(db.session.execute(sa.select(Stop).where(*where).order_by(
        Stop.created_at, Stop.position)).scalars())


@pytest.fixture()
def street(db_session):
    """Three accounts along one street of Centro (west to east) and one in another colonia."""
    centro = factories.neighborhood("Centro", "83600")
    ortiz = factories.neighborhood("Ortiz", "83601")
    accounts = []
    for i, lon in enumerate((-112.150, -112.160, -112.155)):
        acc = factories.account(hood=centro, street="Calle Obregón", exterior=str(10 + i),
                                holder=f"Titular {i}")
        premises = db.session.get(Premises, acc.premises_id)
        premises.latitude, premises.longitude = 30.716, lon
        accounts.append(acc)
    accounts.append(factories.account(hood=ortiz, street="Calle Juárez", holder="Titular 3"))
    db.session.flush()
    return accounts


def test_the_office_assigns_visits_and_the_worker_pulls_the_stops_and_their_accounts(
        app, client, make_user, auth_headers, street):
    worker = make_user("social_worker")
    resp = client.post(VISITS, headers=auth_headers("clerk"), json={
        "account_numbers": [a.account_number for a in street], "worker_id": str(worker.id)})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["stops"] == 4 and body["skipped"] == []
    assert body["route_name"] == f"TS-VIS-{TODAY:%Y%m%d} R01"
    route = db.session.get(Route, uuid.UUID(body["route_id"]))
    assert (route.worker_id, route.work_date, route.status) == (worker.id, TODAY, "planned")
    assert route.zone == "Centro, Ortiz"
    stops = visit_stops()
    assert {s.route_id for s in stops} == {route.id}
    assert all(s.status == "pending" and s.discount_application_id is None
               and s.notice_id is None and s.order_id is None for s in stops)
    # Walking order: the Centro street from its western end, then the other colonia.
    by_account = {s.account_id: s.position for s in stops}
    assert [by_account[a.id] for a in street] == [3, 1, 2, 4]

    d = social_worker_device(app, client, make_user, user=worker)
    pages = d.pull()
    pulled = [op["d"] for op in ops(pages, "stop")]
    assert {s["id"] for s in pulled} == {str(s.id) for s in stops}
    assert all(s["kind"] == "discount_visit" and s["application_id"] is None for s in pulled)
    assert {op["d"]["id"] for op in ops(pages, "account")} == {str(a.id) for a in street}
    (pulled_route,) = [op["d"] for op in ops(pages, "route")]
    assert pulled_route["name"] == body["route_name"]


def test_unknown_accounts_are_refused_listing_them(client, make_user, auth_headers, street):
    worker = make_user("social_worker")
    resp = client.post(VISITS, headers=auth_headers("manager"), json={
        "account_numbers": [street[0].account_number, "99-9999-9", " 88-0000-1 "],
        "worker_id": str(worker.id)})
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error_code"] == "DISCOUNT_VISIT_ACCOUNTS_UNKNOWN"
    assert body["message"] == "No existen estas cuentas: 99-9999-9, 88-0000-1."
    assert body["errors"]["account_numbers"] == ["No existen estas cuentas: 99-9999-9, 88-0000-1."]
    assert visit_stops() == []


def test_an_account_already_waiting_for_a_visit_is_skipped(client, make_user, auth_headers,
                                                           street):
    first, second = make_user("social_worker"), make_user("social_worker")
    clerk = auth_headers("clerk")
    one = client.post(VISITS, headers=clerk, json={
        "account_numbers": [street[0].account_number], "worker_id": str(first.id),
        "work_date": (TODAY + timedelta(days=1)).isoformat()}).get_json()
    assert one["stops"] == 1
    # The same account again (and twice in the list), for another worker, today.
    two = client.post(VISITS, headers=clerk, json={
        "account_numbers": [street[0].account_number, street[1].account_number,
                            street[1].account_number], "worker_id": str(second.id)}).get_json()
    assert two["stops"] == 1 and two["skipped"] == [street[0].account_number]
    assert two["route_name"] == f"TS-VIS-{TODAY:%Y%m%d} R01"
    assert len(visit_stops(street[0].id)) == 1 and len(visit_stops(street[1].id)) == 1
    # Nothing left to visit: no route at all.
    three = client.post(VISITS, headers=clerk, json={
        "account_numbers": [street[1].account_number], "worker_id": str(second.id)}).get_json()
    assert three == {"route_id": None, "route_name": None, "stops": 0,
                     "skipped": [street[1].account_number]}
    # A second route for her the same day is numbered after the first.
    four = client.post(VISITS, headers=clerk, json={
        "account_numbers": [street[2].account_number], "worker_id": str(second.id)}).get_json()
    assert four["route_name"] == f"TS-VIS-{TODAY:%Y%m%d} R02"
    # Once the office cancels the pending one, the account can be visited again.
    cancel_stop(actor_id=first.id, stop_id=visit_stops(street[0].id)[0].id,
                reason="El cliente llamó para cambiar la fecha")
    again = client.post(VISITS, headers=clerk, json={
        "account_numbers": [street[0].account_number], "worker_id": str(second.id)}).get_json()
    assert again["stops"] == 1 and again["skipped"] == []


def test_a_visit_left_on_a_past_day_does_not_block_a_new_one(db_session, make_user, street):
    worker = make_user("social_worker")
    with transaction() as session:
        service.assign_visits(session, account_ids=[street[0].id], worker_id=worker.id,
                              work_date=TODAY, actor_id=None)
    with transaction() as session:
        session.execute(sa.update(Route).where(Route.name.like("TS-VIS-%")).values(
            work_date=TODAY - timedelta(days=1), rv=Route.rv))
    with transaction() as session:
        result = service.assign_visits(session, account_ids=[street[0].id],
                                       worker_id=worker.id, work_date=TODAY, actor_id=None)
    assert result["stops"] == 1 and result["skipped"] == []


def test_a_past_day_is_refused(client, make_user, auth_headers, street):
    worker = make_user("social_worker")
    resp = client.post(VISITS, headers=auth_headers("manager"), json={
        "account_numbers": [street[0].account_number], "worker_id": str(worker.id),
        "work_date": (TODAY - timedelta(days=1)).isoformat()})
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error_code"] == "WORK_DATE_IN_PAST" and "ya pasó" in body["message"]
    assert body["errors"]["work_date"] == ["La fecha ya pasó."]


def test_only_an_active_social_worker_gets_visits(client, make_user, auth_headers, street):
    notifier = make_user("notifier")
    retired = make_user("social_worker")
    retired.active = False
    db.session.flush()
    manager = auth_headers("manager")
    for who in (notifier, retired):
        resp = client.post(VISITS, headers=manager, json={
            "account_numbers": [street[0].account_number], "worker_id": str(who.id)})
        assert resp.status_code == 422, resp.get_json()
        body = resp.get_json()
        assert body["error_code"] == "WORKER_NOT_SOCIAL_WORKER"
        assert body["message"] == f"El usuario {who.id} no es una trabajadora social activa."
        assert body["errors"]["worker_id"] == [
            f"No es una trabajadora social activa: {who.id}."]
    assert visit_stops() == []


def test_the_service_refuses_unknown_account_ids(db_session, make_user, street):
    worker = make_user("social_worker")
    ghost_id = uuid.uuid4()
    with pytest.raises(DomainError) as err, transaction() as session:
        service.assign_visits(session, account_ids=[street[0].id, ghost_id],
                              worker_id=worker.id, work_date=TODAY, actor_id=None)
    assert err.value.code == "DISCOUNT_VISIT_ACCOUNTS_UNKNOWN"
    assert str(ghost_id) in err.value.message


def test_bad_bodies_are_refused_in_spanish(client, make_user, auth_headers):
    worker = make_user("social_worker")
    clerk = auth_headers("clerk")
    empty = client.post(VISITS, headers=clerk, json={"account_numbers": [],
                                                     "worker_id": str(worker.id)})
    assert empty.status_code == 422 and empty.get_json()["errors"]["account_numbers"]
    blank = client.post(VISITS, headers=clerk, json={"account_numbers": ["  "],
                                                     "worker_id": str(worker.id)})
    assert blank.get_json()["errors"]["account_numbers"] == {
        "0": ["Escriba el número de cuenta."]}
    many = client.post(VISITS, headers=clerk, json={
        "account_numbers": [f"{i:06d}" for i in range(201)], "worker_id": str(worker.id)})
    assert many.status_code == 422 and many.get_json()["errors"]["account_numbers"]
    missing = client.post(VISITS, headers=clerk, json={"account_numbers": ["01-0001-1"]})
    assert missing.status_code == 422 and missing.get_json()["errors"]["worker_id"]
    for role in ("director", "social_worker", "notifier"):
        assert client.post(VISITS, headers=auth_headers(role), json={}).status_code == 403


def test_her_application_completes_the_visit_and_a_renewal_does_not(
        app, client, make_user, auth_headers, street):
    worker, other = make_user("social_worker"), make_user("social_worker")
    with transaction() as session:
        mine = service.assign_visits(session, account_ids=[street[0].id, street[1].id],
                                     worker_id=worker.id, work_date=TODAY, actor_id=None)
    with transaction() as session:
        theirs = service.assign_visits(session, account_ids=[street[2].id],
                                       worker_id=other.id, work_date=TODAY, actor_id=None)
    d = social_worker_device(app, client, make_user, user=worker)
    d.pull()
    acc = db.session.get(Account, street[0].id)
    (result,) = d.push([d.mutation("discount.apply", apply_args(acc, program()))]
                       ).get_json()["results"]
    assert result["status"] in ("applied", "flagged"), result
    (done,) = visit_stops(street[0].id)
    assert done.status == "done" and done.done_at is not None
    assert db.session.get(Route, mine["route_id"]).status == "in_progress"
    (row,) = [op["d"] for op in ops(d.pull(), "stop") if op["id"] == str(done.id)]
    assert row["status"] == "done"
    # Her other stop waits; another worker's visit is not hers to complete.
    assert visit_stops(street[1].id)[0].status == "pending"
    acc2 = db.session.get(Account, street[2].id)
    (other_result,) = d.push([d.mutation("discount.apply", apply_args(acc2, program()))]
                             ).get_json()["results"]
    assert other_result["status"] in ("applied", "flagged"), other_result
    assert visit_stops(street[2].id)[0].status == "pending"
    assert db.session.get(Route, theirs["route_id"]).status == "planned"


def test_the_route_sheet_prints_the_registration_visits(db_session, make_user, street):
    worker = make_user("social_worker")
    with transaction() as session:
        result = service.assign_visits(session, account_ids=[a.id for a in street],
                                       worker_id=worker.id, work_date=TODAY, actor_id=None)
    route = db.session.get(Route, result["route_id"])
    html = route_sheet_html(route)
    assert "Hoja de ruta de visitas de registro de descuento" in html
    assert "Trabajador(a) social" in html and worker.full_name in html
    assert html.count("Solicitud de descuento") == 4
    assert "S = Solicitud capturada" in html
    assert "Firma del trabajador(a) social" in html
    assert all(a.account_number in html for a in street)
    assert route_sheet_pdf(route)[:5] == b"%PDF-"
