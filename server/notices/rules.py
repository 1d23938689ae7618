"""Pure notice rules: folios and the legal service record (DOMAIN.md "Notices")."""
from __future__ import annotations

from datetime import datetime

FOLIO_DIGITS = 6


def format_folio(prefix: str, year: int, number: int) -> str:
    """'AV-2026-000123': prefix by kind, year of issue, a number gap-free within the year."""
    return f"{prefix}-{year}-{number:0{FOLIO_DIGITS}d}"


def folio_number(folio: str | None) -> int:
    """The running number of a folio ('RQ-2026-000045' → 45); 0 for None."""
    if not folio:
        return 0
    return int(folio.rsplit("-", 1)[1])


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def legal_record_errors(args: dict, version: int) -> list[tuple[str, str, str]]:
    """What a visit's service record lacks, as (code, field, Spanish message).

    delivered_other needs the attendant's name and relationship; citatorio_left needs the
    date and time to wait; refused needs where the notice was fixed; v2 needs at least one
    way the address was verified (v1 predates that field).
    """
    problems = []
    outcome = args.get("outcome")
    if outcome == "delivered_other":
        attended = args.get("attended_by") or {}
        if not _text(attended.get("name")) or not _text(attended.get("relationship")):
            problems.append(("ATTENDED_BY_REQUIRED", "attended_by",
                             "Anote nombre y parentesco o relación de quien recibió."))
    if outcome == "citatorio_left":
        citatorio = args.get("citatorio") or {}
        if not citatorio.get("date") or not citatorio.get("time"):
            problems.append(("CITATORIO_REQUIRED", "citatorio",
                             "Anote la fecha y la hora del citatorio."))
    if outcome == "refused":
        if not _text((args.get("refusal") or {}).get("fixed_where")):
            problems.append(("REFUSAL_PLACE_REQUIRED", "refusal",
                             "Anote dónde se fijó el aviso."))
    if version >= 2 and not args.get("address_verification"):
        problems.append(("ADDRESS_VERIFICATION_REQUIRED", "address_verification",
                         "Indique al menos una forma de verificar el domicilio."))
    return problems


def is_later(candidate: tuple[datetime, str], current: tuple[datetime, str] | None) -> bool:
    """Whether a visit (started_at, id) comes after the one a notice follows now; the id
    breaks ties so every server agrees on the latest visit."""
    return current is None or candidate > current
