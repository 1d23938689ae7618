"""Spanish messages of the discounts capability's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "DISCOUNT_PROGRAM_NOT_FOUND": "No existe el programa de descuento {program}.",
    "DISCOUNT_APPLICATION_NOT_FOUND": "No existe la solicitud de descuento {application}.",
    "DISCOUNT_APPLICATION_DECIDED": "La solicitud ya fue resuelta ({state}).",
    "DISCOUNT_DECISION_NOTE_REQUIRED": "Escriba el motivo.",
    "DISCOUNT_NO_SOCIAL_WORKER": "No hay trabajadoras sociales activas a quienes asignar las "
                                 "renovaciones.",
    "DISCOUNT_VISIT_ACCOUNTS_UNKNOWN": "No existen estas cuentas: {accounts}.",
    "DISCOUNT_PROGRAM_INVALID": "El programa de descuento tiene datos no válidos; revise los "
                                "campos marcados.",
})
