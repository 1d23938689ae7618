"""Campaign API shapes; unknown fields are rejected (marshmallow RAISE)."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import (Schema, ValidationError, fields, post_load, validate,
                         validates_schema)

from server.campaigns.rules import SelectionRules
from server.common.fields import Money
from server.http import PageArgs, PageOut
from server.notices.enums import NOTICE_KINDS, NOTICE_STATUSES
from server.registry.enums import PROPERTY_CLASSES

REQ = {"required": "Campo obligatorio."}
Dec = fields.Decimal(as_string=True, places=2)
PENDING_NOTE = ("Se acepta y se guarda con las reglas, pero aún no se aplica: las "
                "inconformidades todavía no tienen registro en Cartera; la respuesta lo indica "
                "en `exclusions_not_applied`.")
AGREEMENT_NOTE = "Omitir cuentas con un convenio al corriente (activo o en gracia)."
CAMPAIGN_STATUSES = {"active": "Activa", "closed": "Cerrada", "cancelled": "Cancelada"}


def _choice(options):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


def check_ranges(data: dict) -> None:
    """Months past due and debt ranges the right way round (rules of campaigns and cut
    lists)."""
    low, high = data.get("min_months_past_due"), data.get("max_months_past_due")
    if low is not None and high is not None and high < low:
        raise ValidationError("Es menor que el mínimo de meses.", "max_months_past_due")
    if data.get("min_debt") and data.get("max_debt") and data["max_debt"] < data["min_debt"]:
        raise ValidationError("Es menor que el adeudo mínimo.", "max_debt")


class SelectionFieldsIn(Schema):
    """What campaigns and cut lists select by alike: age and size of the debt, place,
    and the agreement and dispute exclusions; the ranges checked the right way round."""

    max_months_past_due = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(min=0, max=600))
    min_debt = Money(load_default=None, allow_none=True)
    max_debt = Money(load_default=None, allow_none=True)
    property_classes = fields.List(fields.String(validate=_choice(PROPERTY_CLASSES)),
                                   load_default=list)
    neighborhood_ids = fields.List(fields.Integer(strict=True), load_default=list,
                                   validate=validate.Length(max=500))
    sectors = fields.List(fields.String(validate=validate.Length(min=1, max=20)),
                          load_default=list, validate=validate.Length(max=100))
    exclude_agreement_in_good_standing = fields.Boolean(load_default=True, metadata={
        "description": AGREEMENT_NOTE})
    exclude_open_dispute = fields.Boolean(load_default=True, metadata={
        "description": PENDING_NOTE})

    _ranges = validates_schema(lambda self, data, **_: check_ranges(data))


class RulesIn(SelectionFieldsIn):
    """Selection rules (docs/field-sync.md). Agreements in good standing are excluded in
    SQL; the dispute exclusion is accepted and stored, but reported in
    `exclusions_not_applied` until the disputes capability exists."""

    min_months_past_due = fields.Integer(required=True, strict=True, error_messages=REQ,
                                         validate=validate.Range(min=0, max=600))
    exclude_notified_within_days = fields.Integer(load_default=30, allow_none=True,
                                                  strict=True,
                                                  validate=validate.Range(min=0, max=3650))
    exclude_open_notice = fields.Boolean(load_default=True, metadata={
        "description": "Omitir cuentas con un aviso aún pendiente (emitido, asignado o "
                       "con citatorio)."})

    @post_load
    def _make(self, data, **_):
        return SelectionRules.from_dict(data)


class PreviewIn(Schema):
    rules = fields.Nested(RulesIn, required=True, error_messages=REQ)


class CampaignIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=3, max=160),
                         error_messages=REQ)
    notice_kind = fields.String(required=True, validate=_choice(NOTICE_KINDS),
                                error_messages=REQ)
    rules = fields.Nested(RulesIn, required=True, error_messages=REQ)
    starts_on = fields.Date(load_default=None, allow_none=True)
    ends_on = fields.Date(load_default=None, allow_none=True)
    approving_act = fields.String(load_default=None, allow_none=True,
                                  validate=validate.Length(max=200))


class HoodOut(Schema):
    neighborhood_id = fields.Integer()
    neighborhood = fields.String()
    sector = fields.String(allow_none=True)
    count = fields.Integer()
    total_debt = Dec


class SampleOut(Schema):
    account_id = fields.String()
    account_number = fields.String()
    holder_name = fields.String()
    address = fields.String()
    neighborhood = fields.String()
    debt = Dec
    months_past_due = fields.Integer()
    oldest_period = fields.Date(allow_none=True)


class PreviewOut(Schema):
    as_of = fields.Date()
    count = fields.Integer()
    total_debt = Dec
    by_neighborhood = fields.List(fields.Nested(HoodOut))
    sample = fields.List(fields.Nested(SampleOut))
    exclusions_not_applied = fields.List(fields.String())


class CampaignOut(Schema):
    id = fields.UUID()
    folio = fields.String()
    name = fields.String()
    notice_kind = fields.String()
    status = fields.String()
    rules = fields.Dict()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    approving_act = fields.String(allow_none=True)
    notice_count = fields.Integer()
    total_debt = Dec
    created_by = fields.UUID(allow_none=True)
    created_at = fields.DateTime()
    exclusions_not_applied = fields.List(fields.String())
    notices_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())


class CampaignListArgs(PageArgs):
    status = fields.String(load_default=None, validate=_choice(CAMPAIGN_STATUSES))


class CampaignPageOut(PageOut):
    items = fields.List(fields.Nested(CampaignOut))


class NoticeListArgs(PageArgs):
    status = fields.String(load_default=None, validate=_choice(NOTICE_STATUSES))


class NoticeOut(Schema):
    id = fields.UUID()
    folio = fields.String()
    kind = fields.String()
    status = fields.String()
    account_id = fields.UUID()
    account_number = fields.String()
    holder_name = fields.String()
    address = fields.String()
    neighborhood = fields.String()
    debt_amount = Dec
    months_past_due = fields.Integer()
    oldest_period = fields.Date(allow_none=True)
    issued_on = fields.Date()
    delivered_at = fields.DateTime(allow_none=True)


class NoticePageOut(PageOut):
    items = fields.List(fields.Nested(NoticeOut))


class EligibilityIn(Schema):
    property_classes = fields.List(fields.String(validate=_choice(PROPERTY_CLASSES)),
                                   load_default=list)
    neighborhood_ids = fields.List(fields.Integer(strict=True), load_default=list,
                                   validate=validate.Length(max=500))
    min_months_past_due = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(min=0, max=600))
    max_months_past_due = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(min=0, max=600))
    min_debt = fields.Decimal(as_string=True, places=2, load_default=None, allow_none=True,
                              validate=validate.Range(min=0))
    max_debt = fields.Decimal(as_string=True, places=2, load_default=None, allow_none=True,
                              validate=validate.Range(min=0))
    exclude_prior_beneficiaries = fields.Boolean(load_default=True)

    _ranges = validates_schema(lambda self, data, **_: check_ranges(data))


PROMOTION_KINDS = {"pct_off_accessories": "Descuento en recargos y multas",
                   "pct_off_principal": "Descuento en el adeudo principal",
                   "freeze": "Congela tu adeudo"}


class PromotionIn(Schema):
    name = fields.String(required=True, error_messages=REQ,
                         validate=validate.Length(min=3, max=160))
    kind = fields.String(required=True, error_messages=REQ, validate=_choice(PROMOTION_KINDS))
    pct = fields.Decimal(as_string=True, places=2, load_default=Decimal("0"),
                         validate=validate.Range(min=0, max=100))
    concepts = fields.List(fields.String(validate=validate.Length(max=20)), load_default=None,
                           allow_none=True)
    valid_from = fields.Date(load_default=None, allow_none=True)
    valid_until = fields.Date(load_default=None, allow_none=True)
    eligibility = fields.Nested(EligibilityIn, load_default=dict)
    approving_act = fields.String(required=True, error_messages=REQ,
                                  validate=validate.Length(min=3, max=200),
                                  metadata={"description": "Acuerdo de la Junta de Gobierno "
                                                           "que la aprueba."})
    campaign_id = fields.UUID(load_default=None, allow_none=True)

    @validates_schema
    def _dates(self, data, **_):
        if data.get("valid_from") and data.get("valid_until") and \
                data["valid_until"] < data["valid_from"]:
            raise ValidationError("Es anterior al inicio de la vigencia.", "valid_until")
        if data.get("kind") != "freeze" and not data.get("pct"):
            raise ValidationError("Indique el porcentaje de descuento.", "pct")


class PromotionOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    pct = fields.Decimal(as_string=True, places=2)
    concepts = fields.List(fields.String(), allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    active = fields.Boolean()
    eligibility = fields.Dict()
    approving_act = fields.String(allow_none=True)
    campaign_id = fields.UUID(allow_none=True)
    created_at = fields.DateTime()


class PromotionListOut(Schema):
    items = fields.List(fields.Nested(PromotionOut))
