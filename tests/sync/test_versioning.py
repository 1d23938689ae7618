"""The one write path of synced rows (server/db.py): rv stamping and the bulk-write guard."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from server.common.clock import local_today
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


def test_a_new_row_is_stamped_with_its_transactions_version_bumped_once(db_session):
    before = _version()
    a, b = _route("A"), _route("B")
    assert a.rv == b.rv == _version() == before + 1


def test_a_modified_row_gets_a_new_version_and_an_unchanged_row_keeps_its_own(db_session):
    a, b = _route("A"), _route("B")
    db_session.commit()
    first = a.rv
    a.name = "A prima"
    b.name = "B"  # same value: not a change
    db_session.flush()
    assert a.rv == _version() > first and b.rv == first


def test_a_rolled_back_savepoint_then_a_new_write_gets_a_valid_fresh_version(db_session):
    before = _version()
    with pytest.raises(RuntimeError):
        with db_session.begin_nested():
            _route("se pierde")
            assert _version() == before + 1
            raise RuntimeError("falla")
    assert _version() == before  # the bump went with the savepoint
    kept = _route("se queda")
    assert kept.rv == _version() == before + 1  # bumped again, not a stale cached number


def test_touch_stamps_a_row_whose_projection_changed(db_session):
    from server.db import touch

    acc = factories.account()
    db_session.commit()
    first = acc.rv
    touch(db_session(), acc)
    db_session.flush()
    assert acc.rv == _version() > first


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
