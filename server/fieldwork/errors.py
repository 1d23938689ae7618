"""Spanish messages of the field-work capability's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "ROUTE_NOT_FOUND": "No existe la ruta {route}.",
    "STOP_NOT_FOUND": "No existe la parada {stop}.",
    "WORKER_NOT_NOTIFIER": "El usuario {worker} no es un notificador activo.",
    "WORKER_NOT_CUTTER": "El usuario {worker} no es un cortador activo.",
    "WORKER_NOT_SOCIAL_WORKER": "El usuario {worker} no es una trabajadora social activa.",
    "WORK_DATE_IN_PAST": "La fecha de trabajo {work_date} ya pasó.",
    "NOTHING_TO_PLAN": "La campaña no tiene avisos pendientes de asignar a una ruta.",
    "ROUTE_CLOSED": "La ruta {route} está {state}; no admite cambios.",
    "STOP_NOT_PENDING": "La parada ya está {state}; no se puede cambiar.",
    "STOP_NOT_IN_SCOPE": "La parada no está en una ruta vigente de este usuario.",
    "STOP_NOTICE_MISMATCH": "El aviso no corresponde a la parada indicada.",
    "MUTATION_ARGS_INVALID": "Los datos enviados desde el teléfono no son válidos.",
    "ID_REUSED": "Ese identificador ya se usó con datos distintos.",
})

STATE_LABELS = {"cancelled": "cancelada", "closed": "cerrada", "done": "realizada",
                "pending": "pendiente"}

# Team day (issue 7): reassigning stops to a worker.
MESSAGES.update({
    "STOPS_ALREADY_WITH_WORKER": "Alguna de las paradas ya es de {worker}; elija a otra "
                                 "persona.",
})
