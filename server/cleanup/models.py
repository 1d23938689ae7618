"""cleanup: proposals to reclassify an account or write off its uncollectible debt."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, Money, Timestamps, UtcDateTime, UUIDPk
from server.ledger.models import Charge

# At most one pending write-off per account (a double click cannot propose two). Written
# with AND, not IN: PostgreSQL deparses partial-index predicates back to the same text.
PENDING_WRITE_OFF = "status = 'pending' AND kind = 'write_off'"
# Bills of zero metered consumption: few, and what the abandoned-house list starts from
# (scanning every recent consumption bill reads most of the charges table at 100,000).
ZERO_CONSUMPTION = "consumption_m3 = 0 AND concept = 'consumption'"

# Declared here, on the ledger's table, because only the clean-up reads it.
sa.Index("ix_charges_zero_consumption", Charge.period, Charge.account_id,
         sqlite_where=sa.text(ZERO_CONSUMPTION), postgresql_where=sa.text(ZERO_CONSUMPTION))


class CleanupProposal(UUIDPk, Timestamps, Base):
    """A manager's proposal from the clean-up lists: a reclassification (applied through the
    registry's change proposals on approval) or a write-off (approved by a different person
    holding the director role; booked as ledger credits, never by touching charges)."""

    __tablename__ = "cleanup_proposals"

    account_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("accounts.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="pending",
                                        index=True)
    # The suspect list the proposal came from, if any (what the manager was looking at).
    suspect_kind: Mapped[str | None] = mapped_column(sa.String(30))
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    # Reclassification: registry field → proposed value, as the registry's proposals hold it.
    changes: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    # Write-off: the charges it targets (frozen when proposed) and the amount to write off.
    all_open: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    charge_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    proposed_by: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"),
                                                   nullable=False)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    # What the approval produced: the ledger credit, or the registry change proposals.
    credit_id: Mapped[int | None] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.ForeignKey("credits.id"))
    change_proposal_ids: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)

    __table_args__ = (
        sa.CheckConstraint("kind IN ('reclassification','write_off')", name="kind_known"),
        sa.CheckConstraint("status IN ('pending','approved','rejected')", name="status_known"),
        sa.CheckConstraint("amount IS NULL OR amount > 0", name="amount_positive"),
        sa.Index("uq_cleanup_proposals_pending_write_off", "account_id", unique=True,
                 sqlite_where=sa.text(PENDING_WRITE_OFF),
                 postgresql_where=sa.text(PENDING_WRITE_OFF)),
    )
