"""Field-sync v1 handler and row types of surveys: `survey.submit` v1 (roles notifier,
cutter, social_worker): a survey answered at the door, append-only, naming the form
version it was answered on (old versions stay accepted after a new one is published)."""
from __future__ import annotations

import math
from datetime import timezone

from marshmallow import Schema, ValidationError, fields, validate

from server.common.sync_contract import Entity, Mutation, MutationContext, MutationResult
from server.fieldwork.mutations import GpsIn, load_args
from server.notices.enums import GPS_ERRORS
from server.surveys import service
from server.surveys.models import TRIGGERS, SurveyForm, SurveyRequest
from server.surveys.payloads import serialize_forms, serialize_requests

FIELD = frozenset({"notifier", "cutter", "social_worker"})
NUMBER_LIMIT = 10 ** 12


def _opt(field_cls, *args, **kwargs):
    return field_cls(*args, load_default=None, allow_none=True, **kwargs)


class AnswerValue(fields.Field):
    """text, a list of option values, a number or yes/no; kept as sent (the form's own
    rules judge it, see rules.answer_problems)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None or isinstance(value, (bool, str)):
            if isinstance(value, str) and len(value) > 10000:
                raise ValidationError("Texto demasiado largo.")
            return value
        if isinstance(value, (int, float)):
            if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
                raise ValidationError("Número fuera de rango.")
            return value
        if isinstance(value, list):
            if len(value) > 50 or not all(isinstance(v, str) and len(v) <= 200 for v in value):
                raise ValidationError("Se esperaba una lista de opciones.")
            return value
        raise ValidationError("Respuesta no válida: texto, número, sí/no o lista de opciones.")


class SurveySubmitV1(Schema):
    """`survey.submit` v1 args."""

    id = fields.UUID(required=True)
    form_id = fields.UUID(required=True)
    account_id = _opt(fields.UUID)
    stop_id = _opt(fields.UUID)
    request_id = _opt(fields.UUID)
    trigger = fields.String(required=True, validate=validate.OneOf(
        list(TRIGGERS), error="Valor no válido; use uno de: {choices}."))
    answers = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=40)),
                          values=AnswerValue(allow_none=True), required=True,
                          validate=validate.Length(max=100))
    respondent_name = _opt(fields.String, validate=validate.Length(max=200))
    gps = _opt(fields.Nested, GpsIn)
    gps_error = _opt(fields.String, validate=validate.OneOf(GPS_ERRORS))
    started_at = fields.AwareDateTime(required=True, default_timezone=timezone.utc)


def submit_v1(ctx: MutationContext, args: dict) -> MutationResult:
    """Apply `survey.submit` v1; an answered request reaches the device as answered."""
    loaded, canonical = load_args(SurveySubmitV1, args, id_keys=("id", "form_id"))
    outcome = service.submit(ctx.session, worker_id=ctx.actor_id, client_id=ctx.client_id,
                             args=loaded, canonical=canonical, version=1,
                             received_at=ctx.received_at)
    return MutationResult(flags=outcome.flags, duplicate=outcome.duplicate)


MUTATIONS = [Mutation("survey.submit", 1, SurveySubmitV1, submit_v1, FIELD)]
ENTITIES = [Entity("survey_form", SurveyForm, serialize_forms, shared=True),
            Entity("survey_request", SurveyRequest, serialize_requests)]
