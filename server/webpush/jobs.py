"""Web Push delivery, run as a job (RQ, or in-process through server.jobs): encrypt each
message for every subscribed device of its users, send it, retry what may still succeed,
prune what the push service says is gone. Logs outcomes, never payloads or keys."""
from __future__ import annotations

import heapq
import itertools
import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa
from flask import current_app
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from server.common.clock import utcnow
from server.db import transaction
from server.extensions import db
from server.webpush import rules
from server.webpush.models import PushSubscription

log = logging.getLogger(__name__)

HTTP_TIMEOUT = 5  # seconds per request: a slow push service must not hold the worker
MAX_ATTEMPTS = 4
RETRY_BUDGET = 30.0  # seconds after the first send past which nothing is retried
BACKOFF = (1.0, 2.0, 4.0)  # when the answer has no Retry-After
CLAIMS_LIFETIME = 12 * 3600  # VAPID JWT `exp`; push services refuse more than 24 h
GONE = (404, 410)


@dataclass(frozen=True)
class Target:
    """A subscription as read before sending (no row stays loaded across the network)."""

    id: uuid.UUID
    user_id: uuid.UUID
    endpoint: str
    p256dh: str
    auth: str


class _NoRedirects(requests.Session):
    """Push services answer, they do not redirect; following a redirect could aim the
    server at an address the endpoint check refused."""

    def post(self, url, **kwargs):
        kwargs["allow_redirects"] = False
        return super().post(url, **kwargs)


def send(messages: list[dict], *, sleep=time.sleep) -> dict:
    """Job: deliver the messages of one commit with this server's VAPID key."""
    cfg = current_app.config
    return deliver(messages, private_key=cfg["VAPID_PRIVATE_KEY"],
                   subject=cfg["VAPID_SUBJECT"], sleep=sleep)


def deliver(messages: list[dict], *, private_key: str, subject: str, sleep=time.sleep,
            monotonic=time.monotonic) -> dict:
    """Send each message to every subscription of its users; {"sent", "pruned", "failed"}.

    200/201/202 sent (the subscription's failures reset); 404/410 the subscription is
    gone and deleted; 429, 5xx and network errors are retried, honouring Retry-After
    (else 1, 2, 4 s), at most 4 attempts within 30 s; any other answer is a failure
    counted on the subscription. One failing device never stops the others.
    """
    vapid = Vapid.from_string(private_key)
    targets = load_targets({u for m in messages for u in m["user_ids"]})
    bodies = [rules.encode_payload(m["payload"]) for m in messages]
    sent, failed, gone = Counter(), Counter(), set()
    order = itertools.count()
    start = monotonic()
    queue = [(start, next(order), 1, t, i) for i, m in enumerate(messages)
             for t in targets if str(t.user_id) in m["user_ids"]]
    heapq.heapify(queue)
    http = _NoRedirects()
    try:
        while queue:
            due, _, attempt, target, i = heapq.heappop(queue)
            if target.id in gone:
                continue
            wait = due - monotonic()
            if wait > 0:
                sleep(wait)
            result, status, retry_after = send_once(target, messages[i], bodies[i],
                                                    vapid=vapid, subject=subject, http=http)
            if result == "retry" and attempt < MAX_ATTEMPTS:
                delay = retry_after if retry_after is not None else BACKOFF[attempt - 1]
                at = monotonic() + delay
                if at - start <= RETRY_BUDGET:
                    _log(target, "retry", status, attempt, delay)
                    heapq.heappush(queue, (at, next(order), attempt + 1, target, i))
                    continue
            if result == "retry":
                result = "failed"
            _log(target, result, status, attempt)
            if result == "sent":
                sent[target.id] += 1
            elif result == "gone":
                gone.add(target.id)
            else:
                failed[target.id] += 1
    finally:
        http.close()
    record_outcomes(targets, sent=sent, failed=failed, gone=gone)
    return {"sent": sum(sent.values()), "pruned": len(gone), "failed": sum(failed.values())}


def send_once(target: Target, message: dict, body: bytes, *, vapid, subject: str,
              http) -> tuple[str, int | None, float | None]:
    """One POST to the push service: ("sent" | "gone" | "retry" | "failed", status,
    seconds asked to wait)."""
    now = utcnow()
    # A fresh claims dict per send: pywebpush writes `aud` and `exp` into the one it gets.
    claims = {"sub": subject, "aud": rules.origin(target.endpoint),
              "exp": int(now.timestamp()) + CLAIMS_LIFETIME}
    ttl = message["ttl"] if message["ttl"] is not None else rules.seconds_until_shift_end(now)
    try:
        resp = webpush({"endpoint": target.endpoint,
                        "keys": {"p256dh": target.p256dh, "auth": target.auth}},
                       data=body, vapid_private_key=vapid, vapid_claims=claims,
                       content_encoding="aes128gcm", timeout=HTTP_TIMEOUT, ttl=ttl,
                       headers={"Urgency": message["urgency"], "Topic": message["topic"]},
                       requests_session=http)
        return "sent", resp.status_code, None
    except WebPushException as exc:
        status = exc.status_code
        if status in GONE:
            return "gone", status, None
        if status is not None and (status == 429 or status >= 500):
            return "retry", status, rules.retry_after_seconds(exc.retry_after, utcnow())
        return "failed", status, None
    except requests.RequestException as exc:  # connection refused, timeout, TLS...
        log.info("web push network error to %s: %s", _host(target), type(exc).__name__)
        return "retry", None, None
    except Exception:  # noqa: BLE001 - one bad subscription must not stop the others
        log.exception("web push to subscription %s failed before sending", target.id)
        return "failed", None, None


def load_targets(user_ids) -> list[Target]:
    """The users' subscriptions, read in a short transaction of their own."""
    ids = [uuid.UUID(str(u)) for u in user_ids]
    if not ids:
        return []
    rows = db.session.execute(sa.select(
        PushSubscription.id, PushSubscription.user_id, PushSubscription.endpoint,
        PushSubscription.p256dh, PushSubscription.auth,
    ).where(PushSubscription.user_id.in_(ids)).order_by(PushSubscription.created_at)).all()
    db.session.commit()  # no transaction stays open while the network is slow
    return [Target(*row) for row in rows]


def record_outcomes(targets: list[Target], *, sent: Counter, failed: Counter,
                    gone: set) -> None:
    """Delete the gone, stamp the reached, count failures on the rest. A subscription
    replaced meanwhile (other endpoint) is left alone."""
    if not (sent or failed or gone):
        return
    now = utcnow()
    with transaction() as session:
        for t in targets:
            same = sa.and_(PushSubscription.id == t.id, PushSubscription.endpoint == t.endpoint)
            if t.id in gone:
                stmt = sa.delete(PushSubscription).where(same)
            elif sent[t.id]:
                stmt = sa.update(PushSubscription).where(same).values(
                    last_success_at=now, failures=0)
            elif failed[t.id]:
                stmt = sa.update(PushSubscription).where(same).values(
                    failures=PushSubscription.failures + failed[t.id])
            else:
                continue
            session.execute(stmt.execution_options(synchronize_session=False))


def _host(target: Target) -> str:
    return urlsplit(target.endpoint).hostname or "?"


def _log(target: Target, result: str, status, attempt: int, delay: float | None = None):
    # The endpoint is a capability URL: only its host is logged; never payload or keys.
    log.info("web push %s: subscription=%s user=%s host=%s status=%s attempt=%d%s",
             result, target.id, target.user_id, _host(target), status, attempt,
             f" retry_in={delay:.1f}s" if delay is not None else "")
