"""Agreements after activation: payments fill the parts in order, the daily job marks late
and breached agreements (reinstating waived accessories per policy), and a frozen debt
("congela tu adeudo") accrues no surcharges. Subscribed to the ledger's events."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from server.agreements import rules
from server.agreements.models import (GOOD_STANDING, AgreementPart, AgreementPolicy,
                                      PaymentAgreement)
from server.audit import service as audit
from server.common import events
from server.common.clock import local_today, utcnow
from server.common.money import ZERO, money
from server.db import hold, touch
from server.ledger.enums import ACCESSORY_CONCEPTS
from server.ledger.models import Charge
from server.registry.models import Account


def apply_payment(session, *, account, payment, **_) -> None:
    """A payment fills the parts of the account's agreement in good standing in order
    (down payment first); all paid → completed; a late one caught up → active."""
    agreement = session.execute(sa.select(PaymentAgreement).where(
        PaymentAgreement.account_id == account.id,
        PaymentAgreement.status.in_(GOOD_STANDING)).order_by(PaymentAgreement.activated_at)
        .with_for_update()).scalars().first()
    if agreement is None:
        return
    left = money(payment.amount)
    parts = session.execute(sa.select(AgreementPart).where(
        AgreementPart.agreement_id == agreement.id).order_by(AgreementPart.number)).scalars()
    unpaid_due = False
    for part in parts:
        if left > ZERO and part.paid < part.amount:
            take = min(left, part.amount - part.paid)
            part.paid += take
            left -= take
            if part.paid == part.amount:
                part.paid_on = payment.paid_on
        if part.paid < part.amount and part.due_date < local_today():
            unpaid_due = True
    remaining = session.execute(sa.select(sa.func.count()).select_from(AgreementPart).where(
        AgreementPart.agreement_id == agreement.id,
        AgreementPart.paid < AgreementPart.amount)).scalar()
    if remaining == 0:
        agreement.status, agreement.ended_at = "completed", utcnow()
    elif agreement.status == "late" and not unpaid_due:
        agreement.status = "active"


events.subscribe("payment.booked", apply_payment)


def frozen_accounts(session, *, period_end: date, **_) -> set:
    """Accounts whose agreement in good standing carries a "freeze" promotion and whose
    down payment is paid: their debt accrues no surcharges ("congela tu adeudo")."""
    down_paid = sa.select(AgreementPart.agreement_id).where(
        AgreementPart.number == 0, AgreementPart.paid >= AgreementPart.amount)
    out = set()
    for account_id, terms in session.execute(
            sa.select(PaymentAgreement.account_id, PaymentAgreement.terms).where(
                PaymentAgreement.status.in_(GOOD_STANDING),
                sa.or_(PaymentAgreement.down_payment == 0,
                       PaymentAgreement.id.in_(down_paid)))):
        if any(p.get("kind") == "freeze" for p in (terms or {}).get("applied_promotions") or []):
            out.add(account_id)
    return out


events.subscribe("surcharge.frozen_accounts", frozen_accounts)


def mark_due(session, as_of: date | None = None) -> dict:
    """The daily job: an agreement with a part unpaid past its due date is late; past the
    grace days of its policy, breached (waived accessories come back when the policy says
    so; the account returns to the collection process).

    Two plain statements rather than one join, so the plan cannot go wrong on a table
    whose statistics lag: the overdue parts per agreement (one aggregate), then those
    agreements in good standing, by id, in chunks.
    """
    as_of = as_of or local_today()
    overdue = dict(session.execute(
        sa.select(AgreementPart.agreement_id, sa.func.min(AgreementPart.due_date))
        .where(AgreementPart.paid < AgreementPart.amount, AgreementPart.due_date < as_of)
        .group_by(AgreementPart.agreement_id)).all())
    policies = {p.id: p.rules for p in session.execute(sa.select(AgreementPolicy)).scalars()}
    late, breached, checked = [], [], 0
    ids = list(overdue)
    for i in range(0, len(ids), 1000):
        rows = session.execute(
            sa.select(PaymentAgreement, Account.property_class)
            .join(Account, Account.id == PaymentAgreement.account_id)
            .where(PaymentAgreement.id.in_(ids[i:i + 1000]),
                   PaymentAgreement.status.in_(GOOD_STANDING))).all()
        for agreement, klass in rows:
            checked += 1
            due = overdue[agreement.id]
            due = due if isinstance(due, date) else date.fromisoformat(str(due)[:10])
            policy = policies[agreement.policy_version]
            grace = int(rules.class_terms(policy, klass)["grace_days"])
            if as_of > due + timedelta(days=grace):
                breached.append((agreement, policy))
            elif agreement.status != "late":
                late.append(agreement)
    for agreement in late:
        agreement.status = "late"
    accounts = {a.id: a for a in hold(session, session.execute(sa.select(Account).where(
        Account.id.in_([a.account_id for a, _ in breached]))).scalars())} if breached else {}
    for agreement, policy in breached:
        breach(session, agreement, policy, as_of, account=accounts.get(agreement.account_id))
    return {"late": len(late), "breached": len(breached), "checked": checked}


def breach(session, agreement: PaymentAgreement, policy: dict, as_of: date,
           account: Account | None = None) -> None:
    """End a broken agreement; reinstate what was waived when the policy says so."""
    agreement.status, agreement.ended_at = "breached", utcnow()
    reinstated = ZERO
    if policy.get("reinstate_waived_on_breach"):
        account = account or session.get(Account, agreement.account_id)
        for waiver in agreement.terms.get("waivers") or []:
            amount = money(waiver["amount"])
            if amount <= ZERO or waiver["concept"] not in ACCESSORY_CONCEPTS:
                continue
            session.add(Charge(account_id=agreement.account_id, period=as_of.replace(day=1),
                               service=waiver["service"], concept=waiver["concept"],
                               amount=amount, due_date=as_of, origin="reinstatement",
                               property_class=account.property_class,
                               description=f"Reinstalado por incumplimiento del convenio "
                                           f"{agreement.folio}"))
            reinstated += amount
        touch(session, account)
    audit.record(actor_id=None, entity_type="payment_agreement", entity_id=agreement.id,
                 action="breached", changes={"reinstated": reinstated, "as_of": as_of})
