"""What devices hold of an order (docs/field-sync.md, row type `order`), in batch."""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

from server.common.money import fmt
from server.disconnections.models import DisconnectionOrder
from server.notices.payloads import iso, keyed_ids
from server.fieldwork.payloads import utc_iso


def serialize_orders(session, ids: Iterable) -> dict:
    """{id: payload}: action, status (a cancelled order shows why and at which version),
    the debt it was issued for, and the cut a reconnection or inspection follows."""
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    o = DisconnectionOrder
    rows = session.execute(sa.select(
        o.id, o.folio, o.action, o.status, o.urgent, o.account_id, o.debt_amount,
        o.months_past_due, o.issued_on, o.not_before, o.source_order_id, o.charge_fee,
        o.cancelled_at, o.cancel_reason, o.cancel_rv, o.executed_at, o.not_executed_reason)
        .where(o.id.in_(list(wanted)), o.deleted_at.is_(None))).all()
    return {wanted[r.id]: {
        "id": str(r.id), "folio": r.folio, "action": r.action, "status": r.status,
        "urgent": r.urgent, "account_id": str(r.account_id),
        "debt_amount": fmt(r.debt_amount), "months_past_due": r.months_past_due,
        "issued_on": iso(r.issued_on), "not_before": iso(r.not_before),
        "source_order_id": str(r.source_order_id) if r.source_order_id else None,
        "charge_fee": r.charge_fee, "cancelled_at": utc_iso(r.cancelled_at),
        "cancel_reason": r.cancel_reason, "cancel_rv": r.cancel_rv,
        "executed_at": utc_iso(r.executed_at), "not_executed_reason": r.not_executed_reason,
    } for r in rows}
