"""Registry vocabularies, with the Spanish label a person reads."""
from __future__ import annotations

PROPERTY_CLASSES = {
    "domestic": "Doméstico",
    "commercial": "Comercial",
    "industrial": "Industrial",
    "public_services": "Servicios públicos",
    "vacant_lot": "Lote baldío",
    "mixed": "Mixto",
}
DOMESTIC_SUBCLASSES = {"popular": "Popular", "medium": "Medio", "residential": "Residencial"}

ACCOUNT_STATUSES = {
    "active": "Activa",
    "limited": "Limitada",
    "suspended": "Suspendida",
    "temporarily_closed": "Baja temporal",
    "closed": "Baja",
}
BILLING_TYPES = {"metered": "Medido", "fixed": "Cuota fija", "presumed": "Presuntivo"}
LOCALITY_TYPES = {"urban": "Urbana", "rural": "Rural"}
PERSON_TYPES = {"individual": "Persona física", "company": "Persona moral"}
METER_STATES = {"working": "Funcionando", "broken": "Dañado", "missing": "No localizado",
                "removed": "Retirado"}
PROPOSAL_STATUSES = {"pending": "Pendiente", "approved": "Aprobada", "rejected": "Rechazada"}

# Fields a change proposal may target, with the entity that holds them.
PROPOSABLE_FIELDS = {
    "property_class": "account", "class_subtype": "account", "business_line": "account",
    "status": "account", "billing_type": "account", "sector": "account",
    "uninhabited": "account", "holder_name": "customer", "phone": "customer",
    "rfc": "customer", "curp": "customer", "street": "premises",
    "exterior_number": "premises", "interior_number": "premises",
    "cadastral_key": "premises", "latitude": "premises", "longitude": "premises",
    "occupants": "premises", "built": "premises", "meter_serial": "meter",
}
