"""`flask cartera vapid-keys` prints a working pair for .env; the key helpers."""
from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from server.config import Config
from server.webpush.keys import b64url_decode, load_private_key, public_key_for


def test_vapid_keys_prints_two_env_lines_that_sign_and_verify(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["cartera", "vapid-keys"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split("=", 1)[0] for line in lines] == ["VAPID_PRIVATE_KEY",
                                                         "VAPID_PUBLIC_KEY"]
    env = dict(line.split("=", 1) for line in lines)
    private, public = env["VAPID_PRIVATE_KEY"], env["VAPID_PUBLIC_KEY"]
    assert len(b64url_decode(private)) == 32 and "=" not in private
    point = b64url_decode(public)
    assert len(point) == 65 and point[0] == 4

    signature = load_private_key(private).sign(b"corte cancelado", ec.ECDSA(hashes.SHA256()))
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point).verify(
        signature, b"corte cancelado", ec.ECDSA(hashes.SHA256()))
    # pywebpush's own VAPID library reads it and its token verifies with the public key
    header = Vapid.from_string(private).sign(
        {"sub": "mailto:cobranza@oomapas.example", "aud": "https://push.example.com"})
    assert header["Authorization"].endswith("k=" + public)
    assert Vapid.verify(header["Authorization"])
    # and production starts with it
    cfg = Config.from_env(tmp_path, env={
        "CARTERA_ENV": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40,
        "DATABASE_URL": "postgresql://db/cartera", "VAPID_SUBJECT": "mailto:a@b.example",
        **env}).values
    assert cfg["VAPID_PUBLIC_KEY"] == public


def test_each_run_makes_a_new_pair(app):
    runner = app.test_cli_runner()
    outputs = {runner.invoke(args=["cartera", "vapid-keys"]).output for _ in range(2)}
    assert len(outputs) == 2


@pytest.mark.parametrize("text", ["", "abc", "A" * 44, "no válida", "x" * 43 + "!"])
def test_anything_but_a_32_byte_base64url_key_is_refused(text):
    with pytest.raises(ValueError):
        public_key_for(text)
