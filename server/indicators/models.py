"""indicators: stored monthly snapshots, and the indexes the month's measures read."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.common.clock import utcnow
from server.db import Base, UtcDateTime
from server.ledger.models import Allocation, Charge

# Lines by due date: the bills falling due in a month (billing, accounts billed, on-time
# payers) and the few lines due after a day (what a month's payments went to), read from
# the index alone instead of 13 million charges.
sa.Index("ix_charges_due", Charge.__table__.c.due_date,
         postgresql_include=["id", "account_id", "concept", "amount", "consumption_m3",
                             "cleared_on", "period"])
# Lines cleared after a day: what was still open at a past month's close (delinquency then).
sa.Index("ix_charges_cleared_on", Charge.__table__.c.cleared_on,
         postgresql_include=["account_id", "period", "due_date", "concept"])
# A month's applications of payments (recaudación vigente / rezago).
sa.Index("ix_allocations_applied_on", Allocation.__table__.c.applied_on,
         postgresql_include=["charge_id", "payment_id", "amount"])


class IndicatorSnapshot(Base):
    """One frozen reading of a month's measures and indicators; never updated.

    Taking the same period again adds version n+1: March as reported stays March as
    reported, whatever the ledger does afterwards.
    """

    __tablename__ = "indicator_snapshots"
    __table_args__ = (sa.UniqueConstraint("period", "version"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    period: Mapped[date] = mapped_column(sa.Date, nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    # The day the ledger was read (a month's figures move until every payment is posted).
    as_of: Mapped[date] = mapped_column(sa.Date, nullable=False)
    # name → Decimal string (money) or int; indicator name → Decimal string or None.
    measures: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    indicators: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    # The formulas in force when taken, so the value can be explained later.
    formulas: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    # By class, by colonia, arrears by bucket: the detail reports ask for later.
    breakdowns: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    note: Mapped[str | None] = mapped_column(sa.String(300))
    duration_ms: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, default=utcnow)
    taken_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
