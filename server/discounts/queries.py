"""Read side of discounts: programs, the applications queue (documents side by side, the
same CURP on other accounts shown, never silently accepted, evidence still on the phone,
the question an application answers), the beneficiaries of a month with what they were
credited, and which accounts hold a current discount (protected in a declared emergency)."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from server.attachments.models import Blob
from server.common.clock import local_today
from server.common.settings import Setting, get_setting
from server.discounts import rules
from server.discounts.enums import STATUS_LABELS
from server.discounts.models import DiscountApplication, DiscountPosting, DiscountProgram
from server.discounts.payloads import evidence_hashes
from server.errors import NotFound
from server.extensions import db
from server.ledger.rules import period_end
from server.ledger.sql import from_cents, sum_cents
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.registry.queries import search_terms


EMERGENCY_SETTING = "social_emergency_declared"


def programs() -> list:
    return list(db.session.execute(sa.select(DiscountProgram).order_by(
        DiscountProgram.active.desc(), DiscountProgram.name)).scalars())


def active_in(month: date) -> list:
    """Conditions of an approved discount whose window [starts_on, ends_on] overlaps the
    month whose first day is `month`."""
    return [DiscountApplication.status == "approved",
            DiscountApplication.starts_on <= period_end(month),
            DiscountApplication.ends_on >= month]


def beneficiary_accounts(session, on: date, account_ids=None) -> set:
    """The accounts with an approved discount current on `on` (optionally among some)."""
    where = [DiscountApplication.status == "approved", DiscountApplication.starts_on <= on,
             DiscountApplication.ends_on >= on]
    if account_ids is not None:
        ids = list(account_ids)
        if not ids:
            return set()
        where.append(DiscountApplication.account_id.in_(ids))
    return set(session.execute(sa.select(DiscountApplication.account_id).where(*where)
                               .distinct()).scalars())


def emergency_state() -> dict:
    """Whether an emergency is declared (setting `social_emergency_declared`), since when
    and by whom."""
    row = db.session.get(Setting, EMERGENCY_SETTING)
    return {"declared": bool(get_setting(EMERGENCY_SETTING)),
            "updated_at": row.updated_at if row else None,
            "updated_by": row.updated_by if row else None}


# --- the applications queue -------------------------------------------------------------

def _pending_evidence(applications) -> set:
    """Ids of the applications with a document photo or the signature not uploaded yet."""
    needed = {a.id: evidence_hashes(a) for a in applications}
    wanted = {h for hs in needed.values() for h in hs}
    held = set(db.session.execute(sa.select(Blob.sha256).where(
        Blob.sha256.in_(wanted))).scalars()) if wanted else set()
    return {a_id for a_id, hs in needed.items() if not hs <= held}


def _answered(applications) -> dict:
    """{application id: the earlier application it answers (its question)}."""
    refs = {a.id: rules.answered_application_id(a.answers_request) for a in applications}
    wanted = {r for r in refs.values() if r is not None}
    if not wanted:
        return {}
    earlier = {e.id: e for e in db.session.execute(sa.select(DiscountApplication).where(
        DiscountApplication.id.in_(wanted))).scalars()}
    return {a_id: {"application_id": e.id, "question": e.decision_note,
                   "asked_at": e.decided_at, "status": e.status,
                   "status_label": STATUS_LABELS[e.status]}
            for a_id, ref in refs.items() if (e := earlier.get(ref)) is not None}


def application_rows(rows) -> list[dict]:
    """Queue rows for (application, account number) pairs."""
    apps = [a for a, _ in rows]
    pending, answered = _pending_evidence(apps), _answered(apps)
    return [{**{c: getattr(a, c) for c in (
        "id", "program_id", "account_id", "beneficiary_type", "beneficiary_name", "curp",
        "birth_date", "status", "record", "worker_id", "created_at", "decision_note",
        "starts_on", "ends_on", "renewal_of", "answers_request")},
        "account_number": number, "status_label": STATUS_LABELS[a.status],
        "problems": list(a.problems or []),
        "problem_labels": [rules.REASON_LABELS.get(p, p) for p in a.problems or []],
        "other_accounts_with_curp": _other_accounts(a), "evidence_pending": a.id in pending,
        "answers": answered.get(a.id)} for a, number in rows]


def _other_accounts(a: DiscountApplication) -> list[str]:
    return list(db.session.execute(sa.select(Account.account_number).join(
        DiscountApplication, DiscountApplication.account_id == Account.id).where(
        DiscountApplication.curp == a.curp, DiscountApplication.account_id != a.account_id,
        DiscountApplication.status.not_in(("rejected", "answered"))).distinct()).scalars())


def applications(*, status: str | None, page: int, page_size: int):
    filters = [DiscountApplication.status == status] if status else []
    total = db.session.execute(sa.select(sa.func.count()).select_from(DiscountApplication)
                               .where(*filters)).scalar()
    rows = db.session.execute(
        sa.select(DiscountApplication, Account.account_number)
        .join(Account, Account.id == DiscountApplication.account_id).where(*filters)
        .order_by(DiscountApplication.created_at, DiscountApplication.id)
        .limit(page_size).offset((page - 1) * page_size)).all()
    return application_rows(rows), total


def get_application(application_id: uuid.UUID) -> dict:
    row = db.session.execute(
        sa.select(DiscountApplication, Account.account_number)
        .join(Account, Account.id == DiscountApplication.account_id)
        .where(DiscountApplication.id == application_id)).first()
    if row is None:
        raise NotFound("DISCOUNT_APPLICATION_NOT_FOUND", application=str(application_id))
    return application_rows([row])[0]


# --- beneficiaries of a month -------------------------------------------------------------

def _beneficiary_filters(month: date, type: str | None, neighborhood_id: int | None,
                         q: str | None) -> list | None:
    """The WHERE of the beneficiaries list; None when `q` can match nothing."""
    where = active_in(month)
    if type:
        where.append(DiscountApplication.beneficiary_type == type)
    if neighborhood_id is not None:
        where.append(Premises.neighborhood_id == neighborhood_id)
    if q and q.strip():
        terms = search_terms(q)
        if not terms:
            return None
        for term in terms:
            like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace(
                "_", "\\_") + "%"
            where.append(sa.or_(
                Account.search_text.like(like, escape="\\"),
                sa.func.lower(DiscountApplication.beneficiary_name).like(like, escape="\\"),
                sa.func.lower(DiscountApplication.curp).like(like, escape="\\")))
    return where


def _posted(month: date):
    """What each application was credited in `month`, in centavos."""
    return (sa.select(DiscountPosting.application_id,
                      sum_cents(DiscountPosting.amount).label("cents"))
            .where(DiscountPosting.period == month)
            .group_by(DiscountPosting.application_id).subquery("posted"))


def _joined(select, posted):
    return (select.select_from(DiscountApplication)
            .join(Account, Account.id == DiscountApplication.account_id)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .outerjoin(posted, posted.c.application_id == DiscountApplication.id))


def beneficiaries(*, month: date, type: str | None = None, neighborhood_id: int | None = None,
                  q: str | None = None, page: int = 1, page_size: int | None = 25) -> dict:
    """The approved discounts current in `month` (filtered), a page of them (all when
    page_size is None) with what each was credited that month, the summary by type ×
    colonia and the totals, both over every row matching the filters."""
    where = _beneficiary_filters(month, type, neighborhood_id, q)
    out = {"month": f"{month:%Y-%m}", "items": [], "total": 0, "summary": [],
           "totals": {"beneficiaries": 0, "month_discount": from_cents(0)}}
    if where is None:
        return out
    posted = _posted(month)
    stmt = _joined(sa.select(
        DiscountApplication.id, DiscountApplication.account_id, Account.account_number,
        Customer.name.label("holder"), DiscountApplication.beneficiary_name,
        DiscountApplication.beneficiary_type, DiscountApplication.curp,
        Neighborhood.name.label("neighborhood"), DiscountApplication.starts_on,
        DiscountApplication.ends_on, DiscountApplication.program_id,
        sa.func.coalesce(posted.c.cents, 0).label("cents")), posted).where(*where).order_by(
        Neighborhood.name, DiscountApplication.beneficiary_name, DiscountApplication.id)
    if page_size is not None:
        stmt = stmt.limit(page_size).offset((page - 1) * page_size)
    rows = db.session.execute(stmt).all()
    program_rules = {p.id: p.rules for p in programs()}
    today = local_today()
    out["items"] = [{
        "application_id": r.id, "account_id": r.account_id,
        "account_number": r.account_number, "holder": r.holder,
        "beneficiary_name": r.beneficiary_name, "beneficiary_type": r.beneficiary_type,
        "curp": r.curp, "neighborhood": r.neighborhood, "starts_on": r.starts_on,
        "ends_on": r.ends_on, "renewal_due": _renewal_due(r.ends_on, today,
                                                          program_rules.get(r.program_id)),
        "month_discount": from_cents(r.cents)} for r in rows]
    summary = _joined(sa.select(
        DiscountApplication.beneficiary_type, Neighborhood.name.label("neighborhood"),
        sa.func.count(DiscountApplication.id).label("beneficiaries"),
        sa.func.coalesce(sa.func.sum(posted.c.cents), 0).label("cents")), posted)
    groups = db.session.execute(summary.where(*where).group_by(
        DiscountApplication.beneficiary_type, Neighborhood.name).order_by(
        DiscountApplication.beneficiary_type, Neighborhood.name)).all()
    out["summary"] = [{"beneficiary_type": g.beneficiary_type, "neighborhood": g.neighborhood,
                       "beneficiaries": g.beneficiaries, "month_discount": from_cents(g.cents)}
                      for g in groups]
    count = sum(g.beneficiaries for g in groups)
    out["total"] = count
    out["totals"] = {"beneficiaries": count,
                     "month_discount": from_cents(sum(int(g.cents) for g in groups))}
    return out


def _renewal_due(ends_on: date | None, today: date, program: dict | None) -> bool:
    if ends_on is None or program is None:
        return False
    try:
        return rules.renewal_due(ends_on, today, program)
    except rules.AgreementError:  # a program whose renewal notice is not configured
        return False
