"""A lost device: the manager revokes it; its tokens are refused, its next contact gets the
wipe directive (403 CLIENT_WIPE, recorded and audited), her other device is unaffected."""
import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from server.audit.models import AuditEvent
from server.auth.models import RevokedDevice
from server.webpush.models import PushSubscription
from tests.sync.conftest import SYNC, Device

AUTH = "/api/v1/auth"


def _token(app, user, tv):
    with app.test_request_context():
        return create_access_token(identity=str(user.id),
                                   additional_claims={"roles": ["notifier"], "tv": tv})


def _pull(device):
    return device.http.post(f"{SYNC}/pull", headers=device.headers, json={
        "client_id": str(device.client_id), "schema_version": 2, "cookie": None,
        "limit": 100})


def _revoke(client, headers, device, **extra):
    return client.post(f"{AUTH}/devices/{device.client_id}/revoke", headers=headers,
                       json={"reason": "Teléfono extraviado", **extra})


def test_a_revoked_device_gets_the_wipe_directive_and_her_other_phone_goes_on(
        app, client, make_user, auth_headers, db_session):
    rosa = make_user("notifier", username="rosa")
    lost, spare = Device(client, app, rosa.id), Device(client, app, rosa.id)
    assert lost.register().status_code == 200 and spare.register().status_code == 200
    for phone in (lost, spare):
        db_session.add(PushSubscription(client_id=phone.client_id, user_id=rosa.id,
                                        endpoint=f"https://push.example/{phone.client_id}",
                                        p256dh="k", auth="a"))
    db_session.commit()
    manager = auth_headers("manager")
    listed = client.get(f"{AUTH}/users/{rosa.id}/devices", headers=manager).get_json()
    assert {d["state"] for d in listed["items"]} == {"active"} and len(listed["items"]) == 2

    out = _revoke(client, manager, lost)
    assert out.status_code == 200 and out.get_json()["state"] == "wipe_pending"
    # Her tokens are revoked (sessions ended): the old one no longer opens anything...
    assert client.get("/api/v1/auth/me", headers=lost.headers).status_code == 401
    # ...yet the lost phone's next contact still receives the directive, in sync's shape.
    resp = _pull(lost)
    assert resp.status_code == 403
    body = resp.get_json()
    assert body["error_code"] == "CLIENT_WIPE" and body["proto"] == 1 and body["wipe"] is True
    assert "datos locales" in body["message"]
    assert resp.headers["Cache-Control"] == "no-store"
    for again in (lost.push([lost.mutation("test.note", {"text": "x"})]), lost.register()):
        assert again.status_code == 403 and again.get_json()["error_code"] == "CLIENT_WIPE"
    row = db_session.get(RevokedDevice, lost.client_id)
    db_session.refresh(row)
    assert row.reason == "Teléfono extraviado" and row.delivered_at is not None
    actions = [e.action for e in db_session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_id == str(lost.client_id)).order_by(AuditEvent.id)).scalars()]
    assert actions == ["revoked_wipe", "wipe_delivered"]  # delivered recorded once
    # It can no longer be woken by Web Push; the other phone still can.
    subscribed = set(db_session.execute(sa.select(PushSubscription.client_id)).scalars())
    assert subscribed == {spare.client_id}

    # The other phone keeps its client and data: after logging in again it syncs as before.
    spare.headers = {"Authorization": f"Bearer {_token(app, rosa, tv=1)}"}
    assert _pull(spare).status_code == 200
    states = {d["id"]: d["state"] for d in client.get(
        f"{AUTH}/users/{rosa.id}/devices", headers=manager).get_json()["items"]}
    assert states == {str(lost.client_id): "wiped", str(spare.client_id): "active"}


def test_without_ending_sessions_the_other_phone_keeps_its_token(app, client, make_user,
                                                                 auth_headers, db_session):
    beto = make_user("notifier", username="beto")
    lost, spare = Device(client, app, beto.id), Device(client, app, beto.id)
    lost.register(), spare.register()
    db_session.commit()
    assert _revoke(client, auth_headers("manager"), lost, end_sessions=False).status_code == 200
    assert _pull(spare).status_code == 200
    assert _pull(lost).get_json()["error_code"] == "CLIENT_WIPE"


def test_only_the_manager_revokes_and_bad_input_is_spanish(app, client, make_user,
                                                           auth_headers, db_session):
    rosa = make_user("notifier", username="rosa")
    phone = Device(client, app, rosa.id)
    phone.register()
    db_session.commit()
    assert _revoke(client, auth_headers("director"), phone).status_code == 403
    assert client.get(f"{AUTH}/users/{rosa.id}/devices",
                      headers=auth_headers("director")).status_code == 200
    manager = auth_headers("manager")
    no_reason = client.post(f"{AUTH}/devices/{phone.client_id}/revoke", headers=manager,
                            json={})
    assert no_reason.status_code == 422
    assert "motivo" in no_reason.get_json()["errors"]["reason"][0]
    import uuid
    missing = client.post(f"{AUTH}/devices/{uuid.uuid4()}/revoke", headers=manager,
                          json={"reason": "Perdido"})
    assert missing.status_code == 404 and "dispositivo" in missing.get_json()["message"]
    assert _pull(phone).status_code == 200  # nothing revoked by the refused calls
