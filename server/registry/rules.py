"""Pure registry rules: text normalisation for search, validation of identifiers."""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

RFC_RE = re.compile(r"^[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}$")
CURP_RE = re.compile(r"^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9]\d$")
ACCOUNT_NUMBER_RE = re.compile(r"^[0-9A-Z-]{3,20}$")
POSTAL_CODE_RE = re.compile(r"^\d{5}$")


def normalize(text: str | None) -> str:
    """Lower-case, accents removed, spaces collapsed: 'José  PEÑA' → 'jose pena'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def address_line(street: str | None, exterior: str | None, interior: str | None = None) -> str:
    """'Calle 5 de Mayo 123 int. B'."""
    parts = [street or ""]
    if exterior:
        parts.append(exterior)
    line = " ".join(p for p in parts if p)
    if interior:
        line += f" int. {interior}"
    return line


def search_text(account_number: str, holder_name: str, street: str | None,
                exterior_number: str | None, neighborhood: str | None,
                cadastral_key: str | None = None) -> str:
    """The text account search matches against: number, holder, address, colonia, key."""
    return normalize(" | ".join(p for p in (account_number, holder_name,
                                            address_line(street, exterior_number),
                                            neighborhood or "", cadastral_key or "") if p))


def valid_rfc(value: str) -> bool:
    return bool(RFC_RE.match(value.strip().upper()))


def valid_curp(value: str) -> bool:
    return bool(CURP_RE.match(value.strip().upper()))


def coerce_proposed(field: str, text: str | None):
    """Turn a proposal's text into the column's value, or raise INVALID_FIELD_VALUE."""
    from server.errors import DomainError
    from server.registry.enums import (
        ACCOUNT_STATUSES, BILLING_TYPES, DOMESTIC_SUBCLASSES, PROPERTY_CLASSES)

    def bad(reason: str):
        return DomainError("INVALID_FIELD_VALUE", field=field, reason=reason,
                           errors={"proposed_value": [reason]})

    value = (text or "").strip()
    choices = {"property_class": PROPERTY_CLASSES, "status": ACCOUNT_STATUSES,
               "billing_type": BILLING_TYPES, "class_subtype": DOMESTIC_SUBCLASSES}
    if field in choices:
        if value not in choices[field]:
            raise bad("use uno de: " + ", ".join(choices[field]))
        return value
    if field in ("uninhabited", "built"):
        lowered = normalize(value)
        if lowered in ("si", "true", "1"):
            return True
        if lowered in ("no", "false", "0"):
            return False
        raise bad("responda sí o no")
    if field in ("latitude", "longitude"):
        try:
            number = float(value)
        except ValueError:
            raise bad("no es un número") from None
        limit = 90 if field == "latitude" else 180
        if not -limit <= number <= limit:
            raise bad("fuera de rango")
        return number
    if field == "occupants":
        if not value.isdigit() or int(value) > 200:
            raise bad("debe ser un número entero entre 0 y 200")
        return int(value)
    if field == "rfc" and value and not valid_rfc(value):
        raise bad("RFC con formato incorrecto")
    if field == "curp" and value and not valid_curp(value):
        raise bad("CURP con formato incorrecto")
    if field in ("holder_name", "street", "meter_serial") and not value:
        raise bad("no puede quedar vacío")
    if len(value) > 200:
        raise bad("demasiado largo")
    return value.upper() if field in ("rfc", "curp") else (value or None)


CENT = Decimal("0.01")


def class_effect(*, months: list[tuple[Decimal, int | None]], basis: str,
                 new_price_per_m3: Decimal | None = None,
                 new_avg_fee: Decimal | None = None) -> dict:
    """Estimated monthly water billing if the account changed class.

    `months`: the account's last billed months as (water amount, consumption m³). With basis
    "consumo" the same average consumption is priced at the new class's average price per
    m³; with "cuota" the new class's average monthly fixed fee applies. Money is rounded to
    the centavo (half up) only at the end."""
    n = len(months)
    if n == 0:
        raise ValueError("sin meses facturados")
    current = sum((amount for amount, _ in months), Decimal("0")) / n
    if basis == "consumo":
        if new_price_per_m3 is None:
            raise ValueError("sin precio por m³ de la clase nueva")
        m3 = Decimal(sum(c or 0 for _, c in months)) / n
        estimated = m3 * new_price_per_m3
    elif basis == "cuota":
        if new_avg_fee is None:
            raise ValueError("sin cuota promedio de la clase nueva")
        estimated = new_avg_fee
    else:
        raise ValueError(f"base desconocida: {basis}")
    current = current.quantize(CENT, ROUND_HALF_UP)
    estimated = estimated.quantize(CENT, ROUND_HALF_UP)
    return {"months": n, "current_avg_monthly": current, "estimated_avg_monthly": estimated,
            "difference": estimated - current, "basis": basis}
