"""Survey use cases: the office's forms (a draft, published as the next version; the old
versions stay valid for answers in flight), asking a route's stops or the beneficiary of
an approved discount, an answer from the field (stored once, checked on arrival, counted
per question, a complaint to the manager's inbox) and closing a complaint."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from server.audit import service as audit
from server.auth.models import StaffRole, StaffUser
from server.common import events
from server.common.clock import utcnow
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork.errors import MESSAGES as _FIELDWORK_MESSAGES  # noqa: F401
from server.fieldwork.models import Route, Stop
from server.fieldwork.visits import args_hash
from server.registry.models import Account
from server.scope import set_scope
from server.surveys import rules
from server.surveys.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.surveys.models import (SurveyAnswerItem, SurveyComplaint, SurveyForm,
                                   SurveyRequest, SurveyResponse)
from server.webpush import service as webpush

FORM_FIELDS = ("title", "description", "questions", "triggers", "complaint_threshold")


@dataclass
class SubmitOutcome:
    response: SurveyResponse
    flags: list[str] = field(default_factory=list)
    duplicate: bool = False


# --- forms ----------------------------------------------------------------------------

def check_form(body: dict) -> None:
    """422 with each question's problems in Spanish (rules.form_problems)."""
    problems = rules.form_problems(body["questions"], body["complaint_threshold"])
    problems += [{"question": None, "code": c} for c in rules.triggers_problems(body["triggers"])]
    if not problems:
        return
    errors: dict = {}
    for p in problems:
        text = rules.FORM_LABELS[p["code"]]
        if p["code"] in ("BAD_THRESHOLD", "BAD_TRIGGERS"):
            field_name = "triggers" if p["code"] == "BAD_TRIGGERS" else "complaint_threshold"
            errors.setdefault(field_name, []).append(text)
        else:
            key = p["question"] if p["question"] is not None else "_schema"
            errors.setdefault("questions", {}).setdefault(key, []).append(text)
    raise DomainError("SURVEY_FORM_INVALID", errors=errors)


def _versions(session, form_key: uuid.UUID, *, lock: bool = False) -> list[SurveyForm]:
    q = sa.select(SurveyForm).where(SurveyForm.form_key == form_key).order_by(
        SurveyForm.version.desc())
    rows = list(session.execute(q.with_for_update() if lock else q).scalars())
    if not rows:
        raise NotFound("SURVEY_FORM_NOT_FOUND", form=str(form_key))
    return rows


def create_form(session, *, actor_id, body: dict) -> SurveyForm:
    """A new form: its first version, as a draft."""
    check_form(body)
    form = SurveyForm(form_key=uuid.uuid4(), version=1, status="draft", created_by=actor_id,
                      **{k: body[k] for k in FORM_FIELDS})
    session.add(form)
    session.flush()
    audit.record(actor_id=actor_id, entity_type="survey_form", entity_id=form.form_key,
                 action="create", changes={"title": form.title})
    return form


def save_draft(session, *, actor_id, form_key: uuid.UUID, body: dict) -> SurveyForm:
    """Create or replace the form's one draft; what the body leaves out comes from the
    current draft, else from the newest version."""
    versions = _versions(session, form_key, lock=True)
    newest = versions[0]
    merged = {k: body[k] if k in body and (body[k] is not None or k == "description")
              else getattr(newest, k) for k in FORM_FIELDS}
    check_form(merged)
    if newest.status == "draft":
        draft = newest
        for k, v in merged.items():
            setattr(draft, k, v)
    else:
        draft = SurveyForm(form_key=form_key, version=newest.version + 1, status="draft",
                           created_by=actor_id, **merged)
        session.add(draft)
    session.flush()
    audit.record(actor_id=actor_id, entity_type="survey_form", entity_id=form_key,
                 action="save_draft", changes={"version": draft.version})
    return draft


def publish(session, *, actor_id, form_key: uuid.UUID) -> SurveyForm:
    """The draft becomes the published version; the one published before is retired
    (devices stop offering it, its answers are still accepted)."""
    versions = _versions(session, form_key, lock=True)
    draft = versions[0]
    if draft.status != "draft":
        raise Conflict("SURVEY_NO_DRAFT", title=draft.title)
    check_form({k: getattr(draft, k) for k in FORM_FIELDS})
    for old in versions[1:]:
        if old.status == "published":
            old.status = "retired"
    draft.status, draft.published_at = "published", utcnow()
    audit.record(actor_id=actor_id, entity_type="survey_form", entity_id=form_key,
                 action="publish", changes={"version": draft.version})
    return draft


def retire(session, *, actor_id, form_key: uuid.UUID) -> SurveyForm:
    """Stop offering the published version (answers already given are still accepted)."""
    versions = _versions(session, form_key, lock=True)
    current = next((v for v in versions if v.status == "published"), None)
    if current is None:
        raise Conflict("SURVEY_NOT_PUBLISHED", title=versions[0].title)
    current.status = "retired"
    audit.record(actor_id=actor_id, entity_type="survey_form", entity_id=form_key,
                 action="retire", changes={"version": current.version})
    return current


def published(session, form_key: uuid.UUID) -> SurveyForm:
    versions = _versions(session, form_key)
    current = next((v for v in versions if v.status == "published"), None)
    if current is None:
        raise Conflict("SURVEY_NOT_PUBLISHED", title=versions[0].title)
    return current


# --- requests -------------------------------------------------------------------------

def _open_requests(session, worker_id, requests: list[SurveyRequest]) -> None:
    for r in requests:
        session.add(r)
    session.flush()
    set_scope(session, worker_id, "survey_request", [r.id for r in requests], True, new=True)


def assign(session, *, actor_id, form_key: uuid.UUID, route_ids: list, mode: str,
           sample_percent: int) -> dict:
    """Ask the pending stops of these routes (every one, or a sample chosen by a hash of
    the stop, so running it again picks the same stops); never twice per form and stop.
    Each request goes to the route's worker."""
    form = published(session, form_key)
    routes = {r.id: r for r in session.execute(sa.select(Route).where(
        Route.id.in_(route_ids), Route.deleted_at.is_(None))).scalars()}
    for rid in route_ids:
        route = routes.get(rid)
        if route is None:
            raise NotFound("ROUTE_NOT_FOUND", route=str(rid),
                           errors={"route_ids": [f"No existe la ruta {rid}."]})
        if route.worker_id is None:
            raise DomainError("SURVEY_ROUTE_WITHOUT_WORKER", route=route.name)
    stops = list(session.execute(sa.select(Stop).where(
        Stop.route_id.in_(list(routes)), Stop.status == "pending",
        Stop.deleted_at.is_(None)).order_by(Stop.route_id, Stop.position)).scalars())
    chosen = [s for s in stops if mode == "every"
              or rules.sampled(str(form_key), str(s.id), sample_percent)]
    asked = set(session.execute(sa.select(SurveyRequest.stop_id).where(
        SurveyRequest.form_key == form_key,
        SurveyRequest.stop_id.in_([s.id for s in chosen]))).scalars()) if chosen else set()
    by_worker: dict = {}
    for stop in chosen:
        if stop.id in asked:
            continue
        worker = routes[stop.route_id].worker_id
        by_worker.setdefault(worker, []).append(SurveyRequest(
            id=uuid.uuid4(), form_key=form_key, account_id=stop.account_id, stop_id=stop.id,
            worker_id=worker, reason="route", status="open"))
    for worker, requests in by_worker.items():
        _open_requests(session, worker, requests)
    created = sum(len(r) for r in by_worker.values())
    audit.record(actor_id=actor_id, entity_type="survey_form", entity_id=form_key,
                 action="assign", changes={"version": form.version, "mode": mode,
                                           "routes": [str(r) for r in route_ids],
                                           "requests": created})
    return {"requests_created": created, "stops_considered": len(stops),
            "stops_chosen": len(chosen)}


def _on_discount_approved(session, *, application, **_):
    """Every published form asked after an approved discount: a request to the social
    worker who registered it, for that account (once while one is open)."""
    forms = [f for f in session.execute(sa.select(SurveyForm).where(
        SurveyForm.status == "published")).scalars()
        if "discount_approved" in ((f.triggers or {}).get("events") or [])]
    if not forms:
        return
    already = set(session.execute(sa.select(SurveyRequest.form_key).where(
        SurveyRequest.account_id == application.account_id,
        SurveyRequest.reason == "discount_approved",
        SurveyRequest.status == "open")).scalars())
    requests = [SurveyRequest(id=uuid.uuid4(), form_key=f.form_key,
                              account_id=application.account_id,
                              worker_id=application.worker_id, reason="discount_approved",
                              status="open") for f in forms if f.form_key not in already]
    if requests:
        _open_requests(session, application.worker_id, requests)


events.subscribe("discount.approved", _on_discount_approved)


# --- answers from the field -----------------------------------------------------------

def _managers(session) -> list:
    return list(session.execute(sa.select(StaffUser.id).join(
        StaffRole, StaffRole.user_id == StaffUser.id).where(
        StaffRole.role == "manager", StaffUser.active.is_(True))).scalars())


def _related(session, args: dict):
    """The account (the stop's or the request's when not given), stop and request."""
    stop = request = account = None
    if args.get("stop_id"):
        stop = session.get(Stop, args["stop_id"])
        if stop is None:
            raise DomainError("STOP_NOT_FOUND", stop=str(args["stop_id"]))
    if args.get("request_id"):
        request = session.get(SurveyRequest, args["request_id"])
    account_id = args.get("account_id") or (stop.account_id if stop else None) or (
        request.account_id if request else None)
    if account_id is not None:
        account = session.get(Account, account_id)
        if account is None:
            raise DomainError("ACCOUNT_NOT_FOUND", account=str(account_id))
    return account, stop, request


def submit(session, *, worker_id: uuid.UUID, client_id: uuid.UUID | None, args: dict,
           canonical: dict, version: int, received_at=None) -> SubmitOutcome:
    """Store an answered survey once (insert-if-absent on its id). Any non-draft version
    is accepted, also one retired after the device downloaded it. Answers that break
    the form's rules are kept (flag ANSWER_PROBLEMS, problems in `record`); a complaint
    opens an inbox item and wakes the managers (stored flag COMPLAINT; the device is not
    told: a customer's complaint is nothing the worker must look at again)."""
    digest = args_hash(version, canonical)
    existing = session.get(SurveyResponse, args["id"])
    if existing is not None:
        if existing.args_hash != digest:
            raise DomainError("ID_REUSED")
        return SubmitOutcome(existing, _device_flags(existing.flags), duplicate=True)
    form = session.get(SurveyForm, args["form_id"])
    if form is None:
        raise DomainError("SURVEY_FORM_NOT_FOUND", form=str(args["form_id"]))
    if form.status == "draft":
        raise DomainError("SURVEY_FORM_DRAFT", title=form.title)
    account, stop, request = _related(session, args)
    answers = args["answers"]
    problems = rules.answer_problems(form.questions, answers)
    complaint_ids = rules.complaints(form.questions, answers, form.complaint_threshold)
    flags = (["ANSWER_PROBLEMS"] if problems else []) + (["COMPLAINT"] if complaint_ids else [])
    record = {k: canonical.get(k) for k in ("gps", "gps_error", "respondent_name")}
    record["problems"] = problems
    if args.get("request_id") and request is None:
        record["unknown_request_id"] = str(args["request_id"])
        flags.append("UNKNOWN_REQUEST")
    response = SurveyResponse(
        id=args["id"], form_id=form.id, form_key=form.form_key, version=form.version,
        account_id=account.id if account else None, stop_id=stop.id if stop else None,
        request_id=request.id if request else None, worker_id=worker_id,
        client_id=client_id, trigger=args["trigger"], answers=answers,
        neighborhood_id=account.premises.neighborhood_id if account else None,
        record=record, started_at=args["started_at"], received_at=received_at or utcnow(),
        flags=flags, args_hash=digest)
    session.add(response)
    session.flush()  # its items and complaint refer to it (no ORM relationship orders them)
    session.add_all(SurveyAnswerItem(
        response_id=response.id, form_key=form.form_key, version=form.version,
        question_id=qid, value_text=text, value_num=num, started_at=response.started_at,
        neighborhood_id=response.neighborhood_id, worker_id=worker_id)
        for qid, text, num in rules.answer_items(form.questions, answers))
    if request is not None and request.status == "open":
        request.status = "answered"
    if complaint_ids:
        _complaint(session, form, response, complaint_ids)
    return SubmitOutcome(response, _device_flags(flags))


def _device_flags(flags) -> list:
    """What the worker's device is told: a record with a problem of its own is flagged
    (it shows as «observado»); a complaint is the customer's and only reaches the office."""
    return [f for f in flags or [] if f != "COMPLAINT"]


def _complaint(session, form: SurveyForm, response: SurveyResponse, qids: list) -> None:
    complaint = SurveyComplaint(
        id=uuid.uuid4(), response_id=response.id, account_id=response.account_id,
        question_ids=qids, status="open",
        summary=rules.complaint_summary(form.questions, response.answers, qids,
                                        form.complaint_threshold)[:2000])
    session.add(complaint)
    webpush.notify_users(session, _managers(session), {
        "t": "survey.complaint", "id": str(complaint.id), "form_key": str(form.form_key)},
        topic=f"survey-{complaint.id.hex[:25]}", urgency="normal")


def close_complaint(session, *, actor_id, complaint_id: uuid.UUID,
                    note: str | None) -> SurveyComplaint:
    """The manager closes an inbox item with a note of what was done."""
    complaint = session.execute(sa.select(SurveyComplaint).where(
        SurveyComplaint.id == complaint_id).with_for_update()).scalars().first()
    if complaint is None:
        raise NotFound("SURVEY_COMPLAINT_NOT_FOUND", complaint=str(complaint_id))
    if complaint.status == "closed":
        raise Conflict("SURVEY_COMPLAINT_CLOSED")
    if not (note or "").strip():
        raise DomainError("SURVEY_NOTE_REQUIRED", errors={"note": ["Escriba una nota."]})
    complaint.status, complaint.closed_by, complaint.closed_at = "closed", actor_id, utcnow()
    complaint.note = note.strip()[:500]
    audit.record(actor_id=actor_id, entity_type="survey_complaint", entity_id=complaint.id,
                 action="close", reason=complaint.note)
    return complaint
