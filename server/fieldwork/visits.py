"""Field facts: record a visit (append-only, insert-if-absent on its device-made id) and
complete a stop. These run inside the sync engine's transaction (one savepoint for the
batch, or one per mutation when a mutation is refused): they use the session they are
given and never flush or commit.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa

from server.common.clock import LOCAL_TZ
from server.common.settings import get_setting
from server.db import hold, known_absent, note_absent
from server.errors import DomainError
from server.fieldwork import rules
from server.fieldwork.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment
from server.notices import service as notices
from server.notices.enums import ACT_OUTCOMES, SERVED_OUTCOMES
from server.notices.models import Notice
from server.notices.rules import legal_record_errors
from server.registry.models import Account, Premises
from server.scope import set_scope

RECORD_FIELDS = ("address_verification", "asked_for", "attended_by", "citatorio", "refusal",
                 "neighbor", "copy_delivered", "signature_refused", "gps_error", "signature",
                 "photos")


@dataclass
class VisitOutcome:
    """What recording a visit did: the visit, its flags and blobs, or that it was known."""

    visit: Visit
    flags: list[str] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    duplicate: bool = False


def args_hash(version: int, canonical_args: dict) -> str:
    """SHA-256 of the mutation's canonical JSON (sorted keys): what `ID_REUSED` compares."""
    text = json.dumps({"v": version, "args": canonical_args}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _blobs(args: dict) -> list[tuple[str, str]]:
    pairs = [(sha, "photo") for sha in args.get("photos") or []]
    if args.get("signature"):
        pairs.append((args["signature"], "signature"))
    first: dict[str, str] = {}
    for sha, kind in pairs:
        first.setdefault(sha, kind)
    return list(first.items())


def _worker_stop_for(session, worker_id, notice_id) -> Stop | None:
    return session.execute(
        sa.select(Stop).join(Route, Route.id == Stop.route_id)
        .where(Stop.notice_id == notice_id, Route.worker_id == worker_id,
               Stop.status != "cancelled", Stop.deleted_at.is_(None),
               Route.status != "cancelled").order_by(Route.work_date.desc())).scalars().first()


def out_of_scope(stop: Stop | None, route: Route | None, worker_id) -> bool:
    return (stop is None or route is None or route.worker_id != worker_id
            or stop.status == "cancelled" or stop.deleted_at is not None
            or route.status == "cancelled" or route.deleted_at is not None)


def distance_from_premises(gps: dict | None, premises) -> float | None:
    """Metres from the device's fix to the premises' coordinates (None if either is
    missing), rounded to decimetres."""
    if not gps or premises.latitude is None or premises.longitude is None:
        return None
    return round(rules.haversine_m(gps["lat"], gps["lon"], premises.latitude,
                                   premises.longitude), 1)


def existing_visit(session, visit_id, digest: str) -> VisitOutcome | None:
    if known_absent(session, Visit, visit_id):
        return None
    visit = session.get(Visit, visit_id)
    if visit is None:
        return None
    if visit.args_hash != digest:
        raise DomainError("ID_REUSED")
    shas = session.execute(sa.select(VisitAttachment.sha256).where(
        VisitAttachment.visit_id == visit.id).order_by(VisitAttachment.id)).scalars().all()
    return VisitOutcome(visit, list(visit.flags or []), list(shas), duplicate=True)


def record_visit(session, *, worker_id: uuid.UUID, client_id: uuid.UUID | None, args: dict,
                 canonical_args: dict, version: int, device_created_at: datetime | None,
                 received_at: datetime, base_rv: int) -> VisitOutcome:
    """Store a visit once; the notice follows its latest visit, the stop is done, a formal
    notice served sets the account's last formal act, and flags tell the office what to
    check. The same id with the same args is a duplicate; with other args, ID_REUSED."""
    digest = args_hash(version, canonical_args)
    known = existing_visit(session, args["id"], digest)
    if known is not None:
        return known
    problems = legal_record_errors(args, version)
    if problems:
        raise DomainError(problems[0][0], errors={f: [m] for _, f, m in problems})
    notice = session.get(Notice, args["notice_id"])
    if notice is None or notice.deleted_at is not None:
        raise DomainError("NOTICE_NOT_FOUND", notice=str(args["notice_id"]))
    stop = session.get(Stop, args["stop_id"]) if args.get("stop_id") else \
        _worker_stop_for(session, worker_id, notice.id)
    if args.get("stop_id") and stop is None:
        raise DomainError("STOP_NOT_FOUND", stop=str(args["stop_id"]))
    if stop is not None and stop.notice_id not in (None, notice.id):
        raise DomainError("STOP_NOTICE_MISMATCH")
    route = session.get(Route, stop.route_id) if stop is not None else None
    account = session.get(Account, notice.account_id)
    premises = session.get(Premises, account.premises_id)
    started, ended = _utc(args["started_at"]), _utc(args.get("ended_at"))
    gps = args.get("gps") or None
    distance = distance_from_premises(gps, premises)
    hours = get_setting("fieldwork_business_hours")
    start_h, end_h = rules.parse_hhmm(hours["start"]), rules.parse_hhmm(hours["end"])
    in_hours = all(rules.within_hours(t.astimezone(LOCAL_TZ), start_h, end_h)
                   for t in (started, ended) if t is not None)
    formal = notice.kind == "formal"
    flags = rules.visit_flags(
        out_of_scope=out_of_scope(stop, route, worker_id), has_gps=bool(gps),
        distance_m=distance, far_m=float(get_setting("fieldwork_far_from_premises_m")),
        formal_act=formal and args["outcome"] in ACT_OUTCOMES, act_in_hours=in_hours,
        skewed=rules.clock_skewed(_utc(device_created_at), _utc(received_at),
                                  float(get_setting("fieldwork_clock_skew_hours"))),
        incomplete_record=formal and version < 2)
    previous = session.get(Visit, notice.last_visit_id) if notice.last_visit_id else None
    visit = Visit(id=args["id"], stop_id=stop.id if stop else None, notice_id=notice.id,
                  account_id=account.id, worker_id=worker_id, client_id=client_id,
                  outcome=args["outcome"], notes=args.get("notes"), started_at=started,
                  ended_at=ended, latitude=gps["lat"] if gps else None,
                  longitude=gps["lon"] if gps else None,
                  gps_accuracy_m=gps.get("accuracy_m") if gps else None, distance_m=distance,
                  flags=flags, base_rv=base_rv, args_hash=digest, received_at=received_at,
                  record={k: canonical_args.get(k) for k in RECORD_FIELDS
                          if k in canonical_args} | {"version": version,
                                                      "gps": canonical_args.get("gps")})
    session.add(visit)
    blobs = _blobs(args)
    session.add_all(VisitAttachment(visit_id=visit.id, sha256=sha, kind=kind)
                    for sha, kind in blobs)
    notices.follow_visit(session, notice, visit_id=visit.id, outcome=visit.outcome,
                         started_at=started,
                         previous_started_at=previous.started_at if previous else None)
    if formal and visit.outcome in SERVED_OUTCOMES:
        acted_on = notices.local_date(started)
        if account.last_formal_act_on is None or account.last_formal_act_on < acted_on:
            account.last_formal_act_on = acted_on
    if stop is not None and stop.status == "pending":
        stop.status, stop.done_at = "done", ended or started
    if route is not None and route.status == "planned" and route.worker_id == worker_id:
        route.status = "in_progress"
    if stop is not None and not out_of_scope(stop, route, worker_id):
        # Her own stop: the device holds it, so it holds the visit too.
        set_scope(session, worker_id, "visit", [visit.id], True, new=True)
    # No flush here: the sync engine flushes a whole batch of visits at once.
    return VisitOutcome(visit, flags, [sha for sha, _ in blobs])


def complete_stop(session, *, worker_id: uuid.UUID, stop_id: uuid.UUID,
                  done_at: datetime) -> bool:
    """Mark one of the worker's stops done without a visit; False if it already was.
    A cancelled stop, or one on a route that is not hers, is STOP_NOT_IN_SCOPE."""
    stop = session.get(Stop, stop_id)
    route = session.get(Route, stop.route_id) if stop is not None else None
    if out_of_scope(stop, route, worker_id):
        raise DomainError("STOP_NOT_IN_SCOPE")
    if stop.status == "done":
        return False
    stop.status, stop.done_at = "done", _utc(done_at)
    if route.status == "planned":
        route.status = "in_progress"
    return True


def _uuids(values) -> list[uuid.UUID]:
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            continue  # the handler rejects it with its own message
    return out


def prefetch_visits(session, batch: list[dict]) -> None:
    """Load, in five queries, the visits, notices, stops, routes, accounts and premises a
    batch of `visit.record` will touch, so each mutation finds them in the session."""
    visit_ids = _uuids(a.get("id") for a in batch)
    notice_ids = _uuids(a.get("notice_id") for a in batch)
    stop_ids = _uuids(a.get("stop_id") for a in batch if a.get("stop_id"))
    if visit_ids:
        found = hold(session, session.execute(sa.select(Visit).where(
            Visit.id.in_(visit_ids))).scalars())
        note_absent(session, Visit, set(visit_ids) - {v.id for v in found})
    if not notice_ids:
        return
    notices_ = hold(session, session.execute(
        sa.select(Notice).where(Notice.id.in_(notice_ids))).scalars())
    stops = hold(session, session.execute(
        sa.select(Stop).where(Stop.id.in_(stop_ids))).scalars()) if stop_ids else []
    route_ids = list({s.route_id for s in stops})
    if route_ids:
        hold(session, session.execute(sa.select(Route).where(Route.id.in_(route_ids)))
             .scalars())
    account_ids = list({n.account_id for n in notices_})
    if account_ids:  # Account joins its premises and customer (lazy="joined")
        hold(session, session.execute(sa.select(Account).where(Account.id.in_(account_ids)))
             .scalars())
