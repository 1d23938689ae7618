"""A sync client's Web Push subscription: kept only for a client that is the caller's own
(the same 403 rule as push and pull); the storing and sending live in server.webpush."""
from __future__ import annotations

import uuid

from server.db import transaction
from server.errors import DomainError
from server.sync.clients import check_owner
from server.sync.models import SyncClient
from server.webpush import service as webpush


def subscribe(*, actor_id: uuid.UUID, client_id: uuid.UUID, endpoint: str, p256dh: str,
              auth: str, allow_local: bool = False) -> None:
    """Store this client's subscription, replacing its previous one.

    The client must be registered (404 CLIENT_NOT_REGISTERED), the caller's and not
    revoked (403); an endpoint or keys Web Push cannot use → 422.
    """
    with transaction() as session:
        # Locked: two subscribes of one client (a retry racing the first) queue here.
        client = session.get(SyncClient, client_id, with_for_update=True)
        if client is None:
            raise DomainError("CLIENT_NOT_REGISTERED", status=404)
        check_owner(client, actor_id)
        webpush.save_subscription(session, client_id=client.id, user_id=client.user_id,
                                  endpoint=endpoint, p256dh=p256dh, auth=auth,
                                  allow_local=allow_local)


def unsubscribe(*, actor_id: uuid.UUID, client_id: uuid.UUID) -> None:
    """Drop this client's subscription (logout). Idempotent: an unknown client or one
    without a subscription is fine; another user's or a revoked client → 403."""
    with transaction() as session:
        client = session.get(SyncClient, client_id)
        if client is None:
            return
        check_owner(client, actor_id)
        webpush.delete_subscription(session, client_id=client.id)
