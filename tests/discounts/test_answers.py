"""The office's question and its answer through sync: the earlier application becomes
`answered` (its new version reaches the phone) and leaves the queue; the answer shows the
question it answers and its evidence still on the phone; an approval is announced
(`discount.approved`) for the capabilities that react to it (surveys)."""
from __future__ import annotations

import hashlib

import pytest

from server.attachments.models import Blob
from server.common import events
from server.extensions import db
from tests import factories
from tests.discounts.helpers import API, apply_args, program, social_worker_device
from tests.sync.conftest import ops


def _rows(pages) -> dict:
    return {op["id"]: op["d"] for op in ops(pages, "discount_application")}


def test_an_answer_closes_the_question_on_the_phone_and_in_the_queue(
        app, client, make_user, auth_headers):
    acc = factories.account()
    d = social_worker_device(app, client, make_user)
    asked = apply_args(acc, program(), docs=("id",))
    d.push([d.mutation("discount.apply", asked)])
    d.pull()
    manager = auth_headers("manager")
    question = "Falta el comprobante de pensión; tómele foto."
    assert client.post(f"{API}/applications/{asked['id']}/decide", headers=manager, json={
        "decision": "needs_info", "note": question}).status_code == 200
    assert _rows(d.pull())[asked["id"]]["status"] == "needs_info"

    answer = apply_args(acc, program(), answers_request=asked["id"],
                        notes="Se tomó la foto del comprobante.")
    (result,) = d.push([d.mutation("discount.apply", answer)], acked_seq=1).get_json()["results"]
    assert result["status"] == "applied", result
    pulled = _rows(d.pull())
    assert pulled[asked["id"]]["status"] == "answered"  # the phone sees the question closed
    assert pulled[answer["id"]]["status"] == "submitted"
    assert pulled[answer["id"]]["answers_request"] == asked["id"]

    waiting = client.get(f"{API}/applications?status=needs_info", headers=manager).get_json()
    assert waiting["total"] == 0
    queue = client.get(f"{API}/applications?status=submitted", headers=manager).get_json()
    assert [i["id"] for i in queue["items"]] == [answer["id"]]
    detail = client.get(f"{API}/applications/{answer['id']}", headers=manager).get_json()
    assert detail["answers"]["application_id"] == asked["id"]
    assert detail["answers"]["question"] == question
    assert detail["answers"]["status_label"] == "Respondida"
    assert detail["record"]["notes"] == "Se tomó la foto del comprobante."
    earlier = client.get(f"{API}/applications/{asked['id']}", headers=manager).get_json()
    assert earlier["status"] == "answered" and earlier["answers"] is None
    # The question is closed: deciding on it is a conflict, said in Spanish.
    resp = client.post(f"{API}/applications/{asked['id']}/decide", headers=manager,
                       json={"decision": "approve"})
    assert resp.status_code == 409 and "respondida" in resp.get_json()["message"]


def test_an_answer_naming_another_account_or_an_open_application_closes_nothing(
        app, client, make_user, auth_headers):
    first, other = factories.account(), factories.account()
    d = social_worker_device(app, client, make_user)
    pending = apply_args(first, program())
    d.push([d.mutation("discount.apply", pending)])
    # Not in needs_info: the office asked nothing.
    stray = apply_args(first, program(), answers_request=pending["id"])
    (result,) = d.push([d.mutation("discount.apply", stray)], acked_seq=1).get_json()["results"]
    assert result["status"] == "applied"
    manager = auth_headers("manager")
    assert client.get(f"{API}/applications/{pending['id']}", headers=manager
                      ).get_json()["status"] == "submitted"
    client.post(f"{API}/applications/{pending['id']}/decide", headers=manager,
                json={"decision": "needs_info", "note": "¿Vive ahí?"})
    # An answer from another account does not close it either; free text names nothing.
    for acc, ref in ((other, pending["id"]), (first, "La señora no estaba")):
        resp = d.push([d.mutation("discount.apply", apply_args(acc, program(),
                                                               answers_request=ref))],
                      acked_seq=d.seq - 1)
        assert resp.get_json()["results"][0]["status"] in ("applied", "flagged")
    assert client.get(f"{API}/applications/{pending['id']}", headers=manager
                      ).get_json()["status"] == "needs_info"


def test_the_office_sees_the_evidence_still_on_the_phone(app, client, make_user,
                                                         auth_headers):
    d = social_worker_device(app, client, make_user)
    args = apply_args(factories.account(), program())
    d.push([d.mutation("discount.apply", args)])
    clerk = auth_headers("clerk")
    queue = client.get(f"{API}/applications", headers=clerk).get_json()
    assert [i["evidence_pending"] for i in queue["items"]] == [True]
    for doc in args["documents"]:
        body = doc["kind"].encode()
        db.session.add(Blob(sha256=hashlib.sha256(body).hexdigest(), size=len(body),
                            content_type="image/jpeg", uploaded_by=d.user_id))
    db.session.flush()
    # The signature is still missing.
    assert client.get(f"{API}/applications/{args['id']}", headers=clerk
                      ).get_json()["evidence_pending"] is True
    db.session.add(Blob(sha256="f" * 64, size=1, content_type="image/png",
                        uploaded_by=d.user_id))
    db.session.flush()
    detail = client.get(f"{API}/applications/{args['id']}", headers=clerk).get_json()
    assert detail["evidence_pending"] is False and detail["status_label"] == "Enviada"


@pytest.fixture()
def approvals(monkeypatch):
    """Every `discount.approved` announced, besides whoever else listens."""
    seen = []
    handlers = [*events._HANDLERS.get("discount.approved", []),
                lambda session, *, application, **_: seen.append(application)]
    monkeypatch.setitem(events._HANDLERS, "discount.approved", handlers)
    return seen


def test_an_approval_is_announced_once_and_nothing_else_is(app, client, make_user,
                                                           auth_headers, approvals):
    d = social_worker_device(app, client, make_user)
    to_approve, to_reject = (apply_args(factories.account(), program()) for _ in range(2))
    d.push([d.mutation("discount.apply", to_approve), d.mutation("discount.apply", to_reject)])
    manager = auth_headers("manager")
    client.post(f"{API}/applications/{to_reject['id']}/decide", headers=manager,
                json={"decision": "reject", "note": "No vive en el domicilio"})
    assert approvals == []
    resp = client.post(f"{API}/applications/{to_approve['id']}/decide", headers=manager,
                       json={"decision": "approve"})
    assert resp.status_code == 200
    (application,) = approvals
    assert str(application.id) == to_approve["id"] and application.status == "approved"
    assert application.worker_id == d.user_id and application.starts_on is not None
