"""The default program of DOMAIN.md "Social discounts" (the migration seeds a copy)."""
from __future__ import annotations

DEFAULT_PROGRAM_NAME = "Descuento social"
DEFAULT_PROGRAM_RULES = {
    "beneficiary_types": ["senior", "disability", "pensioner", "retiree"],
    "pct": "50", "services": ["water"], "monthly_m3_cap": 20, "property_classes": ["domestic"],
    "required_documents": {
        "senior": ["id", "inapam_card", "proof_of_address"],
        "disability": ["id", "disability_certificate", "proof_of_address"],
        "pensioner": ["id", "pension_receipt", "proof_of_address"],
        "retiree": ["id", "pension_receipt", "proof_of_address"],
    },
    "min_age": {"senior": 60}, "requires_current_or_agreement": True,
    "validity_days": 365, "renewal_notice_days": 30,
}
