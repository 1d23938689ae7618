"""Test harness: one app per session on a database built by the real migrations.

DATABASE_URL unset → a fresh SQLite file; DATABASE_URL=postgresql://... → that database,
wiped and migrated at the start. Each test runs inside one transaction rolled back at the
end (`db_session`), unless it asks for `committing_db` (threads, CLI, concurrency).
"""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import scoped_session, sessionmaker

from server.config import normalize_database_url

DB_URL = os.environ.get("DATABASE_URL")
IS_PG = bool(DB_URL and DB_URL.startswith("postgres"))


def pytest_report_header(config):
    return f"cartera database: {'PostgreSQL ' + DB_URL if IS_PG else 'SQLite (temporary file)'}"


def _wipe_postgres(url: str) -> None:
    engine = sa.create_engine(normalize_database_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import upgrade

    from server import create_app

    instance = tmp_path_factory.mktemp("instance")
    os.environ["CARTERA_INSTANCE_PATH"] = str(instance)
    url = DB_URL if IS_PG else f"sqlite:///{instance / 'test.db'}"
    if IS_PG:
        _wipe_postgres(url)
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(url),
        "LOGIN_RATE_LIMIT": "1000 per minute",
    })
    with app.app_context():
        upgrade()
    yield app


@pytest.fixture()
def db_session(app, monkeypatch):
    """Bind the app's session to one outer transaction that is rolled back afterwards.

    Jobs queued after a commit (web push) are not run: an in-process job would use this
    one connection from another thread, and could not see the uncommitted data anyway.
    Tests that look at them use a recording fake (tests/webpush `queued`); `committing_db`
    runs them for real.
    """
    from server import jobs
    from server.extensions import db

    monkeypatch.setattr(jobs, "enqueue", lambda path, *a, **kw: f"not-run-{path}")
    with app.app_context():
        original = db.session
        conn = db.engine.connect()
        outer = conn.begin()
        db.session = scoped_session(sessionmaker(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False))
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            conn.close()


@pytest.fixture()
def committing_db(app):
    """Real commits (threads, CLI, concurrency); every table is emptied afterwards."""
    from server.extensions import db

    with app.app_context():
        yield db
        db.session.remove()
        truncate_all(db)


def truncate_all(db) -> None:
    # sync_state holds the one global version row the migration created: keep it.
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name != "sync_state"]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
        else:
            for t in tables:
                conn.exec_driver_sql(f"DELETE FROM {t}")



@contextmanager
def demo_city(app, *, accounts: int, months: int, seed: int, as_of):
    """A city built by the real demo generator, committed for a module's reconciliation
    tests (they compare a feature's figures with the raw ledger rows), emptied after."""
    from server.demo.service import seed_demo
    from server.extensions import db

    with app.app_context():
        truncate_all(db)
        seed_demo(accounts=accounts, months=months, seed=seed, as_of=as_of)
        db.session.remove()
    yield
    with app.app_context():
        db.session.remove()
        truncate_all(db)

@pytest.fixture()
def client(app, db_session):
    with app.test_client() as c:
        yield c


@pytest.fixture()
def make_user(db_session):
    """make_user("clerk") → a committed-in-test staff user with that role."""
    from server.auth.service import create_user

    counter = {"n": 0}

    def _make(*roles, username=None, password="secreto-123"):
        counter["n"] += 1
        name = username or f"{'-'.join(roles) or 'nobody'}{counter['n']}"
        return create_user(username=name, full_name=f"Prueba {name}", password=password,
                           roles=list(roles))

    return _make


@pytest.fixture()
def auth_headers(app, make_user):
    """auth_headers("manager") → {"Authorization": "Bearer ..."} for a fresh user."""
    from flask_jwt_extended import create_access_token

    def _headers(*roles):
        user = make_user(*roles)
        with app.test_request_context():
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": list(roles)})
        return {"Authorization": f"Bearer {token}"}

    return _headers
