"""Results of one form version, counted in SQL: one row per answered question (one per
chosen option of a multiple question) in `survey_answer_items`, grouped by question and
value; filtered by the local date it was answered, the colonia and the field worker, all
three kept on the items themselves. A few statements on one table whatever the number of
answers (bench/survey_results.py: 10,000 answers)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from server.auth.models import StaffUser
from server.common.clock import LOCAL_TZ
from server.errors import NotFound
from server.extensions import db
from server.registry.models import Account, Neighborhood
from server.surveys.models import SurveyAnswerItem, SurveyForm, SurveyResponse
from server.surveys.queries import versions

TEXTS_LIMIT = 200
CHOICE_KINDS = ("single", "multiple", "yes_no", "scale")
YES_NO = ((True, "true", "Sí"), (False, "false", "No"))


def pick_version(form_key: uuid.UUID, version: int | None) -> SurveyForm:
    """The version asked for, else the published one, else the newest retired one."""
    rows = versions(form_key)
    released = [v for v in rows if v.status != "draft"]
    if version is not None:
        found = next((v for v in released if v.version == version), None)
    else:
        found = next((v for v in released if v.status == "published"),
                     released[0] if released else None)
    if found is None:
        raise NotFound("SURVEY_NO_VERSION", title=rows[0].title,
                       version=version if version is not None else "")
    return found


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), LOCAL_TZ)


def response_filters(form: SurveyForm, *, date_from=None, date_to=None,
                     neighborhood_id=None, worker_id=None, model=SurveyResponse) -> list:
    """The filters on `model` (responses, or their answer items: both carry the form,
    version, date, colonia and worker)."""
    out = [model.form_key == form.form_key, model.version == form.version]
    if date_from:
        out.append(model.started_at >= _local_midnight(date_from))
    if date_to:
        out.append(model.started_at < _local_midnight(date_to + timedelta(days=1)))
    if neighborhood_id:
        out.append(model.neighborhood_id == neighborhood_id)
    if worker_id:
        out.append(model.worker_id == worker_id)
    return out


def _percent(count: int, of: int) -> str:
    if not of:
        return "0.0"
    return str((Decimal(count) * 100 / of).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _plain(value) -> str | None:
    """A stored number as written: 4, 2.5 (no trailing zeros, no exponent)."""
    if value is None:
        return None
    d = Decimal(str(value)).quantize(Decimal("0.0001")).normalize()
    return format(d, "f")


def _counts(q: dict, found: dict, answered: int) -> list:
    kind = q["kind"]
    if kind == "yes_no":
        values = [(v, text, label) for v, text, label in YES_NO]
    elif kind == "scale":
        values = [(n, str(n), str(n)) for n in range(1, 6)]
    else:
        values = [(o["value"], o["value"], o["label"]) for o in q.get("options") or []]
    return [{"value": v, "label": label, "count": found.get(text, 0),
             "percent": _percent(found.get(text, 0), answered)} for v, text, label in values]


def results(form_key: uuid.UUID, *, version: int | None = None, date_from=None, date_to=None,
            neighborhood_id=None, worker_id=None) -> dict:
    """Per question: answered, skipped, counts with percentages (of those who answered),
    the average, minimum and maximum of a scale or number, the newest texts."""
    form = pick_version(form_key, version)
    given = {"date_from": date_from, "date_to": date_to, "neighborhood_id": neighborhood_id,
             "worker_id": worker_id}
    session = db.session
    total = session.execute(sa.select(sa.func.count()).select_from(SurveyResponse)
                            .where(*response_filters(form, **given))).scalar()
    I = SurveyAnswerItem  # noqa: N806
    where = response_filters(form, **given, model=I)
    stats = {r.question_id: r for r in session.execute(
        sa.select(I.question_id, sa.func.count(sa.distinct(I.response_id)).label("answered"),
                  sa.func.sum(I.value_num).label("total"),
                  sa.func.count(I.value_num).label("numbers"),
                  sa.func.min(I.value_num).label("low"), sa.func.max(I.value_num).label("high"))
        .where(*where).group_by(I.question_id))}
    choice_ids = [q["id"] for q in form.questions if q["kind"] in CHOICE_KINDS]
    found: dict = {}
    if choice_ids:
        for qid, text, count in session.execute(
                sa.select(I.question_id, I.value_text, sa.func.count())
                .where(*where, I.question_id.in_(choice_ids))
                .group_by(I.question_id, I.value_text)):
            found.setdefault(qid, {})[text] = count
    out = []
    for q in form.questions:
        s = stats.get(q["id"])
        answered = s.answered if s else 0
        row = {"id": q["id"], "kind": q["kind"], "label": q["label"], "answered": answered,
               "skipped": total - answered, "counts": [], "average": None, "min": None,
               "max": None, "texts": [], "texts_total": 0}
        if q["kind"] in CHOICE_KINDS:
            row["counts"] = _counts(q, found.get(q["id"], {}), answered)
        if q["kind"] in ("scale", "number") and s is not None and s.numbers:
            row["average"] = str((Decimal(str(s.total)) / s.numbers).quantize(
                Decimal("0.01"), ROUND_HALF_UP))
            row["min"], row["max"] = _plain(s.low), _plain(s.high)
        if q["kind"] == "text":
            row["texts"] = _texts(where, q["id"]) if answered else []
            row["texts_total"] = answered
        out.append(row)
    return {"form_key": form.form_key, "form_id": form.id, "version": form.version,
            "title": form.title, "status": form.status, "responses": total,
            "questions": out, "filters": {
                "version": form.version, "date_from": date_from, "date_to": date_to,
                "neighborhood_id": neighborhood_id, "worker_id": worker_id}}


def _texts(where: list, qid: str) -> list:
    I = SurveyAnswerItem  # noqa: N806
    rows = db.session.execute(
        sa.select(I.value_text, I.started_at, Account.account_number)
        .join(SurveyResponse, SurveyResponse.id == I.response_id)
        .outerjoin(Account, Account.id == SurveyResponse.account_id)
        .where(*where, I.question_id == qid)
        .order_by(I.started_at.desc(), I.id.desc()).limit(TEXTS_LIMIT)).all()
    return [{"text": text, "at": at, "account_number": number} for text, at, number in rows]


def response_rows(form: SurveyForm, filters: list) -> list:
    """Every response of the version (for the Excel sheet), oldest first."""
    return db.session.execute(
        sa.select(SurveyResponse.started_at, SurveyResponse.answers, SurveyResponse.trigger,
                  SurveyResponse.flags, Account.account_number, Neighborhood.name,
                  StaffUser.full_name)
        .outerjoin(Account, Account.id == SurveyResponse.account_id)
        .outerjoin(Neighborhood, Neighborhood.id == SurveyResponse.neighborhood_id)
        .join(StaffUser, StaffUser.id == SurveyResponse.worker_id)
        .where(*filters).order_by(SurveyResponse.started_at, SurveyResponse.id)).all()
