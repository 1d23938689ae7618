"""Web Push subscriptions: where to wake each device client. Server-only (not synced)."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, UtcDateTime


class PushSubscription(Base):
    """The browser push subscription of one sync client (one per client: a re-subscribe
    replaces it). `endpoint` is a capability URL of the push service: never logged."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sync_clients.id"),
                                                 nullable=False, unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                               nullable=False, index=True)
    endpoint: Mapped[str] = mapped_column(sa.Text, nullable=False)
    p256dh: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    auth: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failures: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
