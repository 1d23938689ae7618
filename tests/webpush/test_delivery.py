"""Web Push for real: encrypted (aes128gcm) and VAPID-signed to a local push service that
decrypts it; retries and pruning."""
from __future__ import annotations

import base64
import json
import time
import uuid
from collections import Counter

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from server.common.clock import utcnow
from server.db import transaction
from server.extensions import db
from server.webpush import jobs, rules
from server.webpush.models import PushSubscription
from server.webpush.service import notify_users
from tests.webpush.conftest import run_queued

_POINT = (serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _vapid(header: str) -> tuple[dict, dict, str]:
    """Authorization: vapid t=<jwt>, k=<key> → (jwt header, claims, k), signature checked."""
    scheme, _, params = header.partition(" ")
    assert scheme == "vapid"
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    head, claims, sig = parts["t"].split(".")
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64d(parts["k"]))
    raw = _b64d(sig)
    assert len(raw) == 64
    key.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                    int.from_bytes(raw[32:], "big")),
               f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(_b64d(head)), json.loads(_b64d(claims)), parts["k"]


def _notify(user_ids, payload=None, **kwargs):
    order = kwargs.pop("order", uuid.uuid4())
    payload = payload or {"t": "disconnection.cancelled", "id": str(order), "rv": 104250,
                          "account": "01-0042-7"}
    with transaction() as session:
        notify_users(session, user_ids, payload, topic=kwargs.pop("topic", order.hex),
                     **kwargs)
    return payload


def _subscription(user):
    return db.session.execute(sa.select(PushSubscription).where(
        PushSubscription.user_id == user.id)).scalar_one_or_none()


def test_a_cancellation_reaches_the_cutters_phone_encrypted_and_signed(
        app, push_service, subscribed, queued, sleeps):
    service = push_service()
    endpoint = service.endpoint("cortador-1")
    user, _device, browser = subscribed(endpoint)
    order = uuid.uuid4()
    payload = _notify([user.id], order=order)

    assert [p for p, _ in queued] == ["server.webpush.jobs.send"]  # after the commit
    assert run_queued(queued, sleeps) == [{"sent": 1, "pruned": 0, "failed": 0}]

    (got,) = service.received
    assert (got["method"], got["path"]) == ("POST", "/push/cortador-1")
    headers = got["headers"]
    assert browser.decrypt(got["body"]) == payload
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["urgency"] == "high"
    assert headers["topic"] == order.hex
    ttl = int(headers["ttl"])
    assert abs(ttl - rules.seconds_until_shift_end(utcnow())) <= 5 and ttl >= 60
    jwt_head, claims, key = _vapid(headers["authorization"])
    assert jwt_head["alg"] == "ES256"
    assert key == app.config["VAPID_PUBLIC_KEY"]
    assert claims["aud"] == service.origin
    assert claims["sub"] == app.config["VAPID_SUBJECT"] == "mailto:cartera@localhost"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert _subscription(user).last_success_at is not None


def test_the_signature_does_not_verify_with_another_key(app, push_service, subscribed, queued,
                                                         sleeps):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    _notify([user.id])
    run_queued(queued, sleeps)
    header = service.received[0]["headers"]["authorization"]
    other = base64.urlsafe_b64encode(ec.generate_private_key(ec.SECP256R1()).public_key()
                                     .public_bytes(*_POINT)).rstrip(b"=").decode()
    forged = header.split("k=")[0] + "k=" + other
    with pytest.raises(InvalidSignature):
        _vapid(forged)


def test_each_send_signs_for_its_own_push_service(push_service, subscribed, queued, sleeps):
    google, mozilla = push_service(), push_service()
    user, *_ = subscribed(google.endpoint("telefono"))
    subscribed(mozilla.endpoint("tableta"), user=user)
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 2, "pruned": 0, "failed": 0}]
    for service in (google, mozilla):
        (got,) = service.received
        assert _vapid(got["headers"]["authorization"])[1]["aud"] == service.origin


def test_an_explicit_ttl_urgency_and_topic_are_sent_as_given(push_service, subscribed, queued,
                                                              sleeps):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    _notify([user.id], ttl=900, urgency="normal", topic="ruta-2026-11-28")
    run_queued(queued, sleeps)
    headers = service.received[0]["headers"]
    assert (headers["ttl"], headers["urgency"], headers["topic"]) == (
        "900", "normal", "ruta-2026-11-28")


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_says_is_gone_is_deleted(
        push_service, subscribed, queued, sleeps, status):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    service.answer(status)
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 0, "pruned": 1, "failed": 0}]
    assert len(service.received) == 1 and sleeps == []
    assert _subscription(user) is None


def test_too_many_requests_is_retried_after_retry_after_and_delivered_once(
        push_service, subscribed, queued, sleeps):
    service = push_service()
    user, _, browser = subscribed(service.endpoint())
    service.answer((429, {"Retry-After": "0"}), 201)
    payload = _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 1, "pruned": 0, "failed": 0}]
    assert len(service.received) == 2
    assert all(browser.decrypt(r["body"]) == payload for r in service.received)
    assert all(s <= 0.01 for s in sleeps)  # Retry-After: 0 → no real wait
    assert _subscription(user).failures == 0


def test_server_errors_are_retried_with_backoff_until_delivered(push_service, subscribed,
                                                                queued, sleeps):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    service.answer(500, 500, 201)
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 1, "pruned": 0, "failed": 0}]
    assert len(service.received) == 3
    assert [round(s) for s in sleeps] == [1, 2]
    sub = _subscription(user)
    assert sub.failures == 0 and sub.last_success_at is not None


def test_a_push_service_that_stays_down_is_tried_four_times_then_counted_as_a_failure(
        push_service, subscribed, queued, sleeps):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    service.answer(503, 503, 503, 503, 201)
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 0, "pruned": 0, "failed": 1}]
    assert len(service.received) == 4
    assert [round(s) for s in sleeps] == [1, 2, 4]
    assert _subscription(user).failures == 1


def test_a_retry_after_beyond_the_budget_is_not_waited_for(push_service, subscribed, queued,
                                                           sleeps):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    service.answer((429, {"Retry-After": "3600"}))
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 0, "pruned": 0, "failed": 1}]
    assert len(service.received) == 1 and sleeps == []


def test_another_client_error_is_counted_not_retried(push_service, subscribed, queued, sleeps):
    service = push_service()
    user, *_ = subscribed(service.endpoint())
    service.answer(400, 403)
    _notify([user.id])
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 0, "pruned": 0, "failed": 1}] * 2
    assert len(service.received) == 2 and sleeps == []
    assert _subscription(user).failures == 2


def test_an_unreachable_push_service_is_retried_then_counted(subscribed, queued, sleeps):
    user, *_ = subscribed("http://127.0.0.1:9/push/nadie")  # discard port: refused
    _notify([user.id])
    assert run_queued(queued, sleeps) == [{"sent": 0, "pruned": 0, "failed": 1}]
    assert [round(s) for s in sleeps] == [1, 2, 4]


def test_one_failing_device_does_not_stop_the_others(push_service, make_user, subscribed,
                                                     queued, sleeps):
    service = push_service()
    gone, down, fine = (subscribed(service.endpoint(name))[0]
                        for name in ("viejo", "caido", "bien"))
    service.answer(410, path="/push/viejo")
    service.answer(500, 500, 500, 500, path="/push/caido")
    nobody = make_user("cutter")  # no subscription: nothing to send
    _notify([gone.id, down.id, fine.id, nobody.id])
    assert run_queued(queued, sleeps) == [{"sent": 1, "pruned": 1, "failed": 1}]
    assert _subscription(gone) is None
    assert _subscription(down).failures == 1
    assert _subscription(fine).last_success_at is not None


def test_a_subscription_replaced_while_sending_is_not_pruned(push_service, subscribed):
    service = push_service()
    user, *_ = subscribed(service.endpoint("nuevo"))
    row = _subscription(user)
    stale = jobs.Target(row.id, user.id, service.endpoint("anterior"), row.p256dh, row.auth)
    jobs.record_outcomes([stale], sent=Counter(), failed=Counter(), gone={row.id})
    assert _subscription(user).endpoint == service.endpoint("nuevo")


def test_a_payload_over_1_kb_is_refused_before_anything_is_queued(subscribed, make_user,
                                                                  queued):
    user = make_user("cutter")
    with pytest.raises(ValueError, match="1024"):
        _notify([user.id], payload={"t": "x", "pad": "a" * 1100})
    assert queued == []


@pytest.mark.parametrize("kwargs", [
    {"topic": "con espacios"}, {"topic": "x" * 33}, {"topic": ""}, {"topic": "ñandú"},
    {"urgency": "urgent"}, {"ttl": -1}, {"ttl": 60.5}])
def test_a_bad_topic_urgency_or_ttl_is_refused(make_user, queued, kwargs):
    user = make_user("cutter")
    with pytest.raises(ValueError):
        _notify([user.id], **kwargs)
    assert queued == []
