"""Sending debtors to PAE: mandate and officer recorded, audited, never twice while open."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.common.clock import local_today
from server.extensions import db
from server.pae.models import PaeReferral
from tests import factories

API = "/api/v1/pae/referrals"
TODAY = local_today()


def _send(client, headers, accounts, **body):
    payload = {"account_ids": [str(a.id) for a in accounts], "mandate_number": "MEJ-2026-041",
               "officer_name": "Lic. Arturo Quiñónez"} | body
    return client.post(API, json=payload, headers=headers)


def _debtor(**kwargs):
    acc = factories.overdue_account(6, as_of=TODAY, **kwargs)
    db.session.commit()
    return acc


def test_the_manager_sends_debtors_with_mandate_and_officer_and_it_is_audited(
        client, auth_headers, db_session):
    a, b = _debtor(), _debtor()
    resp = _send(client, auth_headers("manager"), [a, b, a], sent_on=TODAY.isoformat())
    assert resp.status_code == 201, resp.get_json()
    items = resp.get_json()["items"]
    assert len(items) == 2  # the same account twice in one request is sent once
    assert {i["mandate_number"] for i in items} == {"MEJ-2026-041"}
    assert items[0]["officer_name"] == "Lic. Arturo Quiñónez"
    assert items[0]["debt_amount"] == "1305.00" and items[0]["months_past_due"] in (5, 6)
    assert items[0]["status"] == "open"
    events = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "pae_referral_sent")).scalars().all()
    assert {e.entity_id for e in events} == {str(a.id), str(b.id)}
    assert events[0].changes["mandate_number"] == "MEJ-2026-041"
    assert events[0].actor_id is not None


def test_an_account_already_sent_is_refused_with_409_in_spanish(client, auth_headers,
                                                                db_session):
    a, b = _debtor(), _debtor()
    h = auth_headers("manager")
    assert _send(client, h, [a]).status_code == 201
    resp = _send(client, h, [b, a], mandate_number="MEJ-2026-042")
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error_code"] == "PAE_ALREADY_SENT"
    assert a.account_number in body["message"] and "mandamiento MEJ-2026-041" in body["message"]
    # All or nothing: b was not sent either.
    assert db.session.execute(sa.select(sa.func.count()).select_from(PaeReferral).where(
        PaeReferral.account_id == b.id)).scalar() == 0


def test_a_closed_referral_lets_the_account_be_sent_again(client, auth_headers, db_session):
    a = _debtor()
    h = auth_headers("manager")
    ref = _send(client, h, [a]).get_json()["items"][0]
    resp = client.post(f"{API}/{ref['id']}/close", json={"reason": "Firmó convenio de pago"},
                       headers=h)
    assert resp.status_code == 200 and resp.get_json()["status"] == "closed"
    again = client.post(f"{API}/{ref['id']}/close", json={"reason": "otra vez"}, headers=h)
    assert again.status_code == 409 and again.get_json()["error_code"] == "PAE_REFERRAL_CLOSED"
    assert _send(client, h, [a], mandate_number="MEJ-2026-050").status_code == 201
    listed = client.get(f"{API}?status=open", headers=auth_headers("director")).get_json()
    assert [i["mandate_number"] for i in listed["items"]] == ["MEJ-2026-050"]
    assert listed["items"][0]["account_number"] == a.account_number


def test_bad_input_is_refused_in_spanish(client, auth_headers, db_session):
    a = _debtor()
    current = factories.account()
    db.session.commit()
    h = auth_headers("manager")
    resp = client.post(API, json={}, headers=h)
    assert resp.status_code == 422
    assert resp.get_json()["errors"]["mandate_number"] == ["Campo obligatorio."]
    resp = _send(client, h, [a], sent_on=date(TODAY.year + 1, 1, 1).isoformat())
    assert resp.status_code == 422 and "posterior a hoy" in resp.get_json()["message"]
    resp = _send(client, h, [current])
    assert resp.status_code == 422 and resp.get_json()["error_code"] == "PAE_NO_DEBT"
    resp = client.post(API, json={"account_ids": ["no-es-uuid"], "mandate_number": "X",
                                  "officer_name": "Fulano"}, headers=h)
    assert resp.status_code == 422
    resp = client.post(API, json={"account_ids": [], "mandate_number": "X",
                                  "officer_name": "Fulano"}, headers=h)
    assert resp.status_code == 422
    resp = _send(client, h, [a], extra="campo")
    assert resp.status_code == 422


def test_only_the_manager_sends_clerk_and_director_read(client, auth_headers, db_session):
    a = _debtor()
    assert _send(client, auth_headers("clerk"), [a]).status_code == 403
    assert _send(client, auth_headers("director"), [a]).status_code == 403
    assert client.get(API, headers=auth_headers("clerk")).status_code == 200


def test_sent_accounts_leave_the_list_unless_asked_and_show_their_mandate(
        client, auth_headers, db_session):
    a = _debtor()
    h = auth_headers("manager")
    _send(client, h, [a])
    numbers = [r["account_number"] for r in client.get(
        "/api/v1/pae/debtors?page_size=200", headers=h).get_json()["items"]]
    assert a.account_number not in numbers
    body = client.get("/api/v1/pae/debtors?include_sent=true&page_size=200",
                      headers=h).get_json()
    row = next(r for r in body["items"] if r["account_number"] == a.account_number)
    assert row["sent"]["mandate_number"] == "MEJ-2026-041"
    assert row["sent"]["officer_name"] == "Lic. Arturo Quiñónez"
    assert body["totals"]["sent_accounts"] >= 1
