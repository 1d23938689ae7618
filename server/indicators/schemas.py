"""Indicators API shapes. Money and ratios travel as Decimal strings; periods as YYYY-MM."""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from server.common.clock import parse_period
from server.http import PageArgs, PageOut


class Period(fields.Field):
    """A month as "YYYY-MM" (also accepts "YYYY-MM-DD", read as its month)."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            text = str(value)
            if len(text) == 10:
                from datetime import date
                return date.fromisoformat(text).replace(day=1)
            month = parse_period(text)
            if month.year < 2000 or month.year > 2100:
                raise ValueError(text)
            return month
        except (ValueError, TypeError):
            raise ValidationError("Mes no válido: use AAAA-MM, p. ej. 2026-03.") from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%Y-%m")


class Strict(Schema):
    class Meta:
        unknown = RAISE


class IndicatorPeriodArgs(Strict):
    period = Period(required=True)


class IndicatorSnapshotIn(Strict):
    period = Period(required=True)
    note = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=300))


class IndicatorSnapshotListArgs(PageArgs):
    class Meta:
        unknown = RAISE

    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))
    period = Period(load_default=None)


class IndicatorYearArgs(Strict):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


class IndicatorSnapshotSummaryOut(Schema):
    id = fields.Integer()
    period = Period()
    version = fields.Integer()
    as_of = fields.Date()
    taken_at = fields.DateTime()
    taken_by = fields.UUID(allow_none=True)
    note = fields.String(allow_none=True)
    duration_ms = fields.Integer()
    indicators = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))


class IndicatorSnapshotOut(IndicatorSnapshotSummaryOut):
    measures = fields.Dict()
    formulas = fields.Dict()
    breakdowns = fields.Dict()


class IndicatorSnapshotPageOut(PageOut):
    items = fields.List(fields.Nested(IndicatorSnapshotSummaryOut))


class IndicatorValuesOut(Schema):
    period = Period()
    measures = fields.Dict()
    indicators = fields.Dict()
    catalogue = fields.Dict()
    formulas = fields.Dict()


class IndicatorDiffOut(Schema):
    kind = fields.String()
    key = fields.String()
    label = fields.String()
    stored = fields.String(allow_none=True)
    live = fields.String(allow_none=True)
    difference = fields.String(allow_none=True)
    changed = fields.Boolean()


class IndicatorCompareOut(Schema):
    snapshot = fields.Nested(IndicatorSnapshotSummaryOut)
    rows = fields.List(fields.Nested(IndicatorDiffOut))


class IndicatorRangeArgs(Strict):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD plus the report filters."""

    date_from = fields.Date(required=True, data_key="from")
    date_to = fields.Date(required=True, data_key="to")
    property_class = fields.String(load_default=None, validate=validate.OneOf(
        ["domestic", "commercial", "industrial", "public_services", "vacant_lot", "mixed"],
        error="Clase no válida."))
    service = fields.String(load_default=None, validate=validate.OneOf(
        ["water", "sewer", "sanitation"], error="Servicio no válido."))
    neighborhood_id = fields.Integer(load_default=None, validate=validate.Range(min=1))
    worker_id = fields.UUID(load_default=None)


class IndicatorStrategyRowOut(Schema):
    strategy = fields.String()
    label = fields.String()
    actions = fields.Integer()
    accounts = fields.Integer()
    responded_15 = fields.Integer()
    responded_30 = fields.Integer()
    responded_60 = fields.Integer()
    rate_15 = fields.Decimal(as_string=True, allow_none=True)
    rate_30 = fields.Decimal(as_string=True, allow_none=True)
    rate_60 = fields.Decimal(as_string=True, allow_none=True)
    amount_15 = fields.Decimal(as_string=True)
    amount_30 = fields.Decimal(as_string=True)
    amount_60 = fields.Decimal(as_string=True)


class IndicatorStrategyOut(Schema):
    date_from = fields.Date()
    date_to = fields.Date()
    rows = fields.List(fields.Nested(IndicatorStrategyRowOut))
    totals = fields.Dict()


class IndicatorProductivityRowOut(Schema):
    worker_id = fields.UUID(allow_none=True)
    worker = fields.String()
    day = fields.Date()
    assigned = fields.Integer()
    done = fields.Integer()
    pending = fields.Integer()
    visits = fields.Integer()
    far = fields.Integer()
    outcomes = fields.Dict(keys=fields.String(), values=fields.Integer())
    sync_delay_avg_min = fields.Float(allow_none=True)
    sync_delay_max_min = fields.Float(allow_none=True)


class IndicatorProductivityOut(Schema):
    date_from = fields.Date()
    date_to = fields.Date()
    rows = fields.List(fields.Nested(IndicatorProductivityRowOut))
    totals = fields.Dict()
