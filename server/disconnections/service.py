"""Order use cases: make a cut list, plan the cutters' routes, cancel a paying account's
orders (with a web push to the cutter), reconnect, and apply what the cutter reports.

Office use cases are one unit of work each. The payment hook and the field handler run
inside the caller's transaction (a payment's, a sync push's): they never commit.
"""
from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.audit import service as audit
from server.common import events
from server.common.clock import first_of_month, local_today, utcnow
from server.common.settings import get_setting
from server.db import current_rv, stamp_at_commit, touch, transaction
from server.disconnections import queries, rules
from server.disconnections.enums import (CUT_ACTIONS, FOLIO_PREFIXES,
                                         OPEN_STATUSES)
from server.disconnections.errors import MESSAGES  # noqa: F401  (registers Spanish messages)
from server.disconnections.models import CutList, DisconnectionOrder, OrderAlert
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork import planning
from server.fieldwork import service as fieldwork
from server.fieldwork.models import Route, Stop
from server.fieldwork.scoping import refresh_worker_scope
from server.ledger import queries as ledger_queries
from server.ledger.models import Charge
from server.ledger.service import apply_unapplied
from server.ledger.sql import from_cents
from server.notices.rules import folio_number, format_folio
from server.registry.models import Account
from server.webpush import service as webpush

INSERT_CHUNK = 1000


# --- folios -------------------------------------------------------------------------

def next_folios(session, action: str, year: int, count: int) -> list[str]:
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
    """Freeze the rules, select the accounts (exclusions checked now, and the protection of
    social-discount beneficiaries while an emergency is declared) and issue one order
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
            for folio, c in zip(next_folios(session, action, today.year, len(rows)), rows):
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
    (folio,) = next_folios(session, "reconnect", today.year, 1)
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
