"""Pure clean-up rules: suspect kinds, the holder name key, thresholds, reasons, who may
decide a proposal (the two-person rule on write-offs). No Flask, no database."""
from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from server.common.clock import add_months
from server.common.settings import DEFAULTS

# Suspect lists (code → Spanish label), in the order the screen shows them.
SUSPECT_KINDS = {
    "vacant_lot_billed_as_built": "Lotes baldíos facturados como construidos",
    "abandoned_house": "Casas deshabitadas",
    "duplicate_holder": "Titulares duplicados",
    "missing_cadastral_key": "Sin clave catastral",
    "no_recent_payment": "Sin pago en 5 años o más",
    "past_prescription": "Adeudos prescritos",
}
PROPOSAL_KINDS = {"reclassification": "Reclasificación", "write_off": "Baja por incobrable"}
PROPOSAL_STATUSES = {"pending": "Pendiente", "approved": "Aprobada", "rejected": "Rechazada"}
# What a reclassification may change: the registry's proposable fields of class, status
# and flags (the registry's change proposals apply them).
RECLASSIFY_FIELDS = ("property_class", "class_subtype", "status", "uninhabited", "built")

# The thresholds are the setting `cleanup` (server/common/settings.py); these are its defaults.
DEFAULT_THRESHOLDS = DEFAULTS["cleanup"]

# Accents PostgreSQL's translate() removes; name_key() removes every combining mark, so the
# two agree on Spanish names (the only ones a registry of Caborca holds).
ACCENTED = "áéíóúüñàèìòùâêîôûäëïöÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛÄËÏÖ"
PLAIN = "aeiouunaeiouaeiouaeioAEIOUUNAEIOUAEIOUAEIO"


def name_key(name: str | None) -> str:
    """A holder's name as duplicates compare: accent-free, upper case, tokens sorted.
    'Pérez López  María' and 'MARIA PEREZ LOPEZ' → 'LOPEZ MARIA PEREZ'."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(sorted(plain.upper().split()))


def latest_start_for(as_of: date, years: int) -> date:
    """The latest start date whose `years` anniversary (add_months, month ends clamped)
    falls on or before `as_of`: a clock started on or before it has run out."""
    candidate = add_months(as_of, -12 * years) - timedelta(days=4)
    while add_months(candidate + timedelta(days=1), 12 * years) <= as_of:
        candidate += timedelta(days=1)
    return candidate


def zero_consumption_since(as_of: date, months: int) -> date:
    """First period of the last `months` complete months before `as_of`'s month."""
    return add_months(as_of.replace(day=1), -months)


def reason_text(kind: str, d: dict, class_label: str = "",
                thresholds: dict = DEFAULT_THRESHOLDS) -> str:
    """Why an account is on a suspect list, in Spanish, from the list's detail row."""
    code = d.get("code")
    if kind == "vacant_lot_billed_as_built":
        if code == "not_built":
            return f"Predio registrado sin construcción, facturado como {class_label.lower()}."
        return (f"Lote baldío con consumo facturado: {d.get('n') or 0} m³ en los últimos "
                f"{thresholds['vacant_consumption_months']} meses.")
    if kind == "abandoned_house":
        if code == "flag":
            return "Marcada como casa deshabitada y se sigue facturando."
        return f"Medidor con consumo cero en las últimas {d.get('n')} lecturas."
    if kind == "duplicate_holder":
        what = "la misma CURP" if code == "curp" else "el mismo nombre normalizado"
        return f"{d.get('n')} titulares distintos con {what}: {d.get('group_key')}."
    if kind == "missing_cadastral_key":
        return "El predio no tiene clave catastral."
    if kind == "no_recent_payment":
        last = d.get("date")
        since = f"último pago el {last:%d/%m/%Y}" if last else "ningún pago registrado"
        return f"Con adeudo y sin pagos en {thresholds['no_payment_years']} años o más ({since})."
    if kind == "past_prescription":
        oldest = d.get("date")
        return (f"{d.get('n')} cargos abiertos con plazo de prescripción cumplido "
                f"(el más antiguo vencido el {oldest:%d/%m/%Y}) por ${d.get('amount')}.")
    raise ValueError(f"unknown suspect kind {kind}")


def decision_refusal(*, kind: str, proposer_id, actor_id, actor_roles) -> str | None:
    """Why this person may not decide this proposal (an error code), or None.

    Write-offs follow the two-person rule: the decider holds the director role and is not
    the person who proposed it, even when the proposer is also a director.
    Reclassifications are decided by a manager, as any registry change proposal."""
    roles = set(actor_roles or ())
    if kind == "write_off":
        if "director" not in roles:
            return "WRITE_OFF_NEEDS_DIRECTOR"
        if proposer_id == actor_id:
            return "WRITE_OFF_SAME_PERSON"
        return None
    if "manager" not in roles:
        return "RECLASSIFICATION_NEEDS_MANAGER"
    return None
