"""Read side of staff users."""
from __future__ import annotations

from server.auth.models import StaffUser
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
