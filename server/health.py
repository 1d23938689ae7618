"""GET /api/health: is the app up and can it reach its database."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify

from server.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/api/health")
def health():
    """{"status": "ok", "database": "ok"}; 503 with status "degraded" if the database fails."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
        body, status = {"status": "ok", "database": "ok",
                        "database_engine": db.engine.dialect.name}, 200
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        db.session.rollback()
        body, status = {"status": "degraded", "database": "unreachable"}, 503
    resp = jsonify(body)
    resp.status_code = status
    resp.headers["Cache-Control"] = "no-store"
    return resp
