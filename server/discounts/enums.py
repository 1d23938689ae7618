"""Discount vocabularies with their Spanish labels (the PWA's es-discounts.ts says the same):
beneficiary types, application statuses, documents, the services a program may discount."""
from __future__ import annotations

TYPE_LABELS = {"senior": "Adulto mayor (INAPAM)", "disability": "Persona con discapacidad",
               "pensioner": "Pensionado(a)", "retiree": "Jubilado(a)"}
STATUS_LABELS = {"submitted": "Enviada", "needs_info": "Falta información",
                 "answered": "Respondida", "approved": "Aprobada", "rejected": "Rechazada"}
DOCUMENT_LABELS = {"id": "Identificación oficial", "inapam_card": "Credencial INAPAM",
                   "disability_certificate": "Certificado de discapacidad",
                   "pension_receipt": "Comprobante de pensión o jubilación",
                   "proof_of_address": "Comprobante de domicilio", "other": "Otro documento"}
# The document kinds a photo may be of (discount.apply) and a program may require.
DOCUMENTS = tuple(DOCUMENT_LABELS)
# The services of a water charge a program may discount (ledger SERVICES but "other").
SERVICE_LABELS = {"water": "Agua", "sewer": "Drenaje", "sanitation": "Saneamiento"}
