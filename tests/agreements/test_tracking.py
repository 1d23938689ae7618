"""Late, breached and reinstated: the daily job across a month boundary and the grace
period; an agreement in good standing keeps the account off cut lists and campaigns, a
breached one puts it back."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from server.agreements.models import AgreementPart, PaymentAgreement
from server.agreements.tracking import mark_due
from server.db import transaction
from server.extensions import db
from server.ledger.models import Charge
from tests.agreements.conftest import TODAY, debtor_with_surcharges, signed_args

API = "/api/v1/agreements"


def _signed(client, auth_headers, policy, **kw):
    acc = debtor_with_surcharges()
    args = signed_args(acc, policy_version=policy.version, **kw)
    body = client.post(API, headers=auth_headers("manager"), json=args).get_json()
    assert body["status"] == "active", body
    return acc, db.session.get(PaymentAgreement, uuid.UUID(body["id"]))


def _run(as_of: date) -> dict:
    with transaction() as session:
        return mark_due(session, as_of)


def _set_due(agreement, number: int, due: date) -> None:
    """Move the schedule so part `number` falls due on `due` and the next ones monthly
    after it (month-end safe), as if the agreement had been signed earlier."""
    from server.common.clock import add_months

    parts = db.session.execute(sa.select(AgreementPart).where(
        AgreementPart.agreement_id == agreement.id).order_by(AgreementPart.number)).scalars()
    for part in parts:
        part.due_date = add_months(due, part.number - number)
    db.session.flush()


def test_late_within_grace_then_breached_across_a_month_boundary(client, auth_headers, policy):
    acc, agreement = _signed(client, auth_headers, policy, waivers=[
        {"service": "water", "concept": "surcharge", "amount": "60.00", "reason": "Promoción"}])
    # The down payment falls due on January 31 (the installments Feb 28, Mar 31...); the
    # domestic grace is 10 days.
    _set_due(agreement, 0, date(2027, 1, 31))
    assert _run(date(2027, 1, 31)) == {"late": 0, "breached": 0, "checked": 0}
    assert _run(date(2027, 2, 1))["late"] == 1
    db.session.refresh(agreement)
    assert agreement.status == "late"
    assert _run(date(2027, 2, 10))["breached"] == 0  # day 10 of grace: still late
    result = _run(date(2027, 2, 11))
    assert result["breached"] == 1
    db.session.refresh(agreement)
    assert agreement.status == "breached" and agreement.ended_at is not None
    reinstated = db.session.execute(sa.select(Charge).where(
        Charge.account_id == acc.id, Charge.origin == "reinstatement")).scalars().all()
    assert [(c.concept, c.amount) for c in reinstated] == [("surcharge", Decimal("60.00"))]
    assert _run(date(2027, 2, 12))["breached"] == 0  # once


def test_a_late_agreement_paid_up_is_active_again(client, auth_headers, policy):
    from server.ledger.service import record_payment

    acc, agreement = _signed(client, auth_headers, policy)
    _set_due(agreement, 0, TODAY - timedelta(days=2))
    _run(TODAY)
    db.session.refresh(agreement)
    assert agreement.status == "late"
    record_payment(actor_id=None, account_ref=acc.id, amount=agreement.down_payment)
    db.session.refresh(agreement)
    assert agreement.status == "active"


def test_good_standing_keeps_the_account_off_cut_lists_and_a_breach_puts_it_back(
        client, auth_headers, policy):
    from server.campaigns import queries as campaigns
    from server.campaigns.rules import SelectionRules
    from server.disconnections import queries as cuts
    from server.disconnections.rules import CutRules

    acc, agreement = _signed(client, auth_headers, policy)
    cut = CutRules(min_months_past_due=1, formal_notice_min_days=None)
    city = SelectionRules(min_months_past_due=1)
    ids = lambda found: {c.account_id for c in found}  # noqa: E731
    assert acc.id not in ids(cuts.select_cut_candidates(cut))
    assert acc.id not in ids(campaigns.select_candidates(city))
    _set_due(agreement, 0, TODAY - timedelta(days=30))
    _run(TODAY)
    db.session.refresh(agreement)
    assert agreement.status == "breached"
    assert acc.id in ids(cuts.select_cut_candidates(cut))
    # A breached agreement stands for the requerimiento when the list asks for it.
    strict = CutRules(min_months_past_due=1)
    assert acc.id not in ids(cuts.select_cut_candidates(strict))
    assert acc.id in ids(cuts.select_cut_candidates(
        CutRules(min_months_past_due=1, include_breached_agreements=True)))


def test_the_daily_job_command(app, client, auth_headers, policy):
    _signed(client, auth_headers, policy)
    result = app.test_cli_runner().invoke(args=["cartera", "agreements-mark-due",
                                                "--as-of", "2099-01-01"])
    assert result.exit_code == 0 and "incumplidos: 1" in result.output
    bad = app.test_cli_runner().invoke(args=["cartera", "agreements-mark-due", "--as-of",
                                             "mañana"])
    assert bad.exit_code != 0 and "AAAA-MM-DD" in bad.output


def test_restructuring_a_breached_agreement_keeps_the_chain(client, auth_headers, policy):
    acc, old = _signed(client, auth_headers, policy)
    _set_due(old, 0, TODAY - timedelta(days=40))
    _run(TODAY)
    db.session.refresh(old)
    assert old.status == "breached"
    args = signed_args(acc, policy_version=policy.version, installments=12)
    resp = client.post(f"{API}/{old.id}/restructure", headers=auth_headers("manager"),
                       json=args)
    assert resp.status_code == 201, resp.get_json()
    new = resp.get_json()
    assert new["status"] == "active" and new["replaces_id"] == str(old.id)
    assert new["flags"] == []  # the replaced agreement is not a duplicate
    db.session.refresh(old)
    assert old.status == "restructured"
    detail = client.get(f"{API}/{old.id}", headers=auth_headers("clerk")).get_json()
    assert detail["replaced_by"] == {"id": new["id"], "folio": new["folio"],
                                     "status": "active"}
    again = client.post(f"{API}/{old.id}/restructure", headers=auth_headers("manager"),
                        json=signed_args(acc, policy_version=policy.version))
    assert again.status_code == 409 and again.get_json()["message"]


def test_the_scanned_copy_signed_with_a_pen_is_attached(client, auth_headers, policy):
    import hashlib

    from server.attachments.models import Blob

    acc, agreement = _signed(client, auth_headers, policy)
    headers = auth_headers("clerk")
    missing = client.post(f"{API}/{agreement.id}/scanned-copy", headers=headers,
                          json={"sha256": "e" * 64})
    assert missing.status_code == 422 and "súbalo" in missing.get_json()["message"]
    pdf = b"%PDF-1.4 convenio firmado"
    sha = hashlib.sha256(pdf).hexdigest()
    db.session.add(Blob(sha256=sha, size=len(pdf), content_type="application/pdf"))
    db.session.flush()
    body = client.post(f"{API}/{agreement.id}/scanned-copy", headers=headers,
                       json={"sha256": sha}).get_json()
    assert body["scanned_copy"] == sha
