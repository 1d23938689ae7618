"""Field-sync v1 handler and row types of social discounts: `discount.apply` v1 (role
social_worker): an application captured at the door, append-only; a renewal or the answer
to the office's question is a new application naming the earlier one."""
from __future__ import annotations

from datetime import timezone

from marshmallow import Schema, fields, validate

from server.common.sync_contract import Entity, Mutation, MutationContext, MutationResult
from server.discounts import service
from server.discounts.enums import DOCUMENTS, TYPE_LABELS
from server.discounts.models import DiscountApplication, DiscountProgram
from server.discounts.payloads import serialize_applications, serialize_programs
from server.fieldwork.mutations import IS_SHA256, GpsIn, load_args
from server.notices.enums import GPS_ERRORS
from server.scope import set_scope

Text = fields.String
SOCIAL = frozenset({"social_worker"})
TYPES = list(TYPE_LABELS)


def _opt(field_cls, *args, **kwargs):
    return field_cls(*args, load_default=None, allow_none=True, **kwargs)


class DocumentIn(Schema):
    kind = Text(required=True, validate=validate.OneOf(list(DOCUMENTS)))
    sha256 = Text(required=True, validate=IS_SHA256)


class DiscountApplyV1(Schema):
    """`discount.apply` v1 args."""

    id = fields.UUID(required=True)
    program_id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    beneficiary_type = Text(required=True, validate=validate.OneOf(TYPES))
    beneficiary_name = Text(required=True, validate=validate.Length(min=3, max=200))
    curp = Text(required=True, validate=validate.Length(min=18, max=18))
    birth_date = _opt(fields.Date)
    lives_there = fields.Boolean(required=True)
    checklist = fields.Dict(keys=Text(validate=validate.Length(max=40)), values=fields.Boolean(),
                            load_default=dict)
    documents = fields.List(fields.Nested(DocumentIn), load_default=list,
                            validate=validate.Length(max=12))
    signature = _opt(Text, validate=IS_SHA256)
    gps = _opt(fields.Nested, GpsIn)
    gps_error = _opt(Text, validate=validate.OneOf(GPS_ERRORS))
    phone = _opt(Text, validate=validate.Length(max=20))
    notes = _opt(Text, validate=validate.Length(max=2000))
    started_at = fields.AwareDateTime(required=True, default_timezone=timezone.utc)
    renewal_of = _opt(fields.UUID)
    answers_request = _opt(Text, validate=validate.Length(max=500))


def apply_v1(ctx: MutationContext, args: dict) -> MutationResult:
    """Apply `discount.apply` v1; the worker's device then holds the application."""
    loaded, canonical = load_args(DiscountApplyV1, args, id_keys=("id", "account_id"))
    outcome = service.apply(ctx.session, worker_id=ctx.actor_id, client_id=ctx.client_id,
                            args=loaded, canonical=canonical, version=1)
    if not outcome.duplicate:
        set_scope(ctx.session, ctx.actor_id, "discount_application",
                  [outcome.application.id], True, new=True)
    return MutationResult(flags=outcome.flags, blobs=outcome.blobs,
                          duplicate=outcome.duplicate)


MUTATIONS = [Mutation("discount.apply", 1, DiscountApplyV1, apply_v1, SOCIAL)]
ENTITIES = [Entity("discount_program", DiscountProgram, serialize_programs, shared=True),
            Entity("discount_application", DiscountApplication, serialize_applications)]
