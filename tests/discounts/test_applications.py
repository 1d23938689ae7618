"""Social discounts through the sync engine and the office: an application captured at the
door (evidence pending until its documents arrive), the office's decision, the needs-info
round trip, the same CURP on two accounts shown, and the monthly posting as credits."""
from __future__ import annotations

import hashlib
from decimal import Decimal

import sqlalchemy as sa

from server.db import transaction
from server.attachments.models import Blob
from server.discounts.models import DiscountPosting
from server.discounts.service import post_discounts
from server.extensions import db
from server.ledger.models import Credit
from tests import factories
from tests.discounts.helpers import (API, TODAY, apply_args, program, social_worker_device,
                                     valid_curp)
from tests.sync.conftest import ops

_program, _curp, _args = program, valid_curp, apply_args


def _worker(app, client, make_user):
    return social_worker_device(app, client, make_user)


def test_an_application_from_the_door_waits_for_its_evidence_and_the_office(
        app, client, make_user, auth_headers):
    acc = factories.account()
    program = _program()
    d = _worker(app, client, make_user)
    args = _args(acc, program)
    resp = d.push([d.mutation("discount.apply", args)]).get_json()
    (result,) = resp["results"]
    assert result["status"] == "applied", result
    # The three document photos and the signature are still on the phone.
    assert len(resp["missing_blobs"]) == 4
    (row,) = [op["d"] for op in ops(d.pull(), "discount_application")]
    assert row["status"] == "submitted" and row["problems"] == []
    assert row["evidence_pending"] is True  # "evidencia pendiente" on the phone
    for doc in args["documents"]:
        body = doc["kind"].encode()
        db.session.add(Blob(sha256=hashlib.sha256(body).hexdigest(), size=len(body),
                            content_type="image/jpeg", uploaded_by=d.user_id))
    db.session.add(Blob(sha256="f" * 64, size=1, content_type="image/png",
                        uploaded_by=d.user_id))
    # A full pull (the phone's own blob queue already knows; this is the server's view).
    (row,) = [op["d"] for op in ops([d.pull_page(cookie=None)], "discount_application")]
    assert row["evidence_pending"] is False
    queue = client.get(f"{API}/applications?status=submitted",
                       headers=auth_headers("manager")).get_json()
    assert queue["total"] == 1 and queue["items"][0]["account_number"] == acc.account_number


def test_needs_info_goes_back_to_the_worker_and_a_new_application_answers_it(
        app, client, make_user, auth_headers):
    acc = factories.account()
    program = _program()
    d = _worker(app, client, make_user)
    args = _args(acc, program, docs=("id",))
    (result,) = d.push([d.mutation("discount.apply", args)]).get_json()["results"]
    assert result["status"] == "flagged" and result["flags"] == ["ELIGIBILITY_PROBLEMS"]
    d.pull()
    manager = auth_headers("manager")
    resp = client.post(f"{API}/applications/{args['id']}/decide", headers=manager,
                       json={"decision": "needs_info", "note": "Falta el comprobante de pensión"})
    assert resp.status_code == 200 and resp.get_json()["status"] == "needs_info"
    (row,) = [op["d"] for op in ops(d.pull(), "discount_application")]
    assert row["status"] == "needs_info" and "pensión" in row["decision_note"]
    answer = _args(acc, program, curp=args["curp"], renewal_of=None,
                   answers_request=args["id"])
    (result,) = d.push([d.mutation("discount.apply", answer)], acked_seq=1).get_json()["results"]
    assert result["status"] == "applied"
    assert client.post(f"{API}/applications/{args['id']}/decide", headers=manager,
                       json={"decision": "reject"}).status_code == 422  # a reason is needed


def test_the_same_curp_on_another_account_is_shown_not_silently_accepted(
        app, client, make_user, auth_headers):
    program = _program()
    first, second = factories.account(), factories.account()
    d = _worker(app, client, make_user)
    curp = _curp()
    d.push([d.mutation("discount.apply", _args(first, program, curp=curp))])
    args = _args(second, program, curp=curp)
    (result,) = d.push([d.mutation("discount.apply", args)], acked_seq=1).get_json()["results"]
    assert result["flags"] == ["ELIGIBILITY_PROBLEMS"]
    detail = client.get(f"{API}/applications/{args['id']}",
                        headers=auth_headers("clerk")).get_json()
    assert "CURP_IN_USE" in detail["problems"]
    assert detail["other_accounts_with_curp"] == [first.account_number]


def test_an_approved_discount_is_credited_on_the_water_charge_once(
        app, client, make_user, auth_headers):
    acc = factories.account()
    program = _program()
    d = _worker(app, client, make_user)
    args = _args(acc, program)
    d.push([d.mutation("discount.apply", args)])
    resp = client.post(f"{API}/applications/{args['id']}/decide",
                       headers=auth_headers("manager"), json={"decision": "approve"})
    body = resp.get_json()
    assert body["status"] == "approved" and body["starts_on"] == TODAY.isoformat()
    period = TODAY.replace(day=1)
    (water, *_rest) = factories.bill(acc, period, water="150.00")
    water.consumption_m3 = 30  # 20 m³ of 30 are discounted, at 50 %
    db.session.flush()
    with transaction() as session:
        first = post_discounts(session, period=period)
    assert first["posted"] == 1 and Decimal(first["total"]) == Decimal("50.00")
    with transaction() as session:
        again = post_discounts(session, period=period)
    assert again["posted"] == 0
    credit = db.session.execute(sa.select(Credit).where(Credit.account_id == acc.id)
                                ).scalars().one()
    assert credit.kind == "discount" and credit.amount == Decimal("50.00")
    db.session.refresh(water)
    assert water.allocated == Decimal("50.00")
    assert db.session.execute(sa.select(sa.func.count()).select_from(DiscountPosting)
                              ).scalar() == 1


def test_the_monthly_posting_command(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["cartera", "discounts-post", "--period", "2026-10"])
    assert ok.exit_code == 0 and "Descuentos de 2026-10" in ok.output
    bad = runner.invoke(args=["cartera", "discounts-post", "--period", "octubre"])
    assert bad.exit_code != 0 and "AAAA-MM" in bad.output
