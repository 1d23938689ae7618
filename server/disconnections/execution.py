"""What the cutter reports (`order.execute`): the fact is stored once and the order follows
it. Exclusions are checked again at execution; a cut reported for a cancelled order is
kept, flagged CROSSED_IN_FLIGHT or IGNORED_CANCELLATION, and answered with an urgent
reconnection without fee and an alert. Runs inside the sync push's transaction."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.auth.models import StaffRole, StaffUser
from server.common.clock import LOCAL_TZ, local_today
from server.common.settings import get_setting
from server.db import touch
from server.disconnections import rules
from server.disconnections.enums import ACCOUNT_STATUS_AFTER, CUT_ACTIONS, OPEN_STATUSES
from server.disconnections.models import CutList, DisconnectionOrder, OrderAlert
from server.disconnections.queries import emergency_protected
from server.disconnections.service import create_reconnection, next_folios
from server.errors import DomainError
from server.fieldwork import rules as field_rules
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment
from server.fieldwork.visits import (args_hash, distance_from_premises, existing_visit,
                                     out_of_scope)
from server.ledger.models import ExtraordinaryCharge
from server.registry.models import Account, Premises
from server.scope import set_scope
from server.webpush import service as webpush

RECORD_FIELDS = ("reason", "reason_detail", "receipt_number", "seal_number", "meter_reading",
                 "self_reconnection", "data_age_s", "gps_error", "photos_before",
                 "photos_after")


@dataclass
class ExecutionOutcome:
    visit: Visit
    flags: list[str] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    duplicate: bool = False


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _worker_stop(session, worker_id, order_id) -> Stop | None:
    return session.execute(
        sa.select(Stop).join(Route, Route.id == Stop.route_id)
        .where(Stop.order_id == order_id, Route.worker_id == worker_id,
               Stop.deleted_at.is_(None)).order_by(Route.work_date.desc())).scalars().first()


def _alert(session, order: DisconnectionOrder, kind: str, message: str) -> None:
    session.add(OrderAlert(kind=kind, order_id=order.id, account_id=order.account_id,
                           message=message[:300]))
    managers = session.execute(sa.select(StaffUser.id).join(
        StaffRole, StaffRole.user_id == StaffUser.id).where(
        StaffRole.role == "manager", StaffUser.active.is_(True))).scalars().all()
    webpush.notify_users(session, managers, {"t": "alert", "kind": kind,
                                             "id": str(order.id), "folio": order.folio},
                         topic=f"alert-{order.id.hex[:26]}", urgency="high")


def _schedule_inspection(session, cut: DisconnectionOrder, executed_on: date,
                         worker_id) -> None:
    after, _ = rules.reinspection_window(executed_on, int(get_setting("reinspection_after_days")),
                                         int(get_setting("reinspection_within_days")))
    (folio,) = next_folios(session, "inspect", executed_on.year, 1)
    session.add(DisconnectionOrder(folio=folio, account_id=cut.account_id, action="inspect",
                                   status="issued", issued_on=local_today(), not_before=after,
                                   source_order_id=cut.id, cut_list_id=cut.cut_list_id,
                                   flags=[], created_by=worker_id))


def _propose_fine(session, order: DisconnectionOrder, worker_id) -> None:
    amount = Decimal(str(get_setting("self_reconnection_fine")))
    session.add(ExtraordinaryCharge(
        account_id=order.account_id, kind="fine", service="water", concept="fine",
        amount=amount, proposed_by=worker_id, work_reference=order.folio,
        description=f"Multa por autoreconexión detectada en la inspección {order.folio}"))


def execute_order(session, *, worker_id: uuid.UUID, client_id: uuid.UUID | None, args: dict,
                  canonical_args: dict, version: int, device_created_at: datetime | None,
                  received_at: datetime, base_rv: int) -> ExecutionOutcome:
    """Store what the cutter reports once (insert-if-absent on its id) and move the order.

    An open order follows the report; protections are checked again now and a cut at a
    protected account is flagged and alerted. A cut reported for a cancelled order is
    kept, the order becomes executed_after_cancellation, an urgent reconnection without
    fee is created and the manager alerted: CROSSED_IN_FLIGHT when the device had not
    pulled the cancellation, IGNORED_CANCELLATION when it had.
    """
    digest = args_hash(version, canonical_args)
    known = existing_visit(session, args["id"], digest)
    if known is not None:
        return ExecutionOutcome(known.visit, known.flags, known.blobs, duplicate=True)
    order = session.execute(sa.select(DisconnectionOrder).where(
        DisconnectionOrder.id == args["order_id"]).with_for_update()).scalars().first()
    if order is None or order.deleted_at is not None:
        raise DomainError("ORDER_NOT_FOUND", order=str(args["order_id"]))
    outcome = args["outcome"]
    if outcome == "not_executed" and not args.get("reason"):
        raise DomainError("ORDER_REASON_REQUIRED", errors={"reason": ["Indique el motivo."]})
    if outcome == "executed" and order.action in CUT_ACTIONS and not args.get("seal_number"):
        raise DomainError("ORDER_SEAL_REQUIRED",
                          errors={"seal_number": ["Anote el número de sello."]})
    stop = session.get(Stop, args["stop_id"]) if args.get("stop_id") else \
        _worker_stop(session, worker_id, order.id)
    if args.get("stop_id") and (stop is None or stop.order_id != order.id):
        raise DomainError("STOP_ORDER_MISMATCH")
    route = session.get(Route, stop.route_id) if stop is not None else None
    account = session.execute(sa.select(Account).where(Account.id == order.account_id)
                              .with_for_update(of=Account)).scalars().one()
    premises = session.get(Premises, account.premises_id)
    started, ended = _utc(args["started_at"]), _utc(args.get("ended_at"))
    gps = args.get("gps") or None
    distance = distance_from_premises(gps, premises)
    flags = field_rules.visit_flags(
        out_of_scope=out_of_scope(stop, route, worker_id) and order.status in OPEN_STATUSES,
        has_gps=bool(gps), distance_m=distance,
        far_m=float(get_setting("fieldwork_far_from_premises_m")), formal_act=False,
        act_in_hours=True,
        skewed=field_rules.clock_skewed(_utc(device_created_at), _utc(received_at),
                                        float(get_setting("fieldwork_clock_skew_hours"))),
        incomplete_record=False)
    executed = outcome == "executed"
    if executed and order.status == "cancelled" and order.action in CUT_ACTIONS:
        flags.append(rules.late_execution_flag(base_rv, order.cancel_rv))
        order.status, order.executed_at = "executed_after_cancellation", ended or started
        account.status = ACCOUNT_STATUS_AFTER[order.action]
        create_reconnection(session, order, urgent=True, charge_fee=False, actor_id=worker_id)
        _alert(session, order, flags[-1],
               f"Se ejecutó la orden {order.folio} de la cuenta {account.account_number} "
               f"después de cancelada ({order.cancel_reason}); se emitió una reconexión "
               f"urgente sin cobro.")
    elif order.status in OPEN_STATUSES or (order.status == "not_executed" and executed):
        protected = rules.protection_reasons(
            property_class=account.property_class,
            vulnerable_household=account.vulnerable_household,
            include_public_services=_includes_public_services(session, order),
            agreement_in_good_standing=session.execute(sa.select(sa.exists().where(
                PaymentAgreement.account_id == account.id,
                PaymentAgreement.status.in_(GOOD_STANDING)))).scalar(),
            discount_beneficiary_in_emergency=bool(emergency_protected(
                session, [account.id], started.astimezone(LOCAL_TZ).date())))
        if executed:
            order.status, order.executed_at = "executed", ended or started
            if order.action in ACCOUNT_STATUS_AFTER:
                account.status = ACCOUNT_STATUS_AFTER[order.action]
            if order.action in CUT_ACTIONS:
                if protected:
                    flags.append("PROTECTED_AT_EXECUTION")
                    _alert(session, order, "PROTECTED_AT_EXECUTION",
                           f"Se ejecutó la orden {order.folio} en la cuenta "
                           f"{account.account_number}, protegida ("
                           f"{', '.join(rules.PROTECTION_LABELS[p] for p in protected)}).")
                _schedule_inspection(session, order, started.astimezone(LOCAL_TZ).date(),
                                     worker_id)
            if order.action == "inspect" and args.get("self_reconnection"):
                flags.append("SELF_RECONNECTION")
                account.self_reconnected = True
                _propose_fine(session, order, worker_id)
        else:
            order.status, order.not_executed_reason = "not_executed", args.get("reason")
            if args.get("reason") == "paid_on_spot":
                flags.append("PAID_ON_SPOT_VERIFY")
    else:
        flags.append("ORDER_NOT_OPEN")
    order.flags = sorted(set(order.flags or []) | set(flags))
    visit = Visit(id=args["id"], stop_id=stop.id if stop else None, order_id=order.id,
                  account_id=account.id, worker_id=worker_id, client_id=client_id,
                  outcome=outcome, notes=args.get("notes"), started_at=started,
                  ended_at=ended, latitude=gps["lat"] if gps else None,
                  longitude=gps["lon"] if gps else None,
                  gps_accuracy_m=gps.get("accuracy_m") if gps else None, distance_m=distance,
                  flags=flags, base_rv=base_rv, args_hash=digest, received_at=received_at,
                  record={k: canonical_args.get(k) for k in RECORD_FIELDS
                          if k in canonical_args} | {"version": version, "action": order.action,
                                                      "gps": canonical_args.get("gps")})
    session.add(visit)
    order.last_visit_id = visit.id
    blobs = []
    for kind, key in (("before", "photos_before"), ("after", "photos_after")):
        for sha in args.get(key) or []:
            if sha not in blobs:
                blobs.append(sha)
                session.add(VisitAttachment(visit_id=visit.id, sha256=sha, kind=f"photo_{kind}"))
    if stop is not None and stop.status == "pending":
        stop.status, stop.done_at = "done", ended or started
    if route is not None and route.status == "planned" and route.worker_id == worker_id:
        route.status = "in_progress"
    if stop is not None and not out_of_scope(stop, route, worker_id):
        set_scope(session, worker_id, "visit", [visit.id], True, new=True)
    touch(session, account)
    return ExecutionOutcome(visit, flags, blobs)


def _includes_public_services(session, order: DisconnectionOrder) -> bool:
    if order.cut_list_id is None:
        return False
    cut_list = session.get(CutList, order.cut_list_id)
    return bool(cut_list and cut_list.rules.get("include_public_services"))
