"""Read side of surveys: the forms and their versions, the complaints inbox, the requests,
and the results of a version counted in SQL over `survey_answer_items` (see results.py)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.auth.models import StaffUser
from server.errors import NotFound
from server.extensions import db
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.surveys.models import SurveyComplaint, SurveyForm, SurveyRequest, SurveyResponse


def version_row(f: SurveyForm, responses: int = 0) -> dict:
    return {**{c: getattr(f, c) for c in (
        "id", "form_key", "version", "title", "description", "status", "questions",
        "triggers", "complaint_threshold", "published_at", "created_at", "created_by")},
        "responses": responses}


def _summary(key, versions: list[SurveyForm], responses: int, complaints: int) -> dict:
    versions = sorted(versions, key=lambda v: v.version, reverse=True)
    released = [v for v in versions if v.status != "draft"]
    current = next((v for v in released if v.status == "published"), None)
    shown = current or (released[0] if released else versions[0])
    return {"form_key": key, "title": shown.title,
            "latest_published_version": current.version if current else None,
            "latest_version": versions[0].version,
            "has_draft": versions[0].status == "draft",
            "status": "published" if current else ("retired" if released else "draft"),
            "responses": responses, "open_complaints": complaints,
            "triggers": shown.triggers}


def forms() -> list[dict]:
    """Every form, by title: its published version, whether a draft waits, its answers."""
    by_key: dict = {}
    for f in db.session.execute(sa.select(SurveyForm)).scalars():
        by_key.setdefault(f.form_key, []).append(f)
    counts = dict(db.session.execute(sa.select(SurveyResponse.form_key, sa.func.count())
                                     .group_by(SurveyResponse.form_key)).all())
    complaints = dict(db.session.execute(
        sa.select(SurveyResponse.form_key, sa.func.count())
        .join(SurveyComplaint, SurveyComplaint.response_id == SurveyResponse.id)
        .where(SurveyComplaint.status == "open").group_by(SurveyResponse.form_key)).all())
    rows = [_summary(k, v, counts.get(k, 0), complaints.get(k, 0)) for k, v in by_key.items()]
    return sorted(rows, key=lambda r: (r["title"].lower(), str(r["form_key"])))


def versions(form_key: uuid.UUID) -> list[SurveyForm]:
    rows = list(db.session.execute(sa.select(SurveyForm).where(
        SurveyForm.form_key == form_key).order_by(SurveyForm.version.desc())).scalars())
    if not rows:
        raise NotFound("SURVEY_FORM_NOT_FOUND", form=str(form_key))
    return rows


def form_detail(form_key: uuid.UUID) -> dict:
    """{form_key, draft, versions (published and retired, newest first)}."""
    rows = versions(form_key)
    counts = dict(db.session.execute(sa.select(SurveyResponse.version, sa.func.count()).where(
        SurveyResponse.form_key == form_key).group_by(SurveyResponse.version)).all())
    draft = rows[0] if rows[0].status == "draft" else None
    return {"form_key": form_key, "draft": version_row(draft) if draft else None,
            "versions": [version_row(v, counts.get(v.version, 0)) for v in rows
                         if v.status != "draft"]}


def titles() -> dict:
    """{form_key: title of its newest version}."""
    out: dict = {}
    for key, title in db.session.execute(sa.select(SurveyForm.form_key, SurveyForm.title)
                                         .order_by(SurveyForm.version)).all():
        out[key] = title
    return out


def complaints(*, status: str | None, page: int, page_size: int, complaint_id=None):
    """The manager's inbox, newest first."""
    filters = [SurveyComplaint.status == status] if status else []
    if complaint_id is not None:
        filters.append(SurveyComplaint.id == complaint_id)
    total = db.session.execute(sa.select(sa.func.count()).select_from(SurveyComplaint)
                               .where(*filters)).scalar()
    rows = db.session.execute(
        sa.select(SurveyComplaint, SurveyResponse, SurveyForm.title, Account.account_number,
                  Customer.name, Neighborhood.name, StaffUser.full_name)
        .join(SurveyResponse, SurveyResponse.id == SurveyComplaint.response_id)
        .join(SurveyForm, SurveyForm.id == SurveyResponse.form_id)
        .join(StaffUser, StaffUser.id == SurveyResponse.worker_id)
        .outerjoin(Account, Account.id == SurveyComplaint.account_id)
        .outerjoin(Customer, Customer.id == Account.customer_id)
        .outerjoin(Premises, Premises.id == Account.premises_id)
        .outerjoin(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(*filters)
        .order_by(SurveyComplaint.created_at.desc(), SurveyComplaint.id)
        .limit(page_size).offset((page - 1) * page_size)).all()
    items = [{**{c: getattr(c_, c) for c in (
        "id", "status", "summary", "question_ids", "created_at", "response_id", "account_id",
        "closed_at", "closed_by", "note")},
        "form_key": r.form_key, "version": r.version, "form_title": title,
        "account_number": number, "holder": holder, "neighborhood": hood,
        "worker_name": worker, "trigger": r.trigger}
        for c_, r, title, number, holder, hood, worker in rows]
    return items, total


def requests(*, form_key: uuid.UUID | None, status: str | None, page: int, page_size: int):
    """Who was asked what, and whether it was answered."""
    filters = []
    if form_key:
        filters.append(SurveyRequest.form_key == form_key)
    if status:
        filters.append(SurveyRequest.status == status)
    total = db.session.execute(sa.select(sa.func.count()).select_from(SurveyRequest)
                               .where(*filters)).scalar()
    rows = db.session.execute(
        sa.select(SurveyRequest, Account.account_number, StaffUser.full_name)
        .join(Account, Account.id == SurveyRequest.account_id)
        .join(StaffUser, StaffUser.id == SurveyRequest.worker_id).where(*filters)
        .order_by(SurveyRequest.created_at.desc(), SurveyRequest.id)
        .limit(page_size).offset((page - 1) * page_size)).all()
    names = titles()
    return [{**{c: getattr(r, c) for c in ("id", "form_key", "account_id", "stop_id",
                                           "worker_id", "reason", "status", "created_at")},
             "form_title": names.get(r.form_key, ""), "account_number": number,
             "worker_name": worker} for r, number, worker in rows], total
