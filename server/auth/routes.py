"""Auth API: login, refresh, logout, who am I, and staff users for the manager."""
from __future__ import annotations

from flask import current_app
from flask_jwt_extended import get_jwt, get_jwt_identity, jwt_required
from flask_smorest import Blueprint

from server.auth import queries, service
from server.auth.schemas import (
    AccessOut, ActiveIn, DeviceListOut, DeviceOut, LoginIn, LogoutIn, PasswordResetIn,
    PasswordResetOut, RevokeDeviceIn, StaffListOut, StaffOut, TokensOut, UserCreateIn, UserOut)
from server.extensions import _limit_key, limiter
from server.http import ALL_ROLES, current_actor_id, roles_required

blp = Blueprint("auth", __name__, url_prefix="/auth",
                description="Sesiones del personal y usuarios")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@blp.route("/login", methods=["POST"])
@limiter.limit(_login_limit, key_func=_limit_key)
@blp.arguments(LoginIn)
@blp.response(200, TokensOut)
def login(body):
    """Log in with username and password; returns access and refresh tokens. Public."""
    user = service.authenticate(body["username"], body["password"])
    return service.issue_tokens(user)


@blp.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
@blp.response(200, AccessOut)
def refresh():
    """A new access token from a refresh token (Authorization: Bearer <refresh>)."""
    import uuid

    return service.refresh_access(uuid.UUID(get_jwt_identity()))


@blp.route("/logout", methods=["POST"])
@roles_required(*ALL_ROLES)
@blp.arguments(LogoutIn)
@blp.response(204)
def logout(body):
    """Revoke this access token and, if sent, its refresh token."""
    payloads = [get_jwt()]
    if body.get("refresh_token"):
        refresh_payload = service.decode_refresh(body["refresh_token"], get_jwt_identity())
        if refresh_payload:
            payloads.append(refresh_payload)
    service.revoke(payloads)


@blp.route("/me", methods=["GET"])
@roles_required(*ALL_ROLES)
@blp.response(200, UserOut)
def me():
    """The logged-in staff user."""
    return queries.user_summary(current_actor_id())


@blp.route("/users", methods=["GET"])
@roles_required("manager", "director")
@blp.response(200, UserOut(many=True))
def list_users():
    """Staff users with their roles."""
    return queries.list_users()


@blp.route("/users", methods=["POST"])
@roles_required("manager")
@blp.arguments(UserCreateIn)
@blp.response(201, UserOut)
def create_user(body):
    """Create a staff user (manager only)."""
    user = service.create_user(actor_id=current_actor_id(), **body)
    return service.user_summary(user)


@blp.route("/staff", methods=["GET"])
@roles_required("manager", "director")
@blp.response(200, StaffListOut)
def staff():
    """Staff with roles, active, last login, last sync and devices (manager; director reads)."""
    return {"items": queries.staff_list()}


def _staff_row(user_id) -> dict:
    return next(r for r in queries.staff_list() if r["id"] == str(user_id))


@blp.route("/users/<uuid:user_id>/deactivate", methods=["POST"])
@roles_required("manager")
@blp.arguments(ActiveIn)
@blp.response(200, StaffOut)
def deactivate(body, user_id):
    """Deactivate a staff user: she can't log in and her tokens stop working."""
    service.set_active(actor_id=current_actor_id(), user_id=user_id, active=False, **body)
    return _staff_row(user_id)


@blp.route("/users/<uuid:user_id>/reactivate", methods=["POST"])
@roles_required("manager")
@blp.arguments(ActiveIn)
@blp.response(200, StaffOut)
def reactivate(body, user_id):
    """Reactivate a staff user (old tokens stay revoked: she logs in again)."""
    service.set_active(actor_id=current_actor_id(), user_id=user_id, active=True, **body)
    return _staff_row(user_id)


@blp.route("/users/<uuid:user_id>/password", methods=["POST"])
@roles_required("manager")
@blp.arguments(PasswordResetIn)
@blp.response(200, PasswordResetOut)
def reset_password(body, user_id):
    """Set a new password, or get a temporary one shown once; ends all her sessions."""
    user, temporary = service.reset_password(actor_id=current_actor_id(), user_id=user_id,
                                             **body)
    return {"user": _staff_row(user.id), "temporary_password": temporary}


@blp.route("/users/<uuid:user_id>/devices", methods=["GET"])
@roles_required("manager", "director")
@blp.response(200, DeviceListOut)
def devices(user_id):
    """A staff user's field devices with last contact and lost-device wipe state."""
    return {"items": queries.user_devices(user_id)}


@blp.route("/devices/<uuid:client_id>/revoke", methods=["POST"])
@roles_required("manager")
@blp.arguments(RevokeDeviceIn)
@blp.response(200, DeviceOut)
def revoke_device(body, client_id):
    """"Revocar y borrar" a lost device: no more sync, its local data wiped at its next
    contact, and (by default) every session of its user ended."""
    user_id = service.revoke_device(actor_id=current_actor_id(), client_id=client_id, **body)
    return next(d for d in queries.user_devices(user_id) if d["id"] == client_id)
