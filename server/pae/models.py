"""pae: referrals of debtors to the coercive collection procedure (envíos a PAE)."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, Money, Timestamps, UUIDPk

# An account has at most one open referral: sending it again is refused until it is closed.
OPEN_WHERE = "status = 'open'"


class PaeReferral(UUIDPk, Timestamps, Base):
    """One account sent to PAE under a mandate number, assigned to an executing officer;
    the debt and age it had when sent are kept as they were."""

    __tablename__ = "pae_referrals"

    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    mandate_number: Mapped[str] = mapped_column(sa.String(40), nullable=False, index=True)
    officer_name: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    sent_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="open")
    debt_amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    months_past_due: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    close_reason: Mapped[str | None] = mapped_column(sa.String(300))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    closed_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())

    __table_args__ = (
        sa.CheckConstraint("status = 'open' OR status = 'closed'", name="status_known"),
        sa.Index("uq_pae_referrals_open_account", "account_id", unique=True,
                 sqlite_where=sa.text(OPEN_WHERE), postgresql_where=sa.text(OPEN_WHERE)),
    )

