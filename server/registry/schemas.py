"""Registry API shapes; unknown fields are rejected (marshmallow RAISE)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from server.http import PageArgs, PageOut
from server.ledger.schemas import BalanceOut
from server.registry.enums import (
    ACCOUNT_STATUSES, BILLING_TYPES, DOMESTIC_SUBCLASSES, LOCALITY_TYPES, METER_STATES,
    PERSON_TYPES, PROPERTY_CLASSES, PROPOSABLE_FIELDS, PROPOSAL_STATUSES)
from server.registry.rules import ACCOUNT_NUMBER_RE, POSTAL_CODE_RE, valid_curp, valid_rfc

REQ = {"required": "Campo obligatorio."}
Str = fields.String


def _choice(options: dict):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class HolderIn(Schema):
    name = Str(required=True, validate=validate.Length(min=2, max=200), error_messages=REQ)
    person_type = Str(load_default="individual", validate=_choice(PERSON_TYPES))
    rfc = Str(load_default=None, allow_none=True)
    curp = Str(load_default=None, allow_none=True)
    phone = Str(load_default=None, allow_none=True, validate=validate.Length(max=20))
    phone_alt = Str(load_default=None, allow_none=True, validate=validate.Length(max=20))
    email = fields.Email(load_default=None, allow_none=True)
    notification_address = Str(load_default=None, allow_none=True,
                               validate=validate.Length(max=255))
    legal_representative = Str(load_default=None, allow_none=True,
                               validate=validate.Length(max=200))

    @validates("rfc")
    def _rfc(self, value, **_):
        if value and not valid_rfc(value):
            raise ValidationError("RFC con formato incorrecto.")

    @validates("curp")
    def _curp(self, value, **_):
        if value and not valid_curp(value):
            raise ValidationError("CURP con formato incorrecto.")


class HolderPatch(HolderIn):
    name = Str(validate=validate.Length(min=2, max=200))
    person_type = Str(validate=_choice(PERSON_TYPES))


class PremisesIn(Schema):
    street = Str(required=True, validate=validate.Length(min=1, max=160), error_messages=REQ)
    exterior_number = Str(load_default=None, allow_none=True, validate=validate.Length(max=20))
    interior_number = Str(load_default=None, allow_none=True, validate=validate.Length(max=20))
    neighborhood_id = fields.Integer(required=True, strict=True, error_messages=REQ)
    cadastral_key = Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    postal_code = Str(validate=validate.Regexp(POSTAL_CODE_RE, error="Código postal de 5 dígitos."))
    locality = Str(validate=validate.Length(min=1, max=80))
    locality_type = Str(validate=_choice(LOCALITY_TYPES))
    latitude = fields.Float(load_default=None, allow_none=True,
                            validate=validate.Range(min=-90, max=90))
    longitude = fields.Float(load_default=None, allow_none=True,
                             validate=validate.Range(min=-180, max=180))
    built = fields.Boolean(load_default=True)
    occupants = fields.Integer(load_default=None, allow_none=True, strict=True,
                               validate=validate.Range(min=0, max=200))
    references = Str(load_default=None, allow_none=True, validate=validate.Length(max=255))


class PremisesPatch(PremisesIn):
    street = Str(validate=validate.Length(min=1, max=160))
    neighborhood_id = fields.Integer(strict=True)
    built = fields.Boolean()


class AccountFields(Schema):
    status = Str(validate=_choice(ACCOUNT_STATUSES))
    property_class = Str(validate=_choice(PROPERTY_CLASSES))
    class_subtype = Str(allow_none=True, validate=_choice(DOMESTIC_SUBCLASSES))
    business_line = Str(allow_none=True, validate=validate.Length(max=80))
    tariff_code = Str(allow_none=True, validate=validate.Length(max=20))
    billing_type = Str(validate=_choice(BILLING_TYPES))
    has_water = fields.Boolean()
    has_sewer = fields.Boolean()
    has_sanitation = fields.Boolean()
    sector = Str(allow_none=True, validate=validate.Length(max=20))
    reading_route = Str(allow_none=True, validate=validate.Length(max=20))
    is_large_consumer = fields.Boolean()
    uninhabited = fields.Boolean()
    self_reconnected = fields.Boolean()
    clandestine_connection = fields.Boolean()
    vulnerable_household = fields.Boolean()
    connected_on = fields.Date(allow_none=True)


class AccountCreateIn(AccountFields):
    account_number = Str(required=True, error_messages=REQ, validate=validate.Regexp(
        ACCOUNT_NUMBER_RE, error="Número de cuenta: de 3 a 20 dígitos, letras o guiones."))
    property_class = Str(required=True, error_messages=REQ, validate=_choice(PROPERTY_CLASSES))
    holder = fields.Nested(HolderIn, required=True, error_messages=REQ)
    premises = fields.Nested(PremisesIn, required=True, error_messages=REQ)
    reason = Str(load_default=None, validate=validate.Length(max=500))


METER_SERIAL = validate.Length(min=3, max=30, error="Serie del medidor: de 3 a 30 caracteres.")
ACTIVE_METER_STATES = {k: v for k, v in METER_STATES.items() if k != "removed"}


class MeterPatch(Schema):
    """A correction of the current meter's data (the meter stays installed)."""
    serial = Str(validate=METER_SERIAL)
    brand = Str(allow_none=True, validate=validate.Length(max=40))
    state = Str(validate=_choice(ACTIVE_METER_STATES))
    installed_on = fields.Date(allow_none=True)


class MeterIn(Schema):
    """A meter installed on the account; the current one (if any) is retired the same day."""
    serial = Str(required=True, validate=METER_SERIAL, error_messages=REQ)
    brand = Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    installed_on = fields.Date(load_default=None, allow_none=True)


class AccountPatchIn(Schema):
    reason = Str(required=True, validate=validate.Length(min=3, max=500), error_messages={
        "required": "Indique el motivo del cambio."})
    account = fields.Nested(AccountFields)
    premises = fields.Nested(PremisesPatch)
    holder = fields.Nested(HolderPatch)
    new_holder = fields.Nested(HolderIn)
    meter = fields.Nested(MeterPatch)
    new_meter = fields.Nested(MeterIn)

    @validates_schema
    def _something(self, data, **_):
        if not any(data.get(k) for k in ("account", "premises", "holder", "new_holder", "meter",
                                         "new_meter")):
            raise ValidationError("Indique al menos un cambio.", "_schema")
        if data.get("meter") and data.get("new_meter"):
            raise ValidationError("Corrija el medidor actual o cámbielo, no ambas cosas.",
                                  "new_meter")


class ClassEffectArgs(Schema):
    property_class = Str(required=True, error_messages=REQ, validate=_choice(PROPERTY_CLASSES))


class ClassEffectOut(Schema):
    current_class = Str()
    new_class = Str()
    months = fields.Integer(metadata={"description": "Meses facturados promediados (hasta 6)"})
    current_avg_monthly = fields.Decimal(as_string=True, places=2)
    estimated_avg_monthly = fields.Decimal(as_string=True, places=2)
    difference = fields.Decimal(as_string=True, places=2)
    basis = Str(metadata={"description": "consumo: m³ promedio × precio por m³ de la clase "
                                         "nueva; cuota: cuota fija promedio de la clase nueva"})


class AccountSearchArgs(PageArgs):
    q = Str(load_default=None, validate=validate.Length(max=120))
    neighborhood_id = fields.Integer(load_default=None)
    sector = Str(load_default=None, validate=validate.Length(max=20))
    property_class = Str(load_default=None, validate=_choice(PROPERTY_CLASSES))
    status = Str(load_default=None, validate=_choice(ACCOUNT_STATUSES))


class AccountSummaryOut(Schema):
    id = Str()
    account_number = Str()
    status = Str()
    property_class = Str()
    sector = Str()
    holder_name = Str()
    address = Str()
    neighborhood = Str()
    balance = fields.Decimal(as_string=True, places=2)
    months_past_due = fields.Integer()


class AccountPageOut(PageOut):
    items = fields.List(fields.Nested(AccountSummaryOut))
    total_is_lower_bound = fields.Boolean(
        metadata={"description": "true: hay al menos `total` coincidencias (conteo limitado)"})


class MeterOut(Schema):
    id = Str()
    serial = Str()
    brand = Str(allow_none=True)
    state = Str()
    installed_on = fields.Date(allow_none=True)
    removed_on = fields.Date(allow_none=True)


class HolderHistoryOut(Schema):
    customer_id = Str()
    name = Str()
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    reason = Str(allow_none=True)


class ClassHistoryOut(Schema):
    property_class = Str()
    class_subtype = Str(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)
    reason = Str(allow_none=True)


class AccountDetailOut(Schema):
    class Meta:
        unknown = "include"

    id = Str()
    account_number = Str()
    status = Str()
    property_class = Str()
    class_subtype = Str(allow_none=True)
    business_line = Str(allow_none=True)
    tariff_code = Str(allow_none=True)
    billing_type = Str()
    services = fields.Dict(keys=Str(), values=fields.Boolean())
    sector = Str(allow_none=True)
    reading_route = Str(allow_none=True)
    flags = fields.Dict(keys=Str(), values=fields.Boolean())
    connected_on = fields.Date(allow_none=True)
    holder = fields.Dict()
    premises = fields.Dict()
    meters = fields.List(fields.Nested(MeterOut))
    holder_history = fields.List(fields.Nested(HolderHistoryOut))
    class_history = fields.List(fields.Nested(ClassHistoryOut))
    updated_at = fields.DateTime()


class NeighborhoodOut(Schema):
    id = fields.Integer()
    name = Str()
    postal_code = Str()
    locality_type = Str()
    sector = Str(allow_none=True)


class ProposalIn(Schema):
    id = fields.UUID(load_default=None)
    field = Str(required=True, error_messages=REQ, validate=_choice(PROPOSABLE_FIELDS))
    proposed_value = Str(required=True, allow_none=True, error_messages=REQ,
                         validate=validate.Length(max=200))
    seen_value = Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    reason = Str(load_default=None, allow_none=True, validate=validate.Length(max=500))


class ProposalDecisionIn(Schema):
    reason = Str(load_default=None, allow_none=True, validate=validate.Length(max=500))


class RejectIn(Schema):
    reason = Str(required=True, validate=validate.Length(min=3, max=500), error_messages={
        "required": "Indique el motivo del rechazo."})


class ProposalListArgs(PageArgs):
    status = Str(load_default="pending", validate=_choice(PROPOSAL_STATUSES))
    account_id = fields.UUID(load_default=None)


class ProposalOut(Schema):
    id = Str()
    account_id = Str()
    account_number = Str()
    field = Str()
    seen_value = Str(allow_none=True)
    proposed_value = Str(allow_none=True)
    current_value = Str(allow_none=True)
    changed_since = fields.Boolean()
    reason = Str(allow_none=True)
    source = Str()
    status = Str()
    proposed_by = Str(allow_none=True)
    proposed_by_name = Str(allow_none=True)
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision_reason = Str(allow_none=True)


class ProposalPageOut(PageOut):
    items = fields.List(fields.Nested(ProposalOut))


class AuditEventOut(Schema):
    occurred_at = fields.DateTime()
    actor_id = Str(allow_none=True)
    entity_type = Str()
    entity_id = Str()
    action = Str()
    changes = fields.Dict()
    reason = Str(allow_none=True)
    device_id = Str(allow_none=True)


class DossierOut(Schema):
    """The account page (expediente): built JSON-ready by server/registry/dossier.py."""
    account = fields.Nested(AccountDetailOut)
    readings = fields.List(fields.Raw(), metadata={
        "description": "Últimas lecturas: meter_serial, period, read_on, value_m3, "
                       "consumption_m3"})
    flags = fields.Dict(keys=Str(), values=fields.Boolean())
    balance = fields.Nested(BalanceOut)
    actions = fields.List(fields.Raw(), metadata={
        "description": "Acciones de cobranza, la más reciente primero: type (notice, order, "
                       "agreement, discount, visit), id, date, folio, title, status, "
                       "status_label, amount, visits[] (con evidence[] {kind, sha256, url})"})
    audit = fields.List(fields.Nested(AuditEventOut))
