"""Discounts office API shapes."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from server.campaigns.schemas import REQ
from server.discounts.enums import TYPE_LABELS
from server.discounts.models import APPLICATION_STATUSES
from server.http import PageArgs, PageOut

MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Use AAAA-MM.")


def _choice(values) -> validate.OneOf:
    return validate.OneOf(list(values), error="Valor no válido; use uno de: {choices}.")


class ApplicationListArgs(PageArgs):
    status = fields.String(load_default=None, validate=_choice(APPLICATION_STATUSES))


class AnsweredOut(Schema):
    """The earlier application an answer names, with the office's question."""

    application_id = fields.UUID()
    question = fields.String(allow_none=True)
    asked_at = fields.DateTime(allow_none=True)
    status = fields.String()
    status_label = fields.String()


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
    status_label = fields.String()
    problems = fields.List(fields.String())
    problem_labels = fields.List(fields.String())
    record = fields.Dict()
    worker_id = fields.UUID()
    created_at = fields.DateTime()
    decision_note = fields.String(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    other_accounts_with_curp = fields.List(fields.String())
    evidence_pending = fields.Boolean()
    renewal_of = fields.UUID(allow_none=True)
    answers_request = fields.String(allow_none=True)
    answers = fields.Nested(AnsweredOut, allow_none=True)


class ApplicationPageOut(PageOut):
    items = fields.List(fields.Nested(ApplicationOut))


class DecisionIn(Schema):
    decision = fields.String(required=True, error_messages=REQ, validate=validate.OneOf(
        ["approve", "reject", "needs_info"], error="Use approve, reject o needs_info."))
    note = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=500))


class PostIn(Schema):
    period = fields.String(required=True, error_messages=REQ, validate=MONTH)


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


NAME = [validate.Length(min=1, max=160), validate.Regexp(r"\s*\S", error="Escriba el nombre.")]
ACT = validate.Length(max=200)


class ProgramIn(Schema):
    """A new program (`rules`: the whole rules, checked by program_rules.program_problems)."""

    name = fields.String(required=True, error_messages=REQ, validate=NAME)
    rules = fields.Dict(keys=fields.String(), required=True, error_messages=REQ)
    active = fields.Boolean(load_default=True)
    approving_act = fields.String(load_default=None, allow_none=True, validate=ACT)


class ProgramEditIn(Schema):
    """What changes of a program (what is left out stays; `rules` replaces the rules)."""

    name = fields.String(validate=NAME)
    rules = fields.Dict(keys=fields.String())
    active = fields.Boolean()
    approving_act = fields.String(allow_none=True, validate=ACT)


# --- renewal tasks ----------------------------------------------------------------------

class RenewalsIn(Schema):
    as_of = fields.Date(load_default=None, allow_none=True)


class RenewalWorkerOut(Schema):
    worker_id = fields.UUID()
    worker = fields.String()
    stops = fields.Integer()
    colonias = fields.List(fields.String())


class RenewalsOut(Schema):
    as_of = fields.String()
    routes = fields.Integer()
    stops = fields.Integer()
    left_for_later = fields.Integer()
    by_worker = fields.List(fields.Nested(RenewalWorkerOut))


# --- registration visits ------------------------------------------------------------------

class VisitsIn(Schema):
    """Accounts whose customers asked for the discount at the counter, for one social worker
    and day (today when absent)."""

    account_numbers = fields.List(
        fields.String(validate=[validate.Length(min=1, max=20),
                                validate.Regexp(r"\s*\S", error="Escriba el número de cuenta.")]),
        required=True, error_messages=REQ, validate=validate.Length(min=1, max=200))
    worker_id = fields.UUID(required=True, error_messages=REQ)
    work_date = fields.Date(load_default=None, allow_none=True)


class VisitsOut(Schema):
    route_id = fields.UUID(allow_none=True)
    route_name = fields.String(allow_none=True)
    stops = fields.Integer()
    skipped = fields.List(fields.String())


# --- beneficiaries ------------------------------------------------------------------------

class BeneficiaryFilters(Schema):
    """?month=AAAA-MM (this month when absent)&type=&neighborhood_id=&q="""

    month = fields.String(load_default=None, validate=MONTH)
    type = fields.String(load_default=None, validate=_choice(TYPE_LABELS))
    neighborhood_id = fields.Integer(load_default=None, validate=validate.Range(min=1))
    q = fields.String(load_default=None, validate=validate.Length(max=100))


class BeneficiaryArgs(BeneficiaryFilters, PageArgs):
    """The filters and the page (`per_page` is accepted for `page_size`)."""

    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1, max=200))

    @post_load
    def _per_page(self, data, **_):
        per_page = data.pop("per_page", None)
        if per_page is not None:
            data["page_size"] = per_page
        return data


class BeneficiaryOut(Schema):
    application_id = fields.UUID()
    account_id = fields.UUID()
    account_number = fields.String()
    holder = fields.String()
    beneficiary_name = fields.String()
    beneficiary_type = fields.String()
    curp = fields.String()
    neighborhood = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    renewal_due = fields.Boolean()
    month_discount = fields.Decimal(as_string=True, places=2)


class BeneficiarySummaryOut(Schema):
    beneficiary_type = fields.String()
    neighborhood = fields.String()
    beneficiaries = fields.Integer()
    month_discount = fields.Decimal(as_string=True, places=2)


class BeneficiaryTotalsOut(Schema):
    beneficiaries = fields.Integer()
    month_discount = fields.Decimal(as_string=True, places=2)


class BeneficiaryPageOut(PageOut):
    month = fields.String()
    items = fields.List(fields.Nested(BeneficiaryOut))
    summary = fields.List(fields.Nested(BeneficiarySummaryOut))
    totals = fields.Nested(BeneficiaryTotalsOut)


# --- declared emergency -------------------------------------------------------------------

class EmergencyIn(Schema):
    declared = fields.Boolean(required=True, error_messages=REQ)


class EmergencyOut(Schema):
    declared = fields.Boolean()
    updated_at = fields.DateTime(allow_none=True)
    updated_by = fields.UUID(allow_none=True)
