"""Indicator use cases: take a monthly snapshot (a new version each time), compare it."""
from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.audit.service import record
from server.common.clock import local_today
from server.db import transaction
from server.errors import DomainError
from server.extensions import db
from server.indicators import queries, rules
from server.indicators.models import IndicatorSnapshot


def take_snapshot(period: date, *, actor=None, note: str | None = None) -> IndicatorSnapshot:
    """Read the month's measures live and store them frozen as the next version."""
    period = period.replace(day=1)
    if period > local_today():
        raise DomainError("INDICATORS_PERIOD_FUTURE", period=period.strftime("%m/%Y"))
    started = time.monotonic()
    today = local_today()
    values = queries.measures(period, as_of=today)
    forms = queries.formulas()
    indicators = rules.evaluate(values, forms)
    detail = queries.breakdowns(period, as_of=today)
    with transaction() as session:
        last = session.execute(sa.select(sa.func.max(IndicatorSnapshot.version)).where(
            IndicatorSnapshot.period == period)).scalar() or 0
        snap = IndicatorSnapshot(
            period=period, version=last + 1, as_of=today, measures=_json(values),
            indicators=_json(indicators), formulas=forms, breakdowns=detail, note=note,
            duration_ms=int((time.monotonic() - started) * 1000), taken_by=actor)
        session.add(snap)
        session.flush()
        record(actor_id=actor, entity_type="indicator_snapshot", entity_id=str(snap.id),
               action="create", changes={"period": period.strftime("%Y-%m"),
                                         "version": snap.version})
    return snap


def compare(snapshot_id: int) -> dict:
    """A stored snapshot next to today's live values of the same month, with differences."""
    snap = get(snapshot_id)
    live = queries.measures(snap.period)
    live_ind = rules.evaluate(live, rules.merged_formulas({"formulas": snap.formulas}))
    stored, now = snap.measures, _json(live)
    rows = []
    for key in rules.MEASURES:
        rows.append(_diff("measure", key, rules.MEASURES[key]["label"], stored.get(key),
                          now.get(key)))
    for key, value in _json(live_ind).items():
        rows.append(_diff("indicator", key, rules.label_of(key, snap.formulas),
                          snap.indicators.get(key), value))
    return {"snapshot": snap, "rows": rows}


def get(snapshot_id: int) -> IndicatorSnapshot:
    """One stored snapshot or INDICATORS_SNAPSHOT_NOT_FOUND (404)."""
    snap = db.session.get(IndicatorSnapshot, snapshot_id)
    if snap is None:
        raise DomainError("INDICATORS_SNAPSHOT_NOT_FOUND", status=404, id=snapshot_id)
    return snap


def _diff(kind, key, label, stored, live) -> dict:
    delta = None
    if stored is not None and live is not None:
        delta = str(Decimal(str(live)) - Decimal(str(stored)))
    return {"kind": kind, "key": key, "label": label, "stored": _s(stored), "live": _s(live),
            "difference": delta, "changed": _s(stored) != _s(live)}


def _s(v):
    return None if v is None else str(v)


def _json(values: dict) -> dict:
    """Decimals as strings, counts as ints, None kept: JSON that reads back exactly."""
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()
            if k != "period"}


def live_values(period: date) -> dict:
    """Today's measures and indicators of a month, with the catalogue and formulas."""
    values = queries.measures(period)
    forms = queries.formulas()
    return {"period": period.replace(day=1), "measures": _json(values),
            "indicators": _json(rules.evaluate(values, forms)), "formulas": forms,
            "catalogue": {"measures": rules.MEASURES,
                          "indicators": {k: rules.label_of(k, forms) for k in forms}}}
