"""Extensions, created unbound; create_app() initialises them."""
from __future__ import annotations

from flask import request
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

from server.db import Base

db = SQLAlchemy(model_class=Base, engine_options={})
migrate = Migrate(compare_type=True, render_as_batch=True)
jwt = JWTManager()
api = Api()


def _limit_key() -> str:
    """Rate-limit logins per client address and per username tried."""
    username = ""
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("username"), str):
            username = body["username"].strip().lower()[:64]
    return f"{get_remote_address()}|{username}"


limiter = Limiter(key_func=get_remote_address, default_limits=[])
