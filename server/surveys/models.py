"""Opinion surveys: forms as data (one row per version), the requests that ask one account,
the answers from the field (append-only facts, one item row per answered question for the
results in SQL) and the complaints they raise in the manager's inbox."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, BigId, Timestamps, UtcDateTime, UUIDPk, Versioned

FORM_STATUSES = ("draft", "published", "retired")
REQUEST_REASONS = ("route", "discount_approved", "office")
REQUEST_STATUSES = ("open", "answered", "cancelled")
TRIGGERS = ("route", "reconnection", "agreement", "discount_approved", "standalone", "office")
COMPLAINT_STATUSES = ("open", "closed")


class SurveyForm(UUIDPk, Timestamps, Versioned, Base):
    """One version of a form (`form_key` is stable across versions). A draft already holds
    the number it will be published with, so unique(form_key, version) allows one draft.
    Published and retired versions reach every device; drafts never leave the office."""

    __tablename__ = "survey_forms"
    __table_args__ = (
        sa.UniqueConstraint("form_key", "version"),
        sa.CheckConstraint("status IN ('draft','published','retired')", name="status_known"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    form_key: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), nullable=False, index=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="draft")
    questions: Mapped[list] = mapped_column(sa.JSON, nullable=False)
    triggers: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    complaint_threshold: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=2)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))


class SurveyRequest(UUIDPk, Timestamps, Versioned, Base):
    """A survey asked of one account by one worker (a route's stop, an approved discount,
    the office); held by that worker's device. One per form and stop."""

    __tablename__ = "survey_requests"
    __table_args__ = (
        sa.UniqueConstraint("form_key", "stop_id"),
        sa.CheckConstraint("reason IN ('route','discount_approved','office')",
                           name="reason_known"),
        sa.CheckConstraint("status IN ('open','answered','cancelled')", name="status_known"),
        sa.Index("ix_survey_requests_form_key_status", "form_key", "status"),
    )

    form_key: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), nullable=False)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("accounts.id"), nullable=False,
                                                  index=True)
    stop_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("stops.id"))
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                 nullable=False, index=True)
    reason: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="open")


class SurveyResponse(Base):
    """The answers given at one door (append-only, its id made on the device). `record`
    keeps GPS, respondent and what `answer_problems` found; `args_hash` detects the same
    id sent again with other content (ID_REUSED)."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        sa.Index("ix_survey_responses_form_version_started", "form_key", "version",
                 "started_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), primary_key=True)
    form_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("survey_forms.id"),
                                               nullable=False)
    form_key: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    account_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("accounts.id"),
                                                         index=True)
    stop_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("stops.id"))
    request_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("survey_requests.id"))
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                 nullable=False)
    client_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    trigger: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    answers: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    neighborhood_id: Mapped[int | None] = mapped_column(sa.ForeignKey("neighborhoods.id"))
    record: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    flags: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    args_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)


class SurveyAnswerItem(Base):
    """One answered question of a response (one row per chosen option of a multiple
    question): what the results aggregate in SQL. It carries the response's date, colonia
    and worker, so a filtered count reads this one table (no join whose plan could go
    wrong with a cached generic plan)."""

    __tablename__ = "survey_answer_items"
    __table_args__ = (
        sa.Index("ix_survey_answer_items_form_question", "form_key", "version", "question_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    response_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("survey_responses.id"),
                                                   nullable=False, index=True)
    form_key: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    question_id: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    value_text: Mapped[str | None] = mapped_column(sa.Text)
    value_num: Mapped[Decimal | None] = mapped_column(sa.Numeric(20, 4))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    neighborhood_id: Mapped[int | None] = mapped_column(sa.Integer)
    worker_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid(), nullable=False)


class SurveyComplaint(UUIDPk, Timestamps, Base):
    """An answer that expresses a complaint: an item in the manager's inbox until closed
    with a note."""

    __tablename__ = "survey_complaints"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open','closed')", name="status_known"),
        sa.Index("ix_survey_complaints_status_created", "status", "created_at"),
    )

    response_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("survey_responses.id"),
                                                   nullable=False, unique=True)
    account_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("accounts.id"))
    question_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False)
    summary: Mapped[str] = mapped_column(sa.Text, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(8), nullable=False, default="open")
    closed_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(sa.String(500))
