"""Notice use cases: issue a campaign's notices (numbered), follow their visits.

These run inside the caller's unit of work (a campaign's creation, a sync push): they
take the session and never commit.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import sqlalchemy as sa

from server.common.clock import LOCAL_TZ, utcnow
from server.db import current_rv, stamp_at_commit
from server.notices import errors  # noqa: F401  (registers the Spanish messages)
from server.notices.enums import FOLIO_PREFIXES, OUTCOME_STATUS, SERVED_OUTCOMES
from server.notices.models import Notice
from server.notices.rules import folio_number, format_folio, is_later

INSERT_CHUNK = 1000


def last_folio_number(session, prefix: str, year: int) -> int:
    """The highest number used by `prefix` in `year` (0 if none)."""
    last = session.execute(sa.select(sa.func.max(Notice.folio)).where(
        Notice.folio.like(f"{prefix}-{year}-%"))).scalar()
    return folio_number(last)


def issue_notices(session, *, campaign_id: uuid.UUID | None, kind: str, rows: list[dict],
                  issued_on: date) -> list[str]:
    """Insert one notice per row ({account_id, debt_amount, months_past_due,
    oldest_period}) in bulk, numbered gap-free within the year; returns the folios.

    The global version lock (current_rv) is taken first: it serializes every writer, so
    reading the last folio and inserting the next ones cannot race, and a rollback leaves
    no gap.
    """
    rv = current_rv(session)
    prefix = FOLIO_PREFIXES[kind]
    start = last_folio_number(session, prefix, issued_on.year)
    now = utcnow()
    folios, values = [], []
    for i, row in enumerate(rows, start=1):
        folio = format_folio(prefix, issued_on.year, start + i)
        folios.append(folio)
        values.append({
            "id": uuid.uuid4(), "folio": folio, "campaign_id": campaign_id,
            "account_id": row["account_id"], "kind": kind, "status": "issued",
            "debt_amount": row["debt_amount"], "months_past_due": row["months_past_due"],
            "oldest_period": row.get("oldest_period"), "issued_on": issued_on,
            "created_at": now, "updated_at": now, "rv": rv,
        })
    for i in range(0, len(values), INSERT_CHUNK):
        session.execute(sa.insert(Notice), values[i:i + INSERT_CHUNK])
    return folios


def set_status(session, notice_ids: list[uuid.UUID], status: str, *,
               only_from: tuple[str, ...] | None = None) -> None:
    """Move notices to `status` in one stamped UPDATE (optionally only from some states)."""
    if not notice_ids:
        return
    stmt = (sa.update(Notice).where(Notice.id.in_(notice_ids))
            .values(status=status, rv=Notice.rv, updated_at=utcnow())  # stamped at commit
            .execution_options(synchronize_session=False))
    if only_from:
        stmt = stmt.where(Notice.status.in_(only_from))
    session.execute(stmt)
    stamp_at_commit(session, Notice.__table__, notice_ids)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def follow_visit(session, notice: Notice, *, visit_id: uuid.UUID, outcome: str,
                 started_at: datetime, previous_started_at: datetime | None) -> bool:
    """Let the notice follow a new visit when it is the latest by started_at.

    Returns True when the notice now follows it. A cancelled notice keeps its state (the
    visit is still stored). Served outcomes keep the earliest delivery time.
    """
    started = _utc(started_at)
    if outcome in SERVED_OUTCOMES and (
            notice.delivered_at is None or started < _utc(notice.delivered_at)):
        notice.delivered_at = started
    current = None
    if notice.last_visit_id is not None and previous_started_at is not None:
        current = (_utc(previous_started_at), str(notice.last_visit_id))
    if notice.status == "cancelled" or not is_later((started, str(visit_id)), current):
        return False
    notice.status = OUTCOME_STATUS[outcome]
    notice.last_visit_id = visit_id
    return True


def local_date(moment: datetime) -> date:
    """The Caborca calendar date of a UTC instant (formal acts are dated locally)."""
    return _utc(moment).astimezone(LOCAL_TZ).date()
