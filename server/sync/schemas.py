"""Envelopes of field-sync v1 requests and responses (SYNC.md "Endpoints")."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class ClientIn(_Strict):
    """Register or refresh a client."""

    client_id = fields.UUID(required=True)
    schema_version = fields.Integer(required=True, strict=True,
                                    validate=validate.Range(min=1, max=10000))
    app_version = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=40))
    user_agent = fields.String(load_default=None, allow_none=True,
                               validate=validate.Length(max=1000))


class ClientOut(Schema):
    """The epoch cookies must carry, the accepted schema window and the client's last_seq."""

    proto = fields.Integer()
    client_id = fields.UUID()
    epoch = fields.String()
    schema_min = fields.Integer()
    schema_max = fields.Integer()
    last_seq = fields.Integer()
    vapid_public_key = fields.String(allow_none=True)
    server_time = fields.DateTime()


class MutationIn(_Strict):
    """One queued command; `args` are validated later by the (name, v) handler's schema."""

    seq = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    id = fields.UUID(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=60))
    v = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=1000))
    base_rv = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0))
    created_at = fields.Raw(load_default=None, allow_none=True)
    args = fields.Raw(required=True, allow_none=True)


class PushIn(_Strict):
    """A batch of mutations in seq order (at most 100 and 256 KB)."""

    client_id = fields.UUID(required=True)
    schema_version = fields.Integer(required=True, strict=True,
                                    validate=validate.Range(min=1, max=10000))
    acked_seq = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0))
    mutations = fields.List(fields.Nested(MutationIn), required=True)


class MutationResultOut(Schema):
    """A mutation's outcome: applied, flagged, duplicate or rejected."""

    seq = fields.Integer()
    status = fields.String()
    code = fields.String()
    message = fields.String()
    flags = fields.List(fields.String())
    errors = fields.Dict()
    rv = fields.Integer()


class PushOut(Schema):
    """Outcomes, the client's last_seq and the blobs the server still lacks."""

    proto = fields.Integer()
    last_seq = fields.Integer()
    results = fields.List(fields.Nested(MutationResultOut))
    missing_blobs = fields.List(fields.String())
    server_time = fields.DateTime()
    error = fields.String(metadata={"description": "CLIENT_STATE_NOT_FOUND (typed error)"})


class PullIn(_Strict):
    """Changes since `cookie` (null: from the beginning), at most `limit` (1000) rows."""

    client_id = fields.UUID(required=True)
    schema_version = fields.Integer(required=True, strict=True,
                                    validate=validate.Range(min=1, max=10000))
    cookie = fields.String(load_default=None, allow_none=True,
                           validate=validate.Length(max=4000))
    limit = fields.Integer(load_default=500, strict=True, validate=validate.Range(min=1))


class PatchOpOut(Schema):
    """put (with the row `d`) or del (with `why` "left_scope" when it left the scope)."""

    op = fields.String()
    t = fields.String()
    id = fields.String()
    rv = fields.Integer()
    d = fields.Dict()
    why = fields.String()


class PullOut(Schema):
    """A page of the patch; `last_seq` only on the last page."""

    proto = fields.Integer()
    cookie = fields.String(allow_none=True)
    has_more = fields.Boolean()
    reset = fields.Boolean()
    last_seq = fields.Integer()
    patch = fields.List(fields.Nested(PatchOpOut))
    server_time = fields.DateTime()
    error = fields.String(metadata={"description": "VERSION_NOT_SUPPORTED (typed error)"})


# --- Web Push subscriptions (SYNC.md "Web Push"); messages in Spanish, per field ---
_REQ = {"required": "Campo obligatorio.", "null": "Campo obligatorio.",
        "invalid": "Debe ser texto."}


class _StrictEs(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "Campo no reconocido.",
                      "type": "Debe ser un objeto JSON."}


class PushKeysIn(_StrictEs):
    """The subscription's encryption keys, base64url as `PushSubscription.toJSON()` gives."""

    p256dh = fields.String(required=True, error_messages=_REQ,
                           validate=validate.Length(min=1, max=200, error="Longitud no válida."))
    auth = fields.String(required=True, error_messages=_REQ,
                         validate=validate.Length(min=1, max=100, error="Longitud no válida."))


class PushSubscriptionBodyIn(_StrictEs):
    """`PushSubscription.toJSON()`: endpoint, keys; expirationTime is accepted and ignored."""

    endpoint = fields.String(required=True, error_messages=_REQ, validate=validate.Length(
        min=1, max=2048, error="La dirección debe tener entre {min} y {max} caracteres."))
    expirationTime = fields.Float(load_default=None, allow_none=True,  # noqa: N815
                                  error_messages={"invalid": "Debe ser un número."})
    keys = fields.Nested(PushKeysIn, required=True,
                         error_messages={**_REQ, "type": "Debe ser un objeto JSON."})


class PushSubscriptionIn(_StrictEs):
    """Store (or replace) the client's Web Push subscription."""

    client_id = fields.UUID(required=True, error_messages={
        **_REQ, "invalid_uuid": "Identificador no válido (UUID)."})
    subscription = fields.Nested(PushSubscriptionBodyIn, required=True,
                                 error_messages={**_REQ, "type": "Debe ser un objeto JSON."})


class PushUnsubscribeIn(_StrictEs):
    """Drop the client's Web Push subscription."""

    client_id = fields.UUID(required=True, error_messages={
        **_REQ, "invalid_uuid": "Identificador no válido (UUID)."})


class OkOut(Schema):
    """`{"proto": 1, "ok": true}`."""

    proto = fields.Integer()
    ok = fields.Boolean()
