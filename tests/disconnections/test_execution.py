"""What the cutter reports, payments that cancel orders (with a web push), the race of a
cut crossing a payment in flight, reconnection fees, exclusions at execution, and
re-inspections."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.common import events
from server.db import transaction
from server.disconnections.models import OrderAlert
from server.disconnections.mutations import execute_order_v1
from server.errors import DomainError
from server.extensions import db
from server.fieldwork.models import Stop, Visit
from server.ledger import queries as ledger_queries
from server.ledger.models import Charge, ExtraordinaryCharge
from server.ledger.service import record_payment
from tests.disconnections.conftest import TODAY, execute_args, orders_of


def stop_of(order) -> Stop:
    return db.session.execute(sa.select(Stop).where(Stop.order_id == order.id)).scalars().one()


def pay_all(account, actor_id=None):
    debt = ledger_queries.account_balance(account.id)["balance"]
    return record_payment(actor_id=actor_id, account_ref=account.id, amount=debt,
                          reference="pago total")[0]


def execute(ctx_for, day, order, **kw):
    base_rv = kw.pop("base_rv", 0)
    args = execute_args(order, stop_of(order).id, **kw)
    with transaction():  # one unit of work, as the sync engine's push
        return execute_order_v1(ctx_for(day["cutter"], base_rv=base_rv), args)


def refreshed(obj):
    db.session.flush()
    db.session.refresh(obj)
    return obj


def test_an_executed_cut_restricts_the_home_and_schedules_a_reinspection(cut_day, ctx_for,
                                                                          pushes):
    home = cut_day["homes"][0]
    (order,) = orders_of(home.id)
    result = execute(ctx_for, cut_day, order)
    assert result.flags == [] and sorted(result.blobs) == ["a" * 64, "b" * 64]
    order, home = refreshed(order), refreshed(home)
    assert order.status == "executed" and home.status == "limited"
    assert stop_of(order).status == "done"
    inspection = [o for o in orders_of(home.id) if o.action == "inspect"]
    assert len(inspection) == 1 and inspection[0].source_order_id == order.id
    assert inspection[0].not_before >= TODAY + timedelta(days=7)
    visit = db.session.get(Visit, order.last_visit_id)
    assert visit.order_id == order.id and visit.record["seal_number"] == "S-0001"


def test_the_same_report_twice_is_a_duplicate_and_other_args_are_id_reused(cut_day, ctx_for):
    (order,) = orders_of(cut_day["homes"][0].id)
    args = execute_args(order, stop_of(order).id)
    with transaction():
        assert not execute_order_v1(ctx_for(cut_day["cutter"]), dict(args)).duplicate
    assert execute_order_v1(ctx_for(cut_day["cutter"]), dict(args)).duplicate
    with pytest.raises(DomainError) as err:
        execute_order_v1(ctx_for(cut_day["cutter"]), {**args, "seal_number": "OTRO"})
    assert err.value.code == "ID_REUSED"


def test_a_cut_needs_its_seal_and_a_not_executed_its_reason(cut_day, ctx_for):
    (order,) = orders_of(cut_day["homes"][0].id)
    for extra, code in (({"seal_number": None}, "ORDER_SEAL_REQUIRED"),
                        ({"outcome": "not_executed", "reason": None}, "ORDER_REASON_REQUIRED"),
                        ({"reason": "kicked"}, "MUTATION_ARGS_INVALID")):
        with pytest.raises(DomainError) as err:
            execute(ctx_for, cut_day, order, **extra)
        assert err.value.code == code and err.value.message


def test_a_payment_cancels_the_open_orders_in_its_transaction_and_wakes_the_cutter(
        cut_day, pushes):
    home, worker = cut_day["homes"][0], cut_day["cutter"]
    (order,) = orders_of(home.id)
    rv_before = order.rv
    pay_all(home)
    order = refreshed(order)
    assert order.status == "cancelled" and order.cancel_reason == "payment"
    assert order.cancel_rv is not None and order.rv >= order.cancel_rv > rv_before
    assert stop_of(order).status == "cancelled"
    assert "no cortar" in stop_of(order).cancel_reason.lower()
    ((users, payload, topic),) = pushes
    assert users == [worker.id] and topic == order.id
    assert payload == {"t": "disconnection.cancelled", "id": str(order.id),
                       "rv": order.cancel_rv, "account": home.account_number,
                       "stop_id": str(stop_of(order).id)}
    # A partial payment of another account also cancels (the office re-lists if needed).
    other = cut_day["homes"][1]
    record_payment(actor_id=None, account_ref=other.id, amount=Decimal("10.00"))
    assert orders_of(other.id)[0].status == "cancelled" and len(pushes) == 2


def test_a_payment_that_rolls_back_cancels_nothing(cut_day, pushes):
    home = cut_day["homes"][0]
    (order,) = orders_of(home.id)
    with pytest.raises(RuntimeError):
        with transaction():
            pay_all(home)
            raise RuntimeError("el banco se cayó")
    assert refreshed(order).status == "assigned"


@pytest.mark.parametrize("device_had_the_cancellation, flag", [
    (False, "CROSSED_IN_FLIGHT"), (True, "IGNORED_CANCELLATION")])
def test_a_cut_reported_after_the_payment_is_kept_flagged_reconnected_free_and_alerted(
        cut_day, ctx_for, pushes, device_had_the_cancellation, flag, make_user):
    manager = make_user("manager")
    shop = cut_day["shop"]
    (order,) = orders_of(shop.id)
    base_rv = refreshed(order).rv  # what the offline phone held
    pay_all(shop)
    order = refreshed(order)
    if device_had_the_cancellation:
        base_rv = order.cancel_rv
    result = execute(ctx_for, cut_day, order, base_rv=base_rv)
    assert flag in result.flags
    order, shop = refreshed(order), refreshed(shop)
    assert order.status == "executed_after_cancellation" and shop.status == "suspended"
    assert db.session.get(Visit, order.last_visit_id) is not None  # the fact is kept
    (reconnection,) = [o for o in orders_of(shop.id) if o.action == "reconnect"]
    assert reconnection.urgent and not reconnection.charge_fee
    assert reconnection.fee_charge_id is None and reconnection.source_order_id == order.id
    assert db.session.execute(sa.select(sa.func.count()).select_from(Charge).where(
        Charge.account_id == shop.id, Charge.concept == "reconnection")).scalar() == 0
    (alert,) = db.session.execute(sa.select(OrderAlert).where(
        OrderAlert.order_id == order.id)).scalars().all()
    assert alert.kind == flag and order.folio in alert.message
    assert any(p[1]["t"] == "alert" and manager.id in p[0] for p in pushes)


def test_the_fee_is_charged_once_and_only_when_a_cut_happened(cut_day, ctx_for, pushes):
    cut_home, spared_home = cut_day["homes"]
    (cut,) = orders_of(cut_home.id)
    execute(ctx_for, cut_day, cut)
    (spared,) = orders_of(spared_home.id)
    execute(ctx_for, cut_day, spared, outcome="not_executed", reason="no_access",
            seal_number=None)
    assert refreshed(spared).status == "not_executed"
    pay_all(cut_home)
    pay_all(spared_home)
    fees = db.session.execute(sa.select(Charge).where(Charge.concept == "reconnection")
                              ).scalars().all()
    assert [(f.account_id, f.amount) for f in fees] == [(cut_home.id, Decimal("250.00"))]
    (reconnection,) = [o for o in orders_of(cut_home.id) if o.action == "reconnect"]
    assert reconnection.fee_charge_id == fees[0].id and not reconnection.urgent
    assert not [o for o in orders_of(spared_home.id) if o.action == "reconnect"]
    # Paying the fee (or anything else) later books no second reconnection or fee.
    record_payment(actor_id=None, account_ref=cut_home.id, amount=Decimal("250.00"))
    assert db.session.execute(sa.select(sa.func.count()).select_from(Charge).where(
        Charge.concept == "reconnection")).scalar() == 1
    assert len([o for o in orders_of(cut_home.id) if o.action == "reconnect"]) == 1


def test_a_partial_payment_does_not_reconnect(cut_day, ctx_for, pushes):
    home = cut_day["homes"][0]
    (cut,) = orders_of(home.id)
    execute(ctx_for, cut_day, cut)
    record_payment(actor_id=None, account_ref=home.id, amount=Decimal("10.00"))
    assert not [o for o in orders_of(home.id) if o.action == "reconnect"]


def test_exclusions_are_checked_again_at_execution(cut_day, ctx_for, pushes):
    home = cut_day["homes"][0]
    (order,) = orders_of(home.id)
    home.vulnerable_household = True  # learned after the list was made
    db.session.flush()
    result = execute(ctx_for, cut_day, order)
    assert "PROTECTED_AT_EXECUTION" in result.flags
    assert "PROTECTED_AT_EXECUTION" in refreshed(order).flags
    assert db.session.execute(sa.select(OrderAlert.kind).where(
        OrderAlert.order_id == order.id)).scalars().all() == ["PROTECTED_AT_EXECUTION"]


def test_an_agreement_signed_after_the_list_cancels_the_order_so_a_cut_is_flagged(
        cut_day, ctx_for, pushes):
    home = cut_day["homes"][0]
    (order,) = orders_of(home.id)
    base_rv = refreshed(order).rv
    with transaction() as session:  # what the agreements capability emits on activation
        events.emit("agreement.activated", session, account=home, agreement=None)
    assert refreshed(order).status == "cancelled" and order.cancel_reason == "agreement"
    result = execute(ctx_for, cut_day, order, base_rv=base_rv)
    assert result.flags and refreshed(order).status != "executed"


def test_an_inspection_that_finds_a_self_reconnection_proposes_the_fine(cut_day, ctx_for,
                                                                        pushes):
    from server.disconnections.service import plan_order_routes

    home = cut_day["homes"][0]
    (cut,) = orders_of(home.id)
    execute(ctx_for, cut_day, cut)
    (inspection,) = [o for o in orders_of(home.id) if o.action == "inspect"]
    # Not plannable before its window opens; plannable on its first day.
    with pytest.raises(DomainError):
        plan_order_routes(actor_id=None, work_date=TODAY, worker_ids=[cut_day["cutter"].id],
                          actions=("inspect",))
    plan_order_routes(actor_id=None, work_date=inspection.not_before,
                      worker_ids=[cut_day["cutter"].id], actions=("inspect",))
    result = execute(ctx_for, cut_day, inspection, seal_number=None, self_reconnection=True)
    assert result.flags == ["SELF_RECONNECTION"] or "SELF_RECONNECTION" in result.flags
    assert refreshed(home).self_reconnected
    (fine,) = db.session.execute(sa.select(ExtraordinaryCharge).where(
        ExtraordinaryCharge.account_id == home.id)).scalars().all()
    assert fine.status == "proposed" and fine.kind == "fine"
    assert fine.amount == Decimal("1500.00") and inspection.folio in fine.description


def test_a_payment_from_a_bank_file_import_cancels_the_order_too(cut_day, pushes, tmp_path):
    from server.common.clock import local_today
    from server.imports.service import import_ledger
    from tests.imports.conftest import write_csv

    shop = cut_day["shop"]
    (order,) = orders_of(shop.id)
    path = write_csv(tmp_path / "banco.csv", [
        ["cuenta", "tipo", "periodo", "servicio", "concepto", "importe", "vencimiento",
         "fecha_pago", "forma_pago", "referencia", "motivo"],
        [shop.account_number, "pago", "", "", "", "100.00", "", local_today().isoformat(),
         "transferencia", "BANCO-0001", ""]])
    report = import_ledger(path)
    assert report.ok, report.text()
    assert refreshed(order).status == "cancelled" and order.cancel_reason == "payment"
    assert [p[1]["id"] for p in pushes] == [str(order.id)]
