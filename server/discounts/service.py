"""Discount use cases: an application from the field (stored once, its eligibility
checked on arrival and kept with it; an answer closes the question it answers, a renewal
completes its renewal stop, a new registration the worker's registration visit), the
office's decision, the posting of each period's discounts as ledger credits on the water
charges (idempotent), the renewal tasks of the discounts about to expire, the registration
visits the office assigns, and the declared emergency that protects beneficiaries from
cuts."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta, timezone

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.audit import service as audit
from server.common import events
from server.common.clock import local_today, utcnow
from server.common.money import ZERO, money
from server.common.settings import get_setting, set_setting
from server.db import current_rv, stamp_at_commit, touch
from server.discounts import queries, rules
from server.discounts.enums import STATUS_LABELS, TYPE_LABELS
from server.discounts.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.discounts.models import DiscountApplication, DiscountPosting, DiscountProgram
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork import planning
from server.fieldwork import queries as fieldwork_queries
from server.fieldwork import service as fieldwork
from server.fieldwork.models import Route, Stop
from server.fieldwork.scoping import refresh_worker_scope
from server.fieldwork.visits import args_hash
from server.ledger.models import Charge
from server.ledger.queries import account_balance
from server.ledger.service import book_credits
from server.registry.models import Account

RENEWAL_PREFIX = "RENOV"
# The month's bills: posted by the ledger or imported from the commercial system.
DISCOUNTED_ORIGINS = ("billing", "import")
VISIT_PREFIX = "TS-VIS"
# Why a renewal stop left unvisited on its day was cancelled (a new one replaces it).
RENEWAL_RESCHEDULED = "No se visitó en su fecha; se reprogramó"


@dataclass
class ApplyOutcome:
    application: DiscountApplication
    flags: list[str] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    duplicate: bool = False


def _account_facts(session, account: Account, curp: str) -> dict:
    others = session.execute(sa.select(Account.account_number).join(
        DiscountApplication, DiscountApplication.account_id == Account.id).where(
        DiscountApplication.curp == curp, DiscountApplication.account_id != account.id,
        DiscountApplication.status.in_(("submitted", "needs_info", "approved"))).distinct()
    ).scalars().all()
    in_agreement = session.execute(sa.select(sa.exists().where(
        PaymentAgreement.account_id == account.id,
        PaymentAgreement.status.in_(GOOD_STANDING)))).scalar()
    return {"property_class": account.property_class,
            "months_past_due": account_balance(account.id)["months_past_due"],
            "agreement_in_good_standing": bool(in_agreement),
            "other_accounts_with_curp": list(others)}


def apply(session, *, worker_id: uuid.UUID, client_id: uuid.UUID | None, args: dict,
          canonical: dict, version: int) -> ApplyOutcome:
    """Store an application once (insert-if-absent on its id). What the rules find
    against it is kept with it for the office (it is never refused: the beneficiary
    signed); the flag ELIGIBILITY_PROBLEMS tells the device."""
    digest = args_hash(version, canonical)
    existing = session.get(DiscountApplication, args["id"])
    if existing is not None:
        if existing.args_hash != digest:
            raise DomainError("ID_REUSED")
        return ApplyOutcome(existing, ["ELIGIBILITY_PROBLEMS"] if existing.problems else [],
                            duplicate=True)
    program = session.get(DiscountProgram, args["program_id"])
    if program is None:
        raise DomainError("DISCOUNT_PROGRAM_NOT_FOUND", program=str(args["program_id"]))
    account = session.get(Account, args["account_id"])
    if account is None:
        raise DomainError("ACCOUNT_NOT_FOUND", account=str(args["account_id"]))
    renewed = args.get("renewal_of")
    if renewed is not None and session.get(DiscountApplication, renewed) is None:
        raise DomainError("DISCOUNT_APPLICATION_NOT_FOUND", application=str(renewed))
    curp = args["curp"].strip().upper()
    applicant = {"type": args["beneficiary_type"], "curp": curp,
                 "birth_date": args.get("birth_date"), "lives_there": args["lives_there"],
                 "documents": [d["kind"] for d in args.get("documents") or []]}
    problems = rules.eligibility_problems(program.rules, applicant,
                                          _account_facts(session, account, curp), local_today())
    application = DiscountApplication(
        id=args["id"], program_id=program.id, account_id=account.id,
        beneficiary_type=args["beneficiary_type"], beneficiary_name=args["beneficiary_name"],
        curp=curp, birth_date=args.get("birth_date"), problems=list(problems),
        record={k: canonical.get(k) for k in ("documents", "checklist", "gps", "gps_error",
                                                "signature", "phone", "notes", "started_at")},
        status="submitted", worker_id=worker_id, client_id=client_id, args_hash=digest,
        renewal_of=args.get("renewal_of"), answers_request=args.get("answers_request"))
    session.add(application)
    _close_answered_request(session, application)
    if renewed is not None:  # the renewal stops of that discount, whoever's route
        _complete_stops(session, [Stop.discount_application_id == renewed,
                                  Stop.kind == "renewal"], worker_id, args["started_at"])
    else:  # a new registration: her registration visits to that account
        _complete_stops(session, [Stop.account_id == account.id, Stop.kind == "discount_visit",
                                  Route.worker_id == worker_id], worker_id, args["started_at"])
    blobs = [d["sha256"] for d in args.get("documents") or []]
    if args.get("signature"):
        blobs.append(args["signature"])
    touch(session, account)
    return ApplyOutcome(application, ["ELIGIBILITY_PROBLEMS"] if problems else [], blobs)


def _close_answered_request(session, application: DiscountApplication) -> None:
    """The office's question is answered: the earlier application (same account, waiting
    in needs_info) becomes `answered` and leaves the queue; its new version reaches the
    worker's device."""
    earlier_id = rules.answered_application_id(application.answers_request)
    if earlier_id is None:
        return
    earlier = session.execute(sa.select(DiscountApplication).where(
        DiscountApplication.id == earlier_id).with_for_update()).scalars().first()
    if (earlier is None or earlier.account_id != application.account_id
            or earlier.status != "needs_info"):
        return
    earlier.status = "answered"
    audit.record(actor_id=application.worker_id, entity_type="discount_application",
                 entity_id=earlier.id, action="answered",
                 changes={"status": ["needs_info", "answered"],
                          "answered_by": application.id})


def _complete_stops(session, where: list, worker_id, started_at) -> None:
    """The visit happened: the pending stops matching `where` (a renewal's, a registration
    visit's) are done when it started; the worker's own route starts."""
    rows = session.execute(
        sa.select(Stop, Route).join(Route, Route.id == Stop.route_id)
        .where(*where, Stop.status == "pending", Stop.deleted_at.is_(None))
        .with_for_update(of=Stop)).tuples().all()
    done_at = started_at.astimezone(timezone.utc) if started_at else utcnow()
    for stop, route in rows:
        stop.status, stop.done_at = "done", done_at
        if route.status == "planned" and route.worker_id == worker_id:
            route.status = "in_progress"


def decide(session, *, actor_id, application_id: uuid.UUID, decision: str,
           note: str | None) -> DiscountApplication:
    """approve (start today, end per the program), reject (with a reason) or ask for more
    information (the worker's device shows the question; a new application answers it)."""
    application = session.execute(sa.select(DiscountApplication).where(
        DiscountApplication.id == application_id).with_for_update()).scalars().first()
    if application is None:
        raise NotFound("DISCOUNT_APPLICATION_NOT_FOUND", application=str(application_id))
    if decision in ("reject", "needs_info") and not (note or "").strip():
        raise DomainError("DISCOUNT_DECISION_NOTE_REQUIRED",
                          errors={"note": ["Escriba el motivo."]})
    if application.status in ("approved", "rejected", "answered"):
        raise Conflict("DISCOUNT_APPLICATION_DECIDED",
                       state=STATUS_LABELS[application.status].lower())
    program = session.get(DiscountProgram, application.program_id)
    application.decided_by, application.decided_at = actor_id, utcnow()
    application.decision_note = (note or "")[:500] or None
    if decision == "approve":
        renewed = (session.get(DiscountApplication, application.renewal_of)
                   if application.renewal_of else None)
        start = rules.renewal_start(local_today(), renewed.ends_on if renewed is not None
                                    and renewed.status == "approved" else None)
        window = rules.validity(start, program.rules)
        application.status = "approved"
        application.starts_on = rules.as_date(window["starts_on"])
        application.ends_on = rules.as_date(window["ends_on"])
    elif decision == "reject":
        application.status = "rejected"
    else:
        application.status = "needs_info"
    audit.record(actor_id=actor_id, entity_type="discount_application",
                 entity_id=application.id, action=decision, reason=note)
    if decision == "approve":
        events.emit("discount.approved", session, application=application)
    return application


def post_discounts(session, *, period: date, actor_id=None) -> dict:
    """Credit each approved discount current in `period` on the account's water charges of
    that period (per the program: percentage, services, m³ cap); on a bill already paid,
    what the charge no longer owes stays as credit in favour. Idempotent, one discount per
    charge: a charge already
    credited (by any application: a renewal overlapping the discount it renews) is skipped.
    The credits are booked in bulk by the ledger (4,000 beneficiaries in a few seconds)."""
    rows = session.execute(
        sa.select(DiscountApplication.id.label("application_id"),
                  DiscountApplication.beneficiary_type, DiscountProgram.rules,
                  Charge.id.label("charge_id"), Charge.account_id, Charge.service,
                  Charge.concept, Charge.amount, Charge.allocated, Charge.consumption_m3)
        .join(DiscountProgram, DiscountProgram.id == DiscountApplication.program_id)
        .join(Charge, Charge.account_id == DiscountApplication.account_id)
        .where(*queries.active_in(period), Charge.period == period,
               Charge.origin.in_(DISCOUNTED_ORIGINS),
               ~sa.exists().where(DiscountPosting.charge_id == Charge.id))
        .order_by(Charge.id, DiscountApplication.starts_on, DiscountApplication.id)).all()
    credits, postings, seen, total = [], [], set(), ZERO
    for r in rows:
        if r.charge_id in seen:
            continue
        seen.add(r.charge_id)
        # The whole discount, also on a bill already paid: what the charge no longer owes
        # stays as credit in favour (saldo a favor) for the next bills.
        amount = money(rules.discount_credit(r.rules, {
            "service": r.service, "concept": r.concept, "amount": str(r.amount),
            "consumption_m3": r.consumption_m3}))
        if amount <= ZERO:
            continue
        credits.append({"account_id": r.account_id, "amount": amount, "charge_ids": [r.charge_id],
                        "reason": f"Descuento social {period:%m/%Y}: "
                                  f"{TYPE_LABELS[r.beneficiary_type]}"})
        postings.append({"application_id": r.application_id, "charge_id": r.charge_id,
                         "amount": amount, "period": period})
        total += amount
    ids = book_credits(session, credits=credits, kind="discount", credited_on=local_today(),
                       actor_id=actor_id)
    now = utcnow()
    values = [{**p, "credit_id": credit_id, "posted_at": now}
              for p, credit_id in zip(postings, ids)]
    for i in range(0, len(values), 1000):
        session.execute(sa.insert(DiscountPosting), values[i:i + 1000])
    if credits:  # devices holding these accounts see the new debt
        stamp_at_commit(session, Account.__table__, {c["account_id"] for c in credits})
    audit.record(actor_id=actor_id, entity_type="discount_posting", entity_id=f"{period:%Y-%m}",
                 action="post", changes={"period": period, "credits": len(values),
                                         "total": total})
    return {"period": period.isoformat(), "posted": len(values), "total": str(total)}


# --- renewal tasks ------------------------------------------------------------------------

def _due_for_renewal(session, as_of: date) -> list:
    """(application id, account id, ends_on) of every approved discount in its program's
    renewal window on `as_of` that nobody is renewing yet: no newer application names it
    (renewal_of), no renewal stop is pending for it on a route of `as_of` or later, and the
    office did not cancel its renewal stop."""
    programs = {p.id: p.rules for p in session.execute(sa.select(DiscountProgram)).scalars()}
    notice = max((n for r in programs.values()
                  if isinstance(n := r.get("renewal_notice_days"), int)), default=0)
    renewal = sa.orm.aliased(DiscountApplication)
    handled = sa.select(Stop.id).join(Route, Route.id == Stop.route_id).where(
        Stop.discount_application_id == DiscountApplication.id, Stop.kind == "renewal",
        Stop.deleted_at.is_(None), sa.or_(
            sa.and_(Stop.status == "pending", Route.work_date >= as_of,
                    Route.status != "cancelled", Route.deleted_at.is_(None)),
            sa.and_(Stop.status == "cancelled", sa.or_(
                Stop.cancel_reason.is_(None), Stop.cancel_reason != RENEWAL_RESCHEDULED))))
    rows = session.execute(
        sa.select(DiscountApplication.id, DiscountApplication.account_id,
                  DiscountApplication.program_id, DiscountApplication.ends_on)
        .where(DiscountApplication.status == "approved",
               DiscountApplication.ends_on >= as_of,
               DiscountApplication.ends_on <= as_of + timedelta(days=notice),
               ~sa.exists().where(renewal.renewal_of == DiscountApplication.id),
               ~handled.exists())
        .order_by(DiscountApplication.ends_on, DiscountApplication.id)).all()
    out = []
    for r in rows:
        try:
            if rules.renewal_due(r.ends_on, as_of, programs[r.program_id]):
                out.append(r)
        except rules.AgreementError:  # a program without a valid renewal notice: no task
            continue
    return out


def _reschedule_stale_renewals(session, as_of: date) -> set:
    """Renewal stops left pending on a route of an earlier day are cancelled (a new stop
    replaces each); returns the workers whose scope changes."""
    rows = session.execute(
        sa.select(Stop, Route.worker_id).join(Route, Route.id == Stop.route_id)
        .where(Stop.kind == "renewal", Stop.status == "pending", Stop.deleted_at.is_(None),
               Route.work_date < as_of).with_for_update(of=Stop)).tuples().all()
    for stop, _worker in rows:
        stop.status, stop.cancel_reason = "cancelled", RENEWAL_RESCHEDULED
    return {w for _stop, w in rows if w is not None}


def _renewals_on(session, day: date) -> dict:
    """{worker id: renewal stops (not cancelled) already on her routes of `day`}."""
    return dict(session.execute(
        sa.select(Route.worker_id, sa.func.count(Stop.id)).join(Stop, Stop.route_id == Route.id)
        .where(Stop.kind == "renewal", Stop.status != "cancelled", Stop.deleted_at.is_(None),
               Route.work_date == day, Route.status != "cancelled", Route.deleted_at.is_(None),
               Route.worker_id.is_not(None))
        .group_by(Route.worker_id)).all())


def generate_renewals(session, *, as_of: date, actor_id=None) -> dict:
    """Renewal tasks for the discounts about to expire (DOMAIN.md: valid one year, renewal
    tasks 30 days before): each becomes a stop of kind `renewal` on a route of `as_of` of an
    active social worker. Every renewal of one colonia goes to the same worker, colonias
    (most urgent first) balanced among them by count (counting what each already has that
    day); a worker takes
    at most the stops-per-route setting a day past her first colonia, the rest wait for the
    next day's run. Each route in walking order. Idempotent: a discount already being
    renewed gets no second task, and a second run the same day adds nothing unless someone
    has room."""
    if as_of < local_today():
        raise DomainError("WORK_DATE_IN_PAST", work_date=as_of.isoformat(),
                          errors={"as_of": ["La fecha ya pasó."]})
    current_rv(session)  # the version lock: two runs at once would plan the same stops
    workers = fieldwork_queries.field_workers("social_worker")
    if not workers:
        raise DomainError("DISCOUNT_NO_SOCIAL_WORKER")
    touched = _reschedule_stale_renewals(session, as_of)
    session.flush()
    due = _due_for_renewal(session, as_of)
    tasks = fieldwork.plan_stops(session, DiscountApplication, [
        DiscountApplication.id.in_([r.id for r in due])], "neighborhood") if due else []
    # Colonias by urgency: the one with the discount ending first, then the larger.
    ends = {r.id: r.ends_on for r in due}
    urgency: dict[str, list] = {}
    for task in tasks:
        cell = urgency.setdefault(task.zone, [ends[task.key], 0])
        cell[0], cell[1] = min(cell[0], ends[task.key]), cell[1] + 1
    zones = {zone: count for zone, (_end, count) in sorted(
        urgency.items(), key=lambda zc: (zc[1][0], -zc[1][1], zc[0]))}
    limit = int(get_setting("fieldwork_max_stops_per_route"))
    given = rules.assign_zones(zones, [w["id"] for w in workers], limit,
                               _renewals_on(session, as_of))
    planned = [planning.PlannedRoute(w["id"], planning.order_stops(
        [t for t in tasks if given.get(t.zone) == w["id"]])) for w in workers]
    planned = [p for p in planned if p.stops]
    names = {w["id"]: w["full_name"] for w in workers}
    result = {"as_of": as_of.isoformat(), "routes": len(planned),
              "stops": sum(len(p.stops) for p in planned),
              "left_for_later": len(tasks) - sum(len(p.stops) for p in planned),
              "by_worker": [{"worker_id": p.worker, "worker": names[p.worker],
                             "stops": len(p.stops), "colonias": p.zones} for p in planned]}
    if planned:
        prefix = f"{RENEWAL_PREFIX}-{as_of:%Y%m%d}"
        taken = session.execute(sa.select(sa.func.count()).select_from(Route).where(
            Route.name.like(f"{prefix} %"))).scalar()
        accounts = {r.id: r.account_id for r in due}
        fieldwork.create_routes(session, actor_id=actor_id, planned=planned,
                                name_prefix=prefix, first_number=taken + 1, work_date=as_of,
                                stop_kind="renewal", accounts=accounts)
        touched |= {p.worker for p in planned}
    if touched:
        refresh_worker_scope(session, touched)
    audit.record(actor_id=actor_id, entity_type="discount_renewals",
                 entity_id=f"{as_of:%Y-%m-%d}", action="generated",
                 changes={k: v for k, v in result.items() if k != "by_worker"})
    return result


# --- registration visits ------------------------------------------------------------------

def accounts_by_number(session, account_numbers: list[str]) -> list[uuid.UUID]:
    """The ids of these account numbers, in the order given; DomainError listing the
    numbers that do not exist."""
    numbers = list(dict.fromkeys(n.strip() for n in account_numbers if n.strip()))
    found = dict(session.execute(sa.select(Account.account_number, Account.id).where(
        Account.account_number.in_(numbers))).all()) if numbers else {}
    unknown = [n for n in numbers if n not in found]
    if unknown or not numbers:
        listed = ", ".join(unknown) or "—"
        raise DomainError("DISCOUNT_VISIT_ACCOUNTS_UNKNOWN", accounts=listed, errors={
            "account_numbers": [f"No existen estas cuentas: {listed}."]})
    return [found[n] for n in numbers]


def assign_visits(session, *, account_ids: list[uuid.UUID], worker_id: uuid.UUID,
                  work_date: date, actor_id) -> dict:
    """Registration visits (a customer asked for the discount at the counter): one route
    (`TS-VIS-YYYYMMDD Rnn`) of `work_date` for an active social worker, a stop of kind
    `discount_visit` per account in walking order. An account with a registration visit
    still pending on a route of today or later is skipped. Her device pulls the route, the
    stops and the accounts; the application she captures there completes the stop."""
    if work_date < local_today():
        raise DomainError("WORK_DATE_IN_PAST", work_date=work_date.isoformat(),
                          errors={"work_date": ["La fecha ya pasó."]})
    fieldwork.field_workers(session, [worker_id], "social_worker", field="worker_id")
    wanted = list(dict.fromkeys(account_ids))
    numbers = dict(session.execute(sa.select(Account.id, Account.account_number).where(
        Account.id.in_(wanted))).all()) if wanted else {}
    unknown = [str(a) for a in wanted if a not in numbers]
    if unknown or not wanted:
        listed = ", ".join(unknown) or "—"
        raise DomainError("DISCOUNT_VISIT_ACCOUNTS_UNKNOWN", accounts=listed, errors={
            "account_ids": [f"No existen estas cuentas: {listed}."]})
    current_rv(session)  # the version lock: two assignments at once would visit twice
    pending = set(session.execute(
        sa.select(Stop.account_id).join(Route, Route.id == Stop.route_id)
        .where(Stop.account_id.in_(wanted), Stop.kind == "discount_visit",
               Stop.status == "pending", Stop.deleted_at.is_(None),
               Route.work_date >= local_today(), Route.status != "cancelled",
               Route.deleted_at.is_(None))).scalars())
    todo = [a for a in wanted if a not in pending]
    result = {"route_id": None, "route_name": None, "stops": 0,
              "skipped": [numbers[a] for a in wanted if a in pending]}
    if todo:
        tasks = fieldwork.plan_stops(session, Account, [Account.id.in_(todo)], "neighborhood")
        plan = planning.PlannedRoute(worker_id, planning.order_stops(tasks))
        prefix = f"{VISIT_PREFIX}-{work_date:%Y%m%d}"
        taken = session.execute(sa.select(sa.func.count()).select_from(Route).where(
            Route.name.like(f"{prefix} %"))).scalar()
        (route,) = fieldwork.create_routes(
            session, actor_id=actor_id, planned=[plan], name_prefix=prefix,
            first_number=taken + 1, work_date=work_date, stop_kind="discount_visit",
            accounts={a: a for a in todo})
        result.update(route_id=route.id, route_name=route.name, stops=len(plan.stops))
        refresh_worker_scope(session, [worker_id])
    audit.record(actor_id=actor_id, entity_type="discount_visits",
                 entity_id=f"{work_date:%Y-%m-%d}", action="assigned",
                 changes={"worker_id": worker_id, "route": result["route_name"],
                          "stops": result["stops"], "skipped": result["skipped"]})
    return result


# --- declared emergency -------------------------------------------------------------------

def set_emergency(session, *, declared: bool, actor_id) -> None:
    """Declare or lift the emergency during which social-discount beneficiaries are
    protected from restriction and disconnection; audited."""
    before = bool(get_setting(queries.EMERGENCY_SETTING))
    set_setting(queries.EMERGENCY_SETTING, bool(declared), actor_id=actor_id)
    audit.record(actor_id=actor_id, entity_type="setting", entity_id=queries.EMERGENCY_SETTING,
                 action="declared" if declared else "lifted",
                 changes={"value": [before, bool(declared)]})
