"""Spanish messages of the billing-analysis error codes."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "BILLING_PERIOD_INVALID": "El periodo «{period}» no es válido: use el formato AAAA-MM "
                              "(por ejemplo 2026-10).",
    "BILLING_PERIOD_NOT_BILLED": "No hay facturación registrada ni importada para el "
                                 "periodo {period}.",
    "BILLING_PERIOD_ALREADY_AUTHORIZED": "La facturación de {period} ya fue autorizada; "
                                         "ya no se pueden cambiar sus revisiones.",
    "BILLING_PERIOD_PENDING": "No se puede autorizar la facturación de {period}: faltan "
                              "{pending} grandes consumidores por validar o explicar "
                              "({accounts}).",
    "LARGE_CONSUMER_NOT_LISTED": "La cuenta {account} no es gran consumidor en el periodo "
                                 "{period}.",
    "LARGE_CONSUMER_NOTE_REQUIRED": "Escriba la explicación de la variación del consumo.",
    "LARGE_CONSUMER_WORKER_REQUIRED": "Elija el notificador que hará la inspección y la "
                                      "fecha.",
    "LARGE_CONSUMER_INSPECTION_PENDING": "Ya hay una inspección pendiente para la cuenta "
                                         "{account} en este periodo.",
    "LARGE_CONSUMER_CATEGORY_UNKNOWN": "Categoría de gran consumidor desconocida: "
                                       "«{category}».",
})
