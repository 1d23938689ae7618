"""What devices hold of surveys: every published and retired form version
(`survey_form`, shared; a draft is never sent, a device sees at most its `del`), and the
worker's own requests (`survey_request`, with the account's number, holder and address so
the phone can show one it does not hold)."""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

from server.notices.payloads import keyed_ids
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.surveys.models import SurveyForm, SurveyRequest


def form_payload(f: SurveyForm) -> dict:
    return {"id": str(f.id), "form_key": str(f.form_key), "version": f.version,
            "title": f.title, "description": f.description, "status": f.status,
            "questions": f.questions, "triggers": f.triggers,
            "complaint_threshold": f.complaint_threshold,
            "published_at": f.published_at.isoformat() if f.published_at else None}


def serialize_forms(session, ids: Iterable) -> dict:
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(SurveyForm).where(
        SurveyForm.id.in_(list(wanted)), SurveyForm.status != "draft")).scalars()
    return {wanted[f.id]: form_payload(f) for f in rows}


def address(street, exterior, interior, neighborhood) -> str:
    number = " ".join(p for p in (exterior, f"int. {interior}" if interior else None) if p)
    return ", ".join(p for p in (f"{street} {number}".strip(), neighborhood) if p)


def serialize_requests(session, ids: Iterable) -> dict:
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(
        SurveyRequest, Account.account_number, Customer.name, Premises.street,
        Premises.exterior_number, Premises.interior_number, Neighborhood.name)
        .join(Account, Account.id == SurveyRequest.account_id)
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(SurveyRequest.id.in_(list(wanted)))).all()
    return {wanted[r.id]: {
        "id": str(r.id), "form_key": str(r.form_key), "account_id": str(r.account_id),
        "stop_id": str(r.stop_id) if r.stop_id else None, "reason": r.reason,
        "status": r.status, "created_at": r.created_at.isoformat(),
        "account_number": number, "holder_name": holder,
        "address": address(street, ext, inner, hood)}
        for r, number, holder, street, ext, inner, hood in rows}
