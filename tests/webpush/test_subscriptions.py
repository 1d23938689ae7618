"""POST/DELETE /api/sync/v1/push-subscriptions: a device stores or drops its Web Push
subscription; bad input is a 4xx with a Spanish message, never a 500."""
from __future__ import annotations

import base64
import uuid

import pytest
import sqlalchemy as sa

from server.common.i18n import MESSAGES
from server.extensions import db
from server.sync.clients import revoke_client
from server.webpush.models import PushSubscription
from tests.sync.conftest import Device
from tests.webpush.conftest import SUBSCRIPTIONS, Browser, b64url

ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123:APA91b-token"


def _rows(**where):
    stmt = sa.select(PushSubscription)
    for key, value in where.items():
        stmt = stmt.where(getattr(PushSubscription, key) == value)
    return db.session.execute(stmt).scalars().all()


@pytest.fixture()
def device(app, client, make_user):
    def _make(*roles):
        user = make_user(*(roles or ("cutter",)))
        d = Device(client, app, user.id, roles=roles or ("cutter",))
        assert d.register().status_code == 200
        return d
    return _make


def _post(client, d, subscription, client_id=None):
    return client.post(SUBSCRIPTIONS, headers=d.headers, json={
        "client_id": str(client_id or d.client_id), "subscription": subscription})


def _is_sync_error(resp, status, code):
    body = resp.get_json()
    assert resp.status_code == status, body
    assert resp.headers["Cache-Control"] == "no-store"
    assert body["proto"] == 1 and body["error_code"] == code
    assert body["message"] == MESSAGES[code] or body["message"].startswith(MESSAGES[code][:20])
    return body


def test_a_device_stores_its_subscription_and_gets_ok(client, device):
    d = device("cutter")
    browser = Browser()
    resp = _post(client, d, browser.subscription(ENDPOINT))
    assert resp.status_code == 200 and resp.get_json() == {"proto": 1, "ok": True}
    assert resp.headers["Cache-Control"] == "no-store"
    (row,) = _rows(client_id=d.client_id)
    assert (row.user_id, row.endpoint) == (d.user_id, ENDPOINT)
    assert (row.p256dh, row.auth, row.failures) == (browser.p256dh, browser.auth, 0)


def test_subscribing_again_replaces_the_clients_subscription(client, device):
    d = device()
    _post(client, d, Browser().subscription(ENDPOINT))
    newer = Browser()
    assert _post(client, d, newer.subscription(ENDPOINT + "-renovado")).status_code == 200
    (row,) = _rows(client_id=d.client_id)
    assert row.endpoint == ENDPOINT + "-renovado" and row.p256dh == newer.p256dh


def test_a_browser_shared_by_two_users_wakes_only_the_one_who_subscribed_last(client, device):
    first, second = device(), device()
    _post(client, first, Browser().subscription(ENDPOINT))
    assert _post(client, second, Browser().subscription(ENDPOINT)).status_code == 200
    assert [r.user_id for r in _rows(endpoint=ENDPOINT)] == [second.user_id]


def test_padded_keys_are_accepted_and_stored_without_padding(client, device):
    d = device()
    browser = Browser()
    sub = browser.subscription(ENDPOINT)
    sub["keys"]["auth"] += "=="
    assert _post(client, d, sub).status_code == 200
    assert _rows(client_id=d.client_id)[0].auth == browser.auth


def test_deleting_drops_the_subscription_and_is_idempotent(client, device):
    d = device()
    _post(client, d, Browser().subscription(ENDPOINT))
    for _ in range(2):
        resp = client.delete(SUBSCRIPTIONS, headers=d.headers,
                             json={"client_id": str(d.client_id)})
        assert resp.status_code == 200 and resp.get_json() == {"proto": 1, "ok": True}
    assert _rows(client_id=d.client_id) == []
    unknown = client.delete(SUBSCRIPTIONS, headers=d.headers,
                            json={"client_id": str(uuid.uuid4())})
    assert unknown.status_code == 200


def test_another_users_client_can_neither_subscribe_nor_unsubscribe(client, device):
    owner, intruder = device(), device()
    _post(client, owner, Browser().subscription(ENDPOINT))
    _is_sync_error(_post(client, intruder, Browser().subscription(ENDPOINT + "-x"),
                         client_id=owner.client_id), 403, "CLIENT_BOUND_TO_OTHER_USER")
    _is_sync_error(client.delete(SUBSCRIPTIONS, headers=intruder.headers,
                                 json={"client_id": str(owner.client_id)}),
                   403, "CLIENT_BOUND_TO_OTHER_USER")
    assert _rows(client_id=owner.client_id)[0].endpoint == ENDPOINT


def test_a_revoked_client_is_refused_and_loses_its_subscription(client, device):
    d = device()
    _post(client, d, Browser().subscription(ENDPOINT))
    revoke_client(d.client_id)
    assert _rows(client_id=d.client_id) == []
    _is_sync_error(_post(client, d, Browser().subscription(ENDPOINT)), 403, "CLIENT_REVOKED")


def test_an_unregistered_client_must_register_first(client, device):
    d = device()
    body = _is_sync_error(_post(client, d, Browser().subscription(ENDPOINT),
                                client_id=uuid.uuid4()), 404, "CLIENT_NOT_REGISTERED")
    assert "registrado" in body["message"]


def _bad_point() -> str:
    return b64url(b"\x04" + b"\x01" * 64)  # the right length, not on the curve


GOOD = Browser()
BAD_SUBSCRIPTIONS = [
    # (what is wrong, subscription, error_code, field path)
    ("http to a foreign host", {"endpoint": "http://push.example.com/x"},
     "PUSH_ENDPOINT_INVALID", ("subscription", "endpoint")),
    ("a private network", {"endpoint": "https://10.0.0.7/push"},
     "PUSH_ENDPOINT_INVALID", ("subscription", "endpoint")),
    ("no host", {"endpoint": "https:///push"}, "PUSH_ENDPOINT_INVALID",
     ("subscription", "endpoint")),
    ("not a URL", {"endpoint": "no es una dirección"}, "PUSH_ENDPOINT_INVALID",
     ("subscription", "endpoint")),
    ("credentials in the URL", {"endpoint": "https://u:p@push.example.com/x"},
     "PUSH_ENDPOINT_INVALID", ("subscription", "endpoint")),
    ("a bad port", {"endpoint": "https://push.example.com:99999/x"},
     "PUSH_ENDPOINT_INVALID", ("subscription", "endpoint")),
    ("an endpoint over 2048 chars", {"endpoint": "https://push.example.com/" + "a" * 2048},
     "VALIDATION_ERROR", ("subscription", "endpoint")),
    ("p256dh of 64 bytes", {"keys": {"p256dh": b64url(b"\x04" * 64), "auth": GOOD.auth}},
     "PUSH_KEYS_INVALID", ("subscription", "keys", "p256dh")),
    ("p256dh compressed", {"keys": {"p256dh": b64url(b"\x02" + b"\x01" * 32),
                                    "auth": GOOD.auth}},
     "PUSH_KEYS_INVALID", ("subscription", "keys", "p256dh")),
    ("p256dh off the curve", {"keys": {"p256dh": _bad_point(), "auth": GOOD.auth}},
     "PUSH_KEYS_INVALID", ("subscription", "keys", "p256dh")),
    ("p256dh not base64url", {"keys": {"p256dh": "¡no!$%", "auth": GOOD.auth}},
     "PUSH_KEYS_INVALID", ("subscription", "keys", "p256dh")),
    ("p256dh standard base64", {"keys": {"p256dh": base64.b64encode(b"\xfb" * 65).decode(),
                                         "auth": GOOD.auth}},
     "PUSH_KEYS_INVALID", ("subscription", "keys", "p256dh")),
    ("auth of 15 bytes", {"keys": {"p256dh": GOOD.p256dh, "auth": b64url(b"a" * 15)}},
     "PUSH_KEYS_INVALID", ("subscription", "keys", "auth")),
    ("auth missing", {"keys": {"p256dh": GOOD.p256dh}},
     "VALIDATION_ERROR", ("subscription", "keys", "auth")),
    ("keys not an object", {"keys": "p256dh"}, "VALIDATION_ERROR", ("subscription", "keys")),
    ("keys as numbers", {"keys": {"p256dh": 5, "auth": 6}},
     "VALIDATION_ERROR", ("subscription", "keys", "p256dh")),
    ("endpoint a number", {"endpoint": 42}, "VALIDATION_ERROR", ("subscription", "endpoint")),
    ("endpoint null", {"endpoint": None}, "VALIDATION_ERROR", ("subscription", "endpoint")),
    ("an unknown field", {"extra": 1}, "VALIDATION_ERROR", ("subscription", "extra")),
    ("expirationTime a word", {"expirationTime": "mañana"}, "VALIDATION_ERROR",
     ("subscription", "expirationTime")),
]


@pytest.mark.parametrize("case", BAD_SUBSCRIPTIONS, ids=[c[0] for c in BAD_SUBSCRIPTIONS])
def test_a_subscription_push_cannot_use_is_a_422_in_spanish(client, device, case):
    _, change, code, path = case
    d = device()
    sub = {**Browser().subscription(ENDPOINT), **change}
    body = _is_sync_error(_post(client, d, sub), 422, code)
    errors = body["errors"]
    for key in path:
        assert key in errors, body
        errors = errors[key]
    assert errors and all(isinstance(m, str) and m for m in errors), body
    assert _rows(client_id=d.client_id) == []


BAD_BODIES = [
    ("no client_id", {"subscription": GOOD.subscription(ENDPOINT)}, "client_id"),
    ("client_id not a uuid", {"client_id": "mi-telefono",
                              "subscription": GOOD.subscription(ENDPOINT)}, "client_id"),
    ("client_id a number", {"client_id": 7, "subscription": GOOD.subscription(ENDPOINT)},
     "client_id"),
    ("no subscription", {"client_id": str(uuid.uuid4())}, "subscription"),
    ("subscription a list", {"client_id": str(uuid.uuid4()), "subscription": [ENDPOINT]},
     "subscription"),
    ("an unknown field", {"client_id": str(uuid.uuid4()), "endpoint": ENDPOINT,
                          "subscription": GOOD.subscription(ENDPOINT)}, "endpoint"),
]


@pytest.mark.parametrize("case", BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
def test_a_malformed_body_is_a_422_naming_the_field_in_spanish(client, device, case):
    _, payload, field = case
    d = device()
    resp = client.post(SUBSCRIPTIONS, headers=d.headers, json=payload)
    body = _is_sync_error(resp, 422, "VALIDATION_ERROR")
    assert field in body["errors"]
    text = str(body["errors"][field])
    assert any(w in text for w in ("obligatorio", "no válido", "objeto", "reconocido")), text


def test_the_delete_body_is_validated_too(client, device):
    d = device()
    resp = client.delete(SUBSCRIPTIONS, headers=d.headers, json={"client_id": "x"})
    assert _is_sync_error(resp, 422, "VALIDATION_ERROR")["errors"]["client_id"] == [
        "Identificador no válido (UUID)."]


def test_an_oversize_body_is_refused_before_it_is_read(client, device):
    d = device()
    sub = GOOD.subscription(ENDPOINT)
    sub["padding"] = "x" * 20000
    resp = client.post(SUBSCRIPTIONS, headers=d.headers,
                       json={"client_id": str(d.client_id), "subscription": sub})
    _is_sync_error(resp, 413, "PAYLOAD_TOO_LARGE")


def test_without_a_token_it_is_a_401(client):
    resp = client.post(SUBSCRIPTIONS, json={"client_id": str(uuid.uuid4())})
    assert resp.status_code == 401 and resp.get_json()["proto"] == 1


def test_an_http_endpoint_on_this_machine_is_accepted_outside_production(client, device):
    d = device()
    assert _post(client, d, GOOD.subscription("http://127.0.0.1:9/push/x")).status_code == 200
    assert _post(client, d, GOOD.subscription("http://localhost:9/push/x")).status_code == 200


def test_in_production_a_local_endpoint_is_refused(app, client, device, monkeypatch):
    monkeypatch.setitem(app.config, "WEBPUSH_ALLOW_LOCAL_ENDPOINTS", False)
    d = device()
    for endpoint in ("http://127.0.0.1:9/push/x", "https://127.0.0.1/push/x",
                     "https://localhost/push/x", "https://[::1]/push/x"):
        _is_sync_error(_post(client, d, GOOD.subscription(endpoint)), 422,
                       "PUSH_ENDPOINT_INVALID")


def test_sending_the_same_subscription_again_keeps_its_delivery_record(client, device):
    d = device()
    sub = Browser().subscription(ENDPOINT)
    _post(client, d, sub)
    (row,) = _rows(client_id=d.client_id)
    row.failures = 2
    db.session.flush()
    assert _post(client, d, sub).status_code == 200
    db.session.expire_all()
    (again,) = _rows(client_id=d.client_id)
    assert (again.id, again.failures) == (row.id, 2)
