"""Cut lists (the office's selection, frozen) and the orders the cutters execute."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, Money, SoftDelete, Timestamps, UtcDateTime, UUIDPk, Versioned


class CutList(UUIDPk, Timestamps, Base):
    """A list of restriction/disconnection orders made from rules; rules frozen at
    creation so the list can be explained later."""

    __tablename__ = "cut_lists"

    folio: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    rules: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    order_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    total_debt: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))


class DisconnectionOrder(UUIDPk, Timestamps, Versioned, SoftDelete, Base):
    """One action on one account's connection: restrict, disconnect, reconnect or inspect.

    State machine (SYNC.md): issued → assigned → executed / not_executed / cancelled; a
    cut reported for a cancelled order becomes executed_after_cancellation. `cancel_rv`
    is the sync version of the cancellation: a device that had not pulled it (base_rv
    below it) crossed in flight.
    """

    __tablename__ = "disconnection_orders"
    __table_args__ = (
        sa.CheckConstraint("action IN ('restrict','disconnect','reconnect','inspect')",
                           name="action_known"),
        sa.CheckConstraint(
            "status IN ('issued','assigned','executed','not_executed','cancelled',"
            "'executed_after_cancellation')", name="status_known"),
        sa.Index("ix_disconnection_orders_account_status", "account_id", "status"),
        # One reconnection (and one fee) per executed cut.
        sa.UniqueConstraint("source_order_id", "action"),
    )

    folio: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    cut_list_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("cut_lists.id"),
                                                          index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    action: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(30), nullable=False, default="issued")
    urgent: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    debt_amount: Mapped[Decimal] = mapped_column(Money, nullable=False, default=Decimal("0"))
    months_past_due: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    issued_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    not_before: Mapped[date | None] = mapped_column(sa.Date)  # re-inspections
    # The cut a reconnection or an inspection follows.
    source_order_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("disconnection_orders.id"))
    charge_fee: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    fee_charge_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("charges.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(20))
    cancel_rv: Mapped[int | None] = mapped_column(sa.BigInteger)
    executed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_visit_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    not_executed_reason: Mapped[str | None] = mapped_column(sa.String(20))
    flags: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))


class OrderAlert(Base):
    """What the manager must see first: a cut executed after its cancellation, a cut at a
    protected account. Acknowledged by a person, never deleted."""

    __tablename__ = "order_alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    order_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("disconnection_orders.id"),
                                                nullable=False, index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    message: Mapped[str] = mapped_column(sa.String(300), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
