"""Order vocabularies with their Spanish labels: actions, statuses, field outcomes."""
from __future__ import annotations

ACTIONS = {
    "restrict": "Limitación (reductor)", "disconnect": "Corte (suspensión)",
    "reconnect": "Reconexión", "inspect": "Reinspección",
}
CUT_ACTIONS = ("restrict", "disconnect")
# Folio prefix by action: OL limitación, OC corte, RX reconexión, IN inspección.
FOLIO_PREFIXES = {"restrict": "OL", "disconnect": "OC", "reconnect": "RX", "inspect": "IN"}

STATUSES = {
    "issued": "Emitida", "assigned": "Asignada a ruta", "executed": "Ejecutada",
    "not_executed": "No ejecutada", "cancelled": "Cancelada",
    "executed_after_cancellation": "Ejecutada después de cancelada",
}
OPEN_STATUSES = ("issued", "assigned")

CANCEL_REASONS = {
    "payment": "El usuario pagó", "agreement": "Firmó convenio",
    "office": "Cancelada por la oficina", "protected": "Cuenta protegida",
}

# What the cutter reports (order.execute): executed, or not executed with a reason.
OUTCOMES = {"executed": "Ejecutada", "not_executed": "No ejecutada"}
NOT_EXECUTED_REASONS = {
    "paid_on_spot": "Pagó y mostró recibo", "agreement_shown": "Mostró convenio",
    "no_access": "Sin acceso a la toma", "valve_not_found": "No se encontró la válvula",
    "hostile": "Situación hostil", "already_restricted": "Ya estaba limitada",
    "other": "Otro motivo",
}

# Account status after an executed action (registry statuses).
ACCOUNT_STATUS_AFTER = {"restrict": "limited", "disconnect": "suspended",
                        "reconnect": "active"}

# Flags an executed order may carry (the fact is always kept).
FLAG_LABELS = {
    "CROSSED_IN_FLIGHT": "Se ejecutó sin saber que ya estaba cancelada (pago en tránsito)",
    "IGNORED_CANCELLATION": "Se ejecutó aunque el teléfono ya la tenía cancelada",
    "PROTECTED_AT_EXECUTION": "La cuenta estaba protegida al ejecutar",
    "PAID_ON_SPOT_VERIFY": "Dijo haber pagado: verificar el recibo",
    "SELF_RECONNECTION": "Autoreconexión detectada",
    "ORDER_NOT_OPEN": "La orden ya estaba cerrada",
}
