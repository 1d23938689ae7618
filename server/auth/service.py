"""Staff accounts and sessions: create users, check passwords, issue and revoke tokens."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from werkzeug.security import check_password_hash, generate_password_hash

from server.audit import service as audit
from server.auth.models import RevokedToken, StaffRole, StaffUser
from server.auth.queries import summary as user_summary
from server.common.clock import utcnow
from server.db import transaction
from server.errors import Conflict, DomainError
from server.extensions import db
from server.http import ALL_ROLES

MIN_PASSWORD_LENGTH = 8
# A hash to compare against when the username does not exist, so timing tells nothing.
_DUMMY_HASH = generate_password_hash("cartera-dummy-password", method="scrypt")


def hash_password(password: str) -> str:
    """scrypt via Werkzeug (salted; parameters stored in the hash)."""
    return generate_password_hash(password, method="scrypt")


def create_user(*, username: str, full_name: str, password: str, roles: list[str],
                credential_number: str | None = None, actor_id=None) -> StaffUser:
    """Create a staff user with roles; usernames are unique, case-insensitive."""
    username = username.strip().lower()
    unknown = [r for r in roles if r not in ALL_ROLES]
    if unknown:
        raise DomainError("UNKNOWN_ROLE", role=unknown[0])
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("WEAK_PASSWORD", min_length=MIN_PASSWORD_LENGTH)
    with transaction():
        if db.session.query(StaffUser.id).filter_by(username=username).first():
            raise Conflict("USERNAME_TAKEN", username=username)
        user = StaffUser(username=username, full_name=full_name.strip(),
                         password_hash=hash_password(password),
                         credential_number=credential_number)
        user.role_rows = [StaffRole(role=r) for r in sorted(set(roles))]
        db.session.add(user)
        db.session.flush()
        audit.record(actor_id=actor_id, entity_type="staff_user", entity_id=user.id,
                     action="create", changes={"username": username, "roles": sorted(roles)})
    return user


def authenticate(username: str, password: str) -> StaffUser:
    """The active user with this username and password, or INVALID_CREDENTIALS."""
    user = db.session.query(StaffUser).filter_by(username=username.strip().lower()).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        raise DomainError("INVALID_CREDENTIALS", status=401)
    if not check_password_hash(user.password_hash, password):
        raise DomainError("INVALID_CREDENTIALS", status=401)
    if not user.active:
        raise DomainError("USER_INACTIVE", status=403)
    return user


def issue_tokens(user: StaffUser) -> dict:
    """Access and refresh tokens carrying the user's roles; stamps last_login_at."""
    claims = {"roles": user.roles, "name": user.full_name}
    with transaction():
        user = db.session.merge(user)
        user.last_login_at = utcnow()
        access = create_access_token(identity=str(user.id), additional_claims=claims,
                                     fresh=True)
        refresh = create_refresh_token(identity=str(user.id), additional_claims=claims)
    return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
            "user": user_summary(user)}


def refresh_access(user_id: uuid.UUID) -> dict:
    """A new access token for the holder of a valid refresh token (roles re-read)."""
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.active:
        raise DomainError("TOKEN_REVOKED", status=401)
    claims = {"roles": user.roles, "name": user.full_name}
    return {"access_token": create_access_token(identity=str(user.id),
                                                additional_claims=claims, fresh=False),
            "token_type": "Bearer", "user": user_summary(user)}


def revoke(payloads: list[dict]) -> None:
    """Revoke the given decoded tokens (logout): they fail from now on."""
    with transaction():
        for p in payloads:
            if db.session.get(RevokedToken, p["jti"]) is None:
                db.session.add(RevokedToken(
                    jti=p["jti"], user_id=uuid.UUID(p["sub"]), token_type=p["type"],
                    expires_at=datetime.fromtimestamp(p["exp"], tz=timezone.utc),
                    revoked_at=utcnow()))


def decode_refresh(token: str, user_id: str) -> dict | None:
    """Decode a refresh token sent at logout; None if it is not this user's valid token."""
    try:
        payload = decode_token(token, allow_expired=True)
    except Exception:  # noqa: BLE001 - any undecodable token is simply not revoked
        return None
    if payload.get("type") != "refresh" or payload.get("sub") != user_id:
        return None
    return payload


def purge_expired_revocations() -> int:
    """Delete revocations of tokens that have expired anyway."""
    with transaction():
        n = db.session.query(RevokedToken).filter(
            RevokedToken.expires_at < utcnow()).delete()
    return n
