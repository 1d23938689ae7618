"""Pure registry rules: text normalisation for search, validation of identifiers."""
from __future__ import annotations

import re
import unicodedata

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
