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
                             validate=validate.Length(min=8, max=256))
    roles = fields.List(fields.String(validate=validate.OneOf(ALL_ROLES)), required=True,
                        validate=validate.Length(min=1))
    credential_number = fields.String(load_default=None, validate=validate.Length(max=40))
