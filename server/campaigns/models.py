"""A collection campaign (programa de cobranza): its selection rules and what it created."""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, Money, Timestamps, UUIDPk, Versioned


class Campaign(UUIDPk, Timestamps, Base):
    """Rules frozen at creation (so the list can be explained later) and totals."""

    __tablename__ = "campaigns"
    __table_args__ = (
        sa.CheckConstraint("notice_kind IN ('informal','formal')", name="notice_kind_known"),
        sa.CheckConstraint("status IN ('active','closed','cancelled')", name="status_known"),
    )

    folio: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    notice_kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    rules: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="active")
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    approving_act: Mapped[str | None] = mapped_column(sa.String(200))
    notice_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    total_debt: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))


class Promotion(UUIDPk, Timestamps, Versioned, Base):
    """A named, dated discount of a collection programme (e.g. 100% off surcharges if
    paid or agreed by a date; "congela tu adeudo"), with who may get it and the act that
    approved it. Devices hold them all (shared sync row type) to quote offline."""

    __tablename__ = "promotions"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('pct_off_accessories','pct_off_principal','freeze')",
                           name="kind_known"),
        sa.CheckConstraint("pct >= 0 AND pct <= 100", name="pct_in_range"),
    )

    name: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(24), nullable=False)
    pct: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), nullable=False,
                                         default=Decimal("0"))
    concepts: Mapped[list | None] = mapped_column(sa.JSON)
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    valid_until: Mapped[date | None] = mapped_column(sa.Date)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    eligibility: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    approving_act: Mapped[str | None] = mapped_column(sa.String(200))
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("campaigns.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
