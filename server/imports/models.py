"""An import started from the screens (ImportRun): its file, mode, progress and report.

The uploaded file is kept in the app's blob storage by its SHA-256, so a dry run
(vista previa) can be applied later on exactly the same bytes.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, Timestamps, UtcDateTime, UUIDPk

KINDS = ("registry", "ledger", "payments")
RUN_MODES = ("dry_run", "all_or_nothing", "skip_invalid")
STATUSES = ("queued", "running", "done", "failed")


class ImportRun(UUIDPk, Timestamps, Base):
    """One run of an import job; `report` holds the errors, warnings, details and, for a
    payment file, the preview of matches (see server/imports/payments.py)."""

    __tablename__ = "import_runs"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('registry','ledger','payments')", name="kind_known"),
        sa.CheckConstraint("mode IN ('dry_run','all_or_nothing','skip_invalid')",
                           name="mode_known"),
        sa.CheckConstraint("status IN ('queued','running','done','failed')",
                           name="status_known"),
    )

    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    mode: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="queued")
    filename: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    file_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    file_size: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    rows_total: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    rows_done: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    imported: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    errors_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    report: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    # The dry run this run applies (POST /imports/<id>/apply), if any.
    preview_of: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("import_runs.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                         index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
