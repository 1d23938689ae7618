"""flask-jwt-extended callbacks: revocation check and errors in the house shape."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.errors import error_response
from server.extensions import db


def register(jwt) -> None:
    """Wire revocation and every JWT failure to the one error shape."""
    from server.auth.models import RevokedToken, StaffUser

    @jwt.token_in_blocklist_loader
    def _revoked(_header, payload) -> bool:
        """Revoked by logout, its user deactivated, or all her sessions ended (password
        reset, lost device: `tv` behind her token_version): one query per request."""
        revoked = sa.exists().where(RevokedToken.jti == payload["jti"])
        row = db.session.execute(sa.select(StaffUser.active, revoked, StaffUser.token_version)
                                 .where(StaffUser.id == uuid.UUID(payload["sub"]))).first()
        return (row is None or not row[0] or row[1]
                or payload.get("tv", 0) != (row[2] or 0))

    @jwt.expired_token_loader
    def _expired(_header, _payload):
        return error_response(401, "TOKEN_EXPIRED")

    @jwt.invalid_token_loader
    def _invalid(_reason):
        return error_response(401, "TOKEN_INVALID")

    @jwt.unauthorized_loader
    def _missing(_reason):
        return error_response(401, "TOKEN_MISSING")

    @jwt.revoked_token_loader
    def _revoked_response(_header, _payload):
        return error_response(401, "TOKEN_REVOKED")

    @jwt.needs_fresh_token_loader
    def _fresh(_header, _payload):
        return error_response(401, "FRESH_TOKEN_REQUIRED")

    @jwt.user_lookup_error_loader
    def _lookup(_header, _payload):
        return error_response(401, "TOKEN_INVALID")
