"""The manager edits discount programs: a new program, an edit (audited with before and
after, its new version pulled by every phone), the rules checked field by field in Spanish,
approved discounts keeping their dates while the next posting uses the new percentage, and
a deactivated program whose discounts stay valid."""
from __future__ import annotations

import copy
import uuid
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from server.audit.models import AuditEvent
from server.db import transaction
from server.discounts.defaults import DEFAULT_PROGRAM_RULES
from server.discounts.models import DiscountApplication, DiscountProgram
from server.discounts.service import post_discounts
from server.extensions import db
from tests import factories
from tests.discounts.helpers import API, TODAY, approved, program, social_worker_device
from tests.sync.conftest import ops

MONTH = TODAY.replace(day=1)
SENIORS = {**copy.deepcopy(DEFAULT_PROGRAM_RULES), "beneficiary_types": ["senior"],
           "pct": "75.5", "services": ["water", "sewer"], "monthly_m3_cap": None,
           "required_documents": {"senior": ["id", "inapam_card"]}, "min_age": {"senior": 65},
           "validity_days": 730, "renewal_notice_days": 60}


def _audits(program_id) -> list:
    return list(db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_type == "discount_program",
        AuditEvent.entity_id == str(program_id)).order_by(AuditEvent.id)).scalars())


def _pulled_programs(device) -> dict:
    return {op["d"]["id"]: op["d"] for op in ops(device.pull(), "discount_program")}


def test_the_manager_creates_a_program_and_the_phones_receive_it(
        app, client, make_user, auth_headers):
    d = social_worker_device(app, client, make_user)
    _pulled_programs(d)
    manager = make_user("manager")
    with app.test_request_context():
        token = create_access_token(identity=str(manager.id), additional_claims={
            "roles": ["manager"]})
    headers = {"Authorization": f"Bearer {token}"}
    resp = client.post(f"{API}/programs", headers=headers, json={
        "name": "  Adultos mayores 2027 ", "rules": SENIORS,
        "approving_act": "Acta de Cabildo 14/2026"})
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["name"] == "Adultos mayores 2027" and body["active"] is True
    assert body["rules"] == SENIORS and body["approving_act"] == "Acta de Cabildo 14/2026"
    listed = client.get(f"{API}/programs", headers=auth_headers("clerk")).get_json()["items"]
    assert body["id"] in {p["id"] for p in listed}
    pulled = _pulled_programs(d)
    assert list(pulled) == [body["id"]]  # only what changed since her last pull
    assert pulled[body["id"]]["rules"]["pct"] == "75.5" and pulled[body["id"]]["active"]
    (event,) = _audits(body["id"])
    assert event.action == "created" and event.changes["rules"] == SENIORS
    assert event.changes["name"] == "Adultos mayores 2027"
    assert event.actor_id == manager.id
    assert client.post(f"{API}/programs", headers=auth_headers("clerk"), json={
        "name": "x", "rules": SENIORS}).status_code == 403


def test_an_edit_is_audited_and_every_phone_pulls_the_new_version(
        app, client, make_user, auth_headers):
    prog = program()
    d = social_worker_device(app, client, make_user)
    first = _pulled_programs(d)
    assert first[str(prog.id)]["rules"]["pct"] == "50"
    rules = {**copy.deepcopy(prog.rules), "pct": "40", "monthly_m3_cap": 15}
    resp = client.put(f"{API}/programs/{prog.id}", headers=auth_headers("manager"), json={
        "rules": rules, "approving_act": "Acuerdo 7/2026"})
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["rules"]["pct"] == "40"
    row = _pulled_programs(d)[str(prog.id)]
    assert row["rules"]["pct"] == "40" and row["rules"]["monthly_m3_cap"] == 15
    (event,) = [e for e in _audits(prog.id) if e.action == "updated"]
    assert event.changes == {"rules.pct": ["50", "40"], "rules.monthly_m3_cap": [20, 15],
                             "approving_act": [None, "Acuerdo 7/2026"]}
    # The same again changes nothing: no audit, no new version for the phones.
    again = client.put(f"{API}/programs/{prog.id}", headers=auth_headers("manager"), json={
        "rules": rules, "approving_act": " Acuerdo 7/2026 "})
    assert again.status_code == 200
    assert len([e for e in _audits(prog.id) if e.action == "updated"]) == 1
    assert _pulled_programs(d) == {}


def test_bad_rules_are_a_422_with_each_fields_spanish_message(client, auth_headers):
    headers = auth_headers("manager")
    bad = {**copy.deepcopy(DEFAULT_PROGRAM_RULES), "pct": 50, "services": [],
           "monthly_m3_cap": 0, "validity_days": 60, "renewal_notice_days": 60}
    bad["required_documents"]["senior"] = ["id", "passport"]
    resp = client.post(f"{API}/programs", headers=headers, json={"name": "Malo", "rules": bad})
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error_code"] == "DISCOUNT_PROGRAM_INVALID"
    assert body["message"].startswith("El programa de descuento tiene datos no válidos")
    assert body["errors"] == {
        "rules.pct": ["Escriba el porcentaje como texto, por ejemplo «50» o «12.5»."],
        "rules.services": ["Elija al menos un servicio."],
        "rules.monthly_m3_cap": ["El tope mensual debe ser un número entero de 1 a 1000 m³, "
                                 "o vacío (sin tope)."],
        "rules.required_documents.senior": ["Documento desconocido: «passport»."],
        "rules.renewal_notice_days": ["El aviso de renovación debe ser menor que la vigencia."],
    }
    assert db.session.execute(sa.select(sa.func.count()).select_from(DiscountProgram).where(
        DiscountProgram.name == "Malo")).scalar() == 0
    blank = client.post(f"{API}/programs", headers=headers, json={"name": "  ", "rules": {}})
    assert blank.status_code == 422 and blank.get_json()["errors"] == {
        "name": ["Escriba el nombre."]}
    not_object = client.post(f"{API}/programs", headers=headers, json={
        "name": "Sin reglas", "rules": ["pct"]})
    assert not_object.status_code == 422 and "rules" in not_object.get_json()["errors"]
    prog = program()
    edit = client.put(f"{API}/programs/{prog.id}", headers=headers, json={
        "rules": {**prog.rules, "beneficiary_types": ["senior"]}})
    assert edit.status_code == 422 and set(edit.get_json()["errors"]) == {
        f"rules.required_documents.{t}" for t in ("disability", "pensioner", "retiree")}
    db.session.refresh(prog)
    assert prog.rules["beneficiary_types"] == DEFAULT_PROGRAM_RULES["beneficiary_types"]
    missing = client.put(f"{API}/programs/{uuid.uuid4()}", headers=headers,
                         json={"active": False})
    assert missing.status_code == 404
    assert missing.get_json()["error_code"] == "DISCOUNT_PROGRAM_NOT_FOUND"


def test_approved_discounts_keep_their_dates_and_the_next_posting_uses_the_new_pct(
        client, make_user, auth_headers):
    prog = program()
    acc = factories.account()
    app_row = approved(acc, make_user("social_worker").id, starts_on=MONTH,
                       ends_on=MONTH + timedelta(days=364))
    (water, *_) = factories.bill(acc, MONTH, water="100.00", sewer="40.00", sanitation=None)
    rules = {**copy.deepcopy(prog.rules), "pct": "25", "services": ["water", "sewer"],
             "validity_days": 90}
    resp = client.put(f"{API}/programs/{prog.id}", headers=auth_headers("manager"),
                      json={"rules": rules})
    assert resp.status_code == 200
    db.session.refresh(app_row)
    assert (app_row.starts_on, app_row.ends_on) == (MONTH, MONTH + timedelta(days=364))
    with transaction() as session:
        result = post_discounts(session, period=MONTH)
    # 25 % of the water charge and of the sewer charge (the program now discounts both).
    assert result["posted"] == 2 and Decimal(result["total"]) == Decimal("35.00")


def test_a_deactivated_program_is_no_longer_offered_but_its_discounts_stay(
        app, client, make_user, auth_headers):
    prog = program()
    acc = factories.account()
    worker = make_user("social_worker")
    app_row = approved(acc, worker.id, starts_on=MONTH, ends_on=MONTH + timedelta(days=364))
    d = social_worker_device(app, client, make_user, user=worker)
    _pulled_programs(d)
    resp = client.put(f"{API}/programs/{prog.id}", headers=auth_headers("manager"),
                      json={"active": False})
    assert resp.status_code == 200 and resp.get_json()["active"] is False
    assert _pulled_programs(d)[str(prog.id)]["active"] is False
    (event,) = [e for e in _audits(prog.id) if e.action == "updated"]
    assert event.changes == {"active": [True, False]}
    assert db.session.get(DiscountApplication, app_row.id).status == "approved"
    factories.bill(acc, MONTH, water="60.00", sewer=None, sanitation=None)
    with transaction() as session:
        assert post_discounts(session, period=MONTH)["total"] == "30.00"
