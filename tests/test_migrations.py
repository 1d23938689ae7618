"""The migrations build exactly the models' schema, and go down and up again cleanly."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server.config import normalize_database_url
from tests.conftest import DB_URL, IS_PG


@pytest.fixture()
def scratch_url(tmp_path):
    """A database of its own, so going down to nothing does not disturb other tests."""
    if not IS_PG:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = sa.engine.make_url(normalize_database_url(DB_URL))
    name = f"{base.database}_migrations"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _app(url, tmp_path):
    from server import create_app

    os.environ["CARTERA_INSTANCE_PATH"] = str(tmp_path)
    return create_app({"SQLALCHEMY_DATABASE_URI": normalize_database_url(url)})




def _include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "index" and name in PG_ONLY_INDEXES)


PG_ONLY_INDEXES = {"ix_accounts_search_text_trgm", "ix_charges_open_aging"}


def test_migrations_build_exactly_the_models_schema(scratch_url, tmp_path):
    from flask_migrate import upgrade

    from server.extensions import db

    app = _app(scratch_url, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": _include_object})
            diff = compare_metadata(ctx, db.metadata)
        db.engine.dispose()
    assert diff == []


def test_migrations_go_down_to_nothing_and_up_again(scratch_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    from server.extensions import db

    app = _app(scratch_url, tmp_path)
    with app.app_context():
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"accounts", "charges", "payments", "allocations", "staff_users"} <= tables
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(sa.inspect(db.engine).get_table_names()) == tables
        if IS_PG:
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_indexes WHERE indexname IN "
                    "('ix_accounts_search_text_trgm', 'ix_charges_open_aging')"
                ).scalar() == 2
        db.engine.dispose()
