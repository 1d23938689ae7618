"""Order use cases: make a cut list, plan the cutters' routes, cancel a paying account's
orders (with a web push to the cutter), reconnect, and apply what the cutter reports.

Office use cases are one unit of work each. The payment hook and the field handler run
inside the caller's transaction (a payment's, a sync push's): they never commit.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.audit import service as audit
from server.auth.models import StaffRole, StaffUser
from server.common import events
from server.common.clock import LOCAL_TZ, first_of_month, local_today, utcnow
from server.common.settings import get_setting
from server.db import current_rv, stamp_at_commit, touch, transaction
from server.disconnections import queries, rules
from server.disconnections.enums import (ACCOUNT_STATUS_AFTER, CUT_ACTIONS, FOLIO_PREFIXES,
                                         OPEN_STATUSES)
from server.disconnections.errors import MESSAGES  # noqa: F401  (registers Spanish messages)
from server.disconnections.models import CutList, DisconnectionOrder, OrderAlert
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork import planning
from server.fieldwork import rules as field_rules
from server.fieldwork import service as fieldwork
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment
from server.fieldwork.scoping import refresh_worker_scope
from server.fieldwork.visits import (args_hash, distance_from_premises, existing_visit,
                                     out_of_scope)
from server.ledger import queries as ledger_queries
from server.ledger.models import Charge, ExtraordinaryCharge
from server.ledger.service import apply_unapplied
from server.ledger.sql import from_cents
from server.notices.rules import folio_number, format_folio
from server.registry.models import Account, Premises
from server.scope import set_scope
from server.webpush import service as webpush

INSERT_CHUNK = 1000
RECORD_FIELDS = ("reason", "reason_detail", "receipt_number", "seal_number", "meter_reading",
                 "self_reconnection", "data_age_s", "gps_error", "photos_before",
                 "photos_after")


# --- folios -------------------------------------------------------------------------

def _next_folios(session, action: str, year: int, count: int) -> list[str]:
    """`count` gap-free folios for `action` in `year`; the caller holds the version lock."""
    prefix = FOLIO_PREFIXES[action]
    last = session.execute(sa.select(sa.func.max(DisconnectionOrder.folio)).where(
        DisconnectionOrder.folio.like(f"{prefix}-{year}-%"))).scalar()
    start = folio_number(last)
    return [format_folio(prefix, year, start + i) for i in range(1, count + 1)]


def _next_list_folio(session, year: int) -> str:
    last = session.execute(sa.select(sa.func.max(CutList.folio)).where(
        CutList.folio.like(f"LC-{year}-%"))).scalar()
    return f"LC-{year}-{folio_number(last) + 1:04d}"


# --- cut lists ------------------------------------------------------------------------

def create_cut_list(*, actor_id, name: str, cut_rules: rules.CutRules) -> CutList:
    """Freeze the rules, select the accounts (exclusions checked now) and issue one order
    each: restriction for homes, the configured action for the rest; audited."""
    today = local_today()
    with transaction() as session:
        current_rv(session)  # the version lock now: it serializes folio numbering
        found = queries.select_cut_candidates(cut_rules, as_of=today)
        if not found:
            raise DomainError("CUT_LIST_EMPTY")
        hoods = queries.neighborhood_names(c.neighborhood_id for c in found)
        found.sort(key=lambda c: (hoods[c.neighborhood_id].name_key, c.account_number))
        cut_list = CutList(folio=_next_list_folio(session, today.year), name=name,
                           rules=cut_rules.to_json(), order_count=len(found),
                           total_debt=from_cents(sum(c.debt_c for c in found)),
                           created_by=actor_id)
        session.add(cut_list)
        session.flush()
        by_action: dict[str, list] = {}
        for c in found:
            by_action.setdefault(rules.action_for(c.property_class,
                                                  cut_rules.non_domestic_action), []).append(c)
        now, values = utcnow(), []
        for action, rows in by_action.items():
            for folio, c in zip(_next_folios(session, action, today.year, len(rows)), rows):
                values.append({
                    "id": uuid.uuid4(), "folio": folio, "cut_list_id": cut_list.id,
                    "account_id": c.account_id, "action": action, "status": "issued",
                    "urgent": False, "debt_amount": from_cents(c.debt_c),
                    "months_past_due": c.months_past_due, "issued_on": today,
                    "charge_fee": True, "flags": [], "created_by": actor_id,
                    "created_at": now, "updated_at": now, "rv": 0})
        for i in range(0, len(values), INSERT_CHUNK):
            session.execute(sa.insert(DisconnectionOrder), values[i:i + INSERT_CHUNK])
        stamp_at_commit(session, DisconnectionOrder.__table__, [v["id"] for v in values])
        audit.record(actor_id=actor_id, entity_type="cut_list", entity_id=cut_list.id,
                     action="created", changes={
                         "folio": cut_list.folio, "orders": len(values),
                         "by_action": {a: len(r) for a, r in by_action.items()},
                         "total_debt": cut_list.total_debt, "rules": cut_rules.to_json()})
    return cut_list


def plan_order_routes(*, actor_id, work_date: date, worker_ids: list[uuid.UUID],
                      cut_list_id: uuid.UUID | None = None,
                      actions: tuple[str, ...] | None = None, group_by: str = "neighborhood",
                      max_stops_per_route: int | None = None) -> list[Route]:
    """One route per cutter for `work_date` over issued orders (of a cut list, and/or of
    some actions: reconnections and inspections due by then), in walking order; the
    orders become assigned. Orders beyond everyone's capacity stay issued."""
    if work_date < local_today():
        raise DomainError("WORK_DATE_IN_PAST", work_date=work_date.isoformat(),
                          errors={"work_date": ["La fecha ya pasó."]})
    limit = max_stops_per_route or int(get_setting("fieldwork_max_stops_per_route"))
    with transaction() as session:
        cut_list = None
        if cut_list_id is not None:
            cut_list = session.get(CutList, cut_list_id)
            if cut_list is None:
                raise NotFound("CUT_LIST_NOT_FOUND", cut_list=str(cut_list_id))
        workers = fieldwork.field_workers(session, worker_ids, "cutter")
        where = [DisconnectionOrder.status == "issued", DisconnectionOrder.deleted_at.is_(None),
                 sa.or_(DisconnectionOrder.not_before.is_(None),
                        DisconnectionOrder.not_before <= work_date)]
        if cut_list is not None:
            where.append(DisconnectionOrder.cut_list_id == cut_list.id)
        if actions:
            where.append(DisconnectionOrder.action.in_(actions))
        tasks = fieldwork.plan_stops(session, DisconnectionOrder, where, group_by)
        planned = planning.plan_routes(tasks, [w.id for w in workers], limit)
        if not planned:
            raise DomainError("NOTHING_TO_PLAN")
        keys = [s.key for p in planned for s in p.stops]
        accounts = dict(session.execute(sa.select(
            DisconnectionOrder.id, DisconnectionOrder.account_id)
            .where(DisconnectionOrder.id.in_(keys))).all())
        prefix = cut_list.folio if cut_list else f"OR-{work_date:%Y%m%d}"
        taken = session.execute(sa.select(sa.func.count()).select_from(Route).where(
            Route.cut_list_id == cut_list.id if cut_list else Route.name.like(f"{prefix} %")
        )).scalar()
        routes = fieldwork.create_routes(
            session, actor_id=actor_id, planned=planned, name_prefix=prefix,
            first_number=taken + 1, work_date=work_date, stop_kind="order",
            accounts=accounts, cut_list_id=cut_list.id if cut_list else None)
        _set_status(session, keys, "assigned", only_from=("issued",))
        refresh_worker_scope(session, [w.id for w in workers])
    return routes


def _set_status(session, order_ids: list, status: str, *, only_from: tuple[str, ...]) -> None:
    if not order_ids:
        return
    session.execute(sa.update(DisconnectionOrder)
                    .where(DisconnectionOrder.id.in_(order_ids),
                           DisconnectionOrder.status.in_(only_from))
                    .values(status=status, rv=DisconnectionOrder.rv, updated_at=utcnow())
                    .execution_options(synchronize_session=False))
    stamp_at_commit(session, DisconnectionOrder.__table__, order_ids)


# --- cancellation on payment or agreement -----------------------------------------------

def _order_stops(session, order_ids) -> list[tuple[Stop, Route]]:
    if not order_ids:
        return []
    return list(session.execute(
        sa.select(Stop, Route).join(Route, Route.id == Stop.route_id)
        .where(Stop.order_id.in_(list(order_ids)), Stop.deleted_at.is_(None))
        .with_for_update(of=Stop)).tuples())


def cancel_open_orders(session, account: Account, *, reason: str, actor_id=None) -> list:
    """Cancel the account's open restriction/disconnection orders in the caller's
    transaction, so no cutter acts on a debt that was paid or agreed. Their pending stops
    are cancelled too (the device shows "No cortar"), and after the commit a web push
    wakes the assigned cutters' phones. Returns the cancelled orders."""
    orders = list(session.execute(
        sa.select(DisconnectionOrder).where(
            DisconnectionOrder.account_id == account.id,
            DisconnectionOrder.action.in_(CUT_ACTIONS),
            DisconnectionOrder.status.in_(OPEN_STATUSES),
            DisconnectionOrder.deleted_at.is_(None)).with_for_update()).scalars())
    if not orders:
        return []
    stops = _order_stops(session, [o.id for o in orders])
    rv = current_rv(session)  # the version devices compare their base_rv with
    now = utcnow()
    label = "Pagó: no cortar" if reason == "payment" else "Firmó convenio: no cortar"
    workers: dict[uuid.UUID, list] = {}
    for order in orders:
        order.status, order.cancelled_at = "cancelled", now
        order.cancel_reason, order.cancel_rv = reason, rv
        audit.record(actor_id=actor_id, entity_type="disconnection_order", entity_id=order.id,
                     action="cancelled", reason=reason,
                     changes={"status": ["assigned/issued", "cancelled"], "rv": rv})
    by_order = {}
    for stop, route in stops:
        by_order.setdefault(stop.order_id, (stop, route))
        if stop.status == "pending":
            stop.status, stop.cancel_reason = "cancelled", label
        if route.worker_id is not None:
            workers.setdefault(route.worker_id, []).append(stop)
    for order in orders:
        stop_route = by_order.get(order.id)
        if stop_route is None or stop_route[1].worker_id is None:
            continue
        stop, route = stop_route
        webpush.notify_users(session, [route.worker_id], {
            "t": "disconnection.cancelled", "id": str(order.id), "rv": rv,
            "account": account.account_number, "stop_id": str(stop.id)},
            topic=order.id, urgency="high")
    return orders


def _on_payment(session, *, account, payment, actor_id=None, **_):
    cancel_open_orders(session, account, reason="payment", actor_id=actor_id)
    reconnect_if_due(session, account, actor_id=actor_id)


def _on_agreement(session, *, account, actor_id=None, **_):
    cancel_open_orders(session, account, reason="agreement", actor_id=actor_id)
    reconnect_if_due(session, account, actor_id=actor_id, agreement=True)


events.subscribe("payment.booked", _on_payment)
events.subscribe("agreement.activated", _on_agreement)


# --- reconnection -------------------------------------------------------------------------

def _executed_cuts_without_reconnection(session, account_id) -> list[DisconnectionOrder]:
    reconnections = sa.select(DisconnectionOrder.source_order_id).where(
        DisconnectionOrder.action == "reconnect",
        DisconnectionOrder.source_order_id.is_not(None))
    return list(session.execute(sa.select(DisconnectionOrder).where(
        DisconnectionOrder.account_id == account_id,
        DisconnectionOrder.action.in_(CUT_ACTIONS),
        DisconnectionOrder.status.in_(("executed", "executed_after_cancellation")),
        DisconnectionOrder.id.not_in(reconnections)).order_by(
            DisconnectionOrder.executed_at)).scalars())


def create_reconnection(session, cut: DisconnectionOrder, *, urgent: bool, charge_fee: bool,
                        actor_id=None) -> DisconnectionOrder:
    """A reconnection order for an executed cut; the fee (by the cut that happened, per
    tariff) is booked now, once: one reconnection per cut is a unique constraint."""
    today = local_today()
    (folio,) = _next_folios(session, "reconnect", today.year, 1)
    order = DisconnectionOrder(folio=folio, account_id=cut.account_id, action="reconnect",
                               status="issued", urgent=urgent, issued_on=today,
                               source_order_id=cut.id, charge_fee=charge_fee,
                               cut_list_id=None, flags=[], created_by=actor_id)
    session.add(order)
    session.flush()
    if charge_fee:
        fee = Decimal(str(get_setting("reconnection_fee")[cut.action]))
        account = session.get(Account, cut.account_id)
        charge = Charge(account_id=cut.account_id, period=first_of_month(today),
                        property_class=account.property_class, service="water",
                        concept="reconnection", amount=fee, due_date=today,
                        origin="reconnection", created_by=actor_id,
                        description=f"Reconexión ({order.folio}) de {cut.folio}")
        session.add(charge)
        session.flush()
        order.fee_charge_id = charge.id
        apply_unapplied(cut.account_id, today)  # money on credit pays the fee first
    audit.record(actor_id=actor_id, entity_type="disconnection_order", entity_id=order.id,
                 action="created", changes={"action": "reconnect", "of": cut.folio,
                                            "urgent": urgent, "fee": charge_fee})
    return order


def reconnect_if_due(session, account: Account, *, actor_id=None,
                     agreement: bool = False) -> list[DisconnectionOrder]:
    """After a payment (or an agreement): a reconnection for each executed cut once the
    account has paid what policy requires."""
    cuts = _executed_cuts_without_reconnection(session, account.id)
    if not cuts:
        return []
    if not agreement:
        balance = ledger_queries.account_balance(account.id)
        if not rules.reconnection_due(str(get_setting("reconnection_policy")),
                                      months_past_due=balance["months_past_due"],
                                      debt=balance["balance"]):
            return []
    out = [create_reconnection(session, cut, urgent=False, charge_fee=cut.charge_fee,
                               actor_id=actor_id) for cut in cuts]
    touch(session, account)
    return out


# --- what the cutter reports (order.execute) ---------------------------------------------

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
    (folio,) = _next_folios(session, "inspect", executed_on.year, 1)
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
                PaymentAgreement.status.in_(GOOD_STANDING)))).scalar())
        if executed:
            order.status, order.executed_at = "executed", ended or started
            if order.action in ACCOUNT_STATUS_AFTER:
                account.status = ACCOUNT_STATUS_AFTER[order.action]
            if order.action in CUT_ACTIONS:
                if protected:
                    flags.append("PROTECTED_AT_EXECUTION")
                    _alert(session, order, "PROTECTED_AT_EXECUTION",
                           f"Se ejecutó la orden {order.folio} en la cuenta "
                           f"{account.account_number}, protegida ({', '.join(protected)}).")
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


# --- office actions on one order -------------------------------------------------------

def cancel_order(*, actor_id, order_id: uuid.UUID, reason: str) -> DisconnectionOrder:
    """The office cancels one open order (any action), with a reason; its cutter is told."""
    with transaction() as session:
        order = session.execute(sa.select(DisconnectionOrder).where(
            DisconnectionOrder.id == order_id).with_for_update()).scalars().first()
        if order is None or order.deleted_at is not None:
            raise NotFound("ORDER_NOT_FOUND", order=str(order_id))
        if order.status not in OPEN_STATUSES:
            raise Conflict("ORDER_NOT_OPEN", folio=order.folio)
        stops = _order_stops(session, [order.id])
        rv = current_rv(session)
        order.status, order.cancelled_at = "cancelled", utcnow()
        order.cancel_reason, order.cancel_rv = "office", rv
        for stop, route in stops:
            if stop.status == "pending":
                stop.status, stop.cancel_reason = "cancelled", reason[:255]
            if route.worker_id is not None:
                webpush.notify_users(session, [route.worker_id], {
                    "t": "disconnection.cancelled", "id": str(order.id), "rv": rv,
                    "stop_id": str(stop.id)}, topic=order.id, urgency="high")
        audit.record(actor_id=actor_id, entity_type="disconnection_order", entity_id=order.id,
                     action="cancelled", reason=reason)
    return order


def acknowledge_alert(*, actor_id, alert_id: int) -> OrderAlert:
    with transaction() as session:
        alert = session.get(OrderAlert, alert_id)
        if alert is None:
            raise NotFound("ALERT_NOT_FOUND", alert=str(alert_id))
        if alert.acknowledged_at is None:
            alert.acknowledged_at, alert.acknowledged_by = utcnow(), actor_id
    return alert
