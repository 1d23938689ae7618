"""field-sync v1 endpoints (SYNC.md) under /api/sync/v1."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("sync", __name__, url_prefix="/api/sync/v1",
                description="Sincronización de campo v1")
