"""`survey.submit` through the real sync endpoint: old versions accepted after a new one
is published, replays, ID_REUSED, answers that break the form kept and flagged, a
complaint in the manager's inbox (and a push to the managers), closing it."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.extensions import db
from server.surveys.models import SurveyAnswerItem, SurveyComplaint, SurveyResponse
from tests import factories
from tests.surveys.conftest import API, QUESTIONS, push_one, submit_args

GOOD = {"atendido": True, "satisfaccion": 4, "aviso": "sms", "personas": 3}


def test_answers_to_an_old_version_are_accepted_after_a_new_one_is_published(
        client, manager, field_device, published_form):
    v1 = published_form()
    d = field_device("notifier")
    d.pull()  # the phone holds v1 ...
    key = v1["form_key"]
    client.put(f"{API}/forms/{key}/draft", headers=manager, json={
        "questions": [q for q in QUESTIONS if q["id"] != "personas"]})
    v2 = client.post(f"{API}/forms/{key}/publish", headers=manager).get_json()
    assert v2["version"] == 2
    # ... and answered it offline: v1 (now retired) is still accepted, with its question.
    acc = factories.account()
    result = push_one(d, submit_args(v1["id"], GOOD, account_id=str(acc.id), trigger="route"))
    assert result["status"] == "applied", result
    also_v2 = push_one(d, submit_args(v2["id"], {"atendido": False}))
    assert also_v2["status"] == "applied", also_v2
    rows = db.session.execute(sa.select(SurveyResponse.version, SurveyResponse.form_key)
                              .order_by(SurveyResponse.version)).all()
    assert [(v, str(k)) for v, k in rows] == [(1, key), (2, key)]
    old = db.session.execute(sa.select(SurveyResponse).where(
        SurveyResponse.version == 1)).scalar_one()
    assert old.neighborhood_id == acc.premises.neighborhood_id and old.trigger == "route"
    items = db.session.execute(sa.select(SurveyAnswerItem.question_id).where(
        SurveyAnswerItem.response_id == old.id).order_by(SurveyAnswerItem.id)).scalars().all()
    assert items == ["atendido", "satisfaccion", "aviso", "personas"]
    # A retired version too (the form retired entirely after the phone downloaded it).
    client.post(f"{API}/forms/{key}/retire", headers=manager)
    assert push_one(d, submit_args(v2["id"], {"atendido": False}))["status"] == "applied"


def test_a_draft_or_an_unknown_form_is_rejected_in_spanish(client, manager, field_device):
    d = field_device("social_worker")
    draft = client.post(f"{API}/forms", headers=manager, json={
        "title": "Borrador", "questions": QUESTIONS}).get_json()
    result = push_one(d, submit_args(draft["id"], GOOD))
    assert (result["status"], result["code"]) == ("rejected", "SURVEY_FORM_DRAFT")
    assert result["message"] == "La encuesta «Borrador» es un borrador: todavía no se puede contestar."
    missing = uuid.uuid4()
    result = push_one(d, submit_args(missing, GOOD))
    assert (result["status"], result["code"]) == ("rejected", "SURVEY_FORM_NOT_FOUND")
    assert result["message"] == f"No existe la encuesta {missing}."


def test_a_replay_is_a_duplicate_and_the_same_id_with_other_answers_is_id_reused(
        field_device, published_form):
    form = published_form()
    d = field_device("cutter")
    args = submit_args(form["id"], GOOD)
    assert push_one(d, args)["status"] == "applied"
    # The same fact sent again as a new outbox entry (the phone lost the answer).
    assert push_one(d, dict(args))["status"] == "duplicate"
    other = push_one(d, {**args, "answers": {**GOOD, "satisfaccion": 5}})
    assert (other["status"], other["code"]) == ("rejected", "ID_REUSED")
    assert db.session.execute(sa.select(sa.func.count()).select_from(SurveyResponse)
                              ).scalar() == 1


def test_answers_that_break_the_form_are_kept_and_flagged(field_device, published_form):
    form = published_form()
    d = field_device("notifier")
    args = submit_args(form["id"], {"atendido": "sí", "aviso": "correo", "personas": 99,
                                    "inventada": 1})
    result = push_one(d, args)
    assert (result["status"], result["flags"]) == ("flagged", ["ANSWER_PROBLEMS"])
    stored = db.session.get(SurveyResponse, uuid.UUID(args["id"]))
    assert stored.answers["aviso"] == "correo"  # the fact as given
    assert stored.record["problems"] == [
        {"question": "atendido", "code": "NOT_BOOLEAN"},
        {"question": "aviso", "code": "NOT_AN_OPTION"},
        {"question": "personas", "code": "OUT_OF_RANGE"},
        {"question": "inventada", "code": "UNKNOWN_QUESTION"}]
    assert db.session.execute(sa.select(sa.func.count()).select_from(SurveyAnswerItem)
                              ).scalar() == 0  # nothing of it is counted


def test_malformed_args_are_rejected_with_spanish_field_messages(field_device,
                                                                  published_form):
    form = published_form()
    d = field_device("notifier")
    bad = submit_args(form["id"], {"atendido": {"x": 1}, "personas": float("1e20")},
                      trigger="boda")
    result = push_one(d, bad)
    assert (result["status"], result["code"]) == ("rejected", "VALIDATION_ERROR")
    errors = result["errors"]["args"]
    assert errors["trigger"] == [
        "Valor no válido; use uno de: route, reconnection, agreement, discount_approved, "
        "standalone, office."]
    assert errors["answers"]["atendido"]["value"] == [
        "Respuesta no válida: texto, número, sí/no o lista de opciones."]
    assert errors["answers"]["personas"]["value"] == ["Número fuera de rango."]


def test_office_roles_cannot_submit(app, client, make_user, published_form):
    from tests.sync.conftest import Device

    form = published_form()
    d = Device(client, app, make_user("clerk").id, roles=["clerk"])
    assert d.register().status_code == 200
    result = push_one(d, submit_args(form["id"], GOOD))
    assert (result["status"], result["code"]) == ("rejected", "FORBIDDEN_MUTATION")


def test_a_complaint_reaches_the_managers_inbox_and_is_closed_with_a_note(
        client, manager, auth_headers, field_device, published_form, monkeypatch, make_user):
    from server.webpush import service as webpush

    sent = []
    monkeypatch.setattr(webpush, "notify_users",
                        lambda session, users, payload, **kw: sent.append((users, payload)))
    boss = make_user("manager")
    form = published_form()
    acc = factories.account(number="C-100200", holder="Rosa Elena Duarte")
    d = field_device("cutter")
    args = submit_args(form["id"], {"atendido": True, "satisfaccion": 1,
                                    "problemas": ["fuga", "trato"],
                                    "queja": "El cortador me habló feo"},
                       account_id=str(acc.id), trigger="reconnection")
    result = push_one(d, args)
    assert result["status"] == "applied" and not result.get("flags")  # the office's, not hers
    (item,) = client.get(f"{API}/complaints?status=open", headers=manager).get_json()["items"]
    assert item["account_number"] == "C-100200" and item["holder"] == "Rosa Elena Duarte"
    assert item["form_title"] == "Satisfacción con el servicio"
    assert item["question_ids"] == ["satisfaccion", "problemas", "queja"]
    assert item["summary"] == (
        "Calificó 1/5: ¿Qué tan satisfecho está con la atención? · "
        "¿Qué problemas ha tenido?: Mal trato del personal · "
        "Si tiene una queja, escríbala: «El cortador me habló feo»")
    assert item["trigger"] == "reconnection" and item["neighborhood"] == "Caborca Centro"
    (users, payload), = sent
    assert boss.id in users and payload["t"] == "survey.complaint"
    assert payload["id"] == item["id"]
    # Replayed: no second inbox item.
    assert push_one(d, dict(args))["status"] == "duplicate"
    assert db.session.execute(sa.select(sa.func.count()).select_from(SurveyComplaint)
                              ).scalar() == 1
    listing = client.get(f"{API}/forms", headers=manager).get_json()
    assert listing[0]["open_complaints"] == 1
    # Closing needs a note, and happens once.
    url = f"{API}/complaints/{item['id']}/close"
    assert client.post(url, headers=auth_headers("clerk"), json={"note": "x"}).status_code == 403
    empty = client.post(url, headers=manager, json={"note": "   "})
    assert empty.status_code == 422 and empty.get_json()["error_code"] == "SURVEY_NOTE_REQUIRED"
    closed = client.post(url, headers=manager, json={"note": "Se habló con el cortador."})
    assert closed.status_code == 200
    assert (closed.get_json()["status"], closed.get_json()["note"]) == (
        "closed", "Se habló con el cortador.")
    assert client.post(url, headers=manager, json={"note": "otra"}).status_code == 409
    assert client.get(f"{API}/complaints?status=open", headers=manager).get_json()["total"] == 0
    missing = client.post(f"{API}/complaints/{uuid.uuid4()}/close", headers=manager,
                          json={"note": "x"})
    assert missing.status_code == 404


def test_a_high_score_raises_no_complaint(field_device, published_form):
    form = published_form()
    d = field_device("notifier")
    assert push_one(d, submit_args(form["id"], {**GOOD, "satisfaccion": 3}))["status"] == \
        "applied"
    assert db.session.execute(sa.select(sa.func.count()).select_from(SurveyComplaint)
                              ).scalar() == 0
