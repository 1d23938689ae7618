"""With REDIS_URL the web push job goes through RQ (the `worker` process in production)."""
from __future__ import annotations

import os
import uuid

import pytest

from server.db import transaction
from server.webpush.service import notify_users
from tests.webpush.test_after_commit import _committed_subscriber

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    from redis import Redis

    try:
        return Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


def test_a_push_queued_on_redis_is_delivered_by_an_rq_worker(app, committing_db, push_service):
    if not _redis_up():
        pytest.skip("Redis no disponible")
    from redis import Redis
    from rq import Queue, SimpleWorker

    from server import jobs

    service = push_service()
    conn = Redis.from_url(REDIS_URL)
    conn.flushdb()
    order = uuid.uuid4()
    app.config["REDIS_URL"] = REDIS_URL
    try:
        with app.app_context():
            user, browser = _committed_subscriber(service.endpoint("cortador"))
            with transaction() as session:
                notify_users(session, [user.id], {"t": "disconnection.cancelled",
                                                  "id": str(order), "rv": 7}, topic=order)
            queue = Queue(jobs.PUSH_QUEUE_NAME, connection=conn)
            # queued on the push queue (its own worker: no long job holds it back), not sent
            assert service.received == [] and len(queue) == 1
            assert len(Queue(jobs.QUEUE_NAME, connection=conn)) == 0
        jobs._WORKER_APP[0] = app  # the worker process would build its own app
        SimpleWorker([queue], connection=conn).work(burst=True)
    finally:
        app.config["REDIS_URL"] = None
        jobs._WORKER_APP[0] = None
    (job,) = [queue.fetch_job(i) for i in queue.finished_job_registry.get_job_ids()]
    assert job.return_value() == {"sent": 1, "pruned": 0, "failed": 0}
    (got,) = service.received
    assert browser.decrypt(got["body"]) == {"t": "disconnection.cancelled", "id": str(order),
                                            "rv": 7}
    # the job's arguments on Redis carry ids only: no keys, no endpoint
    assert "p256dh" not in str(job.args) and "push/cortador" not in str(job.args)
