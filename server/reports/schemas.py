"""Reports API shapes: the filters every report takes, the drill-down list, export runs.
Money travels as strings ("1250.00"), ratios as decimal strings ("0.4512")."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.common.clock import parse_period
from server.http import PageArgs, PageOut
from server.ledger.enums import SERVICES
from server.registry.enums import PROPERTY_CLASSES
from server.reports.figures import REPORTS

FORMATS = ("xlsx", "pdf")


def _choice(options):
    return validate.OneOf(list(options), error="Valor no válido; use uno de: {choices}.")


class Month(fields.Field):
    """A month as «AAAA-MM» (or any date of it, «AAAA-MM-DD»): its first day."""

    default_error_messages = {"invalid": "Mes no válido (use AAAA-MM)."}

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            text = str(value)
            return date.fromisoformat(text).replace(day=1) if len(text) == 10 \
                else parse_period(text)
        except (TypeError, ValueError):
            raise self.make_error("invalid") from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.isoformat()[:7]


class FilterArgs(Schema):
    """Filters of every report: class and service of the charges, colonia, sector."""

    property_class = fields.String(load_default=None, validate=_choice(PROPERTY_CLASSES))
    service = fields.String(load_default=None, validate=_choice(SERVICES))
    neighborhood_id = fields.Integer(load_default=None, validate=validate.Range(min=1))
    sector = fields.String(load_default=None, validate=validate.Length(min=1, max=20))


class ReportArgs(FilterArgs):
    """?as_of=AAAA-MM-DD&from=AAAA-MM&to=AAAA-MM&top=20&format=xlsx|pdf"""

    as_of = fields.Date(load_default=None)
    date_from = Month(load_default=None, data_key="from")
    date_to = Month(load_default=None, data_key="to")
    top = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    format = fields.String(load_default=None, validate=_choice(FORMATS))
    fresh = fields.Boolean(load_default=False)

    @validates_schema
    def _range(self, data, **kwargs):
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and (first > last or (last.year - first.year) * 12
                               + last.month - first.month >= 36):
            raise ValidationError("El mes inicial debe ser anterior o igual al final, en un "
                                  "rango de hasta 36 meses.", "from")


class DashboardArgs(Schema):
    as_of = fields.Date(load_default=None)
    fresh = fields.Boolean(load_default=False)


class AccountsArgs(FilterArgs, PageArgs):
    """The accounts behind a figure: filters, an aging bucket or a minimum of months."""

    as_of = fields.Date(load_default=None)
    bucket = fields.String(load_default=None, validate=validate.Length(min=1, max=10))
    min_months = fields.Integer(load_default=None, validate=validate.Range(min=0, max=600))


class DrillAccountOut(Schema):
    account_id = fields.UUID()
    account_number = fields.String()
    holder = fields.String()
    colonia = fields.String()
    property_class = fields.String()
    status = fields.String()
    debt = fields.String()
    balance = fields.String()
    months_past_due = fields.Integer()
    oldest_due = fields.Date()


class AccountsPageOut(PageOut):
    items = fields.List(fields.Nested(DrillAccountOut))
    total_debt = fields.String()


class ExportIn(FilterArgs):
    report = fields.String(required=True, validate=_choice(REPORTS))
    format = fields.String(load_default="xlsx", validate=_choice(FORMATS))
    as_of = fields.Date(load_default=None)
    date_from = Month(load_default=None, data_key="from")
    date_to = Month(load_default=None, data_key="to")
    top = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ExportRunOut(Schema):
    id = fields.UUID()
    report = fields.String()
    format = fields.String()
    status = fields.String()
    rows_total = fields.Integer()
    rows_done = fields.Integer()
    filename = fields.String()
    file_size = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    download_url = fields.String(allow_none=True)


def params_of(args: dict) -> dict:
    """Validated args → the JSON params a report is computed and cached with."""
    out = {}
    for key in ("property_class", "service", "neighborhood_id", "sector", "top"):
        if args.get(key) not in (None, ""):
            out[key] = args[key]
    for key in ("as_of", "date_from", "date_to"):
        if args.get(key):
            out[key] = args[key].isoformat()
    return out
