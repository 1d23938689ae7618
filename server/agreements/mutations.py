"""Field-sync v1 handler of agreements (docs/agreements.md): `agreement.sign` v1, signed
at the door by a notifier (or any field role) with no signal. Never rejected once the
customer signed: what does not add up is parked in pending_review with flags."""
from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, ValidationError, fields, validate, validates

from server.agreements import service
from server.agreements.models import AgreementPolicy
from server.agreements.payloads import serialize_policies
from server.common.sync_contract import Entity, Mutation, MutationContext, MutationResult
from server.fieldwork.mutations import IS_SHA256, load_args

Text = fields.String
Amount = fields.Decimal(as_string=True, places=2, required=True,
                        validate=validate.Range(min=0, max=99_999_999))
FIELD = frozenset({"notifier", "cutter", "social_worker"})


def _opt(field_cls, *args, **kwargs):
    return field_cls(*args, load_default=None, allow_none=True, **kwargs)


class LineIn(Schema):
    service = Text(required=True, validate=validate.Length(min=1, max=12))
    concept = Text(required=True, validate=validate.Length(min=1, max=20))
    amount = fields.Decimal(as_string=True, places=2, required=True,
                            validate=validate.Range(min=0, max=99_999_999))


class SnapshotIn(Schema):
    as_of = fields.Date(required=True)
    lines = fields.List(fields.Nested(LineIn), required=True, validate=validate.Length(max=400))


class WaiverIn(LineIn):
    reason = _opt(Text, validate=validate.Length(max=300))


class PartIn(Schema):
    number = fields.Integer(required=True, validate=validate.Range(min=0, max=120))
    kind = Text(required=True, validate=validate.OneOf(["down_payment", "installment"]))
    amount = fields.Decimal(as_string=True, places=2, required=True)
    due_date = fields.Date(required=True)


class CustomerIn(Schema):
    name = Text(required=True, validate=validate.Length(min=2, max=200))
    phone = _opt(Text, validate=validate.Length(max=20))
    id_shown = _opt(Text, validate=validate.Length(max=100))


class AgreementSignV1(Schema):
    """`agreement.sign` v1 args: the terms exactly as the customer signed them."""

    id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    policy_version = fields.Integer(required=True, validate=validate.Range(min=1))
    snapshot = fields.Nested(SnapshotIn, required=True)
    promotions = fields.List(Text(validate=validate.Length(max=40)), load_default=list,
                             validate=validate.Length(max=5))
    waivers = fields.List(fields.Nested(WaiverIn), load_default=list,
                          validate=validate.Length(max=50))
    agreed_debt = Amount
    down_payment = Amount
    installments = fields.Integer(required=True, validate=validate.Range(min=0, max=60))
    start_date = fields.Date(required=True)
    first_due = fields.Date(required=True)
    schedule = fields.List(fields.Nested(PartIn), required=True,
                           validate=validate.Length(min=1, max=61))
    customer = fields.Nested(CustomerIn, required=True)
    customer_signature = _opt(Text, validate=IS_SHA256)
    staff_signature = _opt(Text, validate=IS_SHA256)
    # Kept as the device wrote it: it is part of the signed terms and of their hash.
    signed_at = Text(required=True, validate=validate.Length(max=40))
    terms_hash = Text(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))

    @validates("signed_at")
    def _instant(self, value, **_):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("Fecha y hora ISO 8601 con zona.") from None
        if moment.tzinfo is None:
            raise ValidationError("Falta la zona horaria.")


def sign_v1(ctx: MutationContext, args: dict) -> MutationResult:
    """Apply `agreement.sign` v1."""
    loaded, canonical = load_args(AgreementSignV1, args, id_keys=("id", "account_id"))
    role = next((r for r in ("notifier", "cutter", "social_worker")
                 if r in ctx.actor_roles), "notifier")
    outcome = service.sign(ctx.session, actor_id=ctx.actor_id, actor_role=role, origin="field",
                           client_id=ctx.client_id, args=loaded, canonical=canonical,
                           version=1)
    blobs = [s for s in (loaded.get("customer_signature"), loaded.get("staff_signature")) if s]
    return MutationResult(flags=outcome.flags, blobs=blobs, duplicate=outcome.duplicate)


MUTATIONS = [Mutation("agreement.sign", 1, AgreementSignV1, sign_v1, FIELD)]
ENTITIES = [Entity("agreement_policy", AgreementPolicy, serialize_policies, shared=True)]
