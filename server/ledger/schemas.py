"""Ledger API shapes. Money travels as strings with two decimals."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.common.fields import Money
from server.ledger.enums import (
    CREDIT_KINDS, EXTRAORDINARY_KINDS, EXTRAORDINARY_STATUSES, PAYMENT_METHODS, SERVICES)
from server.http import PageArgs, PageOut

REQ = {"required": "Campo obligatorio."}
# Photos of the work an extraordinary charge may carry (evidence for the manager).
EXTRAORDINARY_MAX_PHOTOS = 6


def _choice(options: dict):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class PaymentIn(Schema):
    amount = Money(required=True, error_messages=REQ)
    paid_on = fields.Date(load_default=None)
    method = fields.String(load_default="cash", validate=_choice(PAYMENT_METHODS))
    reference = fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(max=80))
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class PaymentOut(Schema):
    id = fields.Integer()
    account_id = fields.String()
    amount = Money()
    unapplied = Money(allow_zero=True)
    paid_on = fields.Date()
    method = fields.String()
    reference = fields.String(allow_none=True)
    receipt_number = fields.String()
    origin = fields.String()
    allocations = fields.List(fields.Dict())
    balance_after = Money(allow_zero=True)


class CreditIn(Schema):
    amount = Money(required=True, error_messages=REQ)
    kind = fields.String(required=True, validate=_choice(CREDIT_KINDS), error_messages=REQ)
    reason = fields.String(required=True, validate=validate.Length(min=3, max=500),
                           error_messages={"required": "Indique el motivo."})
    charge_ids = fields.List(fields.Integer(strict=True), load_default=None,
                             validate=validate.Length(min=1, max=500))


class CreditOut(Schema):
    id = fields.Integer()
    amount = Money()
    kind = fields.String()
    reason = fields.String()
    credited_on = fields.Date()


class StatementArgs(Schema):
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")

    @validates_schema
    def _order(self, data, **_):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("La fecha inicial es posterior a la final.", "from")


class StatementLineOut(Schema):
    date = fields.Date()
    kind = fields.String()
    ref = fields.Integer()
    period = fields.Date(allow_none=True)
    service = fields.String(allow_none=True)
    concept = fields.String(allow_none=True)
    due_date = fields.Date(allow_none=True)
    description = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    debit = Money(allow_zero=True)
    credit = Money(allow_zero=True)
    balance = fields.Decimal(as_string=True, places=2)


class StatementOut(Schema):
    account_number = fields.String()
    holder_name = fields.String()
    opening_balance = fields.Decimal(as_string=True, places=2)
    closing_balance = fields.Decimal(as_string=True, places=2)
    # Built JSON-ready by the query (hundreds of lines); StatementLineOut documents them.
    lines = fields.List(fields.Raw(metadata={"description": "Ver StatementLineOut"}))


class BalanceOut(Schema):
    class Meta:
        unknown = "include"

    account_number = fields.String()
    as_of = fields.Date()
    balance = fields.Decimal(as_string=True, places=2)
    charges_open = fields.Decimal(as_string=True, places=2)
    unapplied_credit = fields.Decimal(as_string=True, places=2)
    principal = fields.Decimal(as_string=True, places=2)
    accessories = fields.Decimal(as_string=True, places=2)
    overdue = fields.Decimal(as_string=True, places=2)
    by_service = fields.Dict(keys=fields.String(), values=fields.Dict(
        keys=fields.String(), values=fields.Decimal(as_string=True, places=2)))
    by_concept = fields.Dict(keys=fields.String(),
                             values=fields.Decimal(as_string=True, places=2))
    aging = fields.Dict(keys=fields.String(), values=fields.Decimal(as_string=True, places=2))
    months_past_due = fields.Integer()
    periods_past_due = fields.Integer()
    oldest_unpaid_period = fields.Date(allow_none=True)


class SummaryArgs(Schema):
    as_of = fields.Date(load_default=None)
    neighborhood_id = fields.Integer(load_default=None)
    sector = fields.String(load_default=None, validate=validate.Length(max=20))


class SummaryRowOut(Schema):
    bucket = fields.String()
    property_class = fields.String()
    service = fields.String()
    principal = fields.Decimal(as_string=True, places=2)
    accessories = fields.Decimal(as_string=True, places=2)
    total = fields.Decimal(as_string=True, places=2)


class DelinquentRowOut(Schema):
    bucket = fields.String()
    property_class = fields.String()
    accounts = fields.Integer()


class DelinquentOut(Schema):
    as_of = fields.Date()
    rows = fields.List(fields.Nested(DelinquentRowOut))


class SummaryOut(Schema):
    as_of = fields.Date()
    buckets = fields.List(fields.String())
    rows = fields.List(fields.Nested(SummaryRowOut))
    total_open = fields.Decimal(as_string=True, places=2)
    arrears_total = fields.Decimal(as_string=True, places=2)
    unapplied_credit = fields.Decimal(as_string=True, places=2)
    grand_total = fields.Decimal(as_string=True, places=2)


class ExtraordinaryIn(Schema):
    account = fields.String(required=True, validate=validate.Length(min=1, max=40),
                            error_messages=REQ)
    kind = fields.String(required=True, validate=_choice(EXTRAORDINARY_KINDS),
                         error_messages=REQ)
    service = fields.String(load_default="other", validate=_choice(SERVICES))
    amount = Money(required=True, error_messages=REQ)
    description = fields.String(required=True, validate=validate.Length(min=3, max=1000),
                                error_messages=REQ)
    work_reference = fields.String(load_default=None, allow_none=True,
                                   validate=validate.Length(max=60))
    due_date = fields.Date(load_default=None, allow_none=True)
    # Evidence: SHA-256 of the photos (uploaded before or after with PUT /api/sync/v1/blobs).
    photos = fields.List(
        fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$", error="SHA-256 no válido.")),
        load_default=list, validate=validate.Length(
            max=EXTRAORDINARY_MAX_PHOTOS,
            error=f"A lo más {EXTRAORDINARY_MAX_PHOTOS} fotos por cargo."))


class ChargePhotoOut(Schema):
    sha256 = fields.String()
    uploaded = fields.Boolean()
    url = fields.String()


class ExtraordinaryOut(Schema):
    id = fields.String()
    account_id = fields.String()
    kind = fields.String()
    service = fields.String()
    concept = fields.String()
    amount = Money()
    description = fields.String()
    work_reference = fields.String(allow_none=True)
    due_date = fields.Date(allow_none=True)
    status = fields.String()
    rejection_reason = fields.String(allow_none=True)
    charge_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    # In lists only: the account's number and the staff names.
    account_number = fields.String()
    proposed_by_name = fields.String(allow_none=True)
    decided_by_name = fields.String(allow_none=True)
    photos = fields.List(fields.Nested(ChargePhotoOut))


class ExtraordinaryListArgs(PageArgs):
    status = fields.String(load_default=None, validate=_choice(EXTRAORDINARY_STATUSES))
    month = fields.String(load_default=None, validate=validate.Regexp(
        r"^\d{4}-(0[1-9]|1[0-2])$", error="Use el formato AAAA-MM."))


class ExtraordinaryMonthOut(Schema):
    month = fields.String()
    count = fields.Integer()
    total = Money(allow_zero=True)


class ExtraordinaryPageOut(PageOut):
    items = fields.List(fields.Nested(ExtraordinaryOut))
    # Authorized charges that reached the ledger in ?month= (this month by default).
    month_total = fields.Nested(ExtraordinaryMonthOut)


class DecisionIn(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ExtraordinaryRejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=500),
                           error_messages={"required": "Indique el motivo del rechazo."})


class SurchargeIn(Schema):
    period = fields.String(required=True, validate=validate.Regexp(
        r"^\d{4}-(0[1-9]|1[0-2])$", error="Use el formato AAAA-MM."), error_messages=REQ)


class SurchargeOut(Schema):
    period = fields.String()
    charges_posted = fields.Integer()
    total = Money(allow_zero=True)
    monthly_rate = fields.Decimal(as_string=True)
    cap_months = fields.Integer()
    already_posted = fields.Boolean()
