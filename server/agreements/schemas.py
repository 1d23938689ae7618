"""Agreements office API shapes; unknown fields are rejected (marshmallow RAISE)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.agreements.models import STATUSES
from server.campaigns.schemas import REQ
from server.http import PageArgs, PageOut

Dec = fields.Decimal(as_string=True, places=2)


class AgreementListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(
        list(STATUSES), error="Valor no válido; use uno de: {choices}."))


class AgreementOut(Schema):
    id = fields.UUID()
    folio = fields.String()
    status = fields.String()
    account_id = fields.UUID()
    account_number = fields.String()
    holder_name = fields.String()
    agreed_debt = Dec
    down_payment = Dec
    installments = fields.Integer()
    waived_total = Dec
    paid = Dec
    next_due = fields.Date(allow_none=True)
    signed_at = fields.DateTime()
    origin = fields.String()
    flags = fields.List(fields.String())
    policy_version = fields.Integer()


class AgreementPageOut(PageOut):
    items = fields.List(fields.Nested(AgreementOut))


class PartOut(Schema):
    number = fields.Integer()
    kind = fields.String()
    amount = Dec
    due_date = fields.Date()
    paid = Dec
    paid_on = fields.Date(allow_none=True)


class AgreementDetailOut(AgreementOut):
    terms = fields.Dict()
    terms_hash = fields.String()
    verification_code = fields.String()
    debt_snapshot = Dec
    debt_at_arrival = Dec
    review_note = fields.String(allow_none=True)
    scanned_copy = fields.String(allow_none=True)
    replaced_by = fields.Dict(allow_none=True, metadata={
        "description": "El convenio que lo reestructuró: {id, folio, status}."})
    replaces_id = fields.UUID(allow_none=True)
    parts = fields.List(fields.Nested(PartOut))


class ReviewIn(Schema):
    decision = fields.String(required=True, error_messages=REQ,
                             validate=validate.OneOf(["approve", "annul"],
                                                     error="Use approve o annul."))
    note = fields.String(required=True, error_messages=REQ,
                         validate=validate.Length(min=3, max=500))


class UpcomingOut(Schema):
    folio = fields.String()
    account_number = fields.String()
    number = fields.Integer()
    amount = Dec
    due_date = fields.Date()


class SummaryOut(Schema):
    as_of = fields.Date()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    compliance_rate = fields.Float(allow_none=True)
    recovered = Dec
    upcoming = fields.List(fields.Nested(UpcomingOut))


class QuoteLineOut(Schema):
    service = fields.String()
    concept = fields.String()
    amount = Dec
    discount = Dec
    net = Dec


class QuoteOut(Schema):
    account_id = fields.UUID()
    account_number = fields.String()
    as_of = fields.Date()
    lines = fields.List(fields.Nested(QuoteLineOut))
    by_service = fields.Dict(keys=fields.String(), values=Dec)
    total = Dec
    discount_total = Dec
    promotions = fields.List(fields.String())
    valid_until = fields.Date()
    offered = fields.List(fields.Dict(), metadata={
        "description": "Promociones vigentes para las que la cuenta califica."})


class PolicyOut(Schema):
    version = fields.Integer()
    rules = fields.Dict()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ClassTermsIn(Schema):
    down_payment_min_pct = fields.Decimal(as_string=True, required=True,
                                          validate=validate.Range(min=0, max=100))
    max_installments = fields.Integer(required=True, strict=True,
                                      validate=validate.Range(min=0, max=60))
    grace_days = fields.Integer(required=True, strict=True,
                                validate=validate.Range(min=0, max=90))


class PolicyRulesIn(Schema):
    classes = fields.Dict(keys=fields.String(validate=validate.OneOf(
        ["domestic", "commercial", "industrial", "public_services", "vacant_lot", "mixed",
         "default"])), values=fields.Nested(ClassTermsIn), required=True)
    waivable_concepts = fields.List(fields.String(validate=validate.OneOf(
        ["surcharge", "fine", "enforcement_costs"])), required=True)
    waiver_limits = fields.Dict(keys=fields.String(validate=validate.OneOf(
        ["notifier", "cutter", "social_worker", "clerk", "manager"])),
        values=fields.String(allow_none=True), required=True)
    reinstate_waived_on_breach = fields.Boolean(required=True)

    @validates_schema
    def _complete(self, data, **_):
        if "default" not in (data.get("classes") or {}):
            raise ValidationError("Falta la clase «default» (la que aplica a las demás).",
                                  "classes")
        for role, limit in (data.get("waiver_limits") or {}).items():
            if limit in (None, "promotion_only"):
                continue
            try:
                ok = Decimal(limit) >= 0
            except InvalidOperation:
                ok = False
            if not ok:
                raise ValidationError(f"{role}: use un importe, «promotion_only» o nulo.",
                                      "waiver_limits")


class PolicyIn(Schema):
    rules = fields.Nested(PolicyRulesIn, required=True, error_messages=REQ)
    note = fields.String(required=True, error_messages=REQ,
                         validate=validate.Length(min=3, max=300))


class ScannedCopyIn(Schema):
    sha256 = fields.String(required=True, error_messages=REQ,
                           validate=validate.Regexp(r"^[0-9a-f]{64}$",
                                                    error="Huella SHA-256 no válida."))
