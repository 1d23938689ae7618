"""What each worker's device holds: `scope_memberships`, kept in the same transaction as
every assignment change (SYNC.md "Scope"). Entering scope makes the next pull send the
full row; leaving it sends `del` with `why: "left_scope"`."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, UtcDateTime, Versioned


class ScopeMembership(Versioned, Base):
    """One (worker, entity) pair: active while the worker's device should hold the row."""

    __tablename__ = "scope_memberships"
    __table_args__ = (
        sa.UniqueConstraint("worker_id", "entity_type", "entity_id"),
        sa.Index("ix_scope_memberships_worker_rv", "worker_id", "rv"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                 nullable=False)
    entity_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), nullable=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow,
                                                 onupdate=utcnow)


def set_scope(session, worker_id: uuid.UUID, entity_type: str,
              entity_ids: Iterable[uuid.UUID], active: bool, *, new: bool = False) -> int:
    """Make the given entities enter (active=True) or leave a worker's scope; returns how
    many memberships changed. Idempotent: unchanged memberships keep their rv.
    `new=True` says the entities were created in this transaction (no membership can
    exist yet), which saves the lookup."""
    ids = list(dict.fromkeys(entity_ids))
    if not ids:
        return 0
    existing = {} if new else {m.entity_id: m for m in session.execute(
        sa.select(ScopeMembership).where(
            ScopeMembership.worker_id == worker_id, ScopeMembership.entity_type == entity_type,
            ScopeMembership.entity_id.in_(ids))).scalars()}
    changed = 0
    for entity_id in ids:
        row = existing.get(entity_id)
        if row is None:
            if active:
                session.add(ScopeMembership(worker_id=worker_id, entity_type=entity_type,
                                            entity_id=entity_id, active=True))
                changed += 1
        elif row.active != active:
            row.active = active
            changed += 1
    return changed


def sync_scope(session, worker_id: uuid.UUID, entity_type: str,
               wanted: Iterable[uuid.UUID]) -> int:
    """Make the worker's active set of `entity_type` exactly `wanted` (enter the new ones,
    leave the rest); used where scope is derived from assignments (e.g. accounts of the
    worker's open stops)."""
    wanted = set(wanted)
    current = set(session.execute(sa.select(ScopeMembership.entity_id).where(
        ScopeMembership.worker_id == worker_id, ScopeMembership.entity_type == entity_type,
        ScopeMembership.active.is_(True))).scalars())
    return (set_scope(session, worker_id, entity_type, wanted - current, True)
            + set_scope(session, worker_id, entity_type, current - wanted, False))
