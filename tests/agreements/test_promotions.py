"""Promotions: created by the manager with their act, offered to the accounts that
qualify, applied in quotes and agreements (booked as discounts), refused for review when
the account does not qualify, and held by every field device."""
from __future__ import annotations

import uuid
from decimal import Decimal

import sqlalchemy as sa

from server.agreements import rules
from server.extensions import db
from server.ledger.models import Credit
from tests.agreements.conftest import TODAY, debtor_with_surcharges, signed_args
from tests.sync.conftest import Device, ops

PROMOS = "/api/v1/campaigns/promotions"


def _promotion(client, headers, **overrides) -> dict:
    body = {"name": "Buen Fin del Agua", "kind": "pct_off_accessories", "pct": "100",
            "approving_act": "Acta JG-2026-11, acuerdo 4",
            "eligibility": {"property_classes": ["domestic"], "min_months_past_due": 1}}
    body.update(overrides)
    resp = client.post(PROMOS, headers=headers, json=body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_the_quote_offers_and_applies_the_promotions_the_account_qualifies_for(
        client, auth_headers):
    manager = auth_headers("manager")
    promo = _promotion(client, manager)
    _promotion(client, manager, name="Solo comercios",
               eligibility={"property_classes": ["commercial"]})
    acc = debtor_with_surcharges(months=6)
    body = client.get(f"/api/v1/agreements/quote/{acc.account_number}",
                      headers=auth_headers("clerk")).get_json()
    assert [p["id"] for p in body["offered"]] == [promo["id"]]
    assert Decimal(body["discount_total"]) == Decimal("180.00")  # six surcharges of 30.00
    assert body["promotions"] == [promo["id"]]


def test_an_agreement_with_a_promotion_books_the_discount_as_credits(
        client, auth_headers, policy):
    promo = _promotion(client, auth_headers("manager"))
    acc = debtor_with_surcharges(months=6)
    plain = signed_args(acc, policy_version=policy.version)
    quote = rules.payoff_quote(plain["snapshot"]["lines"],
                               [{**_payload(promo)}], TODAY)
    args = signed_args(acc, policy_version=policy.version, agreed=quote["total"],
                       promotions=[promo["id"]])
    body = client.post("/api/v1/agreements", headers=auth_headers("clerk"), json=args).get_json()
    assert body["status"] == "active", body
    credits = db.session.execute(sa.select(Credit.kind, Credit.amount).where(
        Credit.account_id == acc.id)).all()
    assert credits == [("discount", Decimal("180.00"))]


def test_a_promotion_the_account_does_not_qualify_for_is_kept_for_review(
        client, auth_headers, policy):
    promo = _promotion(client, auth_headers("manager"),
                       eligibility={"property_classes": ["commercial"]})
    acc = debtor_with_surcharges(months=6)
    quote = rules.payoff_quote(
        signed_args(acc, policy_version=policy.version)["snapshot"]["lines"],
        [_payload(promo)], TODAY)
    args = signed_args(acc, policy_version=policy.version, agreed=quote["total"],
                       promotions=[promo["id"]])
    body = client.post("/api/v1/agreements", headers=auth_headers("clerk"), json=args).get_json()
    assert body["status"] == "pending_review"
    assert "PROMOTION_NOT_ELIGIBLE" in body["flags"]
    assert "CLASS_NOT_ELIGIBLE" in [p["code"] for p in body["terms"]["problems"]]
    unknown = signed_args(acc, policy_version=policy.version, promotions=[str(uuid.uuid4())])
    flagged = client.post("/api/v1/agreements", headers=auth_headers("clerk"),
                          json=unknown).get_json()
    assert "PROMOTION_UNKNOWN" in flagged["flags"]


def test_every_field_device_holds_the_promotions_and_the_policy(
        app, client, make_user, auth_headers, policy):
    promo = _promotion(client, auth_headers("manager"))
    d = Device(client, app, make_user("notifier").id)
    assert d.register().status_code == 200
    pages = d.pull()
    (held,) = [op["d"] for op in ops(pages, "promotion")]
    assert held["id"] == promo["id"] and held["pct"] == "100.00"
    policies = [op["d"] for op in ops(pages, "agreement_policy")]
    assert policies == [{"version": policy.version, "rules": policy.rules}]
    resp = client.post(f"{PROMOS}/{promo['id']}/deactivate", headers=auth_headers("manager"))
    assert resp.status_code == 200 and resp.get_json()["active"] is False
    (changed,) = [op["d"] for op in ops(d.pull(), "promotion")]
    assert changed["active"] is False


def test_promotion_bad_input_and_roles(client, auth_headers):
    manager = auth_headers("manager")
    for body in ({"name": "X", "kind": "pct_off_accessories", "pct": "10"},  # no act
                 {"name": "Sin porcentaje", "kind": "pct_off_principal", "pct": "0",
                  "approving_act": "Acta 1"},
                 {"name": "Fechas", "kind": "freeze", "approving_act": "Acta 1",
                  "valid_from": "2026-12-31", "valid_until": "2026-12-01"},
                 {"name": "Demasiado", "kind": "pct_off_principal", "pct": "150",
                  "approving_act": "Acta 1"}):
        resp = client.post(PROMOS, headers=manager, json=body)
        assert resp.status_code == 422 and resp.get_json()["message"], body
    assert client.post(PROMOS, headers=auth_headers("clerk"), json={
        "name": "Buen Fin", "kind": "freeze", "approving_act": "Acta 1"}).status_code == 403


def _payload(promo: dict) -> dict:
    return {k: promo[k] for k in ("id", "name", "kind", "pct", "concepts", "valid_from",
                                  "valid_until", "active", "eligibility", "approving_act")}



def test_congela_tu_adeudo_stops_surcharges_once_the_down_payment_is_paid(
        client, auth_headers, policy):
    from server.common.clock import add_months
    from server.ledger.models import Charge
    from server.ledger.service import record_payment
    from server.ledger.surcharges import post_surcharges

    promo = _promotion(client, auth_headers("manager"), name="Congela tu adeudo",
                       kind="freeze", pct="0")
    from tests import factories

    # Debtors without earlier surcharge runs: the job posts last month's for both.
    frozen, other = (factories.overdue_account(6, as_of=TODAY),
                     factories.overdue_account(6, as_of=TODAY))
    args = signed_args(frozen, policy_version=policy.version, promotions=[promo["id"]])
    body = client.post("/api/v1/agreements", headers=auth_headers("clerk"), json=args).get_json()
    assert body["status"] == "active", body
    record_payment(actor_id=None, account_ref=frozen.id, amount=Decimal(args["down_payment"]))
    period = add_months(TODAY.replace(day=1), -1)
    post_surcharges(f"{period:%Y-%m}")
    posted = dict(db.session.execute(sa.select(Charge.account_id, sa.func.count()).where(
        Charge.origin == "surcharge_job", Charge.period == period,
        Charge.account_id.in_([frozen.id, other.id])).group_by(Charge.account_id)).all())
    assert frozen.id not in posted and posted.get(other.id, 0) > 0
