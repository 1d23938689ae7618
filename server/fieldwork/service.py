"""Route use cases: plan a campaign's routes, assign a route, reassign or cancel a stop.

Each is one unit of work that keeps the workers' scope (scoping.py) in the same
transaction. The global version is taken at commit (server/db.py), after the rows.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from server.audit import service as audit
from server.auth.models import StaffRole, StaffUser
from server.campaigns import queries as campaigns
from server.common.clock import local_today, utcnow
from server.common.settings import get_setting
from server.db import stamp_at_commit, transaction
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork import planning
from server.fieldwork.errors import STATE_LABELS
from server.fieldwork.models import STOP_TASK_COLUMNS, Route, Stop
from server.fieldwork.scoping import refresh_worker_scope
from server.notices import service as notices
from server.notices.models import Notice
from server.registry.models import Account, Neighborhood, Premises
from server.registry.rules import address_line

ZONE_MAX = 120


ROLE_WORKER_ERRORS = {"notifier": ("WORKER_NOT_NOTIFIER", "No es un notificador activo"),
                      "cutter": ("WORKER_NOT_CUTTER", "No es un cortador activo"),
                      "social_worker": ("WORKER_NOT_SOCIAL_WORKER",
                                        "No es una trabajadora social activa")}


def field_workers(session, worker_ids: list[uuid.UUID], role: str,
                  field: str = "worker_ids") -> list[StaffUser]:
    """The active workers of `role` with these ids, in the order given; DomainError
    otherwise (its field error under `field`, the request's name for them)."""
    found = {u.id: u for u in session.execute(
        sa.select(StaffUser).join(StaffRole, StaffRole.user_id == StaffUser.id)
        .where(StaffUser.id.in_(worker_ids), StaffUser.active.is_(True),
               StaffRole.role == role)).scalars()}
    code, text = ROLE_WORKER_ERRORS[role]
    for wid in worker_ids:
        if wid not in found:
            raise DomainError(code, worker=str(wid),
                              errors={field: [f"{text}: {wid}."]})
    return [found[w] for w in dict.fromkeys(worker_ids)]


def notifiers(session, worker_ids: list[uuid.UUID]) -> list[StaffUser]:
    """The active notifiers with these ids, in the order given; DomainError otherwise."""
    return field_workers(session, worker_ids, "notifier")


def create_routes(session, *, actor_id, planned: list[planning.PlannedRoute],
                  name_prefix: str, first_number: int, work_date: date, stop_kind: str,
                  accounts: dict, campaign_id=None, cut_list_id=None) -> list[Route]:
    """Insert one route per planned route and its stops in walking order (each stop's
    task is the planned key: a notice id for `notice` stops, an order id for `order`, the
    discount application renewed for `renewal`; a kind without a task column, such as
    `discount_visit`, has the account as its key and names no task), audited. The caller moves the tasks to assigned and refreshes the workers' scope."""
    routes, now = [], utcnow()
    for n, plan in enumerate(planned, start=first_number):
        route = Route(id=uuid.uuid4(), name=f"{name_prefix} R{n:02d}", campaign_id=campaign_id,
                      cut_list_id=cut_list_id, worker_id=plan.worker, work_date=work_date,
                      status="planned", zone=", ".join(plan.zones)[:ZONE_MAX],
                      created_by=actor_id)
        session.add(route)
        routes.append(route)
    session.flush()
    task = STOP_TASK_COLUMNS[stop_kind]
    stops = [
        {"id": uuid.uuid4(), "route_id": route.id, "position": pos, "kind": stop_kind,
         **({task: s.key} if task else {}), "account_id": accounts[s.key],
         "status": "pending", "created_at": now, "updated_at": now, "rv": 0}
        for route, plan in zip(routes, planned) for pos, s in enumerate(plan.stops, 1)]
    session.execute(sa.insert(Stop), stops)
    stamp_at_commit(session, Stop.__table__, [s["id"] for s in stops])
    for route, plan in zip(routes, planned):
        audit.record(actor_id=actor_id, entity_type="route", entity_id=route.id,
                     action="planned", changes={
                         "list": name_prefix, "worker_id": route.worker_id,
                         "work_date": work_date, "stops": len(plan.stops), "zone": route.zone})
    return routes


def lock_route(session, route_id: uuid.UUID, *, writable: bool = True) -> Route:
    """The route, row-locked; NotFound, or Conflict when closed or cancelled."""
    route = session.execute(sa.select(Route).where(Route.id == route_id,
                                                   Route.deleted_at.is_(None))
                            .with_for_update()).scalars().first()
    if route is None:
        raise NotFound("ROUTE_NOT_FOUND", route=str(route_id))
    if writable and route.status in ("cancelled", "closed"):
        raise Conflict("ROUTE_CLOSED", route=route.name, state=STATE_LABELS[route.status])
    return route


def lock_pending_stop(session, stop_id: uuid.UUID) -> Stop:
    """The stop, row-locked; NotFound, or Conflict unless still pending."""
    stop = session.execute(sa.select(Stop).where(Stop.id == stop_id,
                                                 Stop.deleted_at.is_(None))
                           .with_for_update()).scalars().first()
    if stop is None:
        raise NotFound("STOP_NOT_FOUND", stop=str(stop_id))
    if stop.status != "pending":
        raise Conflict("STOP_NOT_PENDING", state=STATE_LABELS[stop.status])
    return stop


def plan_stops(session, task, where: list, group_by: str) -> list[planning.PlanStop]:
    """The tasks (rows of `task`: a notice, an order or an application model, with id and
    account_id; or `Account` itself, the account being the task) matching `where`, located
    for the planner, zoned by colonia or sector."""
    zone = Neighborhood.name if group_by == "neighborhood" else sa.func.coalesce(
        Account.sector, Neighborhood.sector, "Sin sector")
    stmt = sa.select(task.id, zone.label("zone"), Premises.latitude, Premises.longitude,
                     Premises.street, Premises.exterior_number, Premises.interior_number)
    if task is not Account:
        stmt = stmt.join(Account, Account.id == task.account_id)
    rows = session.execute(
        stmt.join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(*where)).all()
    return [planning.PlanStop(r.id, r.zone, r.latitude, r.longitude,
                              address_line(r.street, r.exterior_number, r.interior_number))
            for r in rows]


def plan_routes(*, actor_id, campaign_id: uuid.UUID, work_date: date,
                worker_ids: list[uuid.UUID], group_by: str = "neighborhood",
                max_stops_per_route: int | None = None) -> list[Route]:
    """One route per notifier for `work_date` over the campaign's unassigned notices,
    grouped by colonia or sector, balanced, in walking order; notices become assigned.
    Notices beyond everyone's capacity stay issued for another day."""
    if work_date < local_today():
        raise DomainError("WORK_DATE_IN_PAST", work_date=work_date.isoformat(),
                          errors={"work_date": ["La fecha ya pasó."]})
    limit = max_stops_per_route or int(get_setting("fieldwork_max_stops_per_route"))
    with transaction() as session:
        campaign = campaigns.get_campaign(campaign_id)
        if campaign.status != "active":
            raise Conflict("CAMPAIGN_NOT_ACTIVE", folio=campaign.folio)
        workers = notifiers(session, worker_ids)
        tasks = plan_stops(session, Notice, [Notice.campaign_id == campaign_id,
                                             Notice.status == "issued",
                                             Notice.deleted_at.is_(None)], group_by)
        planned = planning.plan_routes(tasks, [w.id for w in workers], limit)
        if not planned:
            raise DomainError("NOTHING_TO_PLAN")
        accounts = dict(session.execute(sa.select(Notice.id, Notice.account_id).where(
            Notice.id.in_([s.key for p in planned for s in p.stops]))).all())
        taken = session.execute(sa.select(sa.func.count()).select_from(Route).where(
            Route.campaign_id == campaign_id)).scalar()
        routes = create_routes(session, actor_id=actor_id, planned=planned,
                               name_prefix=campaign.folio, first_number=taken + 1,
                               work_date=work_date, stop_kind="notice", accounts=accounts,
                               campaign_id=campaign_id)
        notices.set_status(session, [s.key for p in planned for s in p.stops], "assigned",
                           only_from=("issued",))
        refresh_worker_scope(session, [w.id for w in workers])
    return routes


def assign_route(*, actor_id, route_id: uuid.UUID, worker_id: uuid.UUID) -> Route:
    """Give a route to another notifier: it leaves the old one's scope and enters hers."""
    with transaction() as session:
        route = lock_route(session, route_id)
        notifiers(session, [worker_id])
        previous = route.worker_id
        if previous != worker_id:
            route.worker_id = worker_id
            audit.record(actor_id=actor_id, entity_type="route", entity_id=route.id,
                         action="assigned", changes={"worker_id": [previous, worker_id]})
            session.flush()
            refresh_worker_scope(session, [previous, worker_id])
    return route


def reassign_stop(*, actor_id, stop_id: uuid.UUID, route_id: uuid.UUID) -> Stop:
    """Move a pending stop to the end of another route (and from one worker's scope to
    the other's)."""
    with transaction() as session:
        stop = lock_pending_stop(session, stop_id)
        source = lock_route(session, stop.route_id, writable=False)
        target = lock_route(session, route_id)
        if target.id != source.id:
            last = session.execute(sa.select(sa.func.max(Stop.position)).where(
                Stop.route_id == target.id)).scalar() or 0
            stop.route_id, stop.position = target.id, last + 1
            audit.record(actor_id=actor_id, entity_type="stop", entity_id=stop.id,
                         action="reassigned",
                         changes={"route_id": [source.id, target.id],
                                  "worker_id": [source.worker_id, target.worker_id]})
            session.flush()
            refresh_worker_scope(session, [source.worker_id, target.worker_id])
    return stop


def cancel_stop(*, actor_id, stop_id: uuid.UUID, reason: str) -> Stop:
    """Cancel a pending stop with a reason; its notice returns to issued (it can be
    planned again). The stop stays on the worker's device, cancelled, until the day ends."""
    with transaction() as session:
        stop = lock_pending_stop(session, stop_id)
        route = lock_route(session, stop.route_id, writable=False)
        stop.status, stop.cancel_reason = "cancelled", reason
        if stop.notice_id is not None:
            notices.set_status(session, [stop.notice_id], "issued", only_from=("assigned",))
        audit.record(actor_id=actor_id, entity_type="stop", entity_id=stop.id,
                     action="cancelled", reason=reason)
        session.flush()
        refresh_worker_scope(session, [route.worker_id])
    return stop


# The role a worker needs to take a stop of each kind (team day: reassign to a worker).
STOP_KIND_ROLES = {"notice": "notifier", "order": "cutter", "renewal": "social_worker",
                   "discount_visit": "social_worker", "inspection": "cutter"}
FIELD_ROLE_SET = ("notifier", "cutter", "social_worker")
TEAM_REASSIGN_MAX = 500


def _target_route(session, *, actor_id, source: Route, worker: StaffUser) -> Route:
    """The worker's open route of the same day and list as `source`, or a new one."""
    route = session.execute(sa.select(Route).where(
        Route.worker_id == worker.id, Route.work_date == source.work_date,
        Route.status.in_(("planned", "in_progress")), Route.deleted_at.is_(None),
        Route.campaign_id.is_(None) if source.campaign_id is None
        else Route.campaign_id == source.campaign_id,
        Route.cut_list_id.is_(None) if source.cut_list_id is None
        else Route.cut_list_id == source.cut_list_id)
        .order_by(Route.created_at).with_for_update()).scalars().first()
    if route is None:
        route = Route(id=uuid.uuid4(), name=f"{source.name} · {worker.username}"[:120],
                      campaign_id=source.campaign_id, cut_list_id=source.cut_list_id,
                      worker_id=worker.id, work_date=source.work_date, status="planned",
                      zone=source.zone, created_by=actor_id)
        session.add(route)
        session.flush()
        audit.record(actor_id=actor_id, entity_type="route", entity_id=route.id,
                     action="planned", changes={"worker_id": worker.id,
                                                "work_date": source.work_date,
                                                "from_route": source.id})
    return route


def reassign_stops(*, actor_id, stop_ids: list[uuid.UUID], worker_id: uuid.UUID,
                   reason: str) -> list[Stop]:
    """Give pending stops to another active field worker with the role their kind needs
    (team day): each goes to the end of her open route of the same day and list (made if
    she has none), leaves the old worker's device and reaches hers at the next pull.
    All or nothing; audited with the reason."""
    ids = list(dict.fromkeys(stop_ids))
    with transaction() as session:
        stops = session.execute(sa.select(Stop).where(Stop.id.in_(ids),
                                                      Stop.deleted_at.is_(None))
                                .order_by(Stop.route_id, Stop.position)
                                .with_for_update()).scalars().all()
        missing = set(ids) - {s.id for s in stops}
        if missing:
            raise NotFound("STOP_NOT_FOUND", stop=str(sorted(missing, key=str)[0]))
        for stop in stops:
            if stop.status != "pending":
                raise Conflict("STOP_NOT_PENDING", state=STATE_LABELS[stop.status],
                               errors={"stop_ids": [f"{stop.id}: ya está "
                                                    f"{STATE_LABELS[stop.status]}."]})
        sources = {r.id: r for r in session.execute(sa.select(Route).where(
            Route.id.in_({s.route_id for s in stops})).with_for_update()).scalars()}
        past = min(r.work_date for r in sources.values())
        if past < local_today():
            raise DomainError("WORK_DATE_IN_PAST", work_date=past.isoformat(),
                              errors={"stop_ids": ["Solo se reasignan paradas de hoy en "
                                                   "adelante."]})
        roles = {STOP_KIND_ROLES.get(s.kind, "notifier") for s in stops}
        worker = None
        for role in sorted(roles):
            (worker,) = field_workers(session, [worker_id], role, field="worker_id")
        if any(r.worker_id == worker.id for r in sources.values()):
            raise DomainError("STOPS_ALREADY_WITH_WORKER", worker=worker.full_name,
                              errors={"worker_id": ["Elija a otra persona."]})
        targets: dict = {}
        for stop in stops:
            source = sources[stop.route_id]
            target = targets.get(source.id) or _target_route(
                session, actor_id=actor_id, source=source, worker=worker)
            targets[source.id] = target
            last = session.execute(sa.select(sa.func.max(Stop.position)).where(
                Stop.route_id == target.id)).scalar() or 0
            stop.route_id, stop.position = target.id, last + 1
            audit.record(actor_id=actor_id, entity_type="stop", entity_id=stop.id,
                         action="reassigned", reason=reason,
                         changes={"route_id": [source.id, target.id],
                                  "worker_id": [source.worker_id, worker.id]})
            session.flush()
        refresh_worker_scope(session, [*{r.worker_id for r in sources.values()}, worker.id])
    return stops
