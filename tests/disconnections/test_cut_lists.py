"""Cut lists: the selection and its exclusions, the action by class, folios, routes."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.disconnections import queries
from server.disconnections.models import DisconnectionOrder
from server.disconnections.rules import CutRules, action_for, protection_reasons
from server.disconnections.service import create_cut_list, plan_order_routes
from server.errors import DomainError
from server.extensions import db
from server.fieldwork.models import Stop
from tests import factories
from tests.disconnections.conftest import TODAY, cutter, debtor, orders_of


def ids(found) -> set:
    return {c.account_id for c in found}


def test_the_selection_keeps_served_debtors_and_applies_every_exclusion(db_session):
    ok = debtor(4)
    not_served = debtor(4, served_days_ago=None)
    too_recent = debtor(4, served_days_ago=1)  # served 1 day ago: the default wants 3
    too_young = debtor(2)  # 2 periods past due: below the 3 of the default
    vulnerable = debtor(4)
    vulnerable.vulnerable_household = True
    hospital = debtor(4, property_class="public_services")
    already_cut = debtor(4)
    already_cut.status = "limited"
    db.session.flush()
    found = ids(queries.select_cut_candidates(CutRules()))
    assert ok.id in found
    assert not found & {not_served.id, too_recent.id, too_young.id, vulnerable.id,
                        hospital.id, already_cut.id}
    # Public services only when the list includes them explicitly.
    assert hospital.id in ids(queries.select_cut_candidates(
        CutRules(include_public_services=True)))
    # Without the notice requirement the unserved debtor is selected too.
    assert not_served.id in ids(queries.select_cut_candidates(
        CutRules(formal_notice_min_days=None)))


def test_an_account_with_an_open_order_is_not_listed_twice(db_session):
    acc = debtor(4)
    create_cut_list(actor_id=None, name="Primera", cut_rules=CutRules())
    assert acc.id not in ids(queries.select_cut_candidates(CutRules()))
    with pytest.raises(DomainError) as err:
        create_cut_list(actor_id=None, name="Segunda", cut_rules=CutRules())
    assert err.value.code == "CUT_LIST_EMPTY" and "ajuste" in err.value.message


def test_homes_are_restricted_and_businesses_disconnected(db_session):
    home, shop = debtor(4), debtor(4, property_class="commercial")
    mixed = debtor(4, property_class="mixed")
    preview = queries.preview(CutRules())
    assert preview["count"] == 3 and preview["by_action"] == {"restrict": 2, "disconnect": 1}
    assert preview["total_debt"] == sum((Decimal(s["debt"]) for s in preview["sample"]),
                                        Decimal("0"))
    assert preview["exclusions_not_applied"] == ["exclude_open_dispute"]
    cut_list = create_cut_list(actor_id=None, name="Cortes", cut_rules=CutRules())
    (h,), (s,), (m,) = orders_of(home.id), orders_of(shop.id), orders_of(mixed.id)
    assert (h.action, s.action, m.action) == ("restrict", "disconnect", "restrict")
    assert h.folio.startswith(f"OL-{TODAY.year}-") and s.folio.startswith(f"OC-{TODAY.year}-")
    assert cut_list.folio.startswith(f"LC-{TODAY.year}-") and cut_list.order_count == 3
    assert h.status == "issued" and h.debt_amount > 0 and h.months_past_due >= 3
    # Even when the list asks to "disconnect" everyone, a home is only restricted.
    assert action_for("domestic", "disconnect") == "restrict"


def test_protection_rules():
    assert protection_reasons(property_class="domestic", vulnerable_household=True) == [
        "vulnerable_household"]
    assert protection_reasons(property_class="public_services",
                              vulnerable_household=False) == ["public_services"]
    assert protection_reasons(property_class="public_services", vulnerable_household=False,
                              include_public_services=True) == []


def test_routes_for_a_cutter_carry_order_stops_and_assign_the_orders(cut_day, db_session):
    from tests.fieldwork.conftest import active

    route, worker = cut_day["route"], cut_day["cutter"]
    stops = db.session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                               .order_by(Stop.position)).scalars().all()
    assert len(stops) == 3 and {s.kind for s in stops} == {"order"}
    assert all(s.order_id is not None and s.notice_id is None for s in stops)
    statuses = db.session.execute(sa.select(DisconnectionOrder.status).where(
        DisconnectionOrder.id.in_([s.order_id for s in stops]))).scalars().all()
    assert set(statuses) == {"assigned"}
    assert active(db.session, worker.id, "order") == {s.order_id for s in stops}
    assert route.name.startswith(cut_day["cut_list"].folio)


def test_only_cutters_get_cut_routes(db_session):
    debtor(4)
    cut_list = create_cut_list(actor_id=None, name="Cortes", cut_rules=CutRules())
    with pytest.raises(DomainError) as err:
        plan_order_routes(actor_id=None, work_date=TODAY, cut_list_id=cut_list.id,
                          worker_ids=[factories.notifier().id])
    assert err.value.code == "WORKER_NOT_CUTTER"
    assert plan_order_routes(actor_id=None, work_date=TODAY, cut_list_id=cut_list.id,
                             worker_ids=[cutter().id])
