"""Pure rules of Web Push: what a usable subscription is, the message limits, TTL and retry
timing. No Flask, no database."""
from __future__ import annotations

import ipaddress
import json
import re
from datetime import datetime, time, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from server.common.clock import LOCAL_TZ
from server.webpush.errors import endpoint_invalid, key_invalid
from server.webpush.keys import b64url_decode, b64url_encode

ENDPOINT_MAX_CHARS = 2048
PAYLOAD_MAX_BYTES = 1024  # SYNC.md: "payload under 1 KB"; push services allow ~4 KB
URGENCIES = ("very-low", "low", "normal", "high")
TOPIC_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")  # RFC 8030 §5.4: ≤ 32 URL-safe base64 chars
SHIFT_END = time(20, 0)  # field work ends by 20:00 local: a wake-up later is useless
MIN_TTL = 60
MAX_TTL = 28 * 24 * 3600  # push services keep a message four weeks at most
LOOPBACK_NAMES = ("localhost",)


def _ip(host: str):
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_endpoint(endpoint: str, *, allow_local: bool) -> str:
    """The endpoint, if the server may POST to it.

    https to a public host. Loopback hosts (127.0.0.0/8, ::1, localhost) are accepted,
    over http too, only when `allow_local` (development and tests: a local push endpoint);
    private, link-local and loopback addresses are refused otherwise, so a subscription
    cannot aim the server at its own network.
    """
    if len(endpoint) > ENDPOINT_MAX_CHARS or not endpoint.isascii():
        raise endpoint_invalid("Dirección demasiado larga o con caracteres no permitidos.")
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        host = ""
    if not host or parts.username is not None or parts.password is not None \
            or any(c.isspace() for c in endpoint):
        raise endpoint_invalid("No es una dirección web válida.")
    ip = _ip(host)
    local = host in LOOPBACK_NAMES or (ip is not None and ip.is_loopback)
    if local and allow_local and parts.scheme in ("http", "https"):
        return endpoint
    if parts.scheme != "https":
        raise endpoint_invalid("Debe ser una dirección https.")
    if local or (ip is not None and not ip.is_global):
        raise endpoint_invalid("La dirección apunta a una red privada.")
    return endpoint


def check_p256dh(text: str) -> str:
    """The browser's public key: base64url of a 65-byte uncompressed P-256 point."""
    try:
        raw = b64url_decode(text)
    except ValueError:
        raise key_invalid("p256dh", "No está en base64url.") from None
    if len(raw) != 65 or raw[0] != 4:
        raise key_invalid("p256dh", "Debe ser un punto P-256 sin comprimir (65 bytes).")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise key_invalid("p256dh", "No es un punto de la curva P-256.") from None
    return b64url_encode(raw)


def check_auth(text: str) -> str:
    """The browser's auth secret: base64url of 16 bytes."""
    try:
        raw = b64url_decode(text)
    except ValueError:
        raise key_invalid("auth", "No está en base64url.") from None
    if len(raw) != 16:
        raise key_invalid("auth", "Debe medir 16 bytes.")
    return b64url_encode(raw)


def encode_payload(payload: dict) -> bytes:
    """The message as compact JSON; ValueError above 1 KB (ids only, never data)."""
    if not isinstance(payload, dict):
        raise ValueError("a web push payload is a JSON object")
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")
    if len(body) > PAYLOAD_MAX_BYTES:
        raise ValueError(f"web push payload is {len(body)} bytes; at most "
                         f"{PAYLOAD_MAX_BYTES}")
    return body


def check_topic(topic: str) -> str:
    """A Topic header value (a newer message with it replaces an undelivered older one)."""
    if not isinstance(topic, str) or not TOPIC_RE.match(topic):
        raise ValueError("topic must be 1-32 characters of A-Z a-z 0-9 - _ (e.g. uuid.hex)")
    return topic


def check_urgency(urgency: str) -> str:
    """An Urgency header value (RFC 8030 §5.3)."""
    if urgency not in URGENCIES:
        raise ValueError(f"urgency must be one of {URGENCIES}")
    return urgency


def check_ttl(ttl: int | None) -> int | None:
    """An explicit TTL in seconds (0 = now or never), or None for the end of the shift."""
    if ttl is None:
        return None
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 <= ttl <= MAX_TTL:
        raise ValueError(f"ttl must be an int between 0 and {MAX_TTL} seconds")
    return ttl


def seconds_until_shift_end(now: datetime) -> int:
    """Seconds from `now` until 20:00 America/Hermosillo today; at least a minute."""
    local = now.astimezone(LOCAL_TZ)
    end = datetime.combine(local.date(), SHIFT_END, tzinfo=LOCAL_TZ)
    return max(MIN_TTL, int((end - local).total_seconds()))


def origin(endpoint: str) -> str:
    """scheme://host[:port] of the endpoint: the VAPID `aud` claim."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}".lower()


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """A Retry-After header (seconds or HTTP date) as seconds from `now`; None if absent
    or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now) / timedelta(seconds=1))
