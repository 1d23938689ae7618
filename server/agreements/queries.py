"""Read side of agreements: the manager's list and figures, one agreement with its parts."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from server.agreements.models import (GOOD_STANDING, STATUSES, AgreementPart,
                                      PaymentAgreement)
from server.common.clock import local_today
from server.common.money import ZERO
from server.errors import NotFound
from server.extensions import db
from server.registry.models import Account, Customer


def get_agreement(agreement_id: uuid.UUID) -> PaymentAgreement:
    agreement = db.session.get(PaymentAgreement, agreement_id)
    if agreement is None:
        raise NotFound("AGREEMENT_NOT_FOUND", agreement=str(agreement_id))
    return agreement


def _paid_by_agreement(ids) -> dict:
    if not ids:
        return {}
    return dict(db.session.execute(
        sa.select(AgreementPart.agreement_id, sa.func.sum(AgreementPart.paid))
        .where(AgreementPart.agreement_id.in_(list(ids)))
        .group_by(AgreementPart.agreement_id)).all())


def _next_due(ids) -> dict:
    if not ids:
        return {}
    return dict(db.session.execute(
        sa.select(AgreementPart.agreement_id, sa.func.min(AgreementPart.due_date))
        .where(AgreementPart.agreement_id.in_(list(ids)),
               AgreementPart.paid < AgreementPart.amount)
        .group_by(AgreementPart.agreement_id)).all())


def agreement_row(a: PaymentAgreement, number: str, holder: str, paid, next_due) -> dict:
    return {"id": a.id, "folio": a.folio, "status": a.status, "account_id": a.account_id,
            "account_number": number, "holder_name": holder, "agreed_debt": a.agreed_debt,
            "down_payment": a.down_payment, "installments": a.installments,
            "waived_total": a.waived_total, "paid": paid or ZERO, "next_due": next_due,
            "signed_at": a.signed_at, "origin": a.origin, "flags": list(a.flags or []),
            "policy_version": a.policy_version}


def list_agreements(*, status: str | None, page: int, page_size: int):
    filters = [PaymentAgreement.status == status] if status else []
    total = db.session.execute(sa.select(sa.func.count()).select_from(PaymentAgreement)
                               .where(*filters)).scalar()
    rows = db.session.execute(
        sa.select(PaymentAgreement, Account.account_number, Customer.name)
        .join(Account, Account.id == PaymentAgreement.account_id)
        .join(Customer, Customer.id == Account.customer_id)
        .where(*filters).order_by(PaymentAgreement.signed_at.desc(), PaymentAgreement.folio)
        .limit(page_size).offset((page - 1) * page_size)).all()
    ids = [a.id for a, _, _ in rows]
    paid, due = _paid_by_agreement(ids), _next_due(ids)
    return [agreement_row(a, n, h, paid.get(a.id), due.get(a.id)) for a, n, h in rows], total


def summary(as_of: date | None = None, days: int = 7) -> dict:
    """By status; compliance (in good standing or completed, of those that got going);
    money recovered through agreements; what falls due in the next `days` days."""
    as_of = as_of or local_today()
    by_status = dict.fromkeys(STATUSES, 0)
    by_status.update(dict(db.session.execute(sa.select(PaymentAgreement.status,
                                                       sa.func.count())
                                             .group_by(PaymentAgreement.status)).all()))
    started = sum(by_status[s] for s in ("active", "late", "breached", "completed",
                                         "restructured"))
    kept = by_status["active"] + by_status["late"] + by_status["completed"]
    recovered = db.session.execute(sa.select(sa.func.coalesce(sa.func.sum(AgreementPart.paid),
                                                              0))).scalar()
    upcoming = db.session.execute(
        sa.select(PaymentAgreement.folio, Account.account_number, AgreementPart.number,
                  AgreementPart.amount - AgreementPart.paid, AgreementPart.due_date)
        .join(PaymentAgreement, PaymentAgreement.id == AgreementPart.agreement_id)
        .join(Account, Account.id == PaymentAgreement.account_id)
        .where(PaymentAgreement.status.in_(GOOD_STANDING),
               AgreementPart.paid < AgreementPart.amount,
               AgreementPart.due_date >= as_of,
               AgreementPart.due_date <= as_of + timedelta(days=days))
        .order_by(AgreementPart.due_date, PaymentAgreement.folio).limit(200)).all()
    return {"as_of": as_of, "by_status": by_status,
            "compliance_rate": round(kept / started, 4) if started else None,
            "recovered": recovered,
            "upcoming": [{"folio": f, "account_number": n, "number": k, "amount": amt,
                          "due_date": d} for f, n, k, amt, d in upcoming]}


def detail(agreement: PaymentAgreement) -> dict:
    account = db.session.get(Account, agreement.account_id)
    parts = db.session.execute(sa.select(AgreementPart).where(
        AgreementPart.agreement_id == agreement.id).order_by(AgreementPart.number)).scalars()
    paid = _paid_by_agreement([agreement.id]).get(agreement.id)
    out = agreement_row(agreement, account.account_number, account.customer.name, paid,
                        _next_due([agreement.id]).get(agreement.id))
    out.update({"terms": agreement.terms, "terms_hash": agreement.terms_hash,
                "debt_snapshot": agreement.debt_snapshot,
                "debt_at_arrival": agreement.debt_at_arrival,
                "review_note": agreement.review_note, "replaces_id": agreement.replaces_id,
                "scanned_copy": agreement.scanned_copy,
                "replaced_by": _replaced_by(agreement.id),
                "parts": [{"number": p.number, "kind": p.kind, "amount": p.amount,
                           "due_date": p.due_date, "paid": p.paid, "paid_on": p.paid_on}
                          for p in parts]})
    return out


def _replaced_by(agreement_id) -> dict | None:
    """The newest agreement restructuring this one (the link is kept on the new one)."""
    row = db.session.execute(sa.select(PaymentAgreement.id, PaymentAgreement.folio,
                                       PaymentAgreement.status).where(
        PaymentAgreement.replaces_id == agreement_id).order_by(
        PaymentAgreement.signed_at.desc()).limit(1)).first()
    return None if row is None else {"id": str(row.id), "folio": row.folio,
                                     "status": row.status}


def find_by_code(code: str) -> PaymentAgreement | None:
    """The agreement whose verification code (first 12 hex of the terms hash) is `code`."""
    prefix = code.replace("-", "").strip().lower()[:12]
    if len(prefix) != 12:
        return None
    return db.session.execute(sa.select(PaymentAgreement).where(
        PaymentAgreement.terms_hash.like(f"{prefix}%"))).scalars().first()
