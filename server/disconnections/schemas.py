"""Disconnections API shapes; unknown fields are rejected (marshmallow RAISE)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from server.campaigns.schemas import REQ, HoodOut, SampleOut, SelectionFieldsIn
from server.disconnections.enums import ACTIONS, STATUSES
from server.disconnections.rules import CutRules
from server.http import PageArgs, PageOut

Dec = fields.Decimal(as_string=True, places=2)


def _choice(options):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class CutRulesIn(SelectionFieldsIn):
    """Cut-list rules (docs/disconnections.md). Homes (domestic, mixed) are only ever
    restricted; `non_domestic_action` says what the rest get."""

    min_months_past_due = fields.Integer(load_default=3, strict=True,
                                         validate=validate.Range(min=1, max=600))
    max_months_past_due = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(min=1, max=600))
    formal_notice_min_days = fields.Integer(load_default=3, allow_none=True, strict=True,
                                            validate=validate.Range(min=0, max=365))
    include_public_services = fields.Boolean(load_default=False, metadata={
        "description": "Incluir servicios públicos (hospitales, escuelas): solo a propósito."})
    include_breached_agreements = fields.Boolean(load_default=False, metadata={
        "description": "Una cuenta con convenio incumplido entra aunque no tenga "
                       "requerimiento entregado: reconoció el adeudo al firmar."})
    non_domestic_action = fields.String(load_default="disconnect",
                                        validate=_choice(("restrict", "disconnect")))

    @post_load
    def _make(self, data, **_):
        return CutRules.from_dict(data)


class CutPreviewIn(Schema):
    rules = fields.Nested(CutRulesIn, required=True, error_messages=REQ)


class CutPreviewOut(Schema):
    as_of = fields.Date()
    count = fields.Integer()
    total_debt = Dec
    by_neighborhood = fields.List(fields.Nested(HoodOut))
    by_action = fields.Dict(keys=fields.String(), values=fields.Integer())
    sample = fields.List(fields.Nested(SampleOut))
    exclusions_not_applied = fields.List(fields.String())


class CutListIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=3, max=160),
                         error_messages=REQ)
    rules = fields.Nested(CutRulesIn, required=True, error_messages=REQ)


class CutListOut(Schema):
    id = fields.UUID()
    folio = fields.String()
    name = fields.String()
    rules = fields.Dict()
    order_count = fields.Integer()
    total_debt = Dec
    created_by = fields.UUID(allow_none=True)
    created_at = fields.DateTime()
    exclusions_not_applied = fields.List(fields.String())
    orders_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())


class CutListPageOut(PageOut):
    items = fields.List(fields.Nested(CutListOut))


class OrderListArgs(PageArgs):
    cut_list_id = fields.UUID(load_default=None)
    status = fields.String(load_default=None, validate=_choice(STATUSES))
    action = fields.String(load_default=None, validate=_choice(ACTIONS))


class OrderOut(Schema):
    id = fields.UUID()
    folio = fields.String()
    action = fields.String()
    status = fields.String()
    urgent = fields.Boolean()
    account_id = fields.UUID()
    account_number = fields.String()
    property_class = fields.String()
    holder_name = fields.String()
    address = fields.String()
    neighborhood = fields.String()
    debt_amount = Dec
    months_past_due = fields.Integer()
    issued_on = fields.Date()
    not_before = fields.Date(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    executed_at = fields.DateTime(allow_none=True)
    not_executed_reason = fields.String(allow_none=True)
    flags = fields.List(fields.String())


class OrderPageOut(PageOut):
    items = fields.List(fields.Nested(OrderOut))


class OrderRoutesIn(Schema):
    work_date = fields.Date(required=True, error_messages=REQ)
    worker_ids = fields.List(fields.UUID(), required=True, error_messages=REQ,
                             validate=validate.Length(min=1, max=50))
    cut_list_id = fields.UUID(load_default=None, allow_none=True)
    actions = fields.List(fields.String(validate=_choice(ACTIONS)), load_default=None,
                          allow_none=True)
    group_by = fields.String(load_default="neighborhood",
                             validate=_choice(("neighborhood", "sector")))
    max_stops_per_route = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(min=1, max=300))

    @validates_schema
    def _something(self, data, **_):
        if not data.get("cut_list_id") and not data.get("actions"):
            raise ValidationError("Indique una lista de cortes o el tipo de órdenes.",
                                  "cut_list_id")


class RouteOut(Schema):
    id = fields.UUID()
    name = fields.String()
    worker_id = fields.UUID(allow_none=True)
    work_date = fields.Date()
    zone = fields.String(allow_none=True)


class CancelOrderIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=255),
                           error_messages=REQ)


class BoardArgs(Schema):
    work_date = fields.Date(load_default=None)


class AlertOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    order_id = fields.UUID()
    folio = fields.String()
    account_id = fields.UUID()
    message = fields.String()
    created_at = fields.DateTime()


class WorkerBoardOut(Schema):
    worker_id = fields.UUID(allow_none=True)
    pending = fields.Integer()
    executed = fields.Integer()
    not_executed = fields.Dict(keys=fields.String(), values=fields.Integer())
    cancelled = fields.Integer()
    executed_after_cancellation = fields.Integer()


class BoardOut(Schema):
    work_date = fields.Date()
    workers = fields.List(fields.Nested(WorkerBoardOut))
    alerts = fields.List(fields.Nested(AlertOut))


class OrderStateOut(Schema):
    id = fields.UUID()
    folio = fields.String()
    status = fields.String()
    cancel_reason = fields.String(allow_none=True)


class AckOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    message = fields.String()
    acknowledged_at = fields.DateTime(allow_none=True)
