"""Surveys office API shapes. A form's shape is checked here (types, lengths); what it
means (ids, options, conditions, complaints) by rules.form_problems in the service."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.campaigns.schemas import REQ
from server.http import PageArgs, PageOut
from server.surveys.models import COMPLAINT_STATUSES, REQUEST_STATUSES
from server.surveys.rules import EVENTS, KINDS, QUESTIONS_MAX, THRESHOLD_MAX, THRESHOLD_MIN


def _choice(options):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class JsonNumber(fields.Field):
    """A JSON number kept as sent (an integer stays an integer)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
                or abs(value) > 10 ** 12:
            raise ValidationError("Se esperaba un número.")
        return value


class OptionIn(Schema):
    value = fields.String(required=True, error_messages=REQ,
                          validate=validate.Length(min=1, max=60))
    label = fields.String(required=True, error_messages=REQ,
                          validate=validate.Length(min=1, max=200))


class ShowIfIn(Schema):
    question = fields.String(required=True, error_messages=REQ,
                             validate=validate.Length(min=1, max=40))
    equals = fields.Raw(required=True, error_messages=REQ)


class QuestionIn(Schema):
    id = fields.String(required=True, error_messages=REQ, validate=validate.Length(max=40))
    kind = fields.String(required=True, error_messages=REQ, validate=_choice(KINDS))
    label = fields.String(required=True, error_messages=REQ, validate=validate.Length(max=300))
    required = fields.Boolean(load_default=False)
    options = fields.List(fields.Nested(OptionIn), load_default=None, allow_none=True,
                          validate=validate.Length(max=40))
    min = JsonNumber(load_default=None, allow_none=True)
    max = JsonNumber(load_default=None, allow_none=True)
    complaint = fields.Boolean(load_default=False)
    complaint_values = fields.List(fields.String(validate=validate.Length(max=60)),
                                   load_default=None, allow_none=True,
                                   validate=validate.Length(max=20))
    satisfaction = fields.Boolean(load_default=False)
    show_if = fields.Nested(ShowIfIn, load_default=None, allow_none=True)


class TriggersIn(Schema):
    standalone = fields.Boolean(load_default=False)
    events = fields.List(fields.String(validate=_choice(EVENTS)), load_default=list,
                         validate=validate.Length(max=len(EVENTS)))


class FormIn(Schema):
    """A new form (its first draft)."""

    title = fields.String(required=True, error_messages=REQ,
                          validate=validate.Length(min=1, max=200))
    description = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(max=2000))
    questions = fields.List(fields.Nested(QuestionIn), required=True, error_messages=REQ,
                            validate=validate.Length(max=QUESTIONS_MAX))
    triggers = fields.Nested(TriggersIn, load_default=lambda: {"standalone": False,
                                                                "events": []})
    complaint_threshold = fields.Integer(load_default=2, strict=True, validate=validate.Range(
        min=THRESHOLD_MIN, max=THRESHOLD_MAX))


class DraftIn(Schema):
    """The draft's new content; what is left out is kept (from the draft, or copied from
    the newest version when there is no draft yet)."""

    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    questions = fields.List(fields.Nested(QuestionIn), validate=validate.Length(
        max=QUESTIONS_MAX))
    triggers = fields.Nested(TriggersIn)
    complaint_threshold = fields.Integer(strict=True, validate=validate.Range(
        min=THRESHOLD_MIN, max=THRESHOLD_MAX))


class SurveyAssignIn(Schema):
    route_ids = fields.List(fields.UUID(), required=True, error_messages=REQ,
                            validate=validate.Length(min=1, max=200))
    mode = fields.String(load_default="every", validate=_choice(["every", "sample"]))
    sample_percent = fields.Integer(load_default=100, strict=True,
                                    validate=validate.Range(min=1, max=100))


class SurveyAssignOut(Schema):
    requests_created = fields.Integer()
    stops_considered = fields.Integer()
    stops_chosen = fields.Integer()


class VersionOut(Schema):
    id = fields.UUID()
    form_key = fields.UUID()
    version = fields.Integer()
    title = fields.String()
    description = fields.String(allow_none=True)
    status = fields.String()
    questions = fields.List(fields.Dict())
    triggers = fields.Dict()
    complaint_threshold = fields.Integer()
    published_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    created_by = fields.UUID(allow_none=True)
    responses = fields.Integer()


class FormSummaryOut(Schema):
    form_key = fields.UUID()
    title = fields.String()
    latest_published_version = fields.Integer(allow_none=True)
    latest_version = fields.Integer()
    has_draft = fields.Boolean()
    status = fields.String()
    responses = fields.Integer()
    open_complaints = fields.Integer()
    triggers = fields.Dict()


class FormDetailOut(Schema):
    form_key = fields.UUID()
    draft = fields.Nested(VersionOut, allow_none=True)
    versions = fields.List(fields.Nested(VersionOut))


class ResultsArgs(Schema):
    version = fields.Integer(load_default=None, validate=validate.Range(min=1, max=100000))
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    neighborhood_id = fields.Integer(load_default=None, validate=validate.Range(min=1))
    worker_id = fields.UUID(load_default=None)

    @validates_schema
    def _order(self, data, **_):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("La fecha inicial es posterior a la final.", "from")


class ComplaintListArgs(PageArgs):
    status = fields.String(load_default=None, validate=_choice(COMPLAINT_STATUSES))


class ComplaintOut(Schema):
    id = fields.UUID()
    status = fields.String()
    summary = fields.String()
    question_ids = fields.List(fields.String())
    created_at = fields.DateTime()
    response_id = fields.UUID()
    form_key = fields.UUID()
    version = fields.Integer()
    form_title = fields.String()
    account_id = fields.UUID(allow_none=True)
    account_number = fields.String(allow_none=True)
    holder = fields.String(allow_none=True)
    neighborhood = fields.String(allow_none=True)
    worker_name = fields.String()
    trigger = fields.String()
    closed_at = fields.DateTime(allow_none=True)
    closed_by = fields.UUID(allow_none=True)
    note = fields.String(allow_none=True)


class ComplaintPageOut(PageOut):
    items = fields.List(fields.Nested(ComplaintOut))


class CloseIn(Schema):
    note = fields.String(required=True, error_messages=REQ,
                         validate=validate.Length(min=1, max=500))


class RequestListArgs(PageArgs):
    form_key = fields.UUID(load_default=None)
    status = fields.String(load_default=None, validate=_choice(REQUEST_STATUSES))


class RequestOut(Schema):
    id = fields.UUID()
    form_key = fields.UUID()
    form_title = fields.String()
    account_id = fields.UUID()
    account_number = fields.String()
    stop_id = fields.UUID(allow_none=True)
    worker_id = fields.UUID()
    worker_name = fields.String()
    reason = fields.String()
    status = fields.String()
    created_at = fields.DateTime()


class RequestPageOut(PageOut):
    items = fields.List(fields.Nested(RequestOut))


class TextOut(Schema):
    text = fields.String()
    at = fields.DateTime()
    account_number = fields.String(allow_none=True)


class QuestionResultOut(Schema):
    id = fields.String()
    kind = fields.String()
    label = fields.String()
    answered = fields.Integer()
    skipped = fields.Integer()
    # {value (an option's value, true/false, or 1..5), label, count, percent ("25.0")}
    counts = fields.List(fields.Dict())
    average = fields.String(allow_none=True)
    min = fields.String(allow_none=True)
    max = fields.String(allow_none=True)
    texts = fields.List(fields.Nested(TextOut))
    texts_total = fields.Integer()


class FiltersOut(Schema):
    version = fields.Integer()
    date_from = fields.Date(allow_none=True, data_key="from")
    date_to = fields.Date(allow_none=True, data_key="to")
    neighborhood_id = fields.Integer(allow_none=True)
    worker_id = fields.UUID(allow_none=True)


class ResultsOut(Schema):
    form_key = fields.UUID()
    form_id = fields.UUID()
    version = fields.Integer()
    title = fields.String()
    status = fields.String()
    responses = fields.Integer()
    questions = fields.List(fields.Nested(QuestionResultOut))
    filters = fields.Nested(FiltersOut)
