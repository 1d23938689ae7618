"""Staff accounts and sessions: create users, check passwords, issue and revoke tokens."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from werkzeug.security import check_password_hash, generate_password_hash

from server.audit import service as audit
from server.auth import errors as _errors  # noqa: F401  (es-MX messages of our codes)
from server.auth.models import RevokedDevice, RevokedToken, StaffRole, StaffUser
from server.auth.queries import device_owner
from server.auth.queries import summary as user_summary
from server.auth.rules import (
    MIN_PASSWORD_LENGTH, deactivation_problem, password_problem, temporary_password)
from server.common.clock import utcnow
from server.webpush.models import PushSubscription
from server.db import transaction
from server.errors import Conflict, DomainError, NotFound
from server.extensions import db
from server.http import ALL_ROLES

# A hash to compare against when the username does not exist, so timing tells nothing.
_DUMMY_HASH = generate_password_hash("cartera-dummy-password", method="scrypt")


def hash_password(password: str) -> str:
    """scrypt via Werkzeug (salted; parameters stored in the hash)."""
    return generate_password_hash(password, method="scrypt")


def check_password(password: str, username: str = "") -> None:
    """DomainError (Spanish, under `password`) unless the password is strong enough."""
    problem = password_problem(password, username)
    if problem:
        err = DomainError(problem, min_length=MIN_PASSWORD_LENGTH)
        err.errors = {"password": [err.message]}
        raise err


def create_user(*, username: str, full_name: str, password: str, roles: list[str],
                credential_number: str | None = None, actor_id=None) -> StaffUser:
    """Create a staff user with roles; usernames are unique, case-insensitive."""
    username = username.strip().lower()
    unknown = [r for r in roles if r not in ALL_ROLES]
    if unknown:
        raise DomainError("UNKNOWN_ROLE", role=unknown[0])
    check_password(password, username)
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
    with transaction():
        user = db.session.merge(user)
        user.last_login_at = utcnow()
        claims = {"roles": user.roles, "name": user.full_name, "tv": user.token_version}
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
    claims = {"roles": user.roles, "name": user.full_name, "tv": user.token_version}
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


# Staff management (manager): deactivate, reactivate, reset a password, end sessions.

def _lock_user(session, user_id: uuid.UUID) -> StaffUser:
    user = session.execute(sa.select(StaffUser).where(StaffUser.id == user_id)
                           .with_for_update()).scalars().first()
    if user is None:
        raise NotFound("STAFF_USER_NOT_FOUND", user=str(user_id))
    return user


def end_sessions_of(user: StaffUser) -> None:
    """Revoke every token the user holds (they carry the old `tv`); call in a unit of work."""
    user.token_version = (user.token_version or 0) + 1


def set_active(*, actor_id, user_id: uuid.UUID, active: bool, reason: str | None = None
               ) -> StaffUser:
    """Deactivate (she can't log in; her tokens die) or reactivate a staff user, audited.
    Nobody deactivates herself, and the last active manager stays."""
    with transaction() as session:
        user = _lock_user(session, user_id)
        if user.active == active:
            raise Conflict("USER_ALREADY_ACTIVE" if active else "USER_ALREADY_INACTIVE")
        if not active:
            managers = session.execute(
                sa.select(StaffUser.id).join(StaffRole, StaffRole.user_id == StaffUser.id)
                .where(StaffRole.role == "manager", StaffUser.active.is_(True),
                       StaffUser.id != user.id).with_for_update(of=StaffUser)).all()
            problem = deactivation_problem(
                actor_id=actor_id, user_id=user.id, user_is_manager="manager" in user.roles,
                other_active_managers=len(managers))
            if problem:
                raise Conflict(problem)
            end_sessions_of(user)
        user.active = active
        audit.record(actor_id=actor_id, entity_type="staff_user", entity_id=user.id,
                     action="reactivated" if active else "deactivated",
                     changes={"active": [not active, active]}, reason=reason)
    return user


def reset_password(*, actor_id, user_id: uuid.UUID, password: str | None = None
                   ) -> tuple[StaffUser, str | None]:
    """Set a new password (the manager's, or a random temporary one returned once) and end
    every session the user had; audited without the password."""
    with transaction() as session:
        user = _lock_user(session, user_id)
        temporary = None
        if password is None:
            temporary = password = temporary_password()
        check_password(password, user.username)
        user.password_hash = hash_password(password)
        end_sessions_of(user)
        audit.record(actor_id=actor_id, entity_type="staff_user", entity_id=user.id,
                     action="password_reset",
                     changes={"temporary": temporary is not None, "sessions_ended": True})
    return user, temporary


def revoke_device(*, actor_id, client_id: uuid.UUID, reason: str, end_sessions: bool = True
                  ) -> uuid.UUID:
    """Revoke a lost device: it may no longer sync nor be woken by push, its next sync
    contact is told to wipe its local data and, by default, every session of its user ends
    (tokens belong to the person, not the phone). Her other devices keep their data and
    outbox. Idempotent; audited. Returns the device's user id."""
    with transaction() as session:
        user = _lock_user(session, device_owner(client_id))
        if session.get(RevokedDevice, client_id) is None:
            session.add(RevokedDevice(client_id=client_id, user_id=user.id, reason=reason,
                                      requested_by=actor_id, requested_at=utcnow()))
        # Same as webpush.service.delete_subscription (not imported: it pulls the app in).
        session.execute(sa.delete(PushSubscription).where(
            PushSubscription.client_id == client_id))
        if end_sessions:
            end_sessions_of(user)
        audit.record(actor_id=actor_id, entity_type="device", entity_id=client_id,
                     action="revoked_wipe", reason=reason, device_id=str(client_id),
                     changes={"user_id": user.id, "end_sessions": end_sessions})
    return user.id


def wipe_pending(client_id: uuid.UUID) -> bool:
    """Whether this device was revoked as lost (it must wipe); records and audits the
    first delivery of the directive, which the caller is about to answer."""
    wipe = db.session.get(RevokedDevice, client_id)
    if wipe is None:
        return False
    if wipe.delivered_at is None:
        with transaction() as session:
            done = session.execute(sa.update(RevokedDevice).where(
                RevokedDevice.client_id == client_id, RevokedDevice.delivered_at.is_(None))
                .values(delivered_at=utcnow())).rowcount
            if done:
                audit.record(actor_id=wipe.user_id, entity_type="device",
                             entity_id=client_id, action="wipe_delivered",
                             device_id=str(client_id))
    return True
