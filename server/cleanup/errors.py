"""Spanish messages of the clean-up's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "CLEANUP_PROPOSAL_NOT_FOUND": "No existe esa propuesta de depuración.",
    "CLEANUP_PROPOSAL_ALREADY_DECIDED": "La propuesta ya fue {state}; no se aplica dos veces.",
    "CLEANUP_REJECTION_REASON_REQUIRED": "Indique el motivo del rechazo.",
    "WRITE_OFF_NEEDS_DIRECTOR": "Solo la dirección puede aprobar o rechazar una baja por "
                                "incobrable.",
    "WRITE_OFF_SAME_PERSON": "Quien propuso la baja por incobrable no puede aprobarla ni "
                             "rechazarla: debe decidirla otra persona de la dirección.",
    "RECLASSIFICATION_NEEDS_MANAGER": "Solo la encargada de cartera decide las "
                                      "reclasificaciones.",
    "RECLASSIFICATION_EMPTY": "Indique al menos un cambio de clase, estado o marca.",
    "WRITE_OFF_CHARGE_NOT_OPEN": "Estos cargos no están abiertos en la cuenta: {charges}.",
    "WRITE_OFF_NOTHING_OPEN": "La cuenta {account} no tiene adeudo abierto que dar de baja.",
    "WRITE_OFF_AMOUNT_INVALID": "El importe debe ser mayor que cero y no mayor que el "
                                "adeudo abierto de los cargos elegidos (${available}).",
    "WRITE_OFF_ALREADY_PENDING": "La cuenta {account} ya tiene una baja por incobrable "
                                 "pendiente de aprobación.",
    "WRITE_OFF_DEBT_CHANGED": "El adeudo de los cargos cambió desde la propuesta (quedan "
                              "${available} de ${amount}): recházela y proponga de nuevo.",
    "CLEANUP_EXPORT_TOO_LARGE": "La lista tiene demasiadas cuentas para exportarla "
                                "({count}); el máximo es {cap}.",
})
