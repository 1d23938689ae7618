"""notify_users records intent inside the unit of work; the job is queued after the
outermost commit, once per commit, and never for what rolled back."""
from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from server.auth.service import create_user
from server.db import transaction
from server.extensions import db
from server.sync.clients import register_client
from server.sync.push_subscriptions import subscribe
from server.webpush.models import PushSubscription
from server.webpush.service import notify_users
from tests.webpush.conftest import Browser


def _payload(tag: str) -> dict:
    return {"t": "disconnection.cancelled", "id": tag}


def _messages(queued) -> list[list[str]]:
    """The payload ids of each queued job."""
    return [[m["payload"]["id"] for m in args[0]] for _path, args in queued]


def test_nothing_is_queued_inside_the_transaction_and_one_job_after_it(make_user, queued):
    user = make_user("cutter")
    with transaction() as session:
        notify_users(session, [user.id], _payload("a"), topic="a")
        notify_users(session, [user.id, user.id], _payload("b"), topic="b")
        assert queued == []
    assert _messages(queued) == [["a", "b"]]
    (message_a, _) = queued[0][1][0]
    assert message_a["user_ids"] == [str(user.id)] and message_a["urgency"] == "high"
    assert message_a["ttl"] is None


def test_a_rolled_back_transaction_sends_nothing(make_user, queued):
    user = make_user("cutter")
    with pytest.raises(RuntimeError):
        with transaction() as session:
            notify_users(session, [user.id], _payload("a"), topic="a")
            raise RuntimeError("el pago no se registró")
    with transaction():
        pass  # a later commit does not resurrect it
    assert queued == []


def test_a_rolled_back_savepoint_drops_only_its_own_messages(make_user, queued):
    user = make_user("cutter")
    with transaction() as session:
        notify_users(session, [user.id], _payload("kept"), topic="kept")
        with pytest.raises(RuntimeError):
            with transaction():  # a rejected mutation inside a push batch
                notify_users(session, [user.id], _payload("dropped"), topic="dropped")
                raise RuntimeError("rechazada")
        with transaction():  # a released savepoint keeps its message
            notify_users(session, [user.id], _payload("released"), topic="released")
    assert _messages(queued) == [["kept", "released"]]


def test_a_released_savepoint_is_dropped_when_the_whole_transaction_rolls_back(make_user,
                                                                              queued):
    user = make_user("cutter")
    with pytest.raises(RuntimeError):
        with transaction() as session:
            with transaction():
                notify_users(session, [user.id], _payload("a"), topic="a")
            raise RuntimeError("falla después")
    assert queued == []


def test_two_commits_queue_two_jobs_without_mixing_their_messages(make_user, queued):
    user = make_user("cutter")
    with transaction() as session:
        notify_users(session, [user.id], _payload("first"), topic="first")
    with transaction() as session:
        notify_users(session, [user.id], _payload("second"), topic="second")
    assert _messages(queued) == [["first"], ["second"]]


def test_no_users_means_no_job(db_session, queued):
    with transaction() as session:
        notify_users(session, [], _payload("a"), topic="a")
    assert queued == []


def test_a_queue_that_fails_does_not_undo_the_commit(make_user, monkeypatch, caplog):
    from server import jobs

    def _down(*_a, **_k):
        raise ConnectionError("Redis caído")

    monkeypatch.setattr(jobs, "enqueue", _down)
    user = make_user("cutter")
    with transaction() as session:
        session.get(type(user), user.id).full_name = "Nombre corregido"
        notify_users(session, [user.id], _payload("a"), topic="a")
    assert "could not queue" in caplog.text
    db.session.expire_all()
    assert db.session.get(type(user), user.id).full_name == "Nombre corregido"


# --- real commits: the job runs in-process (no REDIS_URL) after the commit ---

def _committed_subscriber(endpoint: str):
    user = create_user(username=f"cortador-{uuid.uuid4().hex[:8]}", full_name="Prueba",
                       password="secreto-123", roles=["cutter"])
    client_id = uuid.uuid4()
    register_client(actor_id=user.id, client_id=client_id, schema_version=2)
    browser = Browser()
    sub = browser.subscription(endpoint)
    subscribe(actor_id=user.id, client_id=client_id, endpoint=sub["endpoint"],
              p256dh=sub["keys"]["p256dh"], auth=sub["keys"]["auth"], allow_local=True)
    return user, browser


def _join_push_jobs():
    for thread in threading.enumerate():
        if thread.name == "job-server.webpush.jobs.send":
            thread.join(timeout=30)


def test_after_a_real_commit_the_in_process_job_delivers_it(app, committing_db,
                                                            push_service):
    service = push_service()
    with app.app_context():
        assert not app.config.get("REDIS_URL")
        user, browser = _committed_subscriber(service.endpoint("cortador"))
        order = uuid.uuid4()
        with transaction() as session:
            notify_users(session, [user.id], {"t": "disconnection.cancelled",
                                              "id": str(order)}, topic=order)
        assert service.arrived.wait(10)
        _join_push_jobs()
    (got,) = service.received
    assert browser.decrypt(got["body"]) == {"t": "disconnection.cancelled", "id": str(order)}
    assert got["headers"]["topic"] == order.hex
    with app.app_context():
        sub = db.session.execute(sa.select(PushSubscription)).scalar_one()
        assert sub.last_success_at is not None


def test_after_a_real_rollback_nothing_reaches_the_push_service(app, committing_db,
                                                                push_service):
    service = push_service()
    with app.app_context():
        user, _ = _committed_subscriber(service.endpoint("cortador"))
        with pytest.raises(RuntimeError):
            with transaction() as session:
                notify_users(session, [user.id], _payload("a"), topic="a")
                raise RuntimeError("no")
        _join_push_jobs()
    assert not service.arrived.wait(0.5) and service.received == []
