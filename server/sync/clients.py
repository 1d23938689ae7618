"""Sync clients: one (user, device, local database) each, bound to its user for ever."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from server.common.clock import utcnow
from server.db import transaction
from server.extensions import db
from server.sync.errors import client_bound_to_other_user, client_revoked
from server.sync.models import SyncClient, SyncState


def check_owner(client: SyncClient, actor_id: uuid.UUID) -> None:
    """403 unless the client belongs to this user and is not revoked."""
    if client.user_id != actor_id:
        raise client_bound_to_other_user()
    if client.revoked_at is not None:
        raise client_revoked()


def bind_client(session, *, client_id: uuid.UUID, actor_id: uuid.UUID, schema_version: int,
                now: datetime, lock: bool = True) -> SyncClient:
    """The client row, locked, created and bound to the actor on first sight; refreshed
    (schema version, last seen) otherwise. Call inside a unit of work."""
    client = session.get(SyncClient, client_id, with_for_update=lock, populate_existing=lock)
    if client is None:
        client = SyncClient(id=client_id, user_id=actor_id, last_seq=0,
                            schema_version=schema_version, created_at=now, last_seen_at=now)
        session.add(client)
        session.flush()
        return client
    check_owner(client, actor_id)
    client.schema_version = schema_version
    client.last_seen_at = now
    return client


def register_client(*, actor_id: uuid.UUID, client_id: uuid.UUID, schema_version: int,
                    app_version: str | None = None, user_agent: str | None = None
                    ) -> tuple[SyncClient, SyncState]:
    """Register or refresh a client; returns it with the sync state (epoch) it must carry.

    A client id already bound to another user, or revoked, is refused (403).
    """
    for attempt in (1, 2):
        try:
            with transaction() as session:
                client = bind_client(session, client_id=client_id, actor_id=actor_id,
                                     schema_version=schema_version, now=utcnow())
                if app_version is not None:
                    client.app_version = app_version[:40]
                if user_agent is not None:
                    client.user_agent = user_agent[:255]
                state = session.get(SyncState, 1)
            return client, state
        except IntegrityError:
            if attempt == 2:  # two first registrations raced: the second finds the first
                raise
    raise AssertionError("unreachable")


PULL_MARK_EVERY = timedelta(seconds=30)


def mark_pulled(client_id: uuid.UUID) -> None:
    """Remember when the device last completed a pull (office: "última sincronización").

    At most one write per device every 30 s: a phone pulling after every batch would
    otherwise add a committed write to each pull, and the office reads minutes, not seconds.
    """
    now = utcnow()
    with transaction() as session:
        session.execute(sa.update(SyncClient).where(
            SyncClient.id == client_id,
            sa.or_(SyncClient.last_pull_at.is_(None),
                   SyncClient.last_pull_at < now - PULL_MARK_EVERY))
            .values(last_pull_at=now))


def revoke_client(client_id: uuid.UUID) -> None:
    """Stop a lost or stolen device from syncing (its pushes and pulls answer 403) and
    from being woken by Web Push."""
    from server.webpush.service import delete_subscription

    with transaction():
        client = db.session.get(SyncClient, client_id)
        if client is not None and client.revoked_at is None:
            client.revoked_at = utcnow()
        delete_subscription(db.session, client_id=client_id)
