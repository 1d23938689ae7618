"""Read side of staff users."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.auth.models import RevokedDevice, StaffUser
from server.db import UtcDateTime
from server.errors import NotFound
from server.extensions import db


def summary(user: StaffUser) -> dict:
    """What the API shows of a staff user."""
    return {"id": str(user.id), "username": user.username, "full_name": user.full_name,
            "roles": user.roles}


def user_summary(user_id) -> dict:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        raise NotFound("NOT_FOUND")
    return summary(user)


def list_users() -> list[dict]:
    return [summary(u) for u in db.session.query(StaffUser).order_by(StaffUser.username)]


# sync_clients read by name: no capability imports server.sync (import-linter), and the
# staff list only needs when each person's devices last reached the server.
_sync_clients = sa.table("sync_clients", sa.column("id", sa.Uuid()),
                         sa.column("user_id", sa.Uuid()),
                         sa.column("app_version", sa.String()),
                         sa.column("user_agent", sa.String()),
                         sa.column("created_at", UtcDateTime()),
                         sa.column("last_seen_at", UtcDateTime()),
                         sa.column("last_pull_at", UtcDateTime()),
                         sa.column("revoked_at", UtcDateTime()))


def staff_list() -> list[dict]:
    """Every staff user with roles, active, last login, last sync and live devices,
    active ones first, by name (a few hundred rows at most)."""
    sc = _sync_clients
    devices = (sa.select(sc.c.user_id,
                         sa.func.max(sa.func.coalesce(sc.c.last_pull_at, sc.c.last_seen_at))
                         .label("last_sync_at"),
                         sa.func.count().filter(sc.c.revoked_at.is_(None),
                                                RevokedDevice.client_id.is_(None))
                         .label("devices"))
               .outerjoin(RevokedDevice, RevokedDevice.client_id == sc.c.id)
               .group_by(sc.c.user_id).subquery())
    rows = db.session.execute(
        sa.select(StaffUser, devices.c.last_sync_at, devices.c.devices)
        .outerjoin(devices, devices.c.user_id == StaffUser.id)
        .order_by(StaffUser.active.desc(), StaffUser.full_name)).all()
    return [summary(r.StaffUser) | {
        "active": r.StaffUser.active, "credential_number": r.StaffUser.credential_number,
        "last_login_at": r.StaffUser.last_login_at, "last_sync_at": r.last_sync_at,
        "devices": r.devices or 0, "created_at": r.StaffUser.created_at} for r in rows]


def get_user(user_id) -> StaffUser:
    """A staff user by id; NotFound (Spanish) otherwise."""
    user = db.session.get(StaffUser, user_id)
    if user is None:
        raise NotFound("STAFF_USER_NOT_FOUND", user=str(user_id))
    return user


def device_state(revoked_at, wipe: RevokedDevice | None) -> str:
    """active | revoked (by sync, no wipe) | wipe_pending (not yet told) | wiped."""
    if wipe is not None:
        return "wiped" if wipe.delivered_at is not None else "wipe_pending"
    return "revoked" if revoked_at is not None else "active"


def user_devices(user_id) -> list[dict]:
    """A staff user's field devices (sync clients), most recently seen first, with the
    lost-device wipe state."""
    get_user(user_id)
    sc = _sync_clients
    rows = db.session.execute(
        sa.select(sc, RevokedDevice).outerjoin(RevokedDevice, RevokedDevice.client_id == sc.c.id)
        .where(sc.c.user_id == user_id).order_by(sc.c.last_seen_at.desc(), sc.c.id)).all()
    return [{"id": r.id, "user_id": r.user_id, "app_version": r.app_version,
             "user_agent": r.user_agent, "created_at": r.created_at,
             "last_seen_at": r.last_seen_at, "last_pull_at": r.last_pull_at,
             "revoked_at": r.revoked_at,
             "wipe_requested_at": r.RevokedDevice and r.RevokedDevice.requested_at,
             "wipe_delivered_at": r.RevokedDevice and r.RevokedDevice.delivered_at,
             "wipe_reason": r.RevokedDevice and r.RevokedDevice.reason,
             "state": device_state(r.revoked_at, r.RevokedDevice)} for r in rows]


def device_owner(client_id) -> uuid.UUID:
    """The staff user a sync client belongs to; NotFound (Spanish) otherwise."""
    owner = db.session.execute(sa.select(_sync_clients.c.user_id).where(
        _sync_clients.c.id == client_id)).scalar()
    if owner is None:
        raise NotFound("DEVICE_NOT_FOUND", device=str(client_id))
    return owner
