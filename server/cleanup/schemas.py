"""Clean-up API shapes; unknown fields are rejected (marshmallow RAISE)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from server.cleanup.rules import (
    PROPOSAL_KINDS, PROPOSAL_STATUSES, RECLASSIFY_FIELDS, SUSPECT_KINDS)
from server.common.fields import Money
from server.http import PageArgs, PageOut

REQ = {"required": "Campo obligatorio."}
Str = fields.String


def _choice(options):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class CleanupSuspectArgs(PageArgs):
    kind = Str(required=True, validate=_choice(SUSPECT_KINDS), error_messages=REQ)
    as_of = fields.Date(load_default=None)


class CleanupExportArgs(Schema):
    kind = Str(required=True, validate=_choice(SUSPECT_KINDS), error_messages=REQ)
    as_of = fields.Date(load_default=None)


class CleanupCountsArgs(Schema):
    as_of = fields.Date(load_default=None)


class CleanupSuspectOut(Schema):
    account_id = Str()
    account_number = Str()
    holder_name = Str()
    neighborhood = Str()
    property_class = Str()
    property_class_label = Str()
    status = Str()
    status_label = Str()
    balance = Money(allow_zero=True, allow_none=True)
    months_past_due = fields.Integer()
    kind = Str()
    code = Str()
    group_key = Str(allow_none=True)
    detail_date = fields.Date(allow_none=True)
    detail_amount = Money(allow_zero=True, allow_none=True)
    detail_n = fields.Integer(allow_none=True)
    reason = Str()


class CleanupSuspectPageOut(PageOut):
    kind = Str()
    kind_label = Str()
    as_of = fields.Date()
    items = fields.List(fields.Nested(CleanupSuspectOut))


class CleanupCountOut(Schema):
    kind = Str()
    label = Str()
    count = fields.Integer()


class CleanupCountsOut(Schema):
    as_of = fields.Date()
    kinds = fields.List(fields.Nested(CleanupCountOut))


class CleanupReclassificationIn(Schema):
    account = Str(required=True, validate=validate.Length(min=1, max=40), error_messages=REQ)
    changes = fields.Dict(keys=Str(validate=_choice(RECLASSIFY_FIELDS)),
                          values=Str(validate=validate.Length(min=1, max=40)),
                          required=True, error_messages=REQ)
    reason = Str(required=True, validate=validate.Length(min=3, max=500), error_messages={
        "required": "Indique el motivo."})
    suspect_kind = Str(load_default=None, allow_none=True, validate=_choice(SUSPECT_KINDS))

    @validates("changes")
    def _not_empty(self, value, **_):
        if not value:
            raise ValidationError("Indique al menos un cambio.")


class CleanupWriteOffIn(Schema):
    account = Str(required=True, validate=validate.Length(min=1, max=40), error_messages=REQ)
    charge_ids = fields.List(fields.Integer(strict=True), load_default=None, allow_none=True,
                             validate=validate.Length(min=1, max=2000))
    amount = Money(load_default=None, allow_none=True)
    reason = Str(required=True, validate=validate.Length(min=3, max=500), error_messages={
        "required": "Indique el motivo."})
    suspect_kind = Str(load_default=None, allow_none=True, validate=_choice(SUSPECT_KINDS))


class CleanupApproveIn(Schema):
    reason = Str(load_default=None, allow_none=True, validate=validate.Length(max=500))


class CleanupRejectIn(Schema):
    reason = Str(required=True, validate=validate.Length(min=3, max=500), error_messages={
        "required": "Indique el motivo del rechazo."})


class CleanupProposalListArgs(PageArgs):
    status = Str(load_default=None, validate=_choice(PROPOSAL_STATUSES))
    kind = Str(load_default=None, validate=_choice(PROPOSAL_KINDS))
    mine = fields.Boolean(load_default=False)
    account_id = fields.UUID(load_default=None)


class CleanupProposalOut(Schema):
    id = Str()
    account_id = Str()
    account_number = Str()
    holder_name = Str()
    kind = Str()
    kind_label = Str()
    status = Str()
    status_label = Str()
    suspect_kind = Str(allow_none=True)
    reason = Str()
    changes = fields.Dict(keys=Str(), values=Str())
    all_open = fields.Boolean()
    charge_ids = fields.List(fields.Integer())
    amount = Money(allow_none=True)
    proposed_by = Str()
    proposed_by_name = Str(allow_none=True)
    decided_by = Str(allow_none=True)
    decided_by_name = Str(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decision_reason = Str(allow_none=True)
    credit_id = fields.Integer(allow_none=True)
    change_proposal_ids = fields.List(Str())
    created_at = fields.DateTime()


class CleanupProposalPageOut(PageOut):
    items = fields.List(fields.Nested(CleanupProposalOut))


class CleanupOpenChargeOut(Schema):
    id = fields.Integer()
    period = fields.Date()
    service = Str()
    concept = Str()
    due_date = fields.Date()
    amount = Money()
    open_amount = Money()
