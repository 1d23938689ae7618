"""Billing analysis API shapes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.billing.enums import CATEGORIES, REVIEW_ACTIONS
from server.http import PageArgs, PageOut
from server.registry.enums import PROPERTY_CLASSES

REQ = {"required": "Campo obligatorio."}


def _choice(values) -> validate.OneOf:
    return validate.OneOf(list(values), error="Valor no válido; use uno de: {choices}.")


class BillingPeriodOut(Schema):
    period = fields.String()
    status = fields.String()
    authorized_at = fields.DateTime(allow_none=True)
    authorized_by = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class BillingPeriodListOut(Schema):
    items = fields.List(fields.Nested(BillingPeriodOut))


class ComparisonArgs(Schema):
    """Filters of the comparison: one colonia and/or one class."""

    neighborhood_id = fields.Integer(load_default=None, validate=validate.Range(min=1))
    property_class = fields.String(load_default=None, validate=_choice(PROPERTY_CLASSES))


class BillingCellOut(Schema):
    amount = fields.Decimal(as_string=True, places=2)
    m3 = fields.Integer()
    bills = fields.Integer()


class ComparisonRowOut(Schema):
    property_class = fields.String()
    service = fields.String()
    concept = fields.String()
    current = fields.Nested(BillingCellOut)
    previous = fields.Nested(BillingCellOut)
    last_year = fields.Nested(BillingCellOut)
    amount_vs_previous = fields.Decimal(as_string=True, allow_none=True)
    amount_vs_last_year = fields.Decimal(as_string=True, allow_none=True)
    m3_vs_previous = fields.Decimal(as_string=True, allow_none=True)
    m3_vs_last_year = fields.Decimal(as_string=True, allow_none=True)


class ComparisonOut(Schema):
    period = fields.String()
    status = fields.String()
    periods = fields.Dict(keys=fields.String(), values=fields.String())
    by_class = fields.List(fields.Nested(ComparisonRowOut))
    by_service = fields.List(fields.Nested(ComparisonRowOut))
    total = fields.Nested(ComparisonRowOut)


class LargeConsumerArgs(PageArgs):
    """?only=pending|needs_validation|all and the page."""

    only = fields.String(load_default="all",
                         validate=_choice(("all", "needs_validation", "pending")))


class LargeConsumerReviewOut(Schema):
    action = fields.String()
    note = fields.String(allow_none=True)
    consumption_m3 = fields.Integer()
    decided_at = fields.DateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    stop_id = fields.UUID(allow_none=True)
    stop_status = fields.String(allow_none=True)


class LargeConsumerOut(Schema):
    account_id = fields.UUID()
    account_number = fields.String()
    holder = fields.String()
    address = fields.String()
    neighborhood = fields.String()
    property_class = fields.String()
    category = fields.String(allow_none=True)
    flagged = fields.Boolean()
    reason = fields.String()
    consumption_m3 = fields.Integer()
    average_m3 = fields.Decimal(as_string=True, allow_none=True)
    history_months = fields.Integer()
    deviation = fields.Decimal(as_string=True, allow_none=True)
    deviation_status = fields.String()
    needs_validation = fields.Boolean()
    pending = fields.Boolean()
    review = fields.Nested(LargeConsumerReviewOut, allow_none=True)


class LargeConsumerSummaryOut(Schema):
    total = fields.Integer()
    needs_validation = fields.Integer()
    pending = fields.Integer()
    inspections_sent = fields.Integer()


class LargeConsumerPageOut(PageOut):
    items = fields.List(fields.Nested(LargeConsumerOut))
    summary = fields.Nested(LargeConsumerSummaryOut)
    period = fields.Nested(BillingPeriodOut)
    settings = fields.Dict()


class LargeConsumerReviewIn(Schema):
    """validated | explained (note required) | inspection_sent (worker and date required)."""

    action = fields.String(required=True, error_messages=REQ, validate=_choice(REVIEW_ACTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    worker_id = fields.UUID(load_default=None, allow_none=True)
    work_date = fields.Date(load_default=None, allow_none=True)


class BillingAuthorizeIn(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class LargeConsumerFlagIn(Schema):
    """Flag or unflag an account as a large consumer and its category, with a reason."""

    flagged = fields.Boolean(required=True, error_messages=REQ)
    category = fields.String(load_default=None, allow_none=True, validate=_choice(CATEGORIES))
    reason = fields.String(required=True, error_messages=REQ,
                           validate=validate.Length(min=3, max=500))


class LargeConsumerFlagOut(Schema):
    account_id = fields.UUID()
    account_number = fields.String()
    flagged = fields.Boolean()
    category = fields.String(allow_none=True)
