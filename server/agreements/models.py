"""Payment agreements (convenios): the policy they are made under (versioned), the signed
agreement (immutable terms, bound by their hash) and its schedule of parts."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, synonym

from server.common.clock import utcnow
from server.db import Base, BigId, Money, Timestamps, UtcDateTime, UUIDPk, Versioned

STATUSES = ("pending_review", "active", "late", "breached", "completed", "annulled",
            "restructured")
# In good standing: suspends restriction and PAE actions (DOMAIN.md).
GOOD_STANDING = ("active", "late")


class AgreementPolicy(Versioned, Base):
    """One version of the agreement policy (rules as data); the newest is in force. An
    agreement records the version it was made under. Devices hold every version (a shared
    sync row type): the builder works offline with the newest."""

    __tablename__ = "agreement_policies"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    version = synonym("id")
    rules: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    note: Mapped[str | None] = mapped_column(sa.String(300))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class PaymentAgreement(UUIDPk, Timestamps, Versioned, Base):
    """A signed payment plan. `terms` is exactly what was signed (debt snapshot, discounts,
    waivers, schedule, customer data); `terms_hash` binds it (the verification code)."""

    __tablename__ = "payment_agreements"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending_review','active','late','breached',"
                           "'completed','annulled','restructured')", name="status_known"),
        sa.Index("ix_payment_agreements_account_status", "account_id", "status"),
    )

    folio: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    policy_version: Mapped[int] = mapped_column(
        sa.ForeignKey("agreement_policies.id"), nullable=False)
    terms: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    terms_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    args_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    debt_snapshot: Mapped[Decimal] = mapped_column(Money, nullable=False)
    debt_at_arrival: Mapped[Decimal] = mapped_column(Money, nullable=False)
    agreed_debt: Mapped[Decimal] = mapped_column(Money, nullable=False)
    down_payment: Mapped[Decimal] = mapped_column(Money, nullable=False)
    installments: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    waived_total: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    signed_by: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                 nullable=False)
    signer_role: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    origin: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # counter | field
    client_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    customer_signature: Mapped[str | None] = mapped_column(sa.String(64))  # blob sha256
    staff_signature: Mapped[str | None] = mapped_column(sa.String(64))
    scanned_copy: Mapped[str | None] = mapped_column(sa.String(64))
    flags: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    activated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    review_note: Mapped[str | None] = mapped_column(sa.String(500))
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("payment_agreements.id"))
    waiver_credit_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)


class AgreementPart(Base):
    """The down payment (number 0) or one installment; `paid` follows the payments."""

    __tablename__ = "agreement_parts"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agreement_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("payment_agreements.id"),
                                                    nullable=False, index=True)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(14), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    due_date: Mapped[date] = mapped_column(sa.Date, nullable=False, index=True)
    paid: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"))
    paid_on: Mapped[date | None] = mapped_column(sa.Date)
