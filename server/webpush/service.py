"""Web Push use cases: keep a client's subscription, and ask for users to be woken once the
caller's unit of work commits (SYNC.md "After the commit, never inside it")."""
from __future__ import annotations

import json
import logging
import uuid

import sqlalchemy as sa

from server.common.clock import utcnow
from server.db import on_commit
from server.webpush import rules
from server.webpush.models import PushSubscription

log = logging.getLogger(__name__)
SEND_JOB = "server.webpush.jobs.send"


def save_subscription(session, *, client_id: uuid.UUID, user_id: uuid.UUID, endpoint: str,
                      p256dh: str, auth: str, allow_local: bool = False) -> PushSubscription:
    """Store the client's subscription, replacing the one it had. Call inside a unit of
    work, after checking that the client is the user's.

    The same browser endpoint held by another client is dropped: a browser shared by two
    users (one logs out, the other logs in) must wake only the one using it now.
    Raises PushSubscriptionInvalid (422) for an endpoint or keys Web Push cannot use.
    """
    endpoint = rules.check_endpoint(endpoint, allow_local=allow_local)
    p256dh, auth = rules.check_p256dh(p256dh), rules.check_auth(auth)
    session.execute(sa.delete(PushSubscription).where(
        PushSubscription.endpoint == endpoint, PushSubscription.client_id != client_id))
    sub = session.execute(sa.select(PushSubscription).where(
        PushSubscription.client_id == client_id)).scalar_one_or_none()
    if sub is not None and (sub.user_id, sub.endpoint, sub.p256dh, sub.auth) == (
            user_id, endpoint, p256dh, auth):
        return sub  # the same subscription sent again: keep its delivery record
    if sub is None:
        sub = PushSubscription(client_id=client_id)
        session.add(sub)
    sub.user_id, sub.endpoint, sub.p256dh, sub.auth = user_id, endpoint, p256dh, auth
    sub.created_at, sub.last_success_at, sub.failures = utcnow(), None, 0
    session.flush()
    return sub


def delete_subscription(session, *, client_id: uuid.UUID) -> bool:
    """Drop the client's subscription (logout, revocation); False if it had none."""
    result = session.execute(sa.delete(PushSubscription).where(
        PushSubscription.client_id == client_id))
    return bool(result.rowcount)


def notify_users(session, user_ids, payload: dict, *, topic: str | uuid.UUID,
                 urgency: str = "high", ttl: int | None = None) -> None:
    """Wake these users' devices with `payload` once the caller's transaction commits.

    Call inside the business unit of work (e.g. right after cancelling an order). Nothing
    is sent now: the message is recorded on the transaction and, after the outermost
    COMMIT, one job per commit is queued with every message of that transaction. A
    rollback (of the transaction, or of the savepoint the call was made in) drops it.

    `payload`: ids only, e.g. {"t": "disconnection.cancelled", "id": "…", "rv": 104250};
    at most 1 KB of JSON (ValueError otherwise). `topic`: ≤ 32 characters of
    [A-Za-z0-9_-], or a UUID (its hex is used): a newer message with the same topic replaces an
    undelivered older one. `urgency`: very-low | low | normal | high. `ttl`: seconds the
    push service keeps it for an offline device; None = until the end of the shift (20:00
    America/Hermosillo), at least 60 s.
    """
    body = rules.encode_payload(payload)
    if isinstance(topic, uuid.UUID):
        topic = topic.hex
    message = {"user_ids": sorted({str(u) for u in user_ids}), "payload": json.loads(body),
               "topic": rules.check_topic(topic), "urgency": rules.check_urgency(urgency),
               "ttl": rules.check_ttl(ttl)}
    if message["user_ids"]:
        on_commit(session, _enqueue_after_commit, message)


def _enqueue_after_commit(messages: list[dict]) -> None:
    """One job per commit with all its messages; a queue failure is logged (the business
    change is committed, and push is never guaranteed: devices still pull)."""
    from server import jobs

    try:
        job_id = jobs.enqueue(SEND_JOB, messages, queue_name=jobs.PUSH_QUEUE_NAME)
    except Exception:  # noqa: BLE001 - e.g. Redis down: the commit stands
        log.exception("web push: could not queue %d message(s)", len(messages))
        return
    log.info("web push: queued %d message(s) as job %s", len(messages), job_id)
