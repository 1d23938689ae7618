"""Spanish messages of the registry's error codes that live outside the shared catalogue."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "CLASS_EFFECT_NO_HISTORY": "La cuenta {account} no tiene meses de agua facturados para "
                               "estimar el efecto del cambio de clase.",
    "CLASS_EFFECT_NO_DATA": "No hay cargos recientes de la clase «{property_class}» para "
                            "estimar la tarifa.",
    "METER_SERIAL_TAKEN": "El medidor {serial} ya está en la cuenta {account}.",
    "ACCOUNT_HAS_NO_METER": "La cuenta {account} no tiene medidor que corregir.",
})
