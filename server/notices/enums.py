"""Notice vocabularies with their Spanish labels: kinds, statuses, visit outcomes."""
from __future__ import annotations

NOTICE_KINDS = {"informal": "Invitación a pagar", "formal": "Requerimiento de pago"}
# Folio prefix by kind: AV = aviso (invitación), RQ = requerimiento.
FOLIO_PREFIXES = {"informal": "AV", "formal": "RQ"}

NOTICE_STATUSES = {
    "issued": "Emitido", "assigned": "Asignado a ruta", "delivered": "Entregado",
    "citatorio": "Citatorio dejado", "absent": "Ausente", "refused": "Se negó a recibir",
    "not_found": "Domicilio no localizado", "vacant": "Casa deshabitada", "paid": "Ya pagó",
    "cancelled": "Cancelado",
}
# A notice still waiting for its visit (a second campaign must not notify it again).
OPEN_NOTICE_STATUSES = ("issued", "assigned", "citatorio")

OUTCOMES = {
    "delivered_holder": "Entregado al titular",
    "delivered_other": "Entregado a otra persona",
    "citatorio_left": "Citatorio dejado",
    "absent": "Ausente",
    "refused": "Se negó a recibir (se fijó el aviso)",
    "address_not_found": "Domicilio no localizado",
    "vacant_house": "Casa deshabitada",
    "already_paid": "Ya pagó",
}
# The notice's status follows its latest visit (docs/field-sync.md).
OUTCOME_STATUS = {
    "delivered_holder": "delivered", "delivered_other": "delivered",
    "citatorio_left": "citatorio", "absent": "absent", "refused": "refused",
    "address_not_found": "not_found", "vacant_house": "vacant", "already_paid": "paid",
}
# A notice is legally served when delivered to someone or fixed after a refusal.
SERVED_OUTCOMES = ("delivered_holder", "delivered_other", "refused")
# Formal acts (business hours apply): serving the notice or leaving a citatorio.
ACT_OUTCOMES = SERVED_OUTCOMES + ("citatorio_left",)

ADDRESS_VERIFICATIONS = {
    "street_sign": "Placa de la calle visible", "house_number": "Número exterior visible",
    "facade": "Fachada", "person_statement": "Dicho de una persona",
    "registry_match": "Coincide con el padrón", "photo": "Fotografía", "gps": "GPS",
}
GPS_ERRORS = ("timeout", "denied", "unavailable")
