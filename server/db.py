"""Declarative base, shared column mixins and the one way services commit: transaction()."""
from __future__ import annotations

import contextvars
import uuid
from contextlib import contextmanager
from datetime import datetime
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from server.common.clock import utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money: Numeric(14, 2) everywhere, read back as Decimal.
Money = sa.Numeric(14, 2, asdecimal=True)
# Big surrogate keys for the high-volume ledger tables; SQLite needs INTEGER to autoincrement.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UtcDateTime = sa.DateTime(timezone=True)


class Base(DeclarativeBase):
    """Base of every model; constraint names follow NAMING_CONVENTION so migrations are stable."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UUIDPk:
    """UUID primary key, made by the server or the device that created the row."""

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)


class Timestamps:
    """created_at / updated_at in UTC."""

    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UtcDateTime, default=utcnow, onupdate=utcnow, nullable=False)


class SoftDelete:
    """Rows are never deleted where devices may hold them; they are marked."""

    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


# --- SQLite: WAL, busy timeout, foreign keys, and BEGIN IMMEDIATE for writing transactions ---
_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("_immediate", default=False)


def install_sqlite_behaviour(engine: sa.Engine) -> None:
    """Let SQLAlchemy own transactions on SQLite so SAVEPOINT and BEGIN IMMEDIATE work."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial
        dbapi_conn.isolation_level = None  # disable pysqlite's own BEGIN handling
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


@event.listens_for(Session, "after_flush")
def _mark_flushed(session, _ctx):
    session.info["flushed"] = True


@event.listens_for(Session, "after_transaction_end")
def _clear_flushed(session, trans):
    if trans.parent is None:
        session.info["flushed"] = False


@contextmanager
def transaction(session=None) -> Iterator:
    """Run a unit of work: commit on success, roll back on any error.

    On SQLite the unit of work takes the write lock up front (BEGIN IMMEDIATE) so two
    writers queue on busy_timeout instead of failing with "database is locked" mid-way.
    Nested use joins the outer unit of work through a SAVEPOINT, so services compose.
    """
    from server.extensions import db

    session = session or db.session()
    if session.info.get("uow_depth", 0) > 0:
        session.info["uow_depth"] += 1
        try:
            with session.begin_nested():
                yield session
        finally:
            session.info["uow_depth"] -= 1
        return
    if (session.in_transaction() and not session.info.get("flushed")
            and not (session.new or session.dirty or session.deleted)):
        # Only reads so far (e.g. the token check): end that snapshot so the unit of work
        # starts fresh and, on SQLite, takes the write lock up front.
        session.rollback()
    token = _immediate.set(True)
    session.info["uow_depth"] = 1
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info["uow_depth"] = 0
        _immediate.reset(token)
