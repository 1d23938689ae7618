"""Jobs run through RQ on a real Redis, and in-process when there is none."""
import os
import time
from datetime import date

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.ledger.models import SurchargeRun
from tests import factories

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    from redis import Redis

    try:
        return Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


def _seed_debt(app):
    with app.app_context():
        acc = factories.account()
        factories.bill(acc, date(2026, 9, 1))
        db.session.commit()


def test_a_job_queued_on_redis_is_run_by_an_rq_worker(app, committing_db):
    if not _redis_up():
        pytest.skip("Redis no disponible")
    from redis import Redis
    from rq import Queue, SimpleWorker

    from server import jobs

    _seed_debt(app)
    conn = Redis.from_url(REDIS_URL)
    conn.flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    try:
        with app.app_context():
            job_id = jobs.enqueue("server.ledger.jobs.post_surcharges", "2026-10")
        jobs._WORKER_APP[0] = app  # the worker process would build its own app
        SimpleWorker([Queue(jobs.QUEUE_NAME, connection=conn)], connection=conn).work(
            burst=True)
    finally:
        app.config["REDIS_URL"] = None
        jobs._WORKER_APP[0] = None
    job = Queue(jobs.QUEUE_NAME, connection=conn).fetch_job(job_id)
    assert job.is_finished, job.exc_info
    assert job.return_value()["charges_posted"] == "3"
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(SurchargeRun)
                                  ).scalar() == 1


def test_without_redis_a_job_runs_in_process(app, committing_db):
    from server import jobs

    _seed_debt(app)
    with app.app_context():
        assert jobs.enqueue("server.ledger.jobs.post_surcharges", "2026-10").startswith("inline")
    for _ in range(100):
        with app.app_context():
            n = db.session.execute(sa.select(sa.func.count()).select_from(SurchargeRun)).scalar()
            db.session.remove()
        if n:
            break
        time.sleep(0.05)
    assert n == 1
