"""Ledger tables. Balances are never stored per account: they are sums over these lines."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, Money, Timestamps, UtcDateTime, UUIDPk


# The charges that make a monthly water bill (what a tariff prices). Written with OR, not
# IN: PostgreSQL deparses it back to the same text, so the demo loader can drop and rebuild it.
WATER_TARIFF_WHERE = ("service = 'water' AND (concept = 'consumption' OR concept = 'fixed') "
                      "AND (origin = 'billing' OR origin = 'import')")


class Charge(Base):
    """An amount billed to an account for one service, concept and period.

    `allocated` and `cleared_on` make the charge an open item: the allocation service keeps
    them in the same transaction as the allocation rows, and a test over the whole demo
    city proves allocated == sum(allocations). They let arrears be summed over open items
    only instead of every line ever billed.
    """

    __tablename__ = "charges"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    period: Mapped[date] = mapped_column(sa.Date, nullable=False)
    service: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    concept: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    due_date: Mapped[date] = mapped_column(sa.Date, nullable=False)
    origin: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    # The account's class when the charge was posted (the tariff class that produced the
    # debt). A fact of the charge, never updated; arrears by class read it without a join.
    property_class: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    description: Mapped[str | None] = mapped_column(sa.String(200))
    consumption_m3: Mapped[int | None] = mapped_column(sa.Integer)
    allocated: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"),
                                               server_default=sa.text("0"))
    cleared_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())

    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("allocated >= 0 AND allocated <= amount", name="allocated_in_range"),
        sa.CheckConstraint(
            "service IN ('water','sewer','sanitation','other')", name="service_known"),
        sa.CheckConstraint(
            "property_class IN ('domestic','commercial','industrial','public_services',"
            "'vacant_lot','mixed')", name="property_class_known"),
        # One account's ledger lines side by side: the statement reads this index alone on
        # PostgreSQL instead of one heap page per month billed.
        sa.Index("ix_charges_account_due", "account_id", "due_date",
                 postgresql_include=["id", "period", "service", "concept", "amount", "origin",
                                     "description"]),
        # Regular billing and the surcharge job post at most one line per period and service.
        sa.Index("uq_charges_periodic", "account_id", "period", "service", "concept",
                 unique=True,
                 sqlite_where=sa.text("origin IN ('billing','surcharge_job')"),
                 postgresql_where=sa.text("origin IN ('billing','surcharge_job')")),
        # (PostgreSQL also has ix_charges_open_aging, created by the migration: open items in
        # the order the arrears summary groups them, read by an index-only scan.)
        # Open items of one account: what balances and payment allocation read.
        sa.Index("ix_charges_open", "account_id", "due_date",
                 postgresql_include=["service", "concept", "amount", "allocated", "period",
                                     "property_class"],
                 sqlite_where=sa.text("cleared_on IS NULL"),
                 postgresql_where=sa.text("cleared_on IS NULL")),
        # A class's monthly water billing by period: the estimated tariff effect of a class
        # change reads its last periods here instead of scanning every charge.
        sa.Index("ix_charges_class_water_tariff", "property_class", "concept", "period",
                 postgresql_include=["amount", "consumption_m3"],
                 sqlite_where=sa.text(WATER_TARIFF_WHERE),
                 postgresql_where=sa.text(WATER_TARIFF_WHERE)),
    )


class Payment(Base):
    """Money received for an account, at the counter, by bank file or by import."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    paid_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    method: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    reference: Mapped[str | None] = mapped_column(sa.String(80))
    receipt_number: Mapped[str | None] = mapped_column(sa.String(30), unique=True)
    origin: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="counter")
    # Received but not applied to any charge yet (saldo a favor); applied to later charges.
    unapplied: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"),
                                               server_default=sa.text("0"))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(100), unique=True)
    request_hash: Mapped[str | None] = mapped_column(sa.String(64))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())

    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("unapplied >= 0 AND unapplied <= amount", name="unapplied_in_range"),
        sa.Index("ix_payments_unapplied", "account_id", sqlite_where=sa.text("unapplied > 0"),
                 postgresql_where=sa.text("unapplied > 0")),
    )


class Credit(Base):
    """A non-cash reduction of debt: adjustment, waiver, discount or correction."""

    __tablename__ = "credits"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    credited_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    authorized_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    unapplied: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"),
                                               server_default=sa.text("0"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("unapplied >= 0 AND unapplied <= amount", name="unapplied_in_range"),
        sa.Index("ix_credits_unapplied", "account_id", sqlite_where=sa.text("unapplied > 0"),
                 postgresql_where=sa.text("unapplied > 0")),
    )


class Allocation(Base):
    """The part of a payment or credit applied to one charge."""

    __tablename__ = "allocations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    charge_id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        sa.ForeignKey("charges.id"), nullable=False, index=True)
    payment_id: Mapped[int | None] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        sa.ForeignKey("payments.id"), index=True)
    credit_id: Mapped[int | None] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        sa.ForeignKey("credits.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    applied_on: Mapped[date] = mapped_column(sa.Date, nullable=False)

    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("(payment_id IS NULL) <> (credit_id IS NULL)", name="one_source"),
    )


class ExtraordinaryCharge(UUIDPk, Timestamps, Base):
    """Works or fees proposed for an account; they reach the ledger only once authorized."""

    __tablename__ = "extraordinary_charges"

    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    service: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="other")
    concept: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="extraordinary")
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    description: Mapped[str] = mapped_column(sa.Text, nullable=False)
    work_reference: Mapped[str | None] = mapped_column(sa.String(60))
    # Evidence of the work: SHA-256 of up to six photos (blobs), in the order taken.
    photos: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list,
                                         server_default=sa.text("'[]'"))
    due_date: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="proposed",
                                        index=True)
    proposed_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)
    charge_id: Mapped[int | None] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.ForeignKey("charges.id"))

    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('proposed','authorized','rejected')",
                           name="status_known"),
    )


class SurchargeRun(Base):
    """One posting of monthly surcharges; the period is unique, so a re-run posts nothing."""

    __tablename__ = "surcharge_runs"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    period: Mapped[date] = mapped_column(sa.Date, nullable=False, unique=True)
    monthly_rate: Mapped[Decimal] = mapped_column(sa.Numeric(6, 4), nullable=False)
    cap_months: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    charges_posted: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    total: Mapped[Decimal] = mapped_column(Money, nullable=False)
    ran_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    ran_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
