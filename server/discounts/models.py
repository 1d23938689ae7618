"""Social discount programs (as data), the applications social workers submit from the
field, and each period's posted discount."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, Money, Timestamps, UtcDateTime, UUIDPk, Versioned

# "answered": the office asked for more information (needs_info) and a newer application
# answering it arrived; the newer one is the one in the queue.
APPLICATION_STATUSES = ("submitted", "needs_info", "answered", "approved", "rejected")


class DiscountProgram(UUIDPk, Timestamps, Versioned, Base):
    """A discount program: who qualifies, what it discounts, what it requires; `rules` is
    the dict the pure rules read (server/discounts/rules.py). Devices hold them all."""

    __tablename__ = "discount_programs"

    name: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    rules: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    approving_act: Mapped[str | None] = mapped_column(sa.String(200))


class DiscountApplication(UUIDPk, Timestamps, Versioned, Base):
    """What a social worker captured at the door (append-only fact, its id made on the
    device), and the office's decision on it."""

    __tablename__ = "discount_applications"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('submitted','needs_info','answered','approved','rejected')",
            name="status_known"),
        sa.Index("ix_discount_applications_account_status", "account_id", "status"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("discount_programs.id"),
                                                  nullable=False)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    beneficiary_type: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    beneficiary_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    curp: Mapped[str] = mapped_column(sa.String(18), nullable=False, index=True)
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    record: Mapped[dict] = mapped_column(sa.JSON, nullable=False)  # checklist, docs, GPS...
    problems: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="submitted")
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                 nullable=False, index=True)
    client_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    args_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    renewal_of: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("discount_applications.id"))
    answers_request: Mapped[str | None] = mapped_column(sa.String(500))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_note: Mapped[str | None] = mapped_column(sa.String(500))
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date, index=True)


class DiscountPosting(Base):
    """The discount credited for one approved application on one water charge: unique,
    so the posting job can run again without crediting twice."""

    __tablename__ = "discount_postings"
    __table_args__ = (sa.UniqueConstraint("application_id", "charge_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("discount_applications.id"), nullable=False, index=True)
    charge_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("charges.id"), nullable=False,
                                           index=True)  # one discount per charge
    credit_id: Mapped[int] = mapped_column(BigId, sa.ForeignKey("credits.id"), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    period: Mapped[date] = mapped_column(sa.Date, nullable=False)
    posted_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
