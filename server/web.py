"""Serve the PWA from the same origin as the API: pwa/dist when built, else pwa/static."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

ROOT = Path(__file__).resolve().parent.parent / "pwa"
bp = Blueprint("web", __name__)


def _folder() -> Path:
    dist = ROOT / "dist"
    return dist if (dist / "index.html").exists() else ROOT / "static"


@bp.get("/")
def index():
    """The app shell."""
    resp = send_from_directory(_folder(), "index.html")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/<path:filename>")
def asset(filename: str):
    """Static files of the app; unknown paths that are not the API fall back to the shell."""
    if filename.startswith("api/"):
        abort(404)
    folder = _folder()
    if (folder / filename).is_file():
        return send_from_directory(folder, filename)
    return index()
