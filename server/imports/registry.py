"""Registry (padrón) file: its columns, row validation, and applying a row.

A row becomes one account through server.registry.service.create_account, which audits it
and opens its holder and class history; a meter serial, when given, adds the meter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from server.audit import service as audit
from server.extensions import db
from server.imports.values import (
    Cells, parse_bool, parse_choice, parse_date, parse_decimal, vocabulary)
from server.registry import service as registry_service
from server.registry.enums import (
    ACCOUNT_STATUSES, BILLING_TYPES, DOMESTIC_SUBCLASSES, PERSON_TYPES, PROPERTY_CLASSES)
from server.registry.models import Account, Meter, Neighborhood
from server.registry.rules import (
    ACCOUNT_NUMBER_RE, POSTAL_CODE_RE, normalize, valid_curp, valid_rfc)

# field → Spanish aliases; the first alias is the name shown when the column is missing.
LAYOUT: dict[str, tuple[str, ...]] = {
    "account_number": ("cuenta", "numero_cuenta", "num_cuenta", "no_cuenta", "contrato",
                       "numero_contrato"),
    "holder_name": ("titular", "nombre", "nombre_titular", "usuario", "razon_social"),
    "person_type": ("tipo_persona", "persona"),
    "rfc": ("rfc",),
    "curp": ("curp",),
    "phone": ("telefono", "tel", "celular"),
    "street": ("calle", "domicilio_calle"),
    "exterior_number": ("numero_exterior", "num_ext", "no_ext", "exterior", "numero"),
    "interior_number": ("numero_interior", "num_int", "no_int", "interior"),
    "neighborhood": ("colonia", "col", "localidad"),
    "postal_code": ("codigo_postal", "cp", "c_p"),
    "cadastral_key": ("clave_catastral", "catastral", "clave_predial"),
    "property_class": ("clase", "tipo", "clasificacion", "tipo_predio", "tipo_usuario"),
    "class_subtype": ("subtipo", "subclase", "nivel"),
    "business_line": ("giro",),
    "billing_type": ("tipo_cobro", "facturacion", "tipo_facturacion"),
    "water": ("agua", "servicio_agua"),
    "sewer": ("drenaje", "alcantarillado", "servicio_drenaje"),
    "sanitation": ("saneamiento", "servicio_saneamiento"),
    "sector": ("sector",),
    "reading_route": ("ruta", "ruta_lectura"),
    "status": ("estado", "estatus", "situacion"),
    "latitude": ("latitud", "lat"),
    "longitude": ("longitud", "lon", "lng"),
    "meter_serial": ("medidor", "serie_medidor", "numero_medidor", "no_medidor"),
    "connected_on": ("fecha_conexion", "fecha_alta", "fecha_contrato", "alta"),
}
REQUIRED = ("account_number", "holder_name", "street", "neighborhood", "property_class")
NAMES = {name: aliases[0] for name, aliases in LAYOUT.items()}

CLASSES = vocabulary(PROPERTY_CLASSES, {"baldio": "vacant_lot", "lote": "vacant_lot",
                                        "publico": "public_services",
                                        "servicios publicos": "public_services"})
SUBTYPES = vocabulary(DOMESTIC_SUBCLASSES)
STATUSES = vocabulary(ACCOUNT_STATUSES, {"activo": "active", "limitado": "limited",
                                         "suspendido": "suspended"})
BILLING = vocabulary(BILLING_TYPES, {"medida": "metered", "fija": "fixed",
                                     "cuota": "fixed", "presunto": "presumed"})
PERSONS = vocabulary(PERSON_TYPES, {"fisica": "individual", "pf": "individual",
                                    "moral": "company", "pm": "company",
                                    "empresa": "company"})
LIMIT_LAT, LIMIT_LON = Decimal(90), Decimal(180)


@dataclass
class AccountRow:
    """A valid row, ready for create_account."""

    line: int
    account_number: str
    holder: dict
    premises: dict
    fields: dict = field(default_factory=dict)
    meter_serial: str | None = None


class Neighborhoods:
    """The colonias catalogue, looked up by accent/case-insensitive name (+ postal code)."""

    def __init__(self):
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        for hood_id, name, key, postal_code in db.session.execute(sa.select(
                Neighborhood.id, Neighborhood.name, Neighborhood.name_key,
                Neighborhood.postal_code)):
            for k in {normalize(name), normalize(key)}:
                self.by_key.setdefault(k, []).append((hood_id, postal_code))

    def find(self, cells: Cells, name: str, postal_code: str | None) -> int | None:
        """The neighborhood id, or None after recording why not."""
        key = normalize(name)
        matches = self.by_key.get(key)
        for prefix in ("colonia ", "col. ", "col "):
            if not matches and key.startswith(prefix):
                matches = self.by_key.get(key[len(prefix):].strip())
        if not matches:
            cells.error("neighborhood", "NEIGHBORHOOD_NOT_FOUND", neighborhood=name)
            return None
        if postal_code:
            chosen = [m for m in matches if m[1] == postal_code]
            if not chosen:
                cells.error("postal_code", "IMPORT_NEIGHBORHOOD_POSTAL_CODE",
                            neighborhood=name, postal_code=postal_code)
                return None
            matches = chosen
        if len({m[0] for m in matches}) > 1:
            cells.error("neighborhood", "IMPORT_NEIGHBORHOOD_AMBIGUOUS", neighborhood=name,
                        known=", ".join(sorted(m[1] for m in matches)))
            return None
        return matches[0][0]


def existing_numbers(numbers: list[str]) -> set[str]:
    """Which of these account numbers are already registered."""
    found: set[str] = set()
    for i in range(0, len(numbers), 500):
        found.update(db.session.execute(sa.select(Account.account_number).where(
            Account.account_number.in_(numbers[i:i + 500]))).scalars())
    return found


def validate(table) -> tuple[list[AccountRow], list]:
    """Check every row; returns (valid rows, RowErrors). Reads the DB, writes nothing."""
    hoods = Neighborhoods()
    seen: dict[str, int] = {}
    parsed: list[tuple[Cells, AccountRow | None]] = []
    for line, values in table.rows:
        cells = Cells(line, values, table.columns, NAMES)
        row = _row(cells, hoods)
        if row is not None:
            if row.account_number in seen:
                cells.error("account_number", "IMPORT_DUPLICATE_IN_FILE",
                            account_number=row.account_number, line=seen[row.account_number])
            else:
                seen[row.account_number] = line
        parsed.append((cells, row))
    taken = existing_numbers(list(seen))
    valid, errors = [], []
    for cells, row in parsed:
        if row is not None and row.account_number in taken:
            cells.error("account_number", "ACCOUNT_NUMBER_TAKEN",
                        account_number=row.account_number)
        if cells.errors:
            errors.extend(cells.errors)
        else:
            valid.append(row)
    return valid, errors


def _row(c: Cells, hoods: Neighborhoods) -> AccountRow | None:
    number = c.text("account_number", required=True)
    if number is not None:
        number = number.upper()
        if not ACCOUNT_NUMBER_RE.match(number):
            c.error("account_number", "IMPORT_BAD_ACCOUNT_NUMBER", value=number)
    holder = {"name": c.text("holder_name", required=True, min_len=2, max_len=200),
              "person_type": c.parse("person_type", parse_choice, PERSONS, PERSON_TYPES,
                                     default="individual"),
              "phone": c.text("phone", max_len=20)}
    for name, check, code in (("rfc", valid_rfc, "IMPORT_BAD_RFC"),
                              ("curp", valid_curp, "IMPORT_BAD_CURP")):
        value = c.text(name)
        if value and not check(value):
            c.error(name, code, value=value)
        holder[name] = value.upper() if value else None
    postal_code = c.text("postal_code")
    if postal_code and not POSTAL_CODE_RE.match(postal_code):
        c.error("postal_code", "IMPORT_BAD_POSTAL_CODE", value=postal_code)
        postal_code = None
    hood_name = c.text("neighborhood", required=True)
    hood_id = hoods.find(c, hood_name, postal_code) if hood_name else None
    latitude = c.parse("latitude", parse_decimal, -LIMIT_LAT, LIMIT_LAT)
    longitude = c.parse("longitude", parse_decimal, -LIMIT_LON, LIMIT_LON)
    premises = {"street": c.text("street", required=True, max_len=160),
                "exterior_number": c.text("exterior_number", max_len=20),
                "interior_number": c.text("interior_number", max_len=20),
                "neighborhood_id": hood_id, "postal_code": postal_code,
                "cadastral_key": c.text("cadastral_key", max_len=40),
                # coordinates are not money: the premises columns are floats
                "latitude": float(latitude) if latitude is not None else None,
                "longitude": float(longitude) if longitude is not None else None}
    fields = {
        "property_class": c.parse("property_class", parse_choice, CLASSES, PROPERTY_CLASSES,
                                  required=True),
        "class_subtype": c.parse("class_subtype", parse_choice, SUBTYPES,
                                 DOMESTIC_SUBCLASSES),
        "business_line": c.text("business_line", max_len=80),
        "billing_type": c.parse("billing_type", parse_choice, BILLING, BILLING_TYPES),
        "has_water": c.parse("water", parse_bool, default=True),
        "has_sewer": c.parse("sewer", parse_bool, default=True),
        "has_sanitation": c.parse("sanitation", parse_bool, default=True),
        "sector": c.text("sector", max_len=20),
        "reading_route": c.text("reading_route", max_len=20),
        "status": c.parse("status", parse_choice, STATUSES, ACCOUNT_STATUSES,
                          default="active"),
        "connected_on": c.parse("connected_on", parse_date),
    }
    meter_serial = c.text("meter_serial", max_len=40)
    if c.errors:
        return None
    # None means "not given": let create_account and the model apply their defaults
    return AccountRow(line=c.line, account_number=number,
                      holder={k: v for k, v in holder.items() if v is not None},
                      premises={k: v for k, v in premises.items() if v is not None},
                      fields={k: v for k, v in fields.items() if v is not None},
                      meter_serial=meter_serial)


def apply(row: AccountRow, *, actor_id, filename: str) -> Account:
    """Create the account (audited, with history) and its meter; caller owns the unit of
    work. Raises DomainError when the registry service refuses the row."""
    reason = f"Importación del padrón «{filename}», línea {row.line}"
    account = registry_service.create_account(
        actor_id=actor_id, account_number=row.account_number, holder=dict(row.holder),
        premises=dict(row.premises), reason=reason, **row.fields)
    if row.meter_serial:
        installed: date | None = account.connected_on
        db.session.add(Meter(account_id=account.id, serial=row.meter_serial,
                             installed_on=installed))
        audit.record(actor_id=actor_id, entity_type="account", entity_id=account.id,
                     action="update", changes={"meter.serial": [None, row.meter_serial]},
                     reason=reason)
    return account
