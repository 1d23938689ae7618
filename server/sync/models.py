"""Sync bookkeeping: the global version, registered clients and every mutation received."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, UtcDateTime


class SyncState(Base):
    """One row (id=1): the global `sync_version`, the epoch devices' cookies must carry,
    and the highest rv whose tombstones were purged (older cookies must reset)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    epoch: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    purged_rv: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)


class SyncClient(Base):
    """A (user, device, local database): one outbox, numbered by `seq`."""

    __tablename__ = "sync_clients"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"), nullable=False,
                                               index=True)
    last_seq: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    schema_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    app_version: Mapped[str | None] = mapped_column(sa.String(40))
    user_agent: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    last_pull_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SyncMutation(Base):
    """Every mutation received, with its outcome: idempotency key and field audit trail."""

    __tablename__ = "sync_mutations"
    __table_args__ = (sa.UniqueConstraint("client_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sync_clients.id"),
                                                 nullable=False)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"), nullable=False)
    seq: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    name: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    v: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    args: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    base_rv: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    device_created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    code: Mapped[str | None] = mapped_column(sa.String(60))
    flags: Mapped[list | None] = mapped_column(sa.JSON)
    rv: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
