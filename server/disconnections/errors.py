"""Spanish messages of the disconnections capability's error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "CUT_LIST_NOT_FOUND": "No existe la lista de cortes {cut_list}.",
    "CUT_LIST_EMPTY": "Ninguna cuenta cumple las reglas de la lista de cortes; ajuste los "
                      "criterios.",
    "DOMESTIC_DISCONNECTION_FORBIDDEN": "La Ley General de Aguas prohíbe el corte total del "
                                        "suministro doméstico por falta de pago; a las "
                                        "cuentas domésticas solo se les limita el servicio.",
    "ORDER_NOT_FOUND": "No existe la orden {order}.",
    "ORDER_NOT_OPEN": "La orden {folio} ya no está pendiente.",
    "ORDER_REASON_REQUIRED": "Indique por qué no se ejecutó la orden.",
    "ORDER_SEAL_REQUIRED": "Anote el número de sello colocado.",
    "STOP_ORDER_MISMATCH": "La parada no corresponde a esa orden.",
    "ALERT_NOT_FOUND": "No existe la alerta {alert}.",
})
