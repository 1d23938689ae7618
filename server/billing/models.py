"""Billing tables: billing periods (draft → authorized), large-consumer reviews of a period,
the category of a large consumer, and the index the billing analysis reads charges by."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, Timestamps, UtcDateTime, UUIDPk
from server.ledger.models import Charge

# The month's bills: posted by the ledger or imported from the commercial system. Written
# with OR (PostgreSQL deparses IN differently, see ledger.models.WATER_TARIFF_WHERE).
BILLED_WHERE = "origin = 'billing' OR origin = 'import'"

# One period's billing grouped by class, service and concept (the comparison) and the
# distinct billed periods, read from the index alone instead of 13 million charges.
sa.Index("ix_charges_billing_period", Charge.__table__.c.period,
         Charge.__table__.c.property_class, Charge.__table__.c.service,
         Charge.__table__.c.concept,
         postgresql_include=["amount", "consumption_m3", "account_id"],
         sqlite_where=sa.text(BILLED_WHERE), postgresql_where=sa.text(BILLED_WHERE))


class BillingPeriod(Base):
    """A billed month's authorization. A billed period without a row is a draft."""

    __tablename__ = "billing_periods"
    __table_args__ = (sa.CheckConstraint("status = 'draft' OR status = 'authorized'",
                                         name="status_known"),)

    period: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="draft")
    authorized_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    authorized_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class LargeConsumerReview(UUIDPk, Timestamps, Base):
    """The manager's decision on one large consumer in one period (the latest; the audit
    log keeps every step). It holds for the consumption it was made on."""

    __tablename__ = "large_consumer_reviews"
    __table_args__ = (
        sa.UniqueConstraint("period", "account_id"),
        sa.CheckConstraint(
            "action = 'validated' OR action = 'explained' OR action = 'inspection_sent'",
            name="action_known"),
    )

    period: Mapped[date] = mapped_column(sa.Date, nullable=False)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False,
                                                  index=True)
    action: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    note: Mapped[str | None] = mapped_column(sa.Text)
    consumption_m3: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    average_m3: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    stop_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("stops.id"))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))


class LargeConsumerCategory(Base):
    """The category a large consumer is filed under (the flag itself is
    Account.is_large_consumer); kept here so the accounts table is not widened."""

    __tablename__ = "large_consumer_categories"

    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"),
                                                  primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
