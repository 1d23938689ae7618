"""Bulk writes of generated rows through the raw DBAPI connection, in one transaction.

PostgreSQL: psycopg 3 COPY (write_row), then identity sequences moved past the ids the
generator numbered itself, then ANALYZE. SQLite: executemany inside one BEGIN IMMEDIATE
with synchronous=OFF for the load; values are first turned into what SQLAlchemy itself
stores there (UUID as 32 hex digits, dates ISO, timestamps 'YYYY-MM-DD HH:MM:SS.ffffff'
in UTC, numerics as text that the NUMERIC column converts). Never one ORM object per row.
Secondary indexes (and PostgreSQL foreign keys) can be dropped for the load and rebuilt
at the end, inside the same transaction.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import chain
from typing import Callable, Iterable, Sequence

import sqlalchemy as sa

SQLITE_MAX_PARAMS = 900  # under the 999 bound parameters of older SQLite builds


class _Cache(dict):
    """A memo of a conversion: each distinct value is converted once."""

    def __init__(self, convert: Callable):
        super().__init__()
        self.convert = convert

    def __missing__(self, key):
        value = self[key] = None if key is None else self.convert(key)
        return value


def _sqlite_timestamp(value: datetime) -> str:
    """What SQLAlchemy stores for a DateTime on SQLite: UTC, no offset, microseconds."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _postgres_timestamp(value: datetime) -> str:
    """timestamptz text with an explicit offset (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(sep=" ")


def _number(value) -> str | None:
    return None if value is None else str(value)


def _uuid_hex(value) -> str:
    return value if isinstance(value, str) else value.hex


class BulkLoader:
    """One load: a raw connection, one transaction, table-by-table bulk inserts."""

    def __init__(self, engine: sa.Engine, metadata: sa.MetaData):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.metadata = metadata
        self._raw = None
        stamp = _sqlite_timestamp if self.dialect == "sqlite" else _postgres_timestamp
        self._caches = {"uuid": _Cache(_uuid_hex), "date": _Cache(date.isoformat),
                        "timestamp": _Cache(stamp)}
        self._encoders: dict[tuple, Callable] = {}
        self._deferred: list[str] = []

    def __enter__(self) -> "BulkLoader":
        self._raw = self.engine.raw_connection()
        conn = self._raw.driver_connection
        if self.dialect == "sqlite":
            # The generator numbers every key itself and tests check them with
            # PRAGMA foreign_key_check, so the load skips per-row FK lookups.
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA cache_size=-262144")  # 256 MB of page cache for the load
            conn.execute("PRAGMA temp_store=MEMORY")  # index rebuilds sort in memory
            conn.execute("BEGIN IMMEDIATE")
        else:
            with conn.cursor() as cur:
                cur.execute("SET LOCAL synchronous_commit = off")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        conn = self._raw.driver_connection
        try:
            if self.dialect == "sqlite":
                conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
            elif exc_type is None:
                conn.commit()
            else:
                conn.rollback()
        finally:
            if self.dialect == "sqlite":
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA cache_size=-2000")
                conn.execute("PRAGMA temp_store=DEFAULT")
            self._raw.close()

    def execute(self, sql: str, params: Sequence = ()) -> list:
        """Run one statement ('?' placeholders) inside the load; returns fetched rows."""
        conn = self._raw.driver_connection
        if self.dialect == "sqlite":
            params = tuple(p.isoformat() if isinstance(p, date) else p for p in params)
            return conn.execute(sql, params).fetchall()
        with conn.cursor() as cur:
            if params:
                cur.execute(sql.replace("?", "%s"), tuple(params))
            else:
                cur.execute(sql)
            return cur.fetchall() if cur.description else []

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> int:
        """Insert rows (sequences in `columns` order); returns how many."""
        if not rows:
            return 0
        names = ", ".join(f'"{c}"' for c in columns)
        encoded = map(self._encoder(table, tuple(columns)), rows)
        if self.dialect == "postgresql":
            with self._raw.driver_connection.cursor() as cur:
                with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    write = copy.write_row
                    for row in encoded:
                        write(row)
            return len(rows)
        # Several rows per statement: fewer trips through sqlite3's per-row machinery.
        conn, group = self._raw.driver_connection, max(1, SQLITE_MAX_PARAMS // len(columns))
        one = "(" + ", ".join("?" for _ in columns) + ")"
        encoded = list(encoded)
        full = len(encoded) - len(encoded) % group
        if full:
            conn.executemany(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * group)}",
                (list(chain.from_iterable(encoded[k:k + group]))
                 for k in range(0, full, group)))
        if full < len(encoded):
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", encoded[full:])
        return len(rows)

    def _encoder(self, table: str, columns: tuple[str, ...]) -> Callable:
        """A row → row function turning Python values into the text both engines take.

        Built once per table as one tuple expression (a Python-level loop over columns
        would double the cost of the load): Decimal → str, date → ISO text, timestamps
        → this engine's text, UUID → 32 hex digits; everything else passes through.
        """
        key = (table, columns)
        if key not in self._encoders:
            table_def = self.metadata.tables[table]
            env, parts = {}, []
            for i, name in enumerate(columns):
                column = table_def.c[name]
                convert = self._converter(column)
                if convert is None:
                    parts.append(f"r[{i}]")
                else:
                    env[f"f{i}"] = convert
                    parts.append(f"f{i}(r[{i}])")
            # Source built here from column indexes only; nothing external reaches eval.
            self._encoders[key] = eval(f"lambda r: ({', '.join(parts)},)", env)  # noqa: S307
        return self._encoders[key]

    def _converter(self, column: sa.Column) -> Callable | None:
        ctype = column.type
        if isinstance(ctype, sa.Uuid):
            return self._caches["uuid"].__getitem__
        if isinstance(ctype, sa.DateTime):
            return self._caches["timestamp"].__getitem__
        if isinstance(ctype, sa.Date):
            return self._caches["date"].__getitem__
        if isinstance(ctype, sa.Numeric) and not isinstance(ctype, sa.Float):
            return _number if column.nullable else str
        return None

    def defer_indexes(self, tables: Sequence[str]) -> None:
        """Drop the secondary indexes (and, on PostgreSQL, the foreign keys) of `tables`
        for the load; finish() recreates them exactly as they were.

        One sorted build per index at the end costs less than keeping it up to date row
        by row. Indexes backing a constraint (primary key, UNIQUE) stay. SQLite gives
        back each index's original CREATE text; PostgreSQL would re-deparse a partial
        unique index's predicate into different (equivalent) text, so there unique
        indexes stay too. Drop and rebuild happen in the load's transaction: a failure
        leaves the schema untouched.
        """
        names = ", ".join(f"'{t}'" for t in tables)
        if self.dialect == "sqlite":
            found = self.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({names}) ORDER BY name")
        else:
            found = self.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                f"current_schema() AND tablename IN ({names}) AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint) AND indexdef NOT LIKE 'CREATE UNIQUE%' "
                "ORDER BY indexname")
        for name, _definition in found:
            self.execute(f'DROP INDEX "{name}"')
        self._deferred.extend(definition for _name, definition in found)
        if self.dialect == "postgresql":
            # Foreign keys too: one validating join per key at the end instead of a
            # trigger lookup per row (what pg_restore does).
            keys = self.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND connamespace = "
                "current_schema()::regnamespace AND conrelid::regclass::text IN "
                f"({names}) ORDER BY conname")
            for table, name, definition in keys:
                self.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                self._deferred.append(
                    f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    def next_id(self, table: str) -> int:
        """The first free integer id of `table` (ids the generator numbers itself)."""
        return int(self.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")[0][0])

    def finish(self, tables: Iterable[str]) -> None:
        """Rebuild deferred indexes and keys; on PostgreSQL also move each table's id
        sequence past the loaded ids, then ANALYZE."""
        for definition in self._deferred:
            self.execute(definition)
        self._deferred.clear()
        if self.dialect != "postgresql":
            return
        for table in tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
        self.execute("ANALYZE")
