"""Billing vocabularies with their Spanish labels."""
from __future__ import annotations

PERIOD_STATUSES = {"draft": "Preliminar (sin autorizar)", "authorized": "Autorizado"}

# What the manager did with a large consumer of a period. Sending an inspection leaves the
# case pending: it is resolved only by validating or explaining after the visit.
REVIEW_ACTIONS = {"validated": "Validado", "explained": "Explicado",
                  "inspection_sent": "Inspección enviada"}
RESOLVED_ACTIONS = ("validated", "explained")

# Kinds of large consumer a manager files an account under (flagged by hand or by volume).
CATEGORIES = {
    "industry": "Industria",
    "commerce": "Comercio",
    "hospitality": "Hoteles y restaurantes",
    "public_service": "Servicio público",
    "institution": "Institución (escuela, hospital, gobierno)",
    "agriculture": "Agropecuario",
    "other": "Otro",
}

# Why a large consumer is on the list.
REASONS = {"flagged": "Marcado a mano", "volume": "Consumo sobre el umbral"}

# Why a large consumer needs validation (rules.deviation_status).
DEVIATION_STATUSES = {
    "within": "Dentro del rango",
    "above": "Arriba del promedio",
    "below": "Abajo del promedio",
    "no_history": "Sin historial de consumo",
    "not_metered": "Sin medición (cuota fija)",
}
