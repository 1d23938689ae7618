"""Imports API shapes. Money in a payment file's matches travels as strings (Decimal)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.http import PageArgs, PageOut

APPLY_MODES = ("all_or_nothing", "skip_invalid")


class ApplyIn(Schema):
    mode = fields.String(load_default="all_or_nothing", validate=validate.OneOf(
        APPLY_MODES, error="Valor no válido; use uno de: {choices}."))


class RunCreatedOut(Schema):
    id = fields.UUID()
    status = fields.String()


class ErrorLineOut(Schema):
    line = fields.Integer()
    column = fields.String(allow_none=True)
    message = fields.String()


class RunSummaryOut(Schema):
    id = fields.UUID()
    kind = fields.String()
    mode = fields.String()
    status = fields.String()
    filename = fields.String()
    rows_total = fields.Integer()
    rows_done = fields.Integer()
    imported = fields.Integer()
    errors_count = fields.Integer()
    preview_of = fields.UUID(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)


class RunOut(RunSummaryOut):
    valid = fields.Integer()
    verdict = fields.String(allow_none=True)
    errors = fields.List(fields.Nested(ErrorLineOut))
    warnings = fields.List(fields.String())
    details = fields.Dict(keys=fields.String(), values=fields.Integer())
    # payment files: one per line (first 200) and the totals of every line
    matches = fields.List(fields.Dict())
    totals = fields.Dict(allow_none=True)


class RunListArgs(PageArgs):
    pass


class RunPageOut(PageOut):
    items = fields.List(fields.Nested(RunSummaryOut))
