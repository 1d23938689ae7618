"""PAE use cases: send debtors to the coercive collection procedure (with the mandate
number and the executing officer) and close a referral. Audited; an account has at most
one open referral."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from server.audit import service as audit
from server.common.clock import local_today, utcnow
from server.db import transaction
from server.errors import Conflict, DomainError, NotFound
from server.extensions import db
from server.ledger.queries import balances_for
from server.pae import errors  # noqa: F401  (registers the Spanish messages)
from server.pae.models import PaeReferral
from server.registry.models import Account

MAX_ACCOUNTS = 500


def send_to_pae(*, actor_id, account_ids: list[uuid.UUID], mandate_number: str,
                officer_name: str, sent_on: date | None = None) -> list[PaeReferral]:
    """Record each account as sent to PAE under `mandate_number`, assigned to
    `officer_name`, with its debt and age on `sent_on`. All or nothing: an unknown account,
    one with no debt, or one already sent and not closed refuses the whole request."""
    sent_on = sent_on or local_today()
    ids = list(dict.fromkeys(account_ids))  # the same account twice in a request is once
    if not ids or len(ids) > MAX_ACCOUNTS:
        raise DomainError("PAE_ACCOUNTS_COUNT", max=MAX_ACCOUNTS)
    if sent_on > local_today():
        raise DomainError("PAE_SENT_IN_FUTURE")
    with transaction():
        accounts = {a.id: a for a in db.session.execute(
            sa.select(Account).where(Account.id.in_(ids)).with_for_update(of=Account)
        ).scalars()}
        missing = [str(i) for i in ids if i not in accounts]
        if missing:
            raise NotFound("ACCOUNT_NOT_FOUND", account=", ".join(missing[:5]))
        already = db.session.execute(
            sa.select(Account.account_number, PaeReferral.mandate_number)
            .join(Account, Account.id == PaeReferral.account_id)
            .where(PaeReferral.account_id.in_(ids), PaeReferral.status == "open")
            .order_by(Account.account_number)).all()
        if already:
            raise Conflict("PAE_ALREADY_SENT", accounts=", ".join(
                f"{n} (mandamiento {m})" for n, m in already[:10]))
        debts = balances_for(ids, as_of=sent_on)
        no_debt = sorted(accounts[i].account_number for i in ids if debts[i]["balance"] <= 0)
        if no_debt:
            raise DomainError("PAE_NO_DEBT", accounts=", ".join(no_debt[:10]))
        out = []
        for i in ids:
            ref = PaeReferral(id=uuid.uuid4(), account_id=i, mandate_number=mandate_number,
                              officer_name=officer_name, sent_on=sent_on, status="open",
                              debt_amount=debts[i]["balance"],
                              months_past_due=debts[i]["months_past_due"],
                              created_by=actor_id)
            db.session.add(ref)
            audit.record(actor_id=actor_id, entity_type="account", entity_id=i,
                         action="pae_referral_sent", changes={
                             "referral_id": ref.id, "mandate_number": mandate_number,
                             "officer_name": officer_name, "sent_on": sent_on,
                             "debt_amount": ref.debt_amount})
            out.append(ref)
        db.session.flush()
    return out


def close_referral(*, actor_id, referral_id: uuid.UUID, reason: str,
                   closed_on: date | None = None) -> PaeReferral:
    """Close an open referral (paid, agreement, returned by the officer...) with a reason;
    the account may then be sent again."""
    with transaction():
        ref = db.session.execute(sa.select(PaeReferral).where(PaeReferral.id == referral_id)
                                 .with_for_update()).scalars().first()
        if ref is None:
            raise NotFound("PAE_REFERRAL_NOT_FOUND", referral=str(referral_id))
        if ref.status != "open":
            raise Conflict("PAE_REFERRAL_CLOSED", mandate=ref.mandate_number)
        ref.status, ref.closed_on = "closed", closed_on or local_today()
        ref.close_reason, ref.closed_by, ref.updated_at = reason, actor_id, utcnow()
        audit.record(actor_id=actor_id, entity_type="account", entity_id=ref.account_id,
                     action="pae_referral_closed", reason=reason, changes={
                         "referral_id": ref.id, "mandate_number": ref.mandate_number,
                         "status": ["open", "closed"]})
    return ref
