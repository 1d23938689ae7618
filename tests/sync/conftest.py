"""Sync test harness: a `Device` speaking the protocol, test-only handlers and an account
entity, so these tests depend only on the contract, not on other capabilities' handlers."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_jwt_extended import create_access_token
from marshmallow import Schema, fields

from server.common.sync_contract import Entity, Mutation, MutationResult
from server.db import touch, transaction
from server.errors import DomainError
from server.extensions import db
from server.http import ALL_ROLES, FIELD_ROLES
from server.registry.models import Account
from server.scope import set_scope
from server.sync.registry import get_registry

SYNC = "/api/sync/v1"


def token_for(app, user_id, roles, **kwargs) -> str:
    """An access token for the user with these roles."""
    with app.test_request_context():
        return create_access_token(identity=str(user_id),
                                   additional_claims={"roles": list(roles)}, **kwargs)


class Device:
    """One (user, device, local database): a client id, an outbox numbered by seq, a cookie."""

    def __init__(self, http, app, user_id, roles=("notifier",), client_id=None):
        self.http, self.app, self.user_id, self.roles = http, app, user_id, list(roles)
        self.client_id = client_id or uuid.uuid4()
        self.headers = {"Authorization": f"Bearer {token_for(app, user_id, self.roles)}"}
        self.seq = 0
        self.cookie = None
        self.base_rv = 0
        self.schema_version = 2

    def register(self):
        return self.http.post(f"{SYNC}/clients", headers=self.headers, json={
            "client_id": str(self.client_id), "schema_version": self.schema_version})

    def mutation(self, name, args, v=1, *, id=None, created_at=None, base_rv=None):
        """The next outbox entry (seq allocated here, as the device does)."""
        self.seq += 1
        return {"seq": self.seq, "id": str(id or uuid.uuid4()), "name": name, "v": v,
                "base_rv": self.base_rv if base_rv is None else base_rv,
                "created_at": created_at or datetime.now(timezone.utc).isoformat(),
                "args": args}

    def push(self, mutations, acked_seq=0, **kwargs):
        return self.http.post(f"{SYNC}/push", headers=self.headers, json={
            "client_id": str(self.client_id), "schema_version": self.schema_version,
            "acked_seq": acked_seq, "mutations": mutations}, **kwargs)

    def pull_page(self, limit=500, cookie="keep"):
        resp = self.http.post(f"{SYNC}/pull", headers=self.headers, json={
            "client_id": str(self.client_id), "schema_version": self.schema_version,
            "cookie": self.cookie if cookie == "keep" else cookie, "limit": limit})
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    def pull(self, limit=500) -> list[dict]:
        """Pull until has_more is false; returns every page. Keeps the cookie and base_rv."""
        pages = []
        while True:
            page = self.pull_page(limit)
            pages.append(page)
            assert not page["reset"], page
            self.cookie = page["cookie"]
            if not page["has_more"]:
                self.base_rv = max([self.base_rv] + [op["rv"] for p in pages
                                                     for op in p["patch"]])
                return pages


def ops(pages, t=None) -> list[dict]:
    """Every patch operation of these pages, optionally of one type."""
    return [op for p in pages for op in p["patch"] if t is None or op["t"] == t]


@pytest.fixture()
def worker(app, make_user):
    """make a field user: worker("notifier") → StaffUser."""
    def _make(*roles):
        return make_user(*(roles or ("notifier",)))
    return _make


@pytest.fixture()
def device(app, client, worker):
    """device(user=None, roles=...) → a registered Device (a new notifier by default)."""
    def _make(user=None, roles=("notifier",), register=True, client_id=None):
        user = user or worker(*roles)
        d = Device(client, app, user.id, roles=[r.role for r in user.role_rows] or roles,
                   client_id=client_id)
        if register:
            assert d.register().status_code == 200
        return d
    return _make


def _serialize_accounts(session, ids):
    rows = session.execute(sa.select(Account).where(Account.id.in_(list(ids)))).scalars()
    return {a.id: {"id": a.id, "account_number": a.account_number, "status": a.status,
                   "rv": a.rv} for a in rows}


ACCOUNT_ENTITY = Entity(type="account", model=Account, serialize=_serialize_accounts)


class TouchArgs(Schema):
    account_id = fields.UUID(required=True)
    outcome = fields.String(load_default="ok")


class TouchArgsV2(TouchArgs):
    note = fields.String(required=True)


def touch_handler(ctx, args):
    """Test handler: touch the account; 'reject' → DomainError, 'boom' → infrastructure,
    'write_then_reject' → DomainError after changing the account."""
    if args["outcome"] == "reject":
        raise DomainError("ACCOUNT_NOT_FOUND", account="x")
    if args["outcome"] == "boom":
        raise RuntimeError("disco lleno")
    account = ctx.session.get(Account, args["account_id"])
    if args["outcome"] == "write_then_reject":  # a refusal after the handler has written
        account.status = "suspended"
        ctx.session.flush()
        raise DomainError("ACCOUNT_NOT_FOUND", account="x")
    touch(ctx.session, account)
    flags = ["NOTE"] if args.get("note") == "flag" else []
    return MutationResult(flags=flags, blobs=list(args.get("blobs", [])))


class TouchBlobsArgs(TouchArgs):
    blobs = fields.List(fields.String(), load_default=list)


TEST_MUTATIONS = [
    Mutation("test.touch", 1, TouchBlobsArgs, touch_handler, frozenset(ALL_ROLES)),
    Mutation("test.touch", 2, TouchArgsV2, touch_handler, frozenset(ALL_ROLES)),
    Mutation("test.field_only", 1, TouchArgs, touch_handler, frozenset(FIELD_ROLES)),
]


@pytest.fixture()
def sync_registry(monkeypatch):
    """The real registry plus the test-only handlers and the test account entity."""
    reg = get_registry()
    for m in TEST_MUTATIONS:
        monkeypatch.setitem(reg.mutations, (m.name, m.v), m)
    monkeypatch.setitem(reg.entities, "account", ACCOUNT_ENTITY)
    return reg


def put_in_scope(worker_id, accounts, active=True) -> None:
    """Make these accounts enter (or leave) the worker's scope, in one unit of work."""
    with transaction():
        set_scope(db.session, worker_id, "account", [a.id for a in accounts], active)
