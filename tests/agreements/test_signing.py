"""Signing agreements at the counter and from a phone: activation, waivers and their role
limits, a debt that changed on the way, two agreements for one account, replays, the
document and its verification code."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.agreements.models import AgreementPart, PaymentAgreement
from server.agreements.service import debt_lines
from server.extensions import db
from server.ledger.models import Credit
from server.ledger.queries import account_balance
from server.ledger.service import record_payment
from tests.agreements.conftest import debtor_with_surcharges, pdf_metadata_has, signed_args
from tests.sync.conftest import Device

API = "/api/v1/agreements"


def agreement(agreement_id) -> PaymentAgreement:
    row = db.session.get(PaymentAgreement, uuid.UUID(str(agreement_id)))
    db.session.refresh(row)
    return row


def field_device(app, client, make_user):
    user = make_user("notifier")
    d = Device(client, app, user.id, roles=["notifier"])
    assert d.register().status_code == 200
    return d


def test_an_agreement_within_policy_is_active_at_once_with_its_schedule(
        client, auth_headers, policy, pushes):
    acc = debtor_with_surcharges()
    args = signed_args(acc, policy_version=policy.version)
    resp = client.post(API, headers=auth_headers("clerk"), json=args)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "active" and body["flags"] == []
    assert body["folio"].startswith("CV-") and body["policy_version"] == policy.version
    parts = body["parts"]
    assert len(parts) == 7 and parts[0]["kind"] == "down_payment"
    assert sum(Decimal(p["amount"]) for p in parts) == Decimal(args["agreed_debt"])
    assert body["verification_code"].count("-") == 2
    assert body["verification_code"].replace("-", "").lower() == args["terms_hash"][:12]


def test_a_manual_waiver_within_the_clerks_limit_is_booked_as_a_credit(
        client, auth_headers, policy):
    acc = debtor_with_surcharges()
    before = account_balance(acc.id)["balance"]
    args = signed_args(acc, policy_version=policy.version, waivers=[
        {"service": "water", "concept": "surcharge", "amount": "90.00",
         "reason": "Promoción de fin de año"}])
    body = client.post(API, headers=auth_headers("clerk"), json=args).get_json()
    assert body["status"] == "active" and Decimal(body["waived_total"]) == Decimal("90.00")
    credits = db.session.execute(sa.select(Credit).where(Credit.account_id == acc.id)
                                 ).scalars().all()
    assert [(c.kind, c.amount) for c in credits] == [("waiver", Decimal("90.00"))]
    assert account_balance(acc.id)["balance"] == before - Decimal("90.00")


@pytest.mark.parametrize("role, waiver, code", [
    ("clerk", "2500.00", "WAIVER_OVER_LIMIT"),   # the clerk's limit is 2,000.00
    ("clerk", None, "CONCEPT_NOT_WAIVABLE"),     # principal is never waived
])
def test_role_limits_on_waivers_hold_on_the_server_even_bypassing_the_app(
        client, auth_headers, policy, role, waiver, code):
    acc = debtor_with_surcharges(months=24)
    line = ({"service": "water", "concept": "surcharge", "amount": waiver} if waiver else
            {"service": "water", "concept": "fixed", "amount": "50.00", "reason": "x"})
    args = signed_args(acc, policy_version=policy.version, waivers=[line])
    body = client.post(API, headers=auth_headers(role), json=args).get_json()
    assert body["status"] == "pending_review" and "OUT_OF_POLICY" in body["flags"]
    assert code in [p["code"] for p in body["terms"]["problems"]]
    # Nothing was waived: an out-of-policy waiver waits for the manager.
    assert db.session.execute(sa.select(sa.func.count()).select_from(Credit).where(
        Credit.account_id == acc.id)).scalar() == 0


def test_a_notifier_may_not_waive_by_hand_from_the_phone(app, client, make_user, policy):
    acc = debtor_with_surcharges()
    d = field_device(app, client, make_user)
    args = signed_args(acc, policy_version=policy.version, waivers=[
        {"service": "water", "concept": "surcharge", "amount": "30.00", "reason": "x"}])
    (result,) = d.push([d.mutation("agreement.sign", args)]).get_json()["results"]
    assert result["status"] == "flagged" and "OUT_OF_POLICY" in result["flags"]
    row = agreement(args["id"])
    assert row.status == "pending_review"
    assert "WAIVER_NOT_ALLOWED" in [p["code"] for p in row.terms["problems"]]


def test_signed_offline_while_a_payment_was_posted_is_kept_for_review_with_both_figures(
        app, client, make_user, auth_headers, policy, pushes):
    acc = debtor_with_surcharges()
    d = field_device(app, client, make_user)
    args = signed_args(acc, policy_version=policy.version)  # quoted at the door, offline
    record_payment(actor_id=None, account_ref=acc.id, amount=Decimal("100.00"))
    (result,) = d.push([d.mutation("agreement.sign", args)]).get_json()["results"]
    assert result["status"] == "flagged" and result["flags"] == ["DEBT_CHANGED"]
    row = agreement(args["id"])
    assert row.status == "pending_review"
    assert row.debt_snapshot - row.debt_at_arrival == Decimal("100.00")
    resp = client.post(f"{API}/{row.id}/review", headers=auth_headers("manager"),
                       json={"decision": "approve", "note": "El pago se descuenta del enganche"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "active"
    again = client.post(f"{API}/{row.id}/review", headers=auth_headers("manager"),
                        json={"decision": "annul", "note": "tarde"})
    assert again.status_code == 409 and again.get_json()["message"]


def test_two_agreements_signed_offline_for_one_account_are_both_kept_and_orders_cancel_once(
        app, client, make_user, policy, pushes):
    from tests.disconnections.conftest import cutter
    from server.disconnections.rules import CutRules
    from server.disconnections.service import create_cut_list, plan_order_routes
    from tests.disconnections.conftest import served_formal, TODAY

    acc = debtor_with_surcharges()
    served_formal(acc)
    create_cut_list(actor_id=None, name="Cortes", cut_rules=CutRules())
    plan_order_routes(actor_id=None, work_date=TODAY, worker_ids=[cutter().id],
                      actions=("restrict",))
    one, two = field_device(app, client, make_user), field_device(app, client, make_user)
    first = signed_args(acc, policy_version=policy.version)
    second = signed_args(acc, policy_version=policy.version, installments=3)
    r1 = one.push([one.mutation("agreement.sign", first)]).get_json()["results"][0]
    r2 = two.push([two.mutation("agreement.sign", second)]).get_json()["results"][0]
    assert r1["status"] == "applied" and agreement(first["id"]).status == "active"
    assert r2["status"] == "flagged" and "DUPLICATE_AGREEMENT" in r2["flags"]
    assert agreement(second["id"]).status == "pending_review"
    assert [p["t"] for p in pushes] == ["disconnection.cancelled"]  # cancelled once


def test_a_replayed_sign_is_a_duplicate_and_other_terms_under_its_id_are_refused(
        app, client, make_user, policy):
    acc = debtor_with_surcharges()
    d = field_device(app, client, make_user)
    args = signed_args(acc, policy_version=policy.version)
    m = d.mutation("agreement.sign", args)
    assert d.push([m]).get_json()["results"][0]["status"] == "applied"
    assert d.push([m]).get_json()["results"][0]["status"] == "duplicate"
    other = d.mutation("agreement.sign", {**args, "installments": 3})
    (result,) = d.push([other], acked_seq=1).get_json()["results"]
    assert result["status"] == "rejected" and result["code"] == "ID_REUSED"


def test_terms_that_do_not_match_their_hash_are_flagged(client, auth_headers, policy):
    acc = debtor_with_surcharges()
    args = signed_args(acc, policy_version=policy.version)
    args["customer"] = {**args["customer"], "name": "Otra Persona"}  # changed after signing
    body = client.post(API, headers=auth_headers("manager"), json=args).get_json()
    assert body["status"] == "pending_review" and "HASH_MISMATCH" in body["flags"]


def test_bad_input_gets_spanish_errors(client, auth_headers, policy):
    acc = debtor_with_surcharges()
    headers = auth_headers("clerk")
    good = signed_args(acc, policy_version=policy.version)
    for broken in ({**good, "installments": "seis"}, {**good, "signed_at": "ayer"},
                   {**good, "terms_hash": "xyz"}, {k: v for k, v in good.items() if k != "schedule"},
                   {**good, "account_id": str(uuid.uuid4())}):
        resp = client.post(API, headers=headers, json=broken)
        assert 400 <= resp.status_code < 500 and resp.get_json()["message"], broken
    assert client.post(API, headers=auth_headers("notifier"), json=good).status_code == 403


def test_the_document_prints_and_its_code_leads_back_to_it(client, auth_headers, policy):
    acc = debtor_with_surcharges()
    args = signed_args(acc, policy_version=policy.version)
    body = client.post(API, headers=auth_headers("clerk"), json=args).get_json()
    pdf = client.get(f"{API}/{body['id']}/document.pdf", headers=auth_headers("director"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The code is in the document's metadata too, where any PDF reader (and a test) sees it.
    assert pdf_metadata_has(pdf.data, body["verification_code"])
    found = client.get(f"{API}/verify/{body['verification_code']}",
                       headers=auth_headers("clerk")).get_json()
    assert found["folio"] == body["folio"]
    assert client.get(f"{API}/verify/0000-0000-0000",
                      headers=auth_headers("clerk")).status_code == 404


def test_the_quote_is_the_debt_by_service_and_concept(client, auth_headers):
    acc = debtor_with_surcharges()
    body = client.get(f"{API}/quote/{acc.account_number}", headers=auth_headers("clerk")
                      ).get_json()
    assert Decimal(body["total"]) == account_balance(acc.id)["balance"]
    assert {(ln["service"], ln["concept"]) for ln in body["lines"]} == {
        (ln["service"], ln["concept"]) for ln in debt_lines(db.session, acc.id)}


def test_payments_fill_the_parts_in_order_until_completed(client, auth_headers, policy):
    acc = debtor_with_surcharges()
    args = signed_args(acc, policy_version=policy.version, installments=2)
    body = client.post(API, headers=auth_headers("clerk"), json=args).get_json()
    parts = body["parts"]
    record_payment(actor_id=None, account_ref=acc.id,
                   amount=Decimal(parts[0]["amount"]) + Decimal("1.00"))
    rows = db.session.execute(sa.select(AgreementPart).where(
        AgreementPart.agreement_id == uuid.UUID(body["id"])).order_by(AgreementPart.number)
    ).scalars().all()
    assert rows[0].paid == rows[0].amount and rows[0].paid_on is not None
    assert rows[1].paid == Decimal("1.00") and rows[2].paid == 0
    rest = sum((r.amount - r.paid for r in rows), Decimal("0"))
    record_payment(actor_id=None, account_ref=acc.id, amount=rest)
    assert agreement(body["id"]).status == "completed"


def test_the_signer_downloads_her_agreement_from_the_field_and_nobody_else(
        app, client, make_user, policy):
    from tests.sync.conftest import token_for

    acc = debtor_with_surcharges()
    d = field_device(app, client, make_user)
    args = signed_args(acc, policy_version=policy.version)
    d.push([d.mutation("agreement.sign", args)])
    url = f"{API}/{args['id']}/document.pdf"
    mine = client.get(url, headers=d.headers)
    assert mine.status_code == 200 and mine.data.startswith(b"%PDF")
    other = make_user("notifier")
    theirs = client.get(url, headers={
        "Authorization": f"Bearer {token_for(app, other.id, ['notifier'])}"})
    assert theirs.status_code == 404


def test_a_parked_agreement_is_adjusted_by_a_restructuring(
        app, client, make_user, auth_headers, policy):
    acc = debtor_with_surcharges()
    d = field_device(app, client, make_user)
    args = signed_args(acc, policy_version=policy.version)
    record_payment(actor_id=None, account_ref=acc.id, amount=Decimal("100.00"))
    d.push([d.mutation("agreement.sign", args)])
    assert agreement(args["id"]).status == "pending_review"
    fresh = signed_args(acc, policy_version=policy.version)  # from the debt as it is now
    resp = client.post(f"{API}/{args['id']}/restructure", headers=auth_headers("manager"),
                       json=fresh)
    assert resp.status_code == 201 and resp.get_json()["status"] == "active"
    assert agreement(args["id"]).status == "restructured"
