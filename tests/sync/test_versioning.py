"""The one write path of synced rows (server/db.py): rv stamping and the bulk-write guard."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from server.common.clock import local_today, utcnow
from server.db import current_rv, versioned_tables
from server.extensions import db
from server.fieldwork.models import Route
from server.registry.models import Account, Customer
from server.sync.models import SyncState
from server.sync.registry import discover
from tests import factories


def _version() -> int:
    return db.session.execute(sa.select(SyncState.version).where(SyncState.id == 1)).scalar()


def _route(name="Ruta") -> Route:
    r = Route(name=name, work_date=local_today())
    db.session.add(r)
    db.session.flush()
    return r


def test_rows_are_stamped_at_commit_with_one_version_bumped_once(db_session):
    before = _version()
    a, b = _route("A"), _route("B")
    assert _version() == before  # written, not yet versioned: no lock held while working
    db_session.commit()
    assert a.rv == b.rv == _version() == before + 1


def test_a_modified_row_gets_a_new_version_and_an_unchanged_row_keeps_its_own(db_session):
    a, b = _route("A"), _route("B")
    db_session.commit()
    first = a.rv
    a.name = "A prima"
    b.name = "B"  # same value: not a change
    db_session.commit()
    assert a.rv == _version() > first and b.rv == first


def test_a_row_written_in_a_rolled_back_savepoint_is_not_stamped_and_the_rest_is(db_session):
    before = _version()
    with pytest.raises(RuntimeError):
        with db_session.begin_nested():
            lost = _route("se pierde")
            raise RuntimeError("falla")
    kept = _route("se queda")
    db_session.commit()
    assert kept.rv == _version() == before + 1
    assert db_session.get(Route, lost.id) is None


def test_a_version_taken_early_in_a_rolled_back_savepoint_is_not_reused(db_session):
    before = _version()
    with pytest.raises(RuntimeError):
        with db_session.begin_nested():
            assert current_rv(db_session()) == before + 1
            raise RuntimeError("falla")
    assert _version() == before  # the bump went with the savepoint
    kept = _route("se queda")
    db_session.commit()
    assert kept.rv == _version() == before + 1  # bumped again, not a stale cached number


def test_touch_stamps_a_row_whose_projection_changed(db_session):
    from server.db import touch

    acc = factories.account()
    db_session.commit()
    first = acc.rv
    touch(db_session(), acc)
    db_session.commit()
    assert acc.rv == _version() > first


def test_rows_written_by_a_bulk_insert_are_stamped_at_commit(db_session):
    from server.db import stamp_at_commit

    before = _version()
    ids = [uuid.uuid4() for _ in range(3)]
    db_session.execute(sa.insert(Route), [
        {"id": i, "name": f"R{n}", "work_date": local_today(), "status": "planned", "rv": 0,
         "created_at": utcnow(), "updated_at": utcnow()} for n, i in enumerate(ids)])
    stamp_at_commit(db_session(), Route.__table__, ids)
    db_session.commit()
    rvs = db_session.execute(sa.select(Route.rv).where(Route.id.in_(ids))).scalars().all()
    assert rvs == [before + 1] * 3


def test_bulk_updates_of_synced_tables_must_stamp_rv_and_bulk_deletes_are_refused(db_session):
    _route()
    with pytest.raises(RuntimeError, match="must set rv"):
        db_session.execute(sa.update(Route).values(name="todas"))
    with pytest.raises(RuntimeError, match="deleted_at"):
        db_session.execute(sa.delete(Route))
    db_session.execute(sa.update(Route).values(name="todas", rv=current_rv(db_session())))
    db_session.execute(sa.delete(Route), execution_options={"cartera_unversioned_ok": True})
    db_session.execute(sa.update(Customer).values(phone=None))  # not synced: allowed


def test_every_row_type_devices_hold_lives_in_a_stamped_table():
    registry = discover()
    stamped = versioned_tables()
    assert {"accounts", "routes", "stops", "notices", "visits", "scope_memberships"} <= stamped
    for entity in registry.entities.values():
        assert entity.model.__table__.name in stamped, entity.type
    assert Account.__table__.name in stamped
