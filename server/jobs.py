"""Background jobs: RQ on Redis when REDIS_URL is set, otherwise run in this process.

Jobs are named by import path ("server.ledger.jobs.post_surcharges") so the RQ worker,
which builds its own app, can find them; each job runs inside an app context.
"""
from __future__ import annotations

import importlib
import logging
import threading

from flask import current_app

log = logging.getLogger(__name__)
QUEUE_NAME = "cartera"
# Web push has its own queue and worker: a long job (surcharges) must never hold a
# "No cortar" message back.
PUSH_QUEUE_NAME = "cartera-push"


def run_job(path: str, *args, **kwargs):
    """Entry point on the worker: build the app once per process and run `path`."""
    from server import create_app

    if _WORKER_APP[0] is None:
        _WORKER_APP[0] = create_app()
    with _WORKER_APP[0].app_context():
        return _resolve(path)(*args, **kwargs)


_WORKER_APP: list = [None]  # the worker process's app, built on its first job


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def enqueue(path: str, *args, queue_name: str = QUEUE_NAME, **kwargs) -> str:
    """Queue `path(*args, **kwargs)` on `queue_name`; returns a job id (RQ's, or
    "inline-<n>")."""
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        queue = Queue(queue_name, connection=Redis.from_url(redis_url))
        return queue.enqueue(run_job, path, *args, **kwargs, job_timeout=3600).id
    app = current_app._get_current_object()

    def _inline():
        with app.app_context():
            try:
                _resolve(path)(*args, **kwargs)
            except Exception:  # noqa: BLE001 - a background failure must be logged, not lost
                log.exception("inline job %s failed", path)

    thread = threading.Thread(target=_inline, name=f"job-{path}", daemon=True)
    thread.start()
    return f"inline-{thread.ident}"


def close_stalled(model, *, after, values: dict) -> int:
    """End as failed the runs of `model` (a job's run table: status, updated_at,
    finished_at) queued or running without progress for `after`: their job was lost with
    its worker (a restart, a crash) and would otherwise show "en proceso" forever. `values`
    adds the Spanish reason in the table's own columns. Returns how many."""
    import sqlalchemy as sa

    from server.common.clock import utcnow
    from server.db import transaction
    from server.extensions import db

    now = utcnow()
    with transaction():
        result = db.session.execute(
            sa.update(model).where(model.status.in_(("queued", "running")),
                                   model.updated_at < now - after)
            .values(status="failed", finished_at=now, updated_at=now, **values))
    return result.rowcount or 0
