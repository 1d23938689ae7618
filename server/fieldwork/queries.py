"""Read side of field work for the office: routes with progress, a route's stops,
progress per route and notifier, and the visits with their evidence."""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from server.auth.models import StaffRole, StaffUser
from server.db import UtcDateTime
from server.errors import NotFound
from server.extensions import db
from server.disconnections.models import DisconnectionOrder
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment
from server.fieldwork.payloads import pending_evidence
from server.notices.models import Notice
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.registry.rules import address_line

OUTCOME_KEYS = ("delivered", "citatorio", "refused", "not_found", "absent", "vacant", "paid")
PROGRESS_KEYS = ("total", "pending", "done", *OUTCOME_KEYS, "completed_without_visit",
                 "cancelled")
BLOB_URL = "/api/sync/v1/blobs/{}"


def get_route(route_id: uuid.UUID) -> Route:
    """A route by id; NotFound otherwise."""
    route = db.session.get(Route, route_id)
    if route is None or route.deleted_at is not None:
        raise NotFound("ROUTE_NOT_FOUND", route=str(route_id))
    return route


def progress_counts(route_ids: list) -> dict:
    """Per route: stops pending, done (by the outcome their notice shows) and cancelled."""
    out = {rid: dict.fromkeys(PROGRESS_KEYS, 0) for rid in route_ids}
    if not route_ids:
        return out
    for r in db.session.execute(
            sa.select(Stop.route_id, Stop.status, Notice.status.label("notice_status"),
                      sa.func.count().label("n"))
            .outerjoin(Notice, Notice.id == Stop.notice_id)
            .where(Stop.route_id.in_(route_ids), Stop.deleted_at.is_(None))
            .group_by(Stop.route_id, Stop.status, Notice.status)):
        cell = out[r.route_id]
        cell["total"] += r.n
        if r.status == "done":
            cell["done"] += r.n
            key = r.notice_status if r.notice_status in OUTCOME_KEYS else \
                "completed_without_visit"
            cell[key] += r.n
        else:
            cell[r.status] += r.n
    return out


def _worker_names(ids) -> dict:
    ids = [i for i in set(ids) if i is not None]
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(StaffUser.id, StaffUser.full_name)
                                   .where(StaffUser.id.in_(ids))).all())


def route_rows(routes: list[Route]) -> list[dict]:
    """Routes as the office lists them: worker, zone and progress."""
    names = _worker_names(r.worker_id for r in routes)
    progress = progress_counts([r.id for r in routes])
    return [{"id": r.id, "name": r.name, "campaign_id": r.campaign_id,
             "worker_id": r.worker_id, "worker_name": names.get(r.worker_id),
             "work_date": r.work_date, "status": r.status, "zone": r.zone,
             "progress": progress[r.id]} for r in routes]


def list_routes(*, work_date: date | None, worker_id: uuid.UUID | None,
                campaign_id: uuid.UUID | None, page: int, page_size: int):
    """Routes by day, worker or campaign, newest day first, with progress."""
    filters = [Route.deleted_at.is_(None)]
    if work_date:
        filters.append(Route.work_date == work_date)
    if worker_id:
        filters.append(Route.worker_id == worker_id)
    if campaign_id:
        filters.append(Route.campaign_id == campaign_id)
    total = db.session.execute(sa.select(sa.func.count()).select_from(Route)
                               .where(*filters)).scalar()
    routes = db.session.execute(sa.select(Route).where(*filters).order_by(
        Route.work_date.desc(), Route.name).limit(page_size).offset((page - 1) * page_size)
    ).scalars().all()
    return route_rows(routes), total


def route_stops(route_id: uuid.UUID) -> list[dict]:
    """A route's stops in walking order, with account, holder, address and its task:
    the notice, or the order (folio, action, status) of a cutter's stop."""
    order = DisconnectionOrder
    rows = db.session.execute(
        sa.select(Stop, Account.account_number, Customer.name, Premises.street,
                  Premises.exterior_number, Premises.interior_number, Premises.latitude,
                  Premises.longitude, Neighborhood.name.label("neighborhood"),
                  sa.func.coalesce(Notice.folio, order.folio).label("folio"),
                  Notice.status.label("notice_status"), order.action,
                  order.status.label("order_status"),
                  sa.func.coalesce(Notice.debt_amount, order.debt_amount).label("debt_amount"),
                  sa.func.coalesce(Notice.months_past_due, order.months_past_due)
                  .label("months_past_due"))
        .join(Account, Account.id == Stop.account_id)
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .outerjoin(Notice, Notice.id == Stop.notice_id)
        .outerjoin(order, order.id == Stop.order_id)
        .where(Stop.route_id == route_id, Stop.deleted_at.is_(None))
        .order_by(Stop.position)).all()
    return [{"id": s.id, "position": s.position, "kind": s.kind, "status": s.status,
             "cancel_reason": s.cancel_reason, "done_at": s.done_at,
             "notice_id": s.notice_id, "folio": r.folio, "notice_status": r.notice_status,
             "order_id": s.order_id, "action": r.action, "order_status": r.order_status,
             "account_id": s.account_id, "account_number": r.account_number,
             "holder_name": r.name,
             "address": address_line(r.street, r.exterior_number, r.interior_number),
             "neighborhood": r.neighborhood, "latitude": r.latitude,
             "longitude": r.longitude, "debt_amount": r.debt_amount,
             "months_past_due": r.months_past_due}
            for r in rows for s in [r.Stop]]


def route_detail(route: Route) -> dict:
    """A route with its progress and its stops."""
    return route_rows([route])[0] | {"stops": route_stops(route.id)}


def progress(*, work_date: date, campaign_id: uuid.UUID | None) -> dict:
    """Per route and per notifier: delivered, citatorio, refused, not found, absent,
    pending... for one work date (optionally one campaign)."""
    filters = [Route.work_date == work_date, Route.deleted_at.is_(None)]
    if campaign_id:
        filters.append(Route.campaign_id == campaign_id)
    routes = db.session.execute(sa.select(Route).where(*filters).order_by(Route.name)
                                ).scalars().all()
    rows = route_rows(routes)
    by_worker: dict = {}
    totals = dict.fromkeys(PROGRESS_KEYS, 0)
    for row in rows:
        cell = by_worker.setdefault(row["worker_id"], {
            "worker_id": row["worker_id"], "worker_name": row["worker_name"], "routes": 0,
            "progress": dict.fromkeys(PROGRESS_KEYS, 0)})
        cell["routes"] += 1
        for key, n in row["progress"].items():
            cell["progress"][key] += n
            totals[key] += n
    return {"work_date": work_date, "campaign_id": campaign_id, "routes": rows,
            "by_worker": sorted(by_worker.values(), key=lambda c: c["worker_name"] or ""),
            "totals": totals}


def list_visits(*, route_id: uuid.UUID | None, worker_id: uuid.UUID | None,
                flagged: bool | None, page: int, page_size: int):
    """Visits newest first, with GPS, distance, flags, photo and signature hashes (and
    their download address) and whether evidence is still pending."""
    stmt = (sa.select(Visit, Notice.folio, Account.account_number,
                      StaffUser.full_name.label("worker_name"), Stop.route_id)
            .join(Account, Account.id == Visit.account_id)
            .join(StaffUser, StaffUser.id == Visit.worker_id)
            .outerjoin(Notice, Notice.id == Visit.notice_id)
            .outerjoin(Stop, Stop.id == Visit.stop_id))
    if route_id:
        stmt = stmt.where(Stop.route_id == route_id)
    if worker_id:
        stmt = stmt.where(Visit.worker_id == worker_id)
    if flagged is not None:
        has_flags = sa.cast(Visit.flags, sa.String) != "[]"
        stmt = stmt.where(has_flags if flagged else ~has_flags)
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())
                               ).scalar()
    rows = db.session.execute(stmt.order_by(Visit.started_at.desc(), Visit.id)
                              .limit(page_size).offset((page - 1) * page_size)).all()
    ids = [r.Visit.id for r in rows]
    files = defaultdict(list)
    if ids:
        for a in db.session.execute(sa.select(VisitAttachment).where(
                VisitAttachment.visit_id.in_(ids)).order_by(VisitAttachment.id)).scalars():
            files[a.visit_id].append(a)
    pending = pending_evidence(db.session, ids)
    return [_visit_row(r, files[r.Visit.id], r.Visit.id in pending) for r in rows], total


def _visit_row(r, attachments, evidence_pending: bool) -> dict:
    v = r.Visit
    signature = next((a.sha256 for a in attachments if a.kind == "signature"), None)
    return {
        "id": v.id, "route_id": r.route_id, "stop_id": v.stop_id, "notice_id": v.notice_id,
        "folio": r.folio, "account_id": v.account_id, "account_number": r.account_number,
        "worker_id": v.worker_id, "worker_name": r.worker_name, "outcome": v.outcome,
        "started_at": v.started_at, "ended_at": v.ended_at, "received_at": v.received_at,
        "gps": None if v.latitude is None else {
            "lat": v.latitude, "lon": v.longitude, "accuracy_m": v.gps_accuracy_m},
        "distance_m": v.distance_m, "flags": list(v.flags or []), "record": v.record,
        "notes": v.notes,
        "photos": [{"sha256": a.sha256, "url": BLOB_URL.format(a.sha256)}
                   for a in attachments if a.kind == "photo"],
        "signature": None if signature is None else {
            "sha256": signature, "url": BLOB_URL.format(signature)},
        "evidence_pending": evidence_pending,
    }


def unplanned_count(campaign_id: uuid.UUID) -> int:
    """The campaign's notices not yet on any route (issued)."""
    return db.session.execute(sa.select(sa.func.count()).select_from(Notice).where(
        Notice.campaign_id == campaign_id, Notice.status == "issued",
        Notice.deleted_at.is_(None))).scalar()


def field_workers(role: str) -> list[dict]:
    """Active staff with a field role, by name: whom the office can give a route to."""
    rows = db.session.execute(
        sa.select(StaffUser.id, StaffUser.username, StaffUser.full_name)
        .join(StaffRole, StaffRole.user_id == StaffUser.id)
        .where(StaffRole.role == role, StaffUser.active.is_(True))
        .order_by(StaffUser.full_name)).all()
    return [{"id": r.id, "username": r.username, "full_name": r.full_name} for r in rows]


# Team day (issue 7). sync_clients is read by name: no capability imports server.sync
# (import-linter), and the office only needs when each worker's phone last pulled.
FIELD_ROLES = ("notifier", "cutter", "social_worker")
_sync_clients = sa.table("sync_clients", sa.column("user_id", sa.Uuid()),
                         sa.column("last_seen_at", UtcDateTime()),
                         sa.column("last_pull_at", UtcDateTime()),
                         sa.column("revoked_at", UtcDateTime()))


def team_day(work_date: date) -> list[dict]:
    """Each field worker (active, or with stops that day): her stops of the day assigned
    (not cancelled), done, pending and cancelled, last stop done, and her devices' last
    sync; by name. A handful of GROUP BY queries whatever the size of the city."""
    live = sa.and_(Route.work_date == work_date, Route.deleted_at.is_(None),
                   Stop.deleted_at.is_(None), Route.worker_id.is_not(None))
    status_n = {k: sa.func.count().filter(Stop.status == k) for k in ("done", "pending",
                                                                       "cancelled")}
    counts = (sa.select(Route.worker_id, sa.func.count(sa.distinct(Route.id)).label("routes"),
                        *(n.label(k) for k, n in status_n.items()),
                        sa.func.max(Stop.done_at).label("last_done_at"))
              .join(Stop, Stop.route_id == Route.id).where(live)
              .group_by(Route.worker_id).subquery())
    sc = _sync_clients
    synced = (sa.select(sc.c.user_id, sa.func.max(sc.c.last_pull_at).label("last_pull_at"),
                        sa.func.max(sc.c.last_seen_at).label("last_seen_at"))
              .where(sc.c.revoked_at.is_(None)).group_by(sc.c.user_id).subquery())
    field = sa.select(StaffRole.user_id).where(StaffRole.role.in_(FIELD_ROLES))
    rows = db.session.execute(
        sa.select(StaffUser.id, StaffUser.full_name, StaffUser.username, StaffUser.active,
                  counts.c.routes, counts.c.done, counts.c.pending, counts.c.cancelled,
                  counts.c.last_done_at, synced.c.last_pull_at, synced.c.last_seen_at)
        .outerjoin(counts, counts.c.worker_id == StaffUser.id)
        .outerjoin(synced, synced.c.user_id == StaffUser.id)
        .where(sa.or_(sa.and_(StaffUser.active.is_(True), StaffUser.id.in_(field)),
                      counts.c.worker_id.is_not(None)))
        .order_by(StaffUser.full_name)).all()
    roles: dict = {}
    for user_id, role in db.session.execute(sa.select(StaffRole.user_id, StaffRole.role).where(
            StaffRole.role.in_(FIELD_ROLES), StaffRole.user_id.in_([r.id for r in rows]))):
        roles.setdefault(user_id, []).append(role)
    return [{"worker_id": r.id, "full_name": r.full_name, "username": r.username,
             "active": r.active, "roles": sorted(roles.get(r.id, [])),
             "routes": r.routes or 0, "assigned": (r.done or 0) + (r.pending or 0),
             "done": r.done or 0, "pending": r.pending or 0, "cancelled": r.cancelled or 0,
             "last_done_at": r.last_done_at, "last_sync_at": r.last_pull_at,
             "last_seen_at": r.last_seen_at} for r in rows]


def worker_day(worker_id: uuid.UUID, work_date: date) -> dict:
    """One worker's routes of the day and their stops in walking order (the team drill)."""
    worker = db.session.execute(sa.select(StaffUser.id, StaffUser.full_name).where(
        StaffUser.id == worker_id)).first()
    if worker is None:
        raise NotFound("STAFF_USER_NOT_FOUND", user=str(worker_id))
    routes = db.session.execute(sa.select(Route).where(
        Route.worker_id == worker_id, Route.work_date == work_date,
        Route.deleted_at.is_(None)).order_by(Route.name)).scalars().all()
    stops = [s | {"route_id": r.id, "route_name": r.name}
             for r in routes for s in route_stops(r.id)]
    return {"worker_id": worker.id, "full_name": worker.full_name, "work_date": work_date,
            "routes": route_rows(routes), "stops": stops}
