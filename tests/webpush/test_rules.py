"""Pure rules: which endpoints the server may call, TTL until the end of the shift,
Retry-After, payload and topic limits."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from server.errors import DomainError
from server.webpush import rules

UTC = timezone.utc


def _local(hour, minute=0, second=0):
    """A Hermosillo wall-clock time (UTC-7, no daylight saving) as UTC."""
    return datetime(2026, 11, 28, hour, minute, second, tzinfo=UTC) + timedelta(hours=7)


@pytest.mark.parametrize("endpoint", [
    "https://fcm.googleapis.com/fcm/send/abc:def",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
    "https://web.push.apple.com/QGuQyavXutnMH",
    "https://wns2-by3p.notify.windows.com/w/?token=BQYAAA%3d%3d",
])
def test_real_push_services_are_accepted_in_production(endpoint):
    assert rules.check_endpoint(endpoint, allow_local=False) == endpoint


@pytest.mark.parametrize("endpoint", [
    "http://fcm.googleapis.com/fcm/send/abc", "ftp://push.example.com/x",
    "https://127.0.0.1/x", "http://127.0.0.1:8080/x", "https://localhost/x",
    "https://[::1]/x", "https://10.1.2.3/x", "https://192.168.0.10/x", "https://169.254.1.1/x",
    "https://push.example.com/a b", "https://push.example.com/ñ", "javascript:alert(1)",
])
def test_anything_else_is_refused_in_production(endpoint):
    with pytest.raises(DomainError) as err:
        rules.check_endpoint(endpoint, allow_local=False)
    assert err.value.code == "PUSH_ENDPOINT_INVALID" and err.value.status == 422


def test_outside_production_a_local_push_service_may_use_http():
    for endpoint in ("http://127.0.0.1:5000/push/1", "http://localhost:5000/push/1",
                     "https://127.0.0.1/x"):
        assert rules.check_endpoint(endpoint, allow_local=True) == endpoint
    with pytest.raises(DomainError):
        rules.check_endpoint("http://push.example.com/x", allow_local=True)
    with pytest.raises(DomainError):
        rules.check_endpoint("https://10.0.0.2/x", allow_local=True)


@pytest.mark.parametrize("now, ttl", [
    (_local(8), 12 * 3600), (_local(19, 30), 1800), (_local(19, 59, 30), 60),
    (_local(20), 60), (_local(23), 60), (_local(0, 30), 19 * 3600 + 1800)])
def test_ttl_lasts_until_the_shift_ends_at_eight_pm_local(now, ttl):
    assert rules.seconds_until_shift_end(now) == ttl


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    assert rules.retry_after_seconds("7", now) == 7
    assert rules.retry_after_seconds("Sat, 28 Nov 2026 15:00:30 GMT", now) == 30
    assert rules.retry_after_seconds("Sat, 28 Nov 2026 14:00:00 GMT", now) == 0
    assert rules.retry_after_seconds(None, now) is None
    assert rules.retry_after_seconds("pronto", now) is None


def test_the_vapid_audience_is_the_endpoints_origin():
    assert rules.origin("https://fcm.googleapis.com/fcm/send/x") == "https://fcm.googleapis.com"
    assert rules.origin("http://127.0.0.1:8123/push/1") == "http://127.0.0.1:8123"


def test_a_payload_is_compact_json_of_at_most_1_kb():
    body = rules.encode_payload({"t": "disconnection.cancelled", "id": "ab", "rv": 1})
    assert body == b'{"t":"disconnection.cancelled","id":"ab","rv":1}'
    rules.encode_payload({"p": "x" * 1000})
    with pytest.raises(ValueError):
        rules.encode_payload({"p": "x" * 1020})
    with pytest.raises(ValueError):
        rules.encode_payload(["no", "es", "objeto"])


def test_a_topic_is_up_to_32_url_safe_characters():
    assert rules.check_topic("0123456789abcdef0123456789abcdef")
    for bad in ("", "x" * 33, "con espacio", "a/b", "a=b", None):
        with pytest.raises(ValueError):
            rules.check_topic(bad)
