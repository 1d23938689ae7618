"""What devices hold of a notice (docs/field-sync.md, row type `notice`), in batch."""
from __future__ import annotations

import uuid
from typing import Iterable

import sqlalchemy as sa

from server.common.money import fmt
from server.notices.models import Notice


def keyed_ids(ids: Iterable) -> dict[uuid.UUID, object]:
    """Map each requested id (UUID or its text) to itself, keyed by UUID."""
    out = {}
    for raw in ids:
        out[raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))] = raw
    return out


def iso(value) -> str | None:
    """A date as YYYY-MM-DD (None stays None)."""
    return None if value is None else value.isoformat()


def notice_payload(n) -> dict:
    """One notice row → the payload devices hold."""
    return {"id": str(n.id), "folio": n.folio, "kind": n.kind, "status": n.status,
            "account_id": str(n.account_id), "debt_amount": fmt(n.debt_amount),
            "months_past_due": n.months_past_due, "oldest_period": iso(n.oldest_period),
            "issued_on": iso(n.issued_on)}


def serialize_notices(session, ids: Iterable) -> dict:
    """{id: payload} for the notices that exist and are not deleted; one query."""
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(
        Notice.id, Notice.folio, Notice.kind, Notice.status, Notice.account_id,
        Notice.debt_amount, Notice.months_past_due, Notice.oldest_period, Notice.issued_on)
        .where(Notice.id.in_(list(wanted)), Notice.deleted_at.is_(None))).all()
    return {wanted[r.id]: notice_payload(r) for r in rows}
