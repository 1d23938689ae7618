"""A declared emergency protects social-discount beneficiaries (DOMAIN.md step 4): no order
for them when a cut list is made, and a cut reported anyway is flagged and alerted."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from server.common.settings import get_setting
from server.db import transaction
from server.disconnections.models import OrderAlert
from server.disconnections.mutations import execute_order_v1
from server.disconnections.rules import PROTECTION_LABELS, CutRules, protection_reasons
from server.disconnections.queries import select_cut_candidates
from server.disconnections.service import create_cut_list
from server.extensions import db
from tests.discounts.helpers import approved
from tests.disconnections.conftest import TODAY, debtor, execute_args, orders_of
from tests.disconnections.test_execution import stop_of

EMERGENCY = "/api/v1/discounts/emergency"


def beneficiary(acc, worker_id, **kw):
    return approved(acc, worker_id, starts_on=TODAY - timedelta(days=100),
                    ends_on=TODAY + timedelta(days=200), **kw)


def declare(client, headers, declared: bool):
    resp = client.put(EMERGENCY, headers=headers, json={"declared": declared})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_the_rule_names_the_protection():
    assert protection_reasons(property_class="domestic", vulnerable_household=False,
                              discount_beneficiary_in_emergency=True) == [
        "discount_beneficiary_in_emergency"]
    assert protection_reasons(property_class="domestic", vulnerable_household=False) == []
    assert "emergencia" in PROTECTION_LABELS["discount_beneficiary_in_emergency"]


def test_beneficiaries_get_no_order_while_an_emergency_is_declared(client, auth_headers,
                                                                   make_user):
    worker = make_user("social_worker").id
    protected, expired, other = debtor(4), debtor(4), debtor(4)
    beneficiary(protected, worker)
    approved(expired, worker, starts_on=TODAY - timedelta(days=400),
             ends_on=TODAY - timedelta(days=1))  # no longer a beneficiary
    db.session.flush()
    manager = auth_headers("manager")
    assert client.get(EMERGENCY, headers=auth_headers("director")).get_json()[
        "declared"] is False
    body = declare(client, manager, True)
    assert body["declared"] is True and body["updated_by"]
    assert get_setting("social_emergency_declared") is True
    chosen = {c.account_id for c in select_cut_candidates(CutRules())}
    assert protected.id not in chosen and {expired.id, other.id} <= chosen  # the preview too
    create_cut_list(actor_id=None, name="Durante la emergencia", cut_rules=CutRules())
    assert orders_of(protected.id) == []
    assert len(orders_of(expired.id)) == 1 and len(orders_of(other.id)) == 1
    # Lifted: the beneficiary is an ordinary debtor again.
    assert declare(client, manager, False)["declared"] is False
    create_cut_list(actor_id=None, name="Después de la emergencia", cut_rules=CutRules())
    assert len(orders_of(protected.id)) == 1


def test_only_the_manager_declares_it_and_a_body_is_needed(client, auth_headers):
    assert client.put(EMERGENCY, headers=auth_headers("clerk"),
                      json={"declared": True}).status_code == 403
    resp = client.put(EMERGENCY, headers=auth_headers("manager"), json={})
    assert resp.status_code == 422
    assert resp.get_json()["errors"]["declared"] == ["Campo obligatorio."]


def test_a_cut_of_a_beneficiary_during_the_emergency_is_flagged_at_execution(
        cut_day, ctx_for, pushes, client, auth_headers, make_user):
    home = cut_day["homes"][0]
    (order,) = orders_of(home.id)
    # Approved and the emergency declared after the list was made.
    beneficiary(home, make_user("social_worker").id)
    db.session.flush()
    declare(client, auth_headers("manager"), True)
    args = execute_args(order, stop_of(order).id)
    with transaction():
        result = execute_order_v1(ctx_for(cut_day["cutter"]), args)
    assert "PROTECTED_AT_EXECUTION" in result.flags
    (alert,) = db.session.execute(sa.select(OrderAlert).where(
        OrderAlert.order_id == order.id)).scalars().all()
    assert alert.kind == "PROTECTED_AT_EXECUTION"
    assert "beneficiario de descuento social durante la emergencia" in alert.message
    # Another home of the same list, not a beneficiary: cut without a flag.
    (other,) = orders_of(cut_day["homes"][1].id)
    with transaction():
        result = execute_order_v1(ctx_for(cut_day["cutter"]),
                                  execute_args(other, stop_of(other).id))
    assert "PROTECTED_AT_EXECUTION" not in result.flags
