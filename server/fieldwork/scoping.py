"""Which field-work rows each worker's device holds, kept in `scope_memberships` in the
same transaction as every assignment change (SYNC.md "Scope").

A worker's scope: her routes that are not cancelled with work_date today or tomorrow
(America/Hermosillo); every stop of those routes (a cancelled stop stays, shown as
cancelled, until its day ends); the notices, orders and accounts of those stops; the visits
she recorded on them; and the discount applications she submitted plus those her renewal
stops renew (to pre-fill the renewal). Scope is derived, so every change recomputes it for
the workers it touches: reassigning a stop makes it leave one worker's scope and enter the
other's.
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Iterable

import sqlalchemy as sa

from server.common.clock import local_today
from server.discounts.models import DiscountApplication
from server.fieldwork.models import Route, Stop, Visit
from server.scope import ScopeMembership, sync_scope

ENTITY_TYPES = ("route", "stop", "notice", "order", "account", "visit", "discount_application")


def scope_days(today: date | None = None) -> tuple[date, date]:
    """The work dates a device holds: today and tomorrow, local time."""
    today = today or local_today()
    return today, today + timedelta(days=1)


def wanted_scope(session, worker_id: uuid.UUID, today: date | None = None) -> dict[str, set]:
    """The ids of each field-work row type the worker's device should hold now."""
    routes = set(session.execute(sa.select(Route.id).where(
        Route.worker_id == worker_id, Route.work_date.in_(scope_days(today)),
        Route.status != "cancelled", Route.deleted_at.is_(None))).scalars())
    stops = session.execute(sa.select(Stop.id, Stop.notice_id, Stop.order_id,
                                      Stop.discount_application_id, Stop.account_id).where(
        Stop.route_id.in_(routes), Stop.deleted_at.is_(None))).all() if routes else []
    stop_ids = {s.id for s in stops}
    visits = set(session.execute(sa.select(Visit.id).where(
        Visit.worker_id == worker_id, Visit.stop_id.in_(stop_ids))).scalars()) \
        if stop_ids else set()
    # Her own applications stay on her device (the office's answer comes back to them).
    applications = set(session.execute(sa.select(DiscountApplication.id).where(
        DiscountApplication.worker_id == worker_id)).scalars())
    return {"route": routes, "stop": stop_ids,
            "notice": {s.notice_id for s in stops if s.notice_id is not None},
            "order": {s.order_id for s in stops if s.order_id is not None},
            "account": {s.account_id for s in stops}, "visit": visits,
            "discount_application": applications | {
                s.discount_application_id for s in stops
                if s.discount_application_id is not None}}


def refresh_worker_scope(session, worker_ids: Iterable[uuid.UUID | None],
                         today: date | None = None) -> int:
    """Make each worker's memberships match her assignments; returns how many changed.

    Runs inside the caller's transaction (the one that changed the assignment).
    """
    changed = 0
    for worker_id in dict.fromkeys(w for w in worker_ids if w is not None):
        wanted = wanted_scope(session, worker_id, today)
        for entity_type in ENTITY_TYPES:
            changed += sync_scope(session, worker_id, entity_type, wanted[entity_type])
    return changed


def in_scope(session, worker_id: uuid.UUID, entity_type: str, entity_id: uuid.UUID) -> bool:
    """Whether the worker's device holds this row now."""
    return session.execute(sa.select(ScopeMembership.id).where(
        ScopeMembership.worker_id == worker_id, ScopeMembership.entity_type == entity_type,
        ScopeMembership.entity_id == entity_id, ScopeMembership.active.is_(True))
    ).first() is not None


def workers_to_refresh(session, today: date | None = None) -> list[uuid.UUID]:
    """Workers whose field-work scope may change with the day: those holding rows now
    and those with routes for today or tomorrow."""
    holding = session.execute(sa.select(ScopeMembership.worker_id).where(
        ScopeMembership.active.is_(True), ScopeMembership.entity_type == "route")
        .distinct()).scalars()
    planned = session.execute(sa.select(Route.worker_id).where(
        Route.work_date.in_(scope_days(today)), Route.worker_id.is_not(None)).distinct()
    ).scalars()
    return list(dict.fromkeys([*holding, *planned]))


def close_day(session, today: date | None = None) -> dict:
    """Drop past days from every worker's scope (and bring tomorrow's routes in)."""
    workers = workers_to_refresh(session, today)
    return {"workers": len(workers), "changes": refresh_worker_scope(session, workers, today)}
