"""Cartera: the application factory. Read it as the table of contents of the server."""
from __future__ import annotations

import os

from flask import Flask

from server.common import marshmallow_es  # noqa: F401  (Spanish field messages, before any schema)


def create_app(config: dict | None = None) -> Flask:
    """Build the app from the environment, then apply `config` overrides (tests)."""
    from server import cli, docs, health, models, web  # noqa: F401  (models: register tables)
    from server.auth import jwt_callbacks
    from server.agreements import tracking as _agreements  # noqa: F401  (payment events)
    from server.disconnections import service as _orders  # noqa: F401  (payment events)
    from server.auth.routes import blp as auth_blp
    from server.config import Config
    from server.db import install_sqlite_behaviour
    from server.errors import register_error_handlers
    from server.extensions import api, db, jwt, limiter, migrate
    from server.agreements.routes import blp as agreements_blp
    from server.campaigns.routes import blp as campaigns_blp
    from server.disconnections.routes import blp as disconnections_blp
    from server.discounts.routes import blp as discounts_blp
    from server.surveys.routes import blp as surveys_blp
    from server.imports.routes import blp as imports_blp
    from server.billing.routes import blp as billing_blp
    from server.cleanup.routes import blp as cleanup_blp
    from server.indicators.routes import blp as indicators_blp
    from server.pae.routes import blp as pae_blp
    from server.reports.routes import blp as reports_blp
    from server.fieldwork.routes import blp as fieldwork_blp
    from server.ledger.routes import blp as ledger_blp
    from server.registry.routes import blp as registry_blp
    from server.sync.routes import blp as sync_blp

    app = Flask(__name__, static_folder=None, instance_path=os.environ.get(
        "CARTERA_INSTANCE_PATH", os.path.join(os.getcwd(), "instance")))
    app.config.update(Config.from_env(app.instance_path).values)
    app.config.update(config or {})
    app.json.ensure_ascii = False

    db.init_app(app)
    with app.app_context():
        install_sqlite_behaviour(db.engine)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..",
                                                     "migrations"))
    jwt.init_app(app)
    jwt_callbacks.register(jwt)
    limiter.init_app(app)
    api.init_app(app)
    for blp in (auth_blp, registry_blp, ledger_blp, campaigns_blp, fieldwork_blp,
                disconnections_blp, agreements_blp, discounts_blp, surveys_blp, imports_blp,
                billing_blp, pae_blp, cleanup_blp, reports_blp, indicators_blp):
        api.register_blueprint(blp, url_prefix="/api/v1" + blp.url_prefix)
    api.register_blueprint(sync_blp)  # its own versioned prefix: /api/sync/v1
    app.register_blueprint(health.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(web.bp)  # last: its catch-all route must not shadow the API
    register_error_handlers(app)  # after api.init_app: ours replace smorest's handler
    cli.register(app)
    return app
