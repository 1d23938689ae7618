"""Serve Swagger UI's assets ourselves: the API docs work with no outside network."""
from __future__ import annotations

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("docs_assets", __name__)


@bp.get("/api/docs-assets/<path:filename>")
def asset(filename: str):
    """Swagger UI's JS and CSS from the swagger-ui-bundle package."""
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
