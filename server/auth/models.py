"""Staff users (logins) and revoked tokens. A staff user is never a customer."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, Timestamps, UtcDateTime, UUIDPk


class StaffUser(UUIDPk, Timestamps, Base):
    """A person of the utility who logs in: office or field."""

    __tablename__ = "staff_users"

    username: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(sa.String(160), nullable=False)
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    # Credential shown in legal records (notifier's gafete number).
    credential_number: Mapped[str | None] = mapped_column(sa.String(40))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Every token carries it as `tv`; bumping it revokes all her sessions at once.
    token_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0,
                                               server_default=sa.text("0"))

    role_rows: Mapped[list["StaffRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> list[str]:
        return sorted(r.role for r in self.role_rows)


class StaffRole(Base):
    """One role held by a staff user (a person may hold several)."""

    __tablename__ = "staff_roles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(32), primary_key=True)

    user: Mapped[StaffUser] = relationship(back_populates="role_rows")

    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('manager','clerk','notifier','cutter','social_worker','director')",
            name="role_known"),
    )


class RevokedToken(Base):
    """A JWT revoked by logout (or by an administrator) before it expired."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid())
    token_type: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False, index=True)
    revoked_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class RevokedDevice(Base):
    """A lost device (a sync client) the office revoked: it may no longer sync, and its
    next sync contact is told to wipe its local data (docs/team.md "Lost device")."""

    __tablename__ = "revoked_devices"

    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("sync_clients.id"),
                                                 primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("staff_users.id"), nullable=False,
                                               index=True)
    reason: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("staff_users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    # When the device was answered CLIENT_WIPE (it wipes before doing anything else).
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
