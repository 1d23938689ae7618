"""Spanish messages of the agreements capability's error codes and flags."""
from __future__ import annotations

from server.common.i18n import MESSAGES

MESSAGES.update({
    "AGREEMENT_NOT_FOUND": "No existe el convenio {agreement}.",
    "AGREEMENT_NOT_PENDING": "El convenio {folio} ya no está pendiente de revisión.",
    "ACCOUNT_NOT_FOUND": "No existe la cuenta {account}.",
    "AGREEMENT_NOT_RESTRUCTURABLE": "El convenio {folio} no puede reestructurarse en su "
                                    "estado actual.",
    "AGREEMENT_OTHER_ACCOUNT": "El nuevo convenio debe ser de la misma cuenta.",
    "SCANNED_COPY_MISSING": "No se encontró el archivo escaneado; súbalo primero.",
    "AGREEMENT_CODE_UNKNOWN": "Ningún convenio tiene el código de verificación {verification}.",
})

# Why an agreement was parked for the manager (the fact is always kept).
FLAG_LABELS = {
    "DEBT_CHANGED": "El adeudo cambió entre la cotización y la llegada (pago en tránsito)",
    "DUPLICATE_AGREEMENT": "La cuenta ya tiene otro convenio",
    "OUT_OF_POLICY": "Fuera de la política de convenios",
    "TERMS_MISMATCH": "El adeudo convenido no coincide con la cotización",
    "SCHEDULE_MISMATCH": "El calendario no coincide con las reglas",
    "HASH_MISMATCH": "La huella de los términos firmados no coincide",
    "POLICY_UNKNOWN": "Versión de política desconocida",
    "PROMOTION_UNKNOWN": "Promoción no reconocida",
    "PROMOTION_NOT_ELIGIBLE": "La promoción no aplica a esta cuenta",
}
