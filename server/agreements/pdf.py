"""The agreement document (WeasyPrint, Spanish, letter size): folio, debt recognized,
schedule, clauses, both signatures and the verification code of the signed terms."""
from __future__ import annotations

import base64
from datetime import date, datetime

from server.agreements import rules
from server.agreements.models import AgreementPolicy, PaymentAgreement
from server.auth.models import StaffUser
from server.common.clock import LOCAL_TZ
from server.common.money import ZERO, money
from server.extensions import db
from server.fieldwork.pdf import TEMPLATES, long_date, render
from server.ledger.enums import CONCEPTS, SERVICES
from server.registry.models import Account
from server.registry.rules import address_line

STATUS_LABELS = {"pending_review": "Pendiente de revisión", "active": "Al corriente",
                 "late": "Atrasado (en gracia)", "breached": "Incumplido",
                 "completed": "Liquidado", "annulled": "Anulado",
                 "restructured": "Reestructurado"}


def verification_code(terms_hash: str) -> str:
    """XXXX-XXXX-XXXX: what the office types to check a printed agreement."""
    return rules.verification_code(terms_hash)


def _signature(sha: str | None) -> str | None:
    """A signature image from blob storage as a data: URI (None while not uploaded)."""
    if not sha:
        return None
    from server.attachments.storage import app_storage

    storage = app_storage()
    if not storage.exists(sha):
        return None
    with storage.open(sha) as fh:
        data = fh.read()
    kind = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _day(value) -> str:
    return long_date(value if isinstance(value, date) else date.fromisoformat(str(value)))


def agreement_html(a: PaymentAgreement) -> str:
    terms = a.terms
    account = db.session.get(Account, a.account_id)
    staff = db.session.get(StaffUser, a.signed_by)
    waived: dict[tuple, object] = {}
    for w in terms.get("waivers") or []:
        key = (w["service"], w["concept"])
        waived[key] = waived.get(key, ZERO) + money(w["amount"])
    lines = []
    for line in terms["snapshot"]["lines"]:
        amount = money(line["amount"])
        cut = waived.get((line["service"], line["concept"]), ZERO)
        lines.append({"service": SERVICES.get(line["service"], line["service"]),
                      "concept": CONCEPTS.get(line["concept"], line["concept"]),
                      "amount": amount, "waived": cut, "net": amount - cut})
    signed = a.signed_at.astimezone(LOCAL_TZ) if isinstance(a.signed_at, datetime) else None
    policy = db.session.get(AgreementPolicy, a.policy_version)
    klass = rules.class_terms(policy.rules, account.property_class)
    return render(
        "agreements/agreement.html", a=a, account=account,
        address=address_line(account.premises.street, account.premises.exterior_number,
                             account.premises.interior_number),
        customer=terms.get("customer") or {}, staff_name=staff.full_name if staff else "",
        signed_at=f"{long_date(signed.date())}, {signed:%H:%M} h" if signed else "",
        status=STATUS_LABELS.get(a.status, a.status), flags=list(a.flags or []),
        snapshot_date=_day(terms["snapshot"]["as_of"]), lines=lines,
        schedule=[{"number": p["number"], "kind": p["kind"], "amount": money(p["amount"]),
                   "due": _day(p["due_date"])} for p in terms["schedule"]],
        grace_days=klass["grace_days"],
        reinstate=bool(policy.rules.get("reinstate_waived_on_breach")),
        code=verification_code(a.terms_hash), customer_sig=_signature(a.customer_signature),
        staff_sig=_signature(a.staff_signature))


def agreement_pdf(a: PaymentAgreement) -> bytes:
    from weasyprint import HTML  # heavy import: only when a document is printed

    return HTML(string=agreement_html(a), base_url=str(TEMPLATES)).write_pdf()
