"""Declarative base, shared column mixins and the one way services commit: transaction()."""
from __future__ import annotations

import contextvars
import logging
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from server.common.clock import utcnow

_log = logging.getLogger(__name__)

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


class UtcDateTime(sa.types.TypeDecorator):
    """A UTC timestamp (timestamptz on PostgreSQL) that always reads back timezone-aware.

    SQLite keeps no offset and returns naive values; they were written as UTC, so they
    are marked UTC on the way out, and every API answer carries its offset.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


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


class Versioned:
    """A row that devices may hold: every write stamps it with the global `sync_version`.

    The stamp is applied by the session hook below, so every ORM write path (office
    screens, imports, payments, jobs, sync handlers) is covered by the one mechanism.
    Bulk UPDATE/DELETE statements on these tables are refused unless they set `rv`
    themselves, from `current_rv()` or left to the commit with `stamp_at_commit()`
    (see `_guard_bulk_writes`).
    """

    rv: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0,
                                    server_default="0", index=True)


# --- The global version counter (field-sync v1, SYNC.md "One version, serialized") ---
# A writing transaction takes its version at commit: the rows it wrote are stamped then,
# right before COMMIT, under the `sync_state` row lock. The lock is held for
# milliseconds instead of for the whole unit of work, commit order still equals version
# order, and the version lock is the last lock every writer takes (no deadlock with row
# locks). `current_rv()` still bumps at once for the few paths that need the number
# early (e.g. gap-free folios read under the lock).
_RV_KEY = "sync_rv"
_PENDING_KEY = "rv_pending"  # Versioned objects to stamp at commit, by id()
_PENDING_IDS_KEY = "rv_pending_ids"  # {table: ids} written by bulk statements
_CHUNK = 500


def current_rv(session: Session) -> int:
    """The `sync_version` of this transaction, bumping the counter now if not yet.

    `UPDATE ... RETURNING` takes the row lock of `sync_state`, held until commit, so the
    order in which writing transactions commit equals the order of their versions and a
    pull never skips a row. Calling it early holds that lock for the rest of the unit of
    work; most paths leave it to the commit (see `_stamp_at_commit`).
    """
    cached = session.info.get(_RV_KEY)
    if cached is not None:
        return cached[0]
    version = session.execute(sa.text(
        "UPDATE sync_state SET version = version + 1 WHERE id = 1 RETURNING version"),
        execution_options={"cartera_rv_bump": True}).scalar_one()
    session.info[_RV_KEY] = (version, session.get_nested_transaction() or session.get_transaction())
    return version


def _stamp_later(session: Session, objs) -> None:
    cached = session.info.get(_RV_KEY)
    if cached is not None:
        for obj in objs:
            obj.rv = cached[0]
        return
    pending = session.info.setdefault(_PENDING_KEY, {})
    for obj in objs:
        pending[id(obj)] = obj


def touch(session: Session, obj: "Versioned") -> None:
    """Stamp a row whose projection changed without a column change (e.g. an account's
    debt after a payment), so devices holding it receive it on their next pull."""
    _stamp_later(session, [obj])


def stamp_at_commit(session: Session, table: sa.Table, ids) -> None:
    """Rows a bulk INSERT or UPDATE wrote on a synced table: stamp them at commit.

    The bulk statement itself sets `rv` to 0 (insert) or leaves it (`rv=table.c.rv`,
    update); the commit gives them this transaction's version with every other row.
    """
    session.info.setdefault(_PENDING_IDS_KEY, {}).setdefault(table, set()).update(ids)


@event.listens_for(Session, "before_flush")
def _stamp_rv(session, _ctx, _instances):
    touched = [o for o in (*session.new, *session.dirty) if isinstance(o, Versioned)
               and (o in session.new or session.is_modified(o, include_collections=False))]
    if touched:
        _stamp_later(session, touched)


@event.listens_for(Session, "before_commit")
def _stamp_at_commit(session):
    if session.in_nested_transaction():
        return  # a savepoint is released: the version comes with the real commit
    session.flush()  # everything is written (and has its id) before it is stamped
    objs = session.info.pop(_PENDING_KEY, None) or {}
    by_table = session.info.pop(_PENDING_IDS_KEY, None) or {}
    if not objs and not by_table:
        return
    rv = current_rv(session)
    for obj in objs.values():
        state = sa.inspect(obj)
        if not state.persistent:
            continue  # rolled back with its savepoint, deleted or expunged
        by_table.setdefault(state.mapper.local_table, set()).add(state.identity[0])
        set_committed_value(obj, "rv", rv)
    for table, ids in by_table.items():
        ordered = sorted(ids, key=str)
        for i in range(0, len(ordered), _CHUNK):
            session.execute(sa.update(table).where(table.c.id.in_(ordered[i:i + _CHUNK]))
                            .values(rv=rv).execution_options(synchronize_session=False))


@event.listens_for(Session, "after_transaction_end")
def _forget_rv(session, trans):
    cached = session.info.get(_RV_KEY)
    # The bump belongs to the transaction (or savepoint) that made it; once that ends,
    # committed into its parent or rolled back, the next write asks again.
    if cached is not None and cached[1] is trans:
        session.info.pop(_RV_KEY, None)
    if trans.parent is None:
        session.info.pop(_PENDING_KEY, None)
        session.info.pop(_PENDING_IDS_KEY, None)


_HOLD_KEY = "held_rows"


def hold(session: Session, rows) -> list:
    """Keep loaded rows referenced until the transaction ends.

    The session's identity map holds rows weakly: rows prefetched for a batch and not
    referenced anywhere else are dropped at once, and each later `session.get` would go
    back to the database. Returns the rows.
    """
    rows = list(rows)
    session.info.setdefault(_HOLD_KEY, []).extend(rows)
    return rows


_ABSENT_KEY = "absent_rows"


def note_absent(session: Session, model, ids) -> None:
    """Remember, until the transaction ends, ids a batch looked up and did not find."""
    session.info.setdefault(_ABSENT_KEY, set()).update((model, i) for i in ids)


def known_absent(session: Session, model, id_) -> bool:
    """Whether this id was looked up in this transaction and not found (then forget it:
    the caller is about to create it)."""
    absent = session.info.get(_ABSENT_KEY)
    if absent and (model, id_) in absent:
        absent.discard((model, id_))
        return True
    return False


@event.listens_for(Session, "after_transaction_end")
def _release_held(session, trans):
    if trans.parent is None:
        session.info.pop(_HOLD_KEY, None)
        session.info.pop(_ABSENT_KEY, None)


# --- Side effects after the commit, never inside it (SYNC.md "Push" step 5) ---
# A unit of work records what should happen once it is durable (a web push, a job); the
# record belongs to the transaction or savepoint that made it. A savepoint or transaction
# that rolls back drops what it recorded (also what its released savepoints recorded);
# the outermost COMMIT runs the rest, once per callback with all its items.
_ON_COMMIT_KEY = "on_commit"


def on_commit(session: Session, callback, item) -> None:
    """After this session's outermost COMMIT, call `callback(items)` once with every item
    recorded for it by parts of the transaction that were not rolled back.

    The callback runs after the data is durable and must not use this session; it should
    only hand work elsewhere (enqueue a job). Its errors are logged, never raised: the
    commit has already happened.
    """
    trans = session.get_nested_transaction() or session.get_transaction()
    if trans is None:
        session.connection()  # begin, so the item belongs to a transaction that can end
        trans = session.get_transaction()
    session.info.setdefault(_ON_COMMIT_KEY, []).append((trans, callback, item))


def _inside(trans, ancestor) -> bool:
    while trans is not None:
        if trans is ancestor:
            return True
        trans = trans.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(session, previous_transaction):
    pending = session.info.get(_ON_COMMIT_KEY)
    if pending:
        session.info[_ON_COMMIT_KEY] = [p for p in pending
                                        if not _inside(p[0], previous_transaction)]


@event.listens_for(Session, "after_commit")
def _run_on_commit(session):
    if session.in_nested_transaction():
        return  # a savepoint was released: its items wait for the real commit
    pending = session.info.pop(_ON_COMMIT_KEY, None)
    if not pending:
        return
    batches: dict = {}
    for _trans, callback, item in pending:
        batches.setdefault(callback, []).append(item)
    for callback, items in batches.items():
        try:
            callback(items)
        except Exception:  # noqa: BLE001 - committed already: log, do not fail the caller
            _log.exception("after-commit callback %s failed", getattr(callback, "__name__",
                                                                      callback))


@event.listens_for(Session, "after_transaction_end")
def _forget_on_commit(session, trans):
    if trans.parent is None:
        session.info.pop(_ON_COMMIT_KEY, None)  # ended without a commit (closed)


def versioned_tables() -> set[str]:
    """Names of the tables whose rows are stamped with `rv`."""
    return {m.local_table.name for m in Base.registry.mappers if issubclass(m.class_, Versioned)}


@event.listens_for(Session, "do_orm_execute")
def _guard_bulk_writes(state):
    """Refuse bulk writes that would change synced rows without stamping them."""
    if not (state.is_update or state.is_delete):
        return
    if state.execution_options.get("cartera_unversioned_ok"):
        return
    table = getattr(state.statement, "table", None)
    if table is None or getattr(table, "name", None) not in versioned_tables():
        return
    if state.is_delete:
        raise RuntimeError(f"DELETE on synced table {table.name}: mark deleted_at instead")
    values = getattr(state.statement, "_values", None) or {}
    if not any(getattr(k, "key", k) == "rv" for k in values):
        raise RuntimeError(f"bulk UPDATE on synced table {table.name} must set rv=current_rv()")


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
