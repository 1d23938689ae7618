"""POST /pull (SYNC.md "Pull"): what changed in a worker's scope since the cookie, paged.

Candidates are one SQL statement: each scoped entity table joined to the worker's active
memberships, the worker's memberships themselves (entering scope sends the full row,
leaving sends `del` with why "left_scope"), and the shared catalog; deduplicated by
(t, id) keeping the highest rv, ordered by (rv, t, id) and keyset-paged. Payloads come
from each Entity's `serialize`, one batch per type per page.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from server.extensions import db
from server.scope import ScopeMembership
from server.sync.clients import check_owner
from server.sync.models import SyncClient, SyncState
from server.sync.registry import Registry

COOKIE_SALT = "sync-cookie"
LIVE, DELETED, LEFT_SCOPE = 0, 1, 2


@dataclass
class PullPage:
    """One page: `reset` means the cookie is unusable and the client starts over."""

    patch: list[dict]
    cookie: str | None
    has_more: bool
    reset: bool = False
    last_seq: int | None = None


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=COOKIE_SALT)


def encode_cookie(secret: str, data: dict) -> str:
    """Sign the cookie {epoch, v, u, k, s}; the client stores it without reading it."""
    return _serializer(secret).dumps(data)


def decode_cookie(secret: str, text: str) -> dict | None:
    """The cookie's content, or None if it was not signed by us (then the client resets)."""
    try:
        data = _serializer(secret).loads(text)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("v"), int):
        return None
    return data


def _gone(table: sa.Table):
    if "deleted_at" in table.c:
        return sa.case((table.c.deleted_at.is_not(None), DELETED), else_=LIVE)
    return sa.literal_column(str(LIVE), sa.Integer)


def _type_label(name: str):
    return sa.cast(sa.literal(name), sa.String(40)).label("t")


def candidates_query(registry: Registry, worker_id: uuid.UUID, v: int, u: int,
                     k: list | None, limit: int):
    """The page's (t, id, rv, gone) rows: `v < rv <= u` in scope, after key `k`."""
    sm = ScopeMembership.__table__
    scoped = registry.scoped_entities()
    parts = []
    for entity in scoped:
        t = entity.model.__table__
        # Only memberships as they stood at `u`: one that changed later (rv > u) is left
        # to the next pull, which sends the row whole or its del. Reading its newer state
        # here would let a row come twice in one paged pull, or go missing.
        member = sa.and_(sm.c.entity_id == t.c.id, sm.c.entity_type == entity.type,
                         sm.c.worker_id == worker_id, sm.c.active.is_(True), sm.c.rv <= u)
        parts.append(sa.select(_type_label(entity.type), sa.cast(t.c.id, sa.String).label("id"),
                               t.c.rv.label("rv"), _gone(t).label("gone"))
                     .select_from(t.join(sm, member)).where(t.c.rv > v, t.c.rv <= u))
    if scoped:
        parts.append(sa.select(
            sm.c.entity_type.label("t"), sa.cast(sm.c.entity_id, sa.String).label("id"),
            sm.c.rv.label("rv"),
            sa.case((sm.c.active.is_(True), LIVE), else_=LEFT_SCOPE).label("gone"))
            .where(sm.c.worker_id == worker_id, sm.c.rv > v, sm.c.rv <= u,
                   sm.c.entity_type.in_([e.type for e in scoped])))
    for entity in registry.shared_entities():
        t = entity.model.__table__
        parts.append(sa.select(_type_label(entity.type), sa.cast(t.c.id, sa.String).label("id"),
                               t.c.rv.label("rv"), _gone(t).label("gone"))
                     .where(t.c.rv > v, t.c.rv <= u))
    if not parts:
        return None
    union = sa.union_all(*parts).subquery("c")
    g = (sa.select(union.c.t, union.c.id, sa.func.max(union.c.rv).label("rv"),
                   sa.func.max(union.c.gone).label("gone"))
         .group_by(union.c.t, union.c.id).subquery("g"))
    q = sa.select(g.c.t, g.c.id, g.c.rv, g.c.gone)
    if k:
        krv, kt, kid = k
        q = q.where(sa.or_(g.c.rv > krv, sa.and_(g.c.rv == krv, sa.or_(
            g.c.t > kt, sa.and_(g.c.t == kt, g.c.id > kid)))))
    return q.order_by(g.c.rv, g.c.t, g.c.id).limit(limit)


def json_default(value):
    """For json.dumps: Decimal and ids as strings, dates and times in ISO 8601.

    Used as the encoder's `default`, so only these leaves cost Python calls; a pull of a
    300-stop route has ~70,000 values and walking them all in Python was a third of it.
    """
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _python_id(entity, text: str):
    kind = entity.model.__table__.c.id.type.python_type
    return kind(text) if kind is not str else text


def build_patch(session, registry: Registry, rows) -> list[dict]:
    """put/del operations for candidate rows, payloads serialized in one batch per type."""
    live: dict[str, dict] = {}
    for t, text_id, _rv, gone in rows:
        if gone == LIVE:
            entity = registry.entities[t]
            live.setdefault(t, {})[text_id] = _python_id(entity, text_id)
    payloads: dict[str, dict] = {}
    for t, ids in live.items():
        found = registry.entities[t].serialize(session, list(ids.values()))
        payloads[t] = {str(key): value for key, value in found.items()}
    patch = []
    for t, text_id, rv, gone in rows:
        entity = registry.entities[t]
        key = str(_python_id(entity, text_id))
        data = payloads.get(t, {}).get(key) if gone == LIVE else None
        if data is not None:
            patch.append({"op": "put", "t": t, "id": key, "rv": rv, "d": data})
        elif gone == LEFT_SCOPE:
            patch.append({"op": "del", "t": t, "id": key, "rv": rv, "why": "left_scope"})
        else:
            patch.append({"op": "del", "t": t, "id": key, "rv": rv})
    return patch


def _state(session, client_id: uuid.UUID):
    """(version, epoch, purged_rv, client's last_seq) read in one statement: one snapshot,
    so last_seq never runs ahead of the data the version bounds."""
    last_seq = (sa.select(SyncClient.last_seq).where(SyncClient.id == client_id)
                .scalar_subquery())
    return session.execute(sa.select(SyncState.version, SyncState.epoch, SyncState.purged_rv,
                                     last_seq).where(SyncState.id == 1)).one()


def _fresh_snapshot(session) -> None:
    """End a transaction that has only read so far (the token check): on SQLite a read
    transaction keeps the snapshot of its first read, and the version must be current."""
    if (session.in_transaction() and not session.info.get("flushed")
            and not (session.new or session.dirty or session.deleted)):
        session.rollback()


def pull(*, actor_id: uuid.UUID, client_id: uuid.UUID, cookie: str | None, limit: int,
         secret: str, registry: Registry) -> PullPage:
    """One page of changes for the actor's device (see module docstring)."""
    session = db.session()
    _fresh_snapshot(session)
    client = session.get(SyncClient, client_id)
    if client is not None:
        check_owner(client, actor_id)
    version, epoch, purged_rv, last_seq = _state(session, client_id)
    if cookie is None:
        data = {"v": 0, "u": None, "k": None}
    else:
        data = decode_cookie(secret, cookie)
        u = data.get("u") if data else None
        if (data is None or data.get("epoch") != epoch or data["v"] > version
                or (u is not None and u > version) or data["v"] < purged_rv):
            return PullPage(patch=[], cookie=None, has_more=True, reset=True)
    v, u, k = data["v"], data.get("u"), data.get("k")
    if u is None:  # a new pull: fix its upper bound and the last_seq that goes with it
        u, s = version, last_seq or 0
    else:
        s = data.get("s", 0)
    query = candidates_query(registry, actor_id, v, u, k, limit + 1)
    rows = session.execute(query).all() if query is not None and u > v else []
    has_more = len(rows) > limit
    rows = rows[:limit]
    patch = build_patch(session, registry, rows)
    if has_more:
        last_t, last_id, last_rv, _ = rows[-1]
        nxt = {"epoch": epoch, "v": v, "u": u, "k": [last_rv, last_t, last_id], "s": s}
    else:
        nxt = {"epoch": epoch, "v": u, "u": None, "k": None}
    return PullPage(patch=patch, cookie=encode_cookie(secret, nxt), has_more=has_more,
                    last_seq=None if has_more else s)
