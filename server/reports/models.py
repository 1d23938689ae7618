"""reports: the figure cache (dashboard and report results keyed by their filters) and
export runs (a background Excel/PDF file with progress)."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, Timestamps, UtcDateTime, UUIDPk

EXPORT_STATUSES = ("queued", "running", "done", "failed")


class ReportCache(Base):
    """A computed report or dashboard, keyed by report and filters, with the ledger
    watermark it was computed at. Never a source of truth: a result whose watermark no
    longer matches the ledger is recomputed (see server/reports/cache.py)."""

    __tablename__ = "report_cache"

    key: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    payload: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    watermark: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    # Set while a background refresh runs, so a busy screen does not queue one per view.
    refreshing_since: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ExportRun(UUIDPk, Timestamps, Base):
    """One export of a report to a file, made by a background job: progress rows done /
    total, then the file's hash in the blob storage."""

    __tablename__ = "report_export_runs"
    __table_args__ = (
        sa.CheckConstraint("status IN ('queued','running','done','failed')",
                           name="status_known"),
        sa.CheckConstraint("format IN ('xlsx','pdf')", name="format_known"),
    )

    report: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    format: Mapped[str] = mapped_column(sa.String(5), nullable=False)
    params: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="queued")
    rows_total: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    rows_done: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    filename: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    file_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    file_size: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                         index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
