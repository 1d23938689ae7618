"""POST /pull: scope, paging, tombstones, epochs and the office's writes reaching devices."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.common.clock import local_today, utcnow
from server.common.sync_contract import Entity
from server.db import current_rv, transaction
from server.extensions import db
from server.fieldwork.models import Route
from server.scope import set_scope
from server.sync.models import SyncState
from server.sync.pull import decode_cookie, encode_cookie
from tests import factories
from tests.sync.conftest import ops, put_in_scope


def _serialize_routes(session, ids):
    rows = session.execute(sa.select(Route).where(Route.id.in_(list(ids)),
                                                  Route.deleted_at.is_(None))).scalars()
    return {r.id: {"id": r.id, "name": r.name, "work_date": r.work_date} for r in rows}


@pytest.fixture()
def route_entity(sync_registry, monkeypatch):
    """A soft-deletable test row type held through scope ('test_route')."""
    monkeypatch.setitem(sync_registry.entities, "test_route",
                        Entity("test_route", Route, _serialize_routes))


def _route(name="Ruta 1", **kw) -> Route:
    with transaction():
        r = Route(name=name, work_date=kw.pop("work_date", local_today()), **kw)
        db.session.add(r)
    return r


def test_the_first_pull_pages_every_row_in_scope_with_last_seq_only_on_the_last_page(
        device, sync_registry):
    d = device()
    accounts = [factories.account() for _ in range(5)]
    factories.account()  # not hers
    put_in_scope(d.user_id, accounts)
    pages = d.pull(limit=2)
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert ["last_seq" in p for p in pages] == [False, False, True]
    got = ops(pages, "account")
    assert sorted(op["id"] for op in got) == sorted(str(a.id) for a in accounts)
    assert all(op["op"] == "put" and op["d"]["account_number"] for op in got)
    keys = [(op["rv"], op["t"], op["id"]) for op in ops(pages)]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    again = d.pull()
    assert ops(again) == [] and again[0]["last_seq"] == 0


def test_a_changed_row_comes_again_and_unchanged_rows_do_not(device, sync_registry):
    d = device()
    a, b = factories.account(), factories.account()
    put_in_scope(d.user_id, [a, b])
    d.pull()
    with transaction() as session:
        session.get(type(a), a.id).status = "limited"
    changed = ops(d.pull())
    assert [(op["id"], op["d"]["status"]) for op in changed] == [(str(a.id), "limited")]


def test_reassigning_sends_del_to_one_worker_and_the_full_older_row_to_the_other(
        device, sync_registry):
    ana, beto = device(), device()
    acc = factories.account()
    put_in_scope(ana.user_id, [acc])
    ana.pull()
    beto.pull()
    row_rv = acc.rv
    with transaction() as session:  # one unit of work, as every assignment change
        set_scope(session, ana.user_id, "account", [acc.id], False)
        set_scope(session, beto.user_id, "account", [acc.id], True)
    gone = ops(ana.pull())
    assert [(op["op"], op["id"], op.get("why")) for op in gone] == [
        ("del", str(acc.id), "left_scope")]
    came = ops(beto.pull())
    assert [(op["op"], op["id"]) for op in came] == [("put", str(acc.id))]
    assert came[0]["d"]["rv"] == row_rv < came[0]["rv"]  # the row itself did not change


def test_a_soft_deleted_row_syncs_as_del(device, route_entity):
    d = device()
    r = _route()
    with transaction() as session:
        set_scope(session, d.user_id, "test_route", [r.id], True)
    assert [op["op"] for op in ops(d.pull(), "test_route")] == ["put"]
    with transaction() as session:
        session.get(Route, r.id).deleted_at = utcnow()
    deleted = ops(d.pull(), "test_route")
    assert [(op["op"], op["id"], op.get("why")) for op in deleted] == [("del", str(r.id), None)]


def test_purging_old_tombstones_resets_only_cookies_older_than_the_purge(app, device,
                                                                         route_entity):
    old, recent = device(), device()
    r = _route()
    route_id = r.id
    with transaction() as session:
        set_scope(session, old.user_id, "test_route", [r.id], True)
        set_scope(session, recent.user_id, "test_route", [r.id], True)
    old.pull()
    with transaction() as session:
        session.get(Route, r.id).deleted_at = utcnow() - timedelta(days=40)
        set_scope(session, recent.user_id, "test_route", [r.id], False)
    recent.pull()  # saw the delete
    result = app.test_cli_runner().invoke(args=["cartera", "sync-purge-tombstones",
                                                "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "routes: 1" in result.output and "scope_memberships" not in result.output
    assert db.session.execute(sa.select(Route.id).where(Route.id == route_id)).first() is None
    state = db.session.get(SyncState, 1)
    db.session.refresh(state)
    assert state.purged_rv > 0
    page = old.pull_page()
    assert page["reset"] is True and page["cookie"] is None and page["patch"] == []
    assert recent.pull_page()["reset"] is False
    old.cookie = None
    assert old.pull()[-1]["has_more"] is False  # starting over works


def test_purging_drops_memberships_that_left_scope_long_ago(app, device, sync_registry):
    from server.scope import ScopeMembership

    d = device()
    acc = factories.account()
    put_in_scope(d.user_id, [acc])
    put_in_scope(d.user_id, [acc], active=False)
    with transaction() as session:
        session.execute(sa.update(ScopeMembership).values(
            changed_at=utcnow() - timedelta(days=31), rv=current_rv(session)))
    result = app.test_cli_runner().invoke(args=["cartera", "sync-purge-tombstones"])
    assert "scope_memberships: 1" in result.output
    assert db.session.execute(sa.select(sa.func.count()).select_from(ScopeMembership)
                              ).scalar() == 0


def test_a_restored_backup_with_a_new_epoch_resets_every_device(app, device, sync_registry):
    d = device()
    put_in_scope(d.user_id, [factories.account()])
    d.pull()
    result = app.test_cli_runner().invoke(args=["cartera", "sync-new-epoch"])
    assert result.exit_code == 0 and "Nueva época" in result.output
    resp = d.http.post("/api/sync/v1/pull", headers=d.headers, json={
        "client_id": str(d.client_id), "schema_version": 2, "cookie": d.cookie})
    assert resp.get_json()["reset"] is True and resp.headers["Cache-Control"] == "no-store"
    registered = d.register().get_json()
    assert registered["epoch"] == db.session.get(SyncState, 1).epoch
    d.cookie = None
    assert len(ops(d.pull(), "account")) == 1
    assert d.pull_page()["reset"] is False  # the new cookie pulls incrementally


def test_a_forged_or_future_cookie_resets(app, device, sync_registry):
    d = device()
    assert d.pull_page(cookie="eyJ2IjoxfQ.firma-falsa")["reset"] is True
    state = db.session.get(SyncState, 1)
    future = encode_cookie(app.config["SECRET_KEY"], {
        "epoch": state.epoch, "v": state.version + 100, "u": None, "k": None})
    assert d.pull_page(cookie=future)["reset"] is True


def test_a_schema_below_the_minimum_cannot_pull_but_its_push_still_drains(app, device,
                                                                           sync_registry):
    d = device()
    acc = factories.account()
    d.schema_version = 1
    app.config["SYNC_SCHEMA_MIN"] = 2
    try:
        page = d.pull_page()
        assert page["error"] == "VERSION_NOT_SUPPORTED" and page["message"]
        assert page["schema_min"] == 2 and page["proto"] == 1
        pushed = d.push([d.mutation("test.touch", {"account_id": str(acc.id)})])
        assert pushed.status_code == 200 and pushed.get_json()["last_seq"] == 1
    finally:
        app.config.pop("SYNC_SCHEMA_MIN")


def test_an_office_payment_bumps_the_account_and_reaches_the_workers_next_pull(
        device, sync_registry, make_user):
    from server.ledger.service import record_payment

    d = device()
    acc = factories.overdue_account(3, as_of=local_today())
    put_in_scope(d.user_id, [acc])
    d.pull()
    before = acc.rv
    record_payment(actor_id=make_user("clerk").id, account_ref=acc.id,
                   amount=Decimal("217.50"), paid_on=date.today())
    came = ops(d.pull(), "account")
    assert [op["id"] for op in came] == [str(acc.id)] and came[0]["rv"] > before


def test_shared_catalog_rows_reach_every_worker_without_memberships(device, sync_registry,
                                                                    monkeypatch):
    monkeypatch.setitem(sync_registry.entities, "test_catalog",
                        Entity("test_catalog", Route, _serialize_routes, shared=True))
    r = _route("Catálogo")
    d = device(roles=("cutter",))
    assert [op["id"] for op in ops(d.pull(), "test_catalog")] == [str(r.id)]


def test_the_cookie_is_signed_and_carries_the_epoch_and_bounds(app, device, sync_registry):
    d = device()
    put_in_scope(d.user_id, [factories.account() for _ in range(3)])
    page = d.pull_page(limit=2)
    data = decode_cookie(app.config["SECRET_KEY"], page["cookie"])
    assert data["epoch"] == db.session.get(SyncState, 1).epoch
    assert data["v"] == 0 and data["u"] >= page["patch"][-1]["rv"] and len(data["k"]) == 3


def test_a_tombstone_that_facts_still_point_at_is_kept(app, device, route_entity):
    from server.fieldwork.models import Stop

    r = _route()
    with transaction() as session:
        session.add(Stop(route_id=r.id, position=1, account_id=factories.account().id))
        session.get(Route, r.id).deleted_at = utcnow() - timedelta(days=90)
    result = app.test_cli_runner().invoke(args=["cartera", "sync-purge-tombstones"])
    assert result.exit_code == 0 and "routes" not in result.output
    assert db.session.execute(sa.select(Route.id).where(Route.id == r.id)).first()


def test_the_last_pull_time_is_written_at_most_every_30_seconds(device, sync_registry,
                                                                 monkeypatch):
    from server.sync import clients as sync_clients
    from server.sync.models import SyncClient

    d = device()
    t0 = utcnow()
    monkeypatch.setattr(sync_clients, "utcnow", lambda: t0)
    d.pull()
    row = db.session.get(SyncClient, d.client_id)
    db.session.refresh(row)
    assert row.last_pull_at == t0  # the first completed pull is always recorded
    monkeypatch.setattr(sync_clients, "utcnow", lambda: t0 + timedelta(seconds=20))
    d.pull()
    db.session.refresh(row)
    assert row.last_pull_at == t0  # 20 s later: no new write
    later = t0 + timedelta(seconds=31)
    monkeypatch.setattr(sync_clients, "utcnow", lambda: later)
    d.pull()
    db.session.refresh(row)
    assert row.last_pull_at == later
