"""Planning, assigning, reassigning and cancelling keep each notifier's scope right."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from server.errors import DomainError
from server.fieldwork import service
from server.fieldwork.models import Route, Stop
from server.fieldwork.scoping import close_day
from server.notices.models import Notice
from tests.fieldwork.conftest import TODAY, TOMORROW, active


def _plan(town, workers, **kw):
    return service.plan_routes(actor_id=None, campaign_id=town["campaign"].id,
                               work_date=kw.pop("work_date", TODAY),
                               worker_ids=[w.id for w in workers], **kw)


def _stops(session, route):
    return session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                           .order_by(Stop.position)).scalars().all()


def test_planning_makes_balanced_routes_and_assigns_the_notices(town, notifiers, db_session):
    routes = _plan(town, notifiers)
    counts = sorted(len(_stops(db_session, r)) for r in routes)
    assert counts == [4, 4]
    assert {r.worker_id for r in routes} == {w.id for w in notifiers}
    statuses = db_session.execute(sa.select(Notice.status)).scalars().all()
    assert set(statuses) == {"assigned"}
    for route in routes:
        stops = _stops(db_session, route)
        assert [s.position for s in stops] == list(range(1, len(stops) + 1))


def test_the_unlocated_stop_is_the_last_of_its_route(town, notifiers, db_session):
    routes = _plan(town, notifiers, group_by="sector")
    blind = town["accounts"][-1].id
    for route in routes:
        stops = _stops(db_session, route)
        if any(s.account_id == blind for s in stops):
            assert stops[-1].account_id == blind


def test_a_route_limit_leaves_notices_for_another_day(town, notifiers, db_session):
    _plan(town, notifiers, max_stops_per_route=3)
    issued = db_session.execute(sa.select(sa.func.count()).select_from(Notice).where(
        Notice.status == "issued")).scalar()
    assert issued == 2
    again = _plan(town, notifiers, max_stops_per_route=3, work_date=TOMORROW)
    assert sum(len(_stops(db_session, r)) for r in again) == 2


def test_planning_puts_routes_stops_notices_and_accounts_in_scope(town, notifiers,
                                                                  db_session):
    routes = _plan(town, notifiers)
    for route in routes:
        stops = _stops(db_session, route)
        worker = route.worker_id
        assert active(db_session, worker, "route") == {route.id}
        assert active(db_session, worker, "stop") == {s.id for s in stops}
        assert active(db_session, worker, "notice") == {s.notice_id for s in stops}
        assert active(db_session, worker, "account") == {s.account_id for s in stops}


def test_routes_after_tomorrow_enter_scope_when_their_day_comes(town, notifiers, db_session):
    later = TODAY + timedelta(days=3)
    routes = _plan(town, notifiers[:1], work_date=later)
    worker = routes[0].worker_id
    assert active(db_session, worker, "route") == set()
    close_day(db_session(), today=later - timedelta(days=1))
    assert active(db_session, worker, "route") == {routes[0].id}


def test_closing_the_day_drops_past_routes_from_scope(town, notifiers, db_session):
    routes = _plan(town, notifiers[:1])
    worker = routes[0].worker_id
    assert active(db_session, worker, "stop")
    result = close_day(db_session(), today=TODAY + timedelta(days=2))
    assert result["workers"] == 1
    for entity_type in ("route", "stop", "notice", "account"):
        assert active(db_session, worker, entity_type) == set()


def test_assigning_a_route_moves_it_between_devices(town, notifiers, db_session):
    rosa, beto = notifiers
    (route,) = _plan(town, [rosa])
    stops = {s.id for s in _stops(db_session, route)}
    service.assign_route(actor_id=None, route_id=route.id, worker_id=beto.id)
    assert active(db_session, rosa.id, "route") == set()
    assert active(db_session, rosa.id, "stop") == set()
    assert active(db_session, beto.id, "route") == {route.id}
    assert active(db_session, beto.id, "stop") == stops


def test_reassigning_a_stop_leaves_one_worker_and_enters_the_other(town, notifiers,
                                                                   db_session):
    rosa_route, beto_route = sorted(_plan(town, notifiers),
                                    key=lambda r: r.worker_id != notifiers[0].id)
    moving = _stops(db_session, rosa_route)[0]
    rosa_before = active(db_session, notifiers[0].id, "stop")
    service.reassign_stop(actor_id=None, stop_id=moving.id, route_id=beto_route.id)
    assert active(db_session, notifiers[0].id, "stop") == rosa_before - {moving.id}
    assert moving.id in active(db_session, notifiers[1].id, "stop")
    assert moving.notice_id in active(db_session, notifiers[1].id, "notice")
    assert moving.notice_id not in active(db_session, notifiers[0].id, "notice")
    assert moving.account_id not in active(db_session, notifiers[0].id, "account")
    assert db_session.get(Stop, moving.id).position == len(_stops(db_session, beto_route))


def test_a_cancelled_stop_stays_on_the_device_until_the_day_ends(town, notifiers, db_session):
    (route,) = _plan(town, notifiers[:1])
    stop = _stops(db_session, route)[0]
    rv_before = stop.rv
    service.cancel_stop(actor_id=None, stop_id=stop.id, reason="Pagó en ventanilla")
    stop = db_session.get(Stop, stop.id)
    assert stop.status == "cancelled" and stop.cancel_reason == "Pagó en ventanilla"
    assert stop.rv > rv_before
    assert stop.id in active(db_session, route.worker_id, "stop")
    assert db_session.get(Notice, stop.notice_id).status == "issued"
    close_day(db_session(), today=TODAY + timedelta(days=1))
    assert stop.id not in active(db_session, route.worker_id, "stop")


def test_only_pending_stops_can_be_moved_or_cancelled(town, notifiers, db_session):
    (route,) = _plan(town, notifiers[:1])
    stop = _stops(db_session, route)[0]
    service.cancel_stop(actor_id=None, stop_id=stop.id, reason="Duplicado")
    with pytest.raises(DomainError) as exc:
        service.cancel_stop(actor_id=None, stop_id=stop.id, reason="Otra vez")
    assert exc.value.code == "STOP_NOT_PENDING" and exc.value.status == 409


def test_only_active_notifiers_get_routes(town, make_user, db_session):
    clerk = make_user("clerk")
    with pytest.raises(DomainError) as exc:
        _plan(town, [clerk])
    assert exc.value.code == "WORKER_NOT_NOTIFIER"
    assert db_session.execute(sa.select(sa.func.count()).select_from(Route)).scalar() == 0


def test_a_day_in_the_past_cannot_be_planned(town, notifiers):
    with pytest.raises(DomainError) as exc:
        _plan(town, notifiers, work_date=TODAY - timedelta(days=1))
    assert exc.value.code == "WORK_DATE_IN_PAST"
