"""Ledger vocabularies with their Spanish labels."""
from __future__ import annotations

SERVICES = {"water": "Agua", "sewer": "Drenaje", "sanitation": "Saneamiento", "other": "Otros"}

CONCEPTS = {
    "consumption": "Consumo",
    "fixed": "Cuota fija",
    "sewer": "Drenaje",
    "sanitation": "Saneamiento",
    "surcharge": "Recargos",
    "fine": "Multa",
    "reconnection": "Reconexión",
    "extraordinary": "Cargo extraordinario",
    "enforcement_costs": "Gastos de ejecución",
}
# Accessories (accesorios) stay apart from principal: waivers target them.
ACCESSORY_CONCEPTS = ("surcharge", "fine", "enforcement_costs")
PRINCIPAL_CONCEPTS = tuple(c for c in CONCEPTS if c not in ACCESSORY_CONCEPTS)

CHARGE_ORIGINS = {
    "billing": "Facturación",
    "surcharge_job": "Recargos mensuales",
    "extraordinary": "Cargo extraordinario autorizado",
    "import": "Importación",
    "adjustment": "Ajuste",
}
PAYMENT_METHODS = {
    "cash": "Efectivo", "card": "Tarjeta", "transfer": "Transferencia", "check": "Cheque",
    "bank_file": "Archivo bancario", "store": "Tienda de conveniencia", "online": "En línea",
}
CREDIT_KINDS = {
    "adjustment": "Ajuste", "waiver": "Condonación", "discount": "Descuento",
    "correction": "Corrección",
}
EXTRAORDINARY_KINDS = {
    "extension": "Ampliación", "rehabilitation": "Rehabilitación",
    "meter_installation": "Instalación de medidor", "fee": "Derecho / trámite",
    "fine": "Multa", "other": "Otro",
}
EXTRAORDINARY_STATUSES = {"proposed": "Propuesto", "authorized": "Autorizado",
                          "rejected": "Rechazado"}
# Credit kinds that only a use case books, never the manual credit form (CREDIT_KINDS, which the
# ledger's credit endpoint accepts): a write-off exists only once a director approved it
# (server/cleanup, two-person rule).
SYSTEM_CREDIT_KINDS = {"write_off": "Baja por incobrable"}
