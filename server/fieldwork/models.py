"""Routes and stops are plans (server-owned); visits are facts recorded on a device."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, SoftDelete, Timestamps, UtcDateTime, UUIDPk, Versioned


class Route(UUIDPk, Timestamps, Versioned, SoftDelete, Base):
    """One worker's stops for one day."""

    __tablename__ = "routes"
    __table_args__ = (
        sa.CheckConstraint("status IN ('planned','in_progress','closed','cancelled')",
                           name="status_known"),
        sa.Index("ix_routes_worker_date", "worker_id", "work_date"),
    )

    name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("campaigns.id"),
                                                          index=True)
    cut_list_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("cut_lists.id"),
                                                          index=True)
    worker_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    work_date: Mapped[date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="planned")
    zone: Mapped[str | None] = mapped_column(sa.String(120))  # colonia or sector it covers
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))


class Stop(UUIDPk, Timestamps, Versioned, SoftDelete, Base):
    """A place to visit on a route, in walking order, for one task: a notice (kind
    `notice`), a restriction, disconnection, reconnection or inspection order (`order`),
    the renewal of a social discount (`renewal`, the application being renewed) or a
    registration visit for a new social discount (`discount_visit`, the account alone)."""

    __tablename__ = "stops"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending','done','cancelled')", name="status_known"),
        sa.Index("ix_stops_route_position", "route_id", "position"),
    )

    route_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("routes.id"), nullable=False)
    position: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="notice")
    notice_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("notices.id"),
                                                        index=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("disconnection_orders.id"), index=True)
    discount_application_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("discount_applications.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False,
                                                  index=True)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="pending")
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(255))


# The column naming each kind of stop's task (what create_routes fills from the plan's key).
# A registration visit (`discount_visit`) has no task row: the account itself is the task.
STOP_TASK_COLUMNS = {"notice": "notice_id", "order": "order_id",
                     "renewal": "discount_application_id", "discount_visit": None}


class Visit(Versioned, Base):
    """What the worker saw and did at a stop: an immutable fact with a device-made id.

    `record` holds the legal service record (DOMAIN.md "Notices: what the notifier must
    record"); `args_hash` detects the same id sent again with other content (ID_REUSED).
    """

    __tablename__ = "visits"
    __table_args__ = (sa.Index("ix_visits_account_started", "account_id", "started_at"),)

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    stop_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("stops.id"), index=True)
    notice_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("notices.id"),
                                                        index=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("disconnection_orders.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                 nullable=False, index=True)
    client_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    outcome: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    record: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    gps_accuracy_m: Mapped[float | None] = mapped_column(sa.Float)
    distance_m: Mapped[float | None] = mapped_column(sa.Float)
    flags: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    base_rv: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    args_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)


class VisitAttachment(Base):
    """A photo or signature of a visit, by the hash of its bytes (blob may arrive later)."""

    __tablename__ = "visit_attachments"
    __table_args__ = (sa.UniqueConstraint("visit_id", "sha256"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("visits.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(12), nullable=False)  # photo | signature


# A consumption inspection of a large consumer the manager asked for before authorizing a
# billing period (server/billing): like `discount_visit`, the account itself is the task.
STOP_TASK_COLUMNS["inspection"] = None
