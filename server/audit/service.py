"""Write audit events inside the caller's unit of work."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from server.audit.models import AuditEvent
from server.extensions import db


def _jsonable(value):
    if isinstance(value, (Decimal, uuid.UUID, date, datetime)):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def record(*, actor_id, entity_type: str, entity_id, action: str, changes: dict | None = None,
           reason: str | None = None, device_id: str | None = None) -> AuditEvent:
    """Append one audit event; `changes` maps field → [old, new] (or field → value)."""
    clean = {}
    for key, val in (changes or {}).items():
        if isinstance(val, (list, tuple)):
            clean[key] = [_jsonable(v) for v in val]
        else:
            clean[key] = _jsonable(val)
    event = AuditEvent(actor_id=actor_id, entity_type=entity_type, entity_id=str(entity_id),
                       action=action, changes=clean, reason=reason, device_id=device_id)
    db.session.add(event)
    return event


def diff(obj, values: dict) -> dict:
    """Apply `values` to `obj` and return {field: [old, new]} for what actually changed."""
    changes = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = [old, new]
            setattr(obj, key, new)
    return changes
