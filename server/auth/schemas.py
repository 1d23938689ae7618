"""Request and response shapes of the auth API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.http import ALL_ROLES


class LoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=256))


class UserOut(Schema):
    id = fields.String()
    username = fields.String()
    full_name = fields.String()
    roles = fields.List(fields.String())


class TokensOut(Schema):
    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.String()
    user = fields.Nested(UserOut)


class AccessOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    user = fields.Nested(UserOut)


class LogoutIn(Schema):
    refresh_token = fields.String(load_default=None, validate=validate.Length(max=4096))


class UserCreateIn(Schema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9._-]{3,64}$", error="Use de 3 a 64 letras, números, punto o guion."))
    full_name = fields.String(required=True, validate=validate.Length(min=3, max=160))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=256))
    roles = fields.List(fields.String(validate=validate.OneOf(ALL_ROLES)), required=True,
                        validate=validate.Length(min=1))
    credential_number = fields.String(load_default=None, validate=validate.Length(max=40))


class StaffOut(UserOut):
    """A staff user as the manager's staff list shows her."""

    active = fields.Boolean()
    credential_number = fields.String(allow_none=True)
    last_login_at = fields.DateTime(allow_none=True)
    last_sync_at = fields.DateTime(allow_none=True)
    devices = fields.Integer(metadata={"description": "Dispositivos de campo no revocados."})
    created_at = fields.DateTime()


class StaffListOut(Schema):
    items = fields.List(fields.Nested(StaffOut))


class ActiveIn(Schema):
    """Deactivate or reactivate, with an optional reason for the audit trail."""

    reason = fields.String(load_default=None, validate=validate.Length(max=255))


class PasswordResetIn(Schema):
    """Without `password` the server makes a temporary one and shows it once."""

    password = fields.String(load_default=None, load_only=True,
                             validate=validate.Length(min=1, max=256))


class PasswordResetOut(Schema):
    user = fields.Nested(StaffOut)
    temporary_password = fields.String(allow_none=True, metadata={
        "description": "Solo si el servidor la generó; no se vuelve a mostrar."})


class DeviceOut(Schema):
    """A field device (sync client) of a staff user, with its lost-device wipe state."""

    id = fields.UUID()
    user_id = fields.UUID()
    app_version = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    created_at = fields.DateTime()
    last_seen_at = fields.DateTime()
    last_pull_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    wipe_requested_at = fields.DateTime(allow_none=True)
    wipe_delivered_at = fields.DateTime(allow_none=True)
    wipe_reason = fields.String(allow_none=True)
    state = fields.String(metadata={"description": "active | revoked | wipe_pending | wiped"})


class DeviceListOut(Schema):
    items = fields.List(fields.Nested(DeviceOut))


class RevokeDeviceIn(Schema):
    """Revoke a lost device and wipe its data at its next contact."""

    reason = fields.String(required=True, validate=validate.Length(min=3, max=255),
                           error_messages={"required": "Indique el motivo (p. ej. extravío)."})
    end_sessions = fields.Boolean(load_default=True, metadata={
        "description": "También cerrar todas las sesiones del usuario (recomendado)."})
