"""Discounts office API shapes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.campaigns.schemas import REQ
from server.discounts.models import APPLICATION_STATUSES
from server.http import PageArgs, PageOut


class ApplicationListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(
        list(APPLICATION_STATUSES), error="Valor no válido; use uno de: {choices}."))


class ApplicationOut(Schema):
    id = fields.UUID()
    program_id = fields.UUID()
    account_id = fields.UUID()
    account_number = fields.String()
    beneficiary_type = fields.String()
    beneficiary_name = fields.String()
    curp = fields.String()
    birth_date = fields.Date(allow_none=True)
    status = fields.String()
    problems = fields.List(fields.String())
    problem_labels = fields.List(fields.String())
    record = fields.Dict()
    worker_id = fields.UUID()
    created_at = fields.DateTime()
    decision_note = fields.String(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    other_accounts_with_curp = fields.List(fields.String())


class ApplicationPageOut(PageOut):
    items = fields.List(fields.Nested(ApplicationOut))


class DecisionIn(Schema):
    decision = fields.String(required=True, error_messages=REQ, validate=validate.OneOf(
        ["approve", "reject", "needs_info"], error="Use approve, reject o needs_info."))
    note = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=500))


class PostIn(Schema):
    period = fields.String(required=True, error_messages=REQ, validate=validate.Regexp(
        r"^\d{4}-(0[1-9]|1[0-2])$", error="Use AAAA-MM."))


class PostOut(Schema):
    period = fields.String()
    posted = fields.Integer()
    total = fields.Decimal(as_string=True, places=2)


class ProgramOut(Schema):
    id = fields.UUID()
    name = fields.String()
    rules = fields.Dict()
    active = fields.Boolean()
    approving_act = fields.String(allow_none=True)


class ProgramListOut(Schema):
    items = fields.List(fields.Nested(ProgramOut))
