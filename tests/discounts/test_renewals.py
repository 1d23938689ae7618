"""Renewal tasks: the discounts entering their renewal window become stops of kind
`renewal` on the social workers' routes, each colonia with one worker, colonias balanced;
running again creates nothing; the worker's device pulls the stop, the account and the
application to pre-fill; the renewal from the field completes the stop and, approved,
continues the discount the day after the old one ends."""
from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.common.settings import set_setting
from server.db import transaction
from server.discounts import service
from server.discounts.models import DiscountApplication, DiscountPosting
from server.errors import DomainError
from server.extensions import db
from server.fieldwork.models import Route, Stop
from server.fieldwork.pdf import route_sheet_html, route_sheet_pdf
from server.fieldwork.service import cancel_stop
from server.registry.models import Account
from tests import factories
from tests.discounts.helpers import (API, TODAY, apply_args, approved, program,
                                     social_worker_device)
from tests.sync.conftest import ops


def renewal_stops(application_id=None) -> list[Stop]:
    where = [Stop.kind == "renewal"]
    if application_id is not None:
        where.append(Stop.discount_application_id == application_id)
    return list(db.session.execute(sa.select(Stop).where(*where).order_by(
        Stop.created_at, Stop.position)).scalars())


@pytest.fixture()
def city(db_session, make_user):
    """Two social workers; discounts due for renewal in three colonias (3, 2 and 1 of
    them) and others that are not due."""
    workers = [make_user("social_worker"), make_user("social_worker")]
    office = make_user("manager")
    hoods = {name: factories.neighborhood(name, f"8360{i}")
             for i, name in enumerate(("Centro", "Industrial", "Ortiz"))}
    due, not_due = [], {}
    for hood, ends in (("Centro", 1), ("Centro", 12), ("Centro", 30),
                       ("Industrial", 5), ("Industrial", 29), ("Ortiz", 0)):
        acc = factories.account(hood=hoods[hood], street=f"Calle {hood}")
        due.append(approved(acc, workers[0].id, ends_on=TODAY + timedelta(days=ends),
                            name=f"Beneficiaria {hood} {ends}"))
    not_due["too_early"] = approved(factories.account(hood=hoods["Centro"]), workers[0].id,
                                    ends_on=TODAY + timedelta(days=31))
    not_due["expired"] = approved(factories.account(hood=hoods["Centro"]), workers[0].id,
                                  ends_on=TODAY - timedelta(days=1))
    rejected = approved(factories.account(hood=hoods["Ortiz"]), workers[0].id,
                        ends_on=TODAY + timedelta(days=3))
    rejected.status = "rejected"
    not_due["rejected"] = rejected
    renewed_acc = factories.account(hood=hoods["Ortiz"])
    renewing = approved(renewed_acc, workers[0].id, ends_on=TODAY + timedelta(days=3))
    newer = approved(renewed_acc, workers[0].id, ends_on=TODAY + timedelta(days=400))
    newer.status, newer.renewal_of = "submitted", renewing.id  # its renewal, in the queue
    not_due["already_renewing"] = renewing
    db.session.flush()
    return {"workers": workers, "office": office, "hoods": hoods, "due": due,
            "not_due": not_due}


def test_due_discounts_get_one_stop_each_by_colonia_balanced_and_only_once(
        client, auth_headers, city):
    manager = auth_headers("manager")
    resp = client.post(f"{API}/renewals", headers=manager, json={})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["routes"] == 2 and body["stops"] == 6 and body["left_for_later"] == 0
    # Whole colonias, the most urgent first: Ortiz (ends today) to one worker, Centro (3) to
    # the other, Industrial (2) to the first: three each.
    by_colonias = {tuple(sorted(w["colonias"])): w["stops"] for w in body["by_worker"]}
    assert by_colonias == {("Centro",): 3, ("Industrial", "Ortiz"): 3}
    assert {w["worker_id"] for w in body["by_worker"]} == {str(w.id) for w in city["workers"]}
    stops = renewal_stops()
    assert sorted(s.discount_application_id for s in stops) == sorted(a.id for a in city["due"])
    for s in stops:
        application = db.session.get(DiscountApplication, s.discount_application_id)
        assert s.account_id == application.account_id and s.status == "pending"
    routes = db.session.execute(sa.select(Route).where(Route.id.in_(
        {s.route_id for s in stops}))).scalars().all()
    assert all(r.work_date == TODAY and r.name.startswith(f"RENOV-{TODAY:%Y%m%d} R")
               for r in routes)
    # Every stop of one colonia is on the same route.
    by_hood: dict = {}
    for s in stops:
        hood = db.session.get(DiscountApplication, s.discount_application_id).beneficiary_name
        by_hood.setdefault(hood.split()[1], set()).add(s.route_id)
    assert all(len(route_ids) == 1 for route_ids in by_hood.values())
    # Not due: too early, expired, rejected, already being renewed.
    assert not {s.discount_application_id for s in stops} & {
        a.id for a in city["not_due"].values()}
    again = client.post(f"{API}/renewals", headers=manager, json={}).get_json()
    assert (again["routes"], again["stops"], again["by_worker"]) == (0, 0, [])
    assert len(renewal_stops()) == 6


def test_the_social_worker_pulls_her_renewal_stops_with_the_application_to_prefill(
        app, client, make_user, auth_headers, city):
    with transaction() as session:
        service.generate_renewals(session, as_of=TODAY)
    route = db.session.execute(sa.select(Route).where(Route.name.like("RENOV-%"))
                               .order_by(Route.name)).scalars().first()
    (worker,) = [w for w in city["workers"] if w.id == route.worker_id]
    d = social_worker_device(app, client, make_user, user=worker)
    pages = d.pull()
    stops = [op["d"] for op in ops(pages, "stop")]
    mine = [s for s in renewal_stops() if s.route_id == route.id]
    assert {s["id"] for s in stops} == {str(s.id) for s in mine}
    assert all(s["kind"] == "renewal" and s["application_id"] for s in stops)
    pulled = {a["id"]: a for a in (op["d"] for op in ops(pages, "discount_application"))}
    for s in mine:
        row = pulled[str(s.discount_application_id)]
        application = db.session.get(DiscountApplication, s.discount_application_id)
        assert row["beneficiary_name"] == application.beneficiary_name
        assert row["curp"] == application.curp and row["beneficiary_type"] == "senior"
        assert row["birth_date"] == application.birth_date.isoformat()
        assert row["ends_on"] == application.ends_on.isoformat()
    assert {a["id"] for a in (op["d"] for op in ops(pages, "account"))} == {
        str(s.account_id) for s in mine}

    # The renewal captured at the door completes the stop, and shows on the next pull.
    (stop, *_) = mine
    renewed = db.session.get(DiscountApplication, stop.discount_application_id)
    args = apply_args(db.session.get(Account, renewed.account_id), program(),
                      renewal_of=str(renewed.id))
    (result,) = d.push([d.mutation("discount.apply", args)]).get_json()["results"]
    assert result["status"] in ("applied", "flagged"), result
    db.session.refresh(stop)
    assert stop.status == "done" and stop.done_at is not None
    db.session.refresh(route)
    assert route.status == "in_progress"
    (row,) = [op["d"] for op in ops(d.pull(), "stop") if op["id"] == str(stop.id)]
    assert row["status"] == "done"
    # Being renewed, it gets no new task; the others keep theirs.
    with transaction() as session:
        assert service.generate_renewals(session, as_of=TODAY)["stops"] == 0


def test_a_renewal_approved_continues_the_day_after_and_the_month_is_credited_once(
        app, client, make_user, auth_headers, db_session):
    worker = make_user("social_worker")
    acc = factories.account()
    old = approved(acc, worker.id, ends_on=TODAY + timedelta(days=10),
                   starts_on=TODAY - timedelta(days=354))
    d = social_worker_device(app, client, make_user, user=worker)
    args = apply_args(acc, program(), renewal_of=str(old.id))
    d.push([d.mutation("discount.apply", args)])
    resp = client.post(f"{API}/applications/{args['id']}/decide",
                       headers=auth_headers("manager"), json={"decision": "approve"})
    body = resp.get_json()
    assert resp.status_code == 200 and body["renewal_of"] == str(old.id)
    start = TODAY + timedelta(days=11)
    assert body["starts_on"] == start.isoformat()
    assert body["ends_on"] == (start + timedelta(days=364)).isoformat()
    # Both are current in a month where one ends and the other begins: one discount.
    period = start.replace(day=1)
    (water, *_rest) = factories.bill(acc, period, water="100.00")
    with transaction() as session:
        first = service.post_discounts(session, period=period)
    assert first["posted"] == 1 and Decimal(first["total"]) == Decimal("50.00")
    assert db.session.execute(sa.select(sa.func.count()).select_from(DiscountPosting).where(
        DiscountPosting.charge_id == water.id)).scalar() == 1


def test_a_renewal_naming_an_unknown_application_is_rejected(app, client, make_user):
    d = social_worker_device(app, client, make_user)
    args = apply_args(factories.account(), program(), renewal_of=str(uuid.uuid4()))
    (result,) = d.push([d.mutation("discount.apply", args)]).get_json()["results"]
    assert result["status"] == "rejected"
    assert result["code"] == "DISCOUNT_APPLICATION_NOT_FOUND" and "No existe" in result["message"]


def test_a_stop_left_unvisited_is_planned_again_but_one_the_office_cancelled_is_not(
        db_session, city):
    with transaction() as session:
        service.generate_renewals(session, as_of=TODAY)
    first, second, *_ = [renewal_stops(a.id)[0] for a in city["due"]]
    cancel_stop(actor_id=city["office"].id, stop_id=second.id,
                reason="La beneficiaria ya no vive ahí")
    # The day passes with the routes not done.
    with transaction() as session:
        session.execute(sa.update(Route).where(Route.name.like("RENOV-%")).values(
            work_date=TODAY - timedelta(days=1), rv=Route.rv))
    with transaction() as session:
        result = service.generate_renewals(session, as_of=TODAY)
    assert result["stops"] == 5  # all but the one the office cancelled
    db.session.refresh(first)
    assert first.status == "cancelled" and first.cancel_reason == service.RENEWAL_RESCHEDULED
    (old, new) = renewal_stops(city["due"][0].id)
    assert old.id == first.id and new.status == "pending"
    assert len(renewal_stops(city["due"][1].id)) == 1


def test_a_full_worker_leaves_the_next_colonias_for_another_day(db_session, city):
    set_setting("fieldwork_max_stops_per_route", 2)
    with transaction() as session:
        result = service.generate_renewals(session, as_of=TODAY)
    # The most urgent first: Ortiz (1, ends today) to one worker, Centro (3, bigger than the
    # cap but her first colonia: whole) to the other; Industrial (2) fits nobody today.
    assert result["stops"] == 4 and result["left_for_later"] == 2
    assert sorted(c for w in result["by_worker"] for c in w["colonias"]) == [
        "Centro", "Ortiz"]
    # Both are full for the day: running again the same day adds nothing.
    with transaction() as session:
        again = service.generate_renewals(session, as_of=TODAY)
    assert (again["stops"], again["left_for_later"]) == (0, 2)
    # Tomorrow Industrial is planned (with Centro again: its stops were not visited).
    with transaction() as session:
        tomorrow = service.generate_renewals(session, as_of=TODAY + timedelta(days=1))
    assert sorted(c for w in tomorrow["by_worker"] for c in w["colonias"]) == [
        "Centro", "Industrial"]


def test_renewals_need_a_social_worker_and_a_day_not_past(db_session, make_user):
    acc = factories.account()
    approved(acc, make_user("manager").id, ends_on=TODAY + timedelta(days=3))
    with pytest.raises(DomainError) as err, transaction() as session:
        service.generate_renewals(session, as_of=TODAY)
    assert err.value.code == "DISCOUNT_NO_SOCIAL_WORKER" and "trabajadoras" in err.value.message
    make_user("social_worker")
    with pytest.raises(DomainError) as err, transaction() as session:
        service.generate_renewals(session, as_of=TODAY - timedelta(days=1))
    assert err.value.code == "WORK_DATE_IN_PAST"


def test_the_api_refuses_a_bad_date_in_spanish(client, auth_headers):
    resp = client.post(f"{API}/renewals", headers=auth_headers("manager"),
                       json={"as_of": "2026-02-30"})
    assert resp.status_code == 422 and resp.get_json()["errors"]["as_of"]
    assert "válida" in resp.get_json()["errors"]["as_of"][0].lower() or \
        "fecha" in resp.get_json()["errors"]["as_of"][0].lower()


def test_the_route_sheet_prints_the_beneficiary_and_the_last_valid_day(db_session, city):
    with transaction() as session:
        service.generate_renewals(session, as_of=TODAY)
    stop = renewal_stops(city["due"][0].id)[0]
    html = route_sheet_html(db.session.get(Route, stop.route_id))
    assert "Hoja de ruta de renovaciones de descuento" in html
    assert "Beneficiaria Centro 1" in html
    assert f"vence el {city['due'][0].ends_on:%d/%m/%Y}" in html
    assert "Trabajador(a) social" in html
    assert route_sheet_pdf(db.session.get(Route, stop.route_id))[:5] == b"%PDF-"


def test_the_renewals_command(app, committing_db):
    from server.auth.service import create_user

    worker = create_user(username="ts-renovaciones", full_name="Silvia Noriega",
                         password="secreto-123", roles=["social_worker"])
    acc = factories.account()
    approved(acc, worker.id, ends_on=TODAY + timedelta(days=20), name="Carmen Ruiz")
    committing_db.session.commit()
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["cartera", "discounts-renewals"])
    assert ok.exit_code == 0, ok.output
    assert "1 visitas en 1 rutas" in ok.output and "Silvia Noriega: 1" in ok.output
    again = runner.invoke(args=["cartera", "discounts-renewals",
                                "--as-of", TODAY.isoformat()])
    assert again.exit_code == 0 and "0 visitas en 0 rutas" in again.output
    bad = runner.invoke(args=["cartera", "discounts-renewals", "--as-of", "mañana"])
    assert bad.exit_code != 0 and "AAAA-MM-DD" in bad.output
