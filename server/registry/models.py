"""Registry tables: neighborhoods, premises, customers, accounts, meters, history, proposals."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, BigId, Timestamps, UtcDateTime, UUIDPk, Versioned


class Neighborhood(Base):
    """A colonia (or rural locality) with its postal code; routes and reports group by it."""

    __tablename__ = "neighborhoods"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    name_key: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    postal_code: Mapped[str] = mapped_column(sa.String(5), nullable=False)
    locality_type: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="urban")
    sector: Mapped[str | None] = mapped_column(sa.String(20))

    __table_args__ = (sa.UniqueConstraint("name_key", "postal_code"),)


class Premises(UUIDPk, Timestamps, Base):
    """A predio: the lot or building an account serves."""

    __tablename__ = "premises"

    cadastral_key: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    street: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    exterior_number: Mapped[str | None] = mapped_column(sa.String(20))
    interior_number: Mapped[str | None] = mapped_column(sa.String(20))
    neighborhood_id: Mapped[int] = mapped_column(
        sa.ForeignKey("neighborhoods.id"), nullable=False, index=True)
    postal_code: Mapped[str | None] = mapped_column(sa.String(5))
    locality: Mapped[str] = mapped_column(sa.String(80), nullable=False,
                                          default="Heroica Caborca")
    locality_type: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="urban")
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    built: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    occupants: Mapped[int | None] = mapped_column(sa.SmallInteger)
    references: Mapped[str | None] = mapped_column(sa.String(255))

    neighborhood: Mapped[Neighborhood] = relationship(lazy="joined")


class Customer(UUIDPk, Timestamps, Base):
    """The holder (titular) of one or more accounts: a person or a business."""

    __tablename__ = "customers"

    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    person_type: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="individual")
    rfc: Mapped[str | None] = mapped_column(sa.String(13))
    curp: Mapped[str | None] = mapped_column(sa.String(18), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    phone_alt: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(120))
    notification_address: Mapped[str | None] = mapped_column(sa.String(255))
    legal_representative: Mapped[str | None] = mapped_column(sa.String(200))


class Account(UUIDPk, Timestamps, Versioned, Base):
    """A billed service connection (cuenta/contrato) of a premises, held by a customer."""

    __tablename__ = "accounts"

    account_number: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    premises_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("premises.id"), nullable=False, index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("customers.id"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="active")
    property_class: Mapped[str] = mapped_column(sa.String(20), nullable=False, index=True)
    class_subtype: Mapped[str | None] = mapped_column(sa.String(20))
    business_line: Mapped[str | None] = mapped_column(sa.String(80))  # giro
    tariff_code: Mapped[str | None] = mapped_column(sa.String(20))
    has_water: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    has_sewer: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    has_sanitation: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    billing_type: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="fixed")
    sector: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    reading_route: Mapped[str | None] = mapped_column(sa.String(20))
    is_large_consumer: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    uninhabited: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    self_reconnected: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    clandestine_connection: Mapped[bool] = mapped_column(sa.Boolean, nullable=False,
                                                         default=False)
    vulnerable_household: Mapped[bool] = mapped_column(sa.Boolean, nullable=False,
                                                       default=False)
    connected_on: Mapped[date | None] = mapped_column(sa.Date)
    # The last formal collection act notified (requerimiento...): restarts prescription.
    last_formal_act_on: Mapped[date | None] = mapped_column(sa.Date)
    # Lower-case, accent-free text of number, holder, address and colonia: what search reads.
    search_text: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    premises: Mapped[Premises] = relationship(lazy="joined")
    customer: Mapped[Customer] = relationship(lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(
            "property_class IN ('domestic','commercial','industrial','public_services',"
            "'vacant_lot','mixed')", name="property_class_known"),
        sa.CheckConstraint(
            "status IN ('active','limited','suspended','temporarily_closed','closed')",
            name="status_known"),
        sa.CheckConstraint("billing_type IN ('metered','fixed','presumed')",
                           name="billing_type_known"),
    )


class Meter(UUIDPk, Timestamps, Base):
    """A meter installed on an account's connection."""

    __tablename__ = "meters"

    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    serial: Mapped[str] = mapped_column(sa.String(40), nullable=False, index=True)
    brand: Mapped[str | None] = mapped_column(sa.String(40))
    state: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="working")
    installed_on: Mapped[date | None] = mapped_column(sa.Date)
    removed_on: Mapped[date | None] = mapped_column(sa.Date)


class Reading(Base):
    """A meter reading for a period, and the consumption it implies."""

    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    meter_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("meters.id"), nullable=False, index=True)
    period: Mapped[date] = mapped_column(sa.Date, nullable=False)
    read_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    value_m3: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    consumption_m3: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    __table_args__ = (sa.UniqueConstraint("meter_id", "period"),)


class HolderHistory(Base):
    """Effective-dated holders of an account: who was titular from when to when."""

    __tablename__ = "account_holder_history"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("customers.id"),
                                                   nullable=False)
    valid_from: Mapped[date] = mapped_column(sa.Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    changed_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())


class ClassHistory(Base):
    """Effective-dated property class of an account (it drives the tariff)."""

    __tablename__ = "account_class_history"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    property_class: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    class_subtype: Mapped[str | None] = mapped_column(sa.String(20))
    valid_from: Mapped[date] = mapped_column(sa.Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    changed_by: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())


class ChangeProposal(UUIDPk, Timestamps, Base):
    """A proposed registry correction: what the proposer saw and what she proposes."""

    __tablename__ = "change_proposals"

    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    field: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    seen_value: Mapped[str | None] = mapped_column(sa.Text)
    proposed_value: Mapped[str | None] = mapped_column(sa.Text)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="office")
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="pending",
                                        index=True)
    proposed_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    base_rv: Mapped[int | None] = mapped_column(sa.BigInteger)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
