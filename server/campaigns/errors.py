"""Spanish messages of the campaigns capability's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "CAMPAIGN_NOT_FOUND": "No existe la campaña {campaign}.",
    "CAMPAIGN_SELECTION_EMPTY": "Ninguna cuenta cumple las reglas de la campaña; ajuste los "
                                "criterios.",
    "CAMPAIGN_NOT_ACTIVE": "La campaña {folio} no está activa.",
    "CAMPAIGN_DATES_INVERTED": "La fecha de inicio es posterior a la de término.",
    "PROMOTION_NOT_FOUND": "No existe la promoción {promotion}.",
})
