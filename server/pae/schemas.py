"""PAE API shapes. Money travels as strings with two decimals; dates as ISO."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

from server.common.fields import Money
from server.http import PageArgs, PageOut
from server.registry.enums import PROPERTY_CLASSES

REQ = {"required": "Campo obligatorio."}
PRESCRIPTION = ("ok", "warning", "prescribed")
# A cut-off date far outside the books would overflow the date arithmetic of prescription.
DATE_RANGE = validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31),
                            error="Fecha fuera de rango (2000 a 2100).")


def _choice(options):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class PaeSelectionArgs(Schema):
    """?min_amount=&min_months=&property_class=&colonia=&include_sent=&prescription=&as_of="""

    min_amount = Money(allow_zero=True, load_default=None)
    min_months = fields.Integer(load_default=3, validate=validate.Range(
        min=0, max=600, error="Meses de atraso entre {min} y {max}."))
    property_class = fields.String(load_default=None, validate=_choice(PROPERTY_CLASSES))
    neighborhood_id = fields.Integer(load_default=None, data_key="colonia",
                                     validate=validate.Range(min=1))
    include_sent = fields.Boolean(load_default=False)
    prescription = fields.String(load_default=None, validate=_choice(PRESCRIPTION))
    as_of = fields.Date(load_default=None, validate=DATE_RANGE)


class PaeSelectionPageArgs(PaeSelectionArgs, PageArgs):
    pass


class PaeSentOut(Schema):
    mandate_number = fields.String()
    officer_name = fields.String()
    sent_on = fields.Date()


class PaeDebtorOut(Schema):
    account_id = fields.String()
    account_number = fields.String()
    holder_name = fields.String()
    property_class = fields.String()
    neighborhood = fields.String()
    cadastral_key = fields.String(allow_none=True)
    address = fields.String()
    debt = Money(allow_zero=True)
    oldest_due = fields.Date()
    months_past_due = fields.Integer()
    large_consumer = fields.Boolean()
    cuts = fields.Integer()
    breaches = fields.Integer()
    score = fields.Integer()
    last_formal_act_on = fields.Date(allow_none=True)
    prescription_date = fields.Date()
    prescription_status = fields.String()
    sent = fields.Nested(PaeSentOut, allow_none=True)


class PaeTotalsOut(Schema):
    accounts = fields.Integer()
    debt = Money(allow_zero=True)
    warning_accounts = fields.Integer()
    warning_debt = Money(allow_zero=True)
    prescribed_accounts = fields.Integer()
    prescribed_debt = Money(allow_zero=True)
    sent_accounts = fields.Integer()


class PaeSelectionOut(PageOut):
    as_of = fields.Date()
    totals = fields.Nested(PaeTotalsOut)
    items = fields.List(fields.Nested(PaeDebtorOut))


class PaeDossierArgs(Schema):
    as_of = fields.Date(load_default=None, validate=DATE_RANGE)


class PaeReferralIn(Schema):
    account_ids = fields.List(fields.UUID(), required=True, error_messages=REQ,
                              validate=validate.Length(min=1, max=500, error=(
                                  "Elija de {min} a {max} cuentas.")))
    mandate_number = fields.String(required=True, error_messages=REQ,
                                   validate=validate.Length(min=1, max=40))
    officer_name = fields.String(required=True, error_messages=REQ,
                                 validate=validate.Length(min=3, max=160))
    sent_on = fields.Date(load_default=None, validate=DATE_RANGE)


class PaeReferralCloseIn(Schema):
    reason = fields.String(required=True, error_messages={"required": "Indique el motivo."},
                           validate=validate.Length(min=3, max=300))
    closed_on = fields.Date(load_default=None, validate=DATE_RANGE)


class PaeReferralOut(Schema):
    id = fields.String()
    account_id = fields.String()
    account_number = fields.String()
    holder_name = fields.String()
    mandate_number = fields.String()
    officer_name = fields.String()
    sent_on = fields.Date()
    status = fields.String()
    debt_amount = Money(allow_zero=True)
    months_past_due = fields.Integer()
    closed_on = fields.Date(allow_none=True)
    close_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class PaeReferralListArgs(PageArgs):
    status = fields.String(load_default=None, validate=_choice(("open", "closed")))
    mandate_number = fields.String(load_default=None, validate=validate.Length(max=40))


class PaeReferralPageOut(PageOut):
    items = fields.List(fields.Nested(PaeReferralOut))


class PaeReferralsOut(Schema):
    items = fields.List(fields.Nested(PaeReferralOut))


class PaeHolderOut(Schema):
    name = fields.String()
    person_type = fields.String()
    rfc = fields.String(allow_none=True)
    curp = fields.String(allow_none=True)
    legal_representative = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class PaeAddressOut(Schema):
    street = fields.String()
    neighborhood = fields.String()
    postal_code = fields.String(allow_none=True)
    locality = fields.String(allow_none=True)
    cadastral_key = fields.String(allow_none=True)
    references = fields.String(allow_none=True)


class PaePeriodOut(Schema):
    period = fields.Date()
    due_date = fields.Date()
    service = fields.String()
    service_label = fields.String()
    concept = fields.String()
    concept_label = fields.String()
    amount = Money(allow_zero=True)
    months_past_due = fields.Integer()
    prescription_date = fields.Date()
    prescribed = fields.Boolean()


class PaeDossierTotalsOut(Schema):
    principal = Money(allow_zero=True)
    surcharges = Money(allow_zero=True)
    fines = Money(allow_zero=True)
    enforcement_costs = Money(allow_zero=True)
    total = Money(allow_zero=True)
    prescribed = Money(allow_zero=True)
    unapplied_credit = Money(allow_zero=True)
    balance = fields.String()  # may be negative (money in favour)


class PaeVisitOut(Schema):
    date = fields.DateTime()
    outcome = fields.String()
    outcome_label = fields.String()
    how_served = fields.String()


class PaeNoticeOut(Schema):
    folio = fields.String()
    kind = fields.String()
    kind_label = fields.String()
    status = fields.String()
    status_label = fields.String()
    issued_on = fields.Date()
    debt_amount = Money(allow_zero=True)
    delivered_at = fields.DateTime(allow_none=True)
    visits = fields.List(fields.Nested(PaeVisitOut))


class PaeAgreementOut(Schema):
    folio = fields.String()
    status = fields.String()
    status_label = fields.String()
    signed_on = fields.Date()
    agreed_debt = Money(allow_zero=True)
    installments = fields.Integer()
    breached = fields.Boolean()
    ended_on = fields.Date(allow_none=True)


class PaeCutOut(Schema):
    folio = fields.String()
    action = fields.String()
    action_label = fields.String()
    status = fields.String()
    status_label = fields.String()
    issued_on = fields.Date()
    executed_at = fields.DateTime(allow_none=True)
    debt_amount = Money(allow_zero=True)


class PaeDossierOut(Schema):
    as_of = fields.Date()
    account_id = fields.String()
    account_number = fields.String()
    contract_number = fields.String()
    status_label = fields.String()
    property_class = fields.String()
    property_class_label = fields.String()
    business_line = fields.String(allow_none=True)
    large_consumer = fields.Boolean()
    holder = fields.Nested(PaeHolderOut)
    owner = fields.Nested(PaeHolderOut, allow_none=True)
    address = fields.Nested(PaeAddressOut)
    notification_address = fields.String(allow_none=True)
    periods = fields.List(fields.Nested(PaePeriodOut))
    totals = fields.Nested(PaeDossierTotalsOut)
    oldest_due = fields.Date(allow_none=True)
    months_past_due = fields.Integer()
    last_formal_act_on = fields.Date(allow_none=True)
    prescription_date = fields.Date(allow_none=True)
    prescription_status = fields.String()
    notices = fields.List(fields.Nested(PaeNoticeOut))
    agreements = fields.List(fields.Nested(PaeAgreementOut))
    cuts = fields.List(fields.Nested(PaeCutOut))
    referrals = fields.List(fields.Nested(PaeReferralOut))
    referral = fields.Nested(PaeReferralOut, allow_none=True)


class PaeDemandsIn(Schema):
    account_ids = fields.List(fields.UUID(), required=True, error_messages=REQ,
                              validate=validate.Length(min=1, max=25, error=(
                                  "Elija de {min} a {max} cuentas por archivo.")))
    as_of = fields.Date(load_default=None, validate=DATE_RANGE)
