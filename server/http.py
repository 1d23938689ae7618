"""House helpers for routes: the roles decorator, pagination and the current staff user."""
from __future__ import annotations

import uuid
from functools import wraps

from flask import g
from flask_jwt_extended import get_jwt, get_jwt_identity, verify_jwt_in_request
from marshmallow import Schema, fields, validate

from server.errors import DomainError

ALL_ROLES = ("manager", "clerk", "notifier", "cutter", "social_worker", "director")
OFFICE_ROLES = ("manager", "clerk", "director")
OFFICE_WRITERS = ("manager", "clerk")
FIELD_ROLES = ("notifier", "cutter", "social_worker")


def roles_required(*roles: str):
    """Require a valid access token whose user holds one of `roles`.

    The roles are kept on the view (`_roles_required`) and in its OpenAPI description; the
    permission-matrix test reads them, so a view cannot forget to be protected and pass.
    """
    for r in roles:
        if r not in ALL_ROLES:
            raise ValueError(f"unknown role {r}")

    def deco(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            claims = get_jwt()
            held = set(claims.get("roles", []))
            if not held.intersection(roles):
                raise DomainError("FORBIDDEN", status=403)
            g.actor_id = uuid.UUID(get_jwt_identity())
            g.actor_roles = held
            return fn(*args, **kwargs)

        wrapper._roles_required = tuple(roles)
        wrapper.__doc__ = (fn.__doc__ or "") + f"\n\nRoles: {', '.join(roles)}."
        return wrapper

    return deco


def current_actor_id() -> uuid.UUID:
    """The staff user of this request (set by roles_required)."""
    return g.actor_id


class PageArgs(Schema):
    """?page=1&page_size=25"""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


class PageOut(Schema):
    """Pagination envelope; subclasses declare `items`."""

    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
    pages = fields.Integer()


def page_envelope(items: list, total: int, page: int, page_size: int) -> dict:
    """Pagination envelope used by every list endpoint."""
    return {
        "items": items,
        "total": total,
        "page": page,
        "page_size": page_size,
        "pages": (total + page_size - 1) // page_size if page_size else 0,
    }
