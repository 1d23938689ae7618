"""Sync housekeeping: purge old tombstones (older cookies must reset) and start a new epoch."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from server.common.clock import utcnow
from server.db import Base, transaction, versioned_tables
from server.scope import ScopeMembership
from server.sync.models import SyncState

UNVERSIONED_OK = {"cartera_unversioned_ok": True}


def _referenced(table: sa.Table):
    """Conditions keeping rows that other rows still point at (a purged stop must not
    orphan its visits): NOT EXISTS for every foreign key into `table`."""
    conds = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                conds.append(~sa.exists().where(fk.parent == fk.column))
    return conds


def _purge(session, table: sa.Table, where: list) -> tuple[int, int]:
    top = session.execute(sa.select(sa.func.max(table.c.rv)).where(*where)).scalar()
    if top is None:
        return 0, 0
    deleted = session.execute(sa.delete(table).where(*where),
                              execution_options=UNVERSIONED_OK).rowcount
    return deleted, top


def purge_tombstones(*, days: int, now: datetime | None = None) -> dict:
    """Delete soft-deleted synced rows and inactive scope memberships older than `days`,
    and raise `sync_state.purged_rv` to the highest rv removed: a cookie older than that
    may have missed a `del`, so its pull resets. Returns counts per table."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    counts: dict[str, int] = {}
    highest = 0
    synced = versioned_tables()
    with transaction() as session:
        # The sync state first: the purge must not interleave with any writer's commit.
        purged_rv = session.execute(sa.select(SyncState.purged_rv).where(
            SyncState.id == 1).with_for_update()).scalar_one()
        for table in reversed(Base.metadata.sorted_tables):  # children before parents
            if table.name not in synced or "deleted_at" not in table.c:
                continue
            n, top = _purge(session, table, [table.c.deleted_at.is_not(None),
                                             table.c.deleted_at < cutoff, *_referenced(table)])
            counts[table.name], highest = n, max(highest, top)
        sm = ScopeMembership.__table__
        n, top = _purge(session, sm, [sm.c.active.is_(False), sm.c.changed_at < cutoff])
        counts[sm.name], highest = n, max(highest, top)
        if highest > purged_rv:
            purged_rv = highest
            session.execute(sa.update(SyncState).where(SyncState.id == 1)
                            .values(purged_rv=purged_rv))
    return {"counts": counts, "purged_rv": purged_rv, "cutoff": cutoff}


def new_epoch() -> str:
    """A new random epoch (after restoring a backup): every device's next pull resets."""
    epoch = uuid.uuid4().hex
    with transaction() as session:
        session.execute(sa.update(SyncState).where(SyncState.id == 1).values(epoch=epoch))
    return epoch
