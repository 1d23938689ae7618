"""The audit trail; rows are only ever inserted."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, UtcDateTime


class AuditEvent(Base):
    """One change to the registry, money, orders or agreements."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, nullable=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    device_id: Mapped[str | None] = mapped_column(sa.String(64))
    entity_type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    entity_id: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    action: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    # {"field": [old, new], ...} for updates; the created values for inserts.
    changes: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    reason: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),)
