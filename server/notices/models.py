"""A notice to one account, with the debt it states; its state follows the visits."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, Money, SoftDelete, Timestamps, UtcDateTime, UUIDPk, Versioned


class Notice(UUIDPk, Timestamps, Versioned, SoftDelete, Base):
    """Invitación (informal) or requerimiento (formal), numbered by folio."""

    __tablename__ = "notices"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('informal','formal')", name="kind_known"),
        sa.CheckConstraint(
            "status IN ('issued','assigned','delivered','citatorio','absent','refused',"
            "'not_found','vacant','paid','cancelled')", name="status_known"),
        sa.Index("ix_notices_account_status", "account_id", "status"),
    )

    folio: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("campaigns.id"),
                                                          index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="issued")
    debt_amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    months_past_due: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    oldest_period: Mapped[date | None] = mapped_column(sa.Date)
    issued_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_visit_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
