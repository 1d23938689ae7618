"""VAPID keys (RFC 8292): the server's P-256 key pair, as base64url text for `.env`.

The private key is the raw 32-byte scalar in base64url (what py-vapid's `from_string` and
the `web-push` tools use); the public key is the 65-byte uncompressed point in base64url,
what the browser's `PushManager.subscribe({applicationServerKey})` needs.
"""
from __future__ import annotations

import base64
import binascii
import re

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

_B64URL = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")


def b64url_encode(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError on any other character."""
    if not isinstance(text, str) or not _B64URL.match(text.strip()):
        raise ValueError("not base64url")
    text = text.strip().rstrip("=")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """The P-256 private key from its base64url raw scalar; ValueError if it is not one."""
    raw = b64url_decode(text)
    if len(raw) != 32:
        raise ValueError("a VAPID private key is 32 bytes")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def public_key_text(private_key: ec.EllipticCurvePrivateKey) -> str:
    """The public half as base64url of the uncompressed point (65 bytes)."""
    return b64url_encode(private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def public_key_for(private_text: str) -> str:
    """The public key (base64url point) that belongs to this private key text."""
    return public_key_text(load_private_key(private_text))


def generate_vapid_keys() -> tuple[str, str]:
    """A fresh pair: (private base64url scalar, public base64url uncompressed point)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url_encode(key.private_numbers().private_value.to_bytes(32, "big")), \
        public_key_text(key)
