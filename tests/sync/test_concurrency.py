"""Real threads and real commits: many devices at once, writers racing readers."""
from __future__ import annotations

import random
import threading
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from server.auth.service import create_user
from server.db import current_rv, touch, transaction
from server.extensions import db
from server.registry.models import Account, Customer, Premises
from server.scope import ScopeMembership, set_scope
from server.sync.models import SyncMutation
from tests import factories
from tests.conftest import IS_PG
from tests.sync.conftest import Device, ops



def postgres_only(test):
    """Marked `postgres_only` and skipped on SQLite (one writer at a time there)."""
    skip = pytest.mark.skipif(not IS_PG, reason="needs PostgreSQL (real concurrency)")
    return pytest.mark.postgres_only(skip(test))


def _user(role="notifier"):
    return create_user(username=f"{role}-{uuid.uuid4().hex[:8]}", full_name="Prueba",
                       password="secreto-123", roles=[role])


def _accounts_in_scope(worker_id, n: int) -> list[uuid.UUID]:
    """n accounts entering the worker's scope, in one unit of work (fast, no history)."""
    hood = factories.neighborhood()
    with transaction() as session:
        accounts = []
        for i in range(n):
            prem = Premises(street="Calle Obregón", exterior_number=str(i),
                            neighborhood_id=hood.id)
            holder = Customer(name=f"Titular {i}")
            accounts.append(Account(account_number=f"C{uuid.uuid4().hex[:12]}",
                                    premises=prem, customer=holder,
                                    property_class="domestic"))
        session.add_all(accounts)
        session.flush()
        ids = [a.id for a in accounts]
        set_scope(session, worker_id, "account", ids, True)
    return ids


def _run(threads):
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive()


def test_twenty_devices_pushing_at_once_all_apply_without_database_is_locked(
        app, committing_db, sync_registry):
    with app.app_context():
        users = [_user() for _ in range(20)]
        acc = factories.account()
        db.session.commit()
        devices = [Device(app.test_client(), app, u.id) for u in users]
        acc_id = str(acc.id)
    batches = [[d.mutation("test.touch", {"account_id": acc_id}) for _ in range(5)]
               for d in devices]
    start, answers = threading.Barrier(20), []

    def send(d, batch):
        start.wait()
        resp = d.push(batch)
        answers.append((resp.status_code, resp.get_json()))

    _run([threading.Thread(target=send, args=(d, b)) for d, b in zip(devices, batches)])
    assert [code for code, _ in answers] == [200] * 20, answers
    assert all(r["status"] == "applied" for _, body in answers for r in body["results"])
    with app.app_context():
        rows = db.session.execute(sa.select(SyncMutation.rv)).scalars().all()
        assert len(rows) == 100 and len(set(rows)) == 20  # one version per push


def _writer(app, worker_id, ids, stop: threading.Event, errors: list, commits: list):
    """Office-like writes while the device pages: edits, and accounts leaving and entering."""
    rng = random.Random(7)
    with app.app_context():
        try:
            while not stop.is_set():
                with transaction() as session:
                    for acc_id in rng.sample(ids, 25):
                        touch(session, session.get(Account, acc_id))
                    moved = rng.sample(ids, 3)
                    set_scope(session, worker_id, "account", moved, rng.random() < 0.5)
                commits.append(1)
                time.sleep(0.005)
        except Exception as exc:  # pragma: no cover - reported by the test
            errors.append(exc)
        finally:
            db.session.remove()


def test_pages_of_500_under_concurrent_writes_have_no_gap_and_no_repeat(
        app, committing_db, sync_registry):
    with app.app_context():
        user = _user()
        ids = _accounts_in_scope(user.id, 1200)
        d = Device(app.test_client(), app, user.id)
    assert d.register().status_code == 200
    stop, errors, commits = threading.Event(), [], []
    writer = threading.Thread(target=_writer, args=(app, user.id, ids, stop, errors, commits))
    writer.start()
    seen: dict[str, dict] = {}
    try:
        for _ in range(4):
            pages = []
            while not pages or pages[-1]["has_more"]:
                done = len(commits)
                while len(commits) < done + 2 and writer.is_alive():
                    time.sleep(0.002)  # writes land between every two pages
                pages.append(d.pull_page(limit=500))
                d.cookie = pages[-1]["cookie"]
            assert all(len(p["patch"]) <= 500 for p in pages)
            assert ["last_seq" in p for p in pages] == [False] * (len(pages) - 1) + [True]
            keys = [(op["t"], op["id"]) for op in ops(pages)]
            assert len(keys) == len(set(keys)), "a row came twice in one pull"
            seen.update({op["id"]: op for op in ops(pages, "account")})
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not errors and len(commits) > 8
    seen.update({op["id"]: op for op in ops(d.pull(), "account")})  # catch up
    with app.app_context():
        active = set(db.session.execute(sa.select(ScopeMembership.entity_id).where(
            ScopeMembership.worker_id == user.id, ScopeMembership.active.is_(True))).scalars())
        rvs = dict(db.session.execute(sa.select(Account.id, Account.rv)).all())
    held = {uuid.UUID(i): op for i, op in seen.items() if op["op"] == "put"}
    assert set(held) == active, "the device holds exactly its scope"
    assert all(op["d"]["rv"] == rvs[i] for i, op in held.items()), "every row is current"


@postgres_only
def test_a_writer_that_started_first_but_commits_last_still_reaches_a_pull_between(
        app, committing_db, sync_registry):
    with app.app_context():
        user = _user()
        first_id, second_id = _accounts_in_scope(user.id, 2)
        d = Device(app.test_client(), app, user.id)
    d.register()
    d.pull()
    started, go, b_done = threading.Event(), threading.Event(), threading.Event()

    def slow_writer():  # starts first, reads, is slow, writes and commits last
        with app.app_context(), Session(db.engine) as s:
            s.get(Account, first_id)
            started.set()
            go.wait(30)
            s.get(Account, first_id).status = "limited"
            s.commit()

    def quick_writer():
        started.wait(30)
        with app.app_context(), Session(db.engine) as s:
            s.get(Account, second_id).status = "suspended"
            s.commit()
        b_done.set()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
    for t in threads:
        t.start()
    b_done.wait(30)
    between = ops(d.pull(), "account")
    go.set()
    for t in threads:
        t.join(30)
    after = ops(d.pull(), "account")
    assert [op["id"] for op in between] == [str(second_id)]
    assert [op["id"] for op in after] == [str(first_id)]


@postgres_only
def test_a_pull_while_a_writer_holds_the_version_waits_for_nothing_and_misses_nothing(
        app, committing_db, sync_registry):
    with app.app_context():
        user = _user()
        first_id, second_id = _accounts_in_scope(user.id, 2)
        d = Device(app.test_client(), app, user.id)
    d.register()
    d.pull()
    holding, go = threading.Event(), threading.Event()

    def holder():  # takes version N (as a commit does) and keeps it uncommitted a while
        with app.app_context(), Session(db.engine) as s:
            s.get(Account, first_id).status = "limited"
            s.flush()
            current_rv(s)
            holding.set()
            go.wait(30)
            s.commit()

    def follower():  # version N+1 must wait for N to commit
        holding.wait(30)
        with app.app_context(), Session(db.engine) as s:
            s.get(Account, second_id).status = "suspended"
            s.commit()

    threads = [threading.Thread(target=holder), threading.Thread(target=follower)]
    for t in threads:
        t.start()
    holding.wait(30)
    time.sleep(0.3)  # the follower is now queued behind the holder's version lock
    assert ops(d.pull(), "account") == []
    go.set()
    for t in threads:
        t.join(30)
    after = ops(d.pull(), "account")
    assert sorted(op["id"] for op in after) == sorted([str(first_id), str(second_id)])
    assert after[0]["id"] == str(first_id)  # commit order is version order


@postgres_only
def test_a_slow_unit_of_work_does_not_hold_back_other_writers_and_a_pull_misses_nothing(
        app, committing_db, sync_registry):
    with app.app_context():
        user = _user()
        first_id, second_id = _accounts_in_scope(user.id, 2)
        d = Device(app.test_client(), app, user.id)
    d.register()
    d.pull()
    written, go, follower_done = threading.Event(), threading.Event(), threading.Event()

    def slow():  # writes, then works on for a while before committing
        with app.app_context(), Session(db.engine) as s:
            s.get(Account, first_id).status = "limited"
            s.flush()
            written.set()
            go.wait(30)
            s.commit()

    def quick():
        written.wait(30)
        with app.app_context(), Session(db.engine) as s:
            s.get(Account, second_id).status = "suspended"
            s.commit()
        follower_done.set()

    threads = [threading.Thread(target=slow), threading.Thread(target=quick)]
    for t in threads:
        t.start()
    # The version is taken at commit: the quick writer is not queued behind the slow one.
    assert follower_done.wait(10)
    between = ops(d.pull(), "account")
    go.set()
    for t in threads:
        t.join(30)
    after = ops(d.pull(), "account")
    assert [op["id"] for op in between] == [str(second_id)]
    assert [op["id"] for op in after] == [str(first_id)]
    assert after[0]["rv"] > between[0]["rv"]  # committed later, versioned later
