"""The account page in one read (expediente): registry data, meter readings, flags,
balance and aging, the history of collection actions and the audit trail.

Read-only; it reads other capabilities' models (notices, visits, orders, agreements,
discount applications) with one query each, so the number of queries stays the same
however long an account's history is. Lists are capped (HISTORY_LIMIT) newest first.
"""
from __future__ import annotations

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.common.clock import local_today
from server.disconnections.enums import ACTIONS as ORDER_ACTIONS
from server.disconnections.enums import STATUSES as ORDER_STATUSES
from server.disconnections.models import DisconnectionOrder
from server.discounts.enums import STATUS_LABELS as DISCOUNT_STATUSES
from server.discounts.enums import TYPE_LABELS as DISCOUNT_TYPES
from server.discounts.models import DiscountApplication, DiscountProgram
from server.extensions import db
from server.fieldwork.models import Visit, VisitAttachment
from server.ledger.queries import account_balance
from server.notices.enums import NOTICE_KINDS, NOTICE_STATUSES, OUTCOMES
from server.notices.models import Notice
from server.registry.models import Account, Meter, Reading
from server.registry.queries import account_detail, audit_trail

HISTORY_LIMIT = 200
READINGS_LIMIT = 12
AGREEMENT_STATUSES = {
    "pending_review": "Pendiente de revisión", "active": "Al corriente", "late": "Con atraso",
    "breached": "Incumplido", "completed": "Cumplido", "annulled": "Anulado",
    "restructured": "Reestructurado"}
BLOB_URL = "/api/sync/v1/blobs/{}"


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _readings(account: Account) -> list[dict]:
    rows = db.session.execute(
        sa.select(Reading, Meter.serial).join(Meter, Meter.id == Reading.meter_id)
        .where(Meter.account_id == account.id)
        .order_by(Reading.period.desc(), Reading.id.desc()).limit(READINGS_LIMIT)).all()
    return [{"meter_serial": serial, "period": _iso(r.period), "read_on": _iso(r.read_on),
             "value_m3": r.value_m3, "consumption_m3": r.consumption_m3} for r, serial in rows]


def _visits(account: Account) -> list[dict]:
    visits = db.session.execute(
        sa.select(Visit).where(Visit.account_id == account.id)
        .order_by(Visit.started_at.desc()).limit(HISTORY_LIMIT)).scalars().all()
    evidence: dict = {}
    for a in db.session.execute(
            sa.select(VisitAttachment).join(Visit, Visit.id == VisitAttachment.visit_id)
            .where(Visit.account_id == account.id)
            .order_by(VisitAttachment.id)).scalars():
        evidence.setdefault(a.visit_id, []).append(
            {"kind": a.kind, "sha256": a.sha256, "url": BLOB_URL.format(a.sha256)})
    return [{"id": str(v.id), "notice_id": str(v.notice_id) if v.notice_id else None,
             "order_id": str(v.order_id) if v.order_id else None,
             "date": _iso(v.started_at), "outcome": v.outcome,
             "outcome_label": OUTCOMES.get(v.outcome, v.outcome), "notes": v.notes,
             "latitude": v.latitude, "longitude": v.longitude,
             "evidence": evidence.get(v.id, [])} for v in visits]


def _actions(account: Account, visits: list[dict]) -> list[dict]:
    """Notices and orders (each with its visits), agreements and discount applications,
    newest first; a visit tied to neither stands on its own."""
    by_task: dict[str, list[dict]] = {}
    for v in visits:
        key = v["notice_id"] or v["order_id"]
        by_task.setdefault(key, []).append(v)
    out = []
    for n in db.session.execute(
            sa.select(Notice).where(Notice.account_id == account.id)
            .order_by(Notice.issued_on.desc()).limit(HISTORY_LIMIT)).scalars():
        out.append({"type": "notice", "id": str(n.id), "date": _iso(n.issued_on),
                    "folio": n.folio, "title": NOTICE_KINDS.get(n.kind, n.kind),
                    "status": n.status, "status_label": NOTICE_STATUSES.get(n.status, n.status),
                    "amount": str(n.debt_amount), "visits": by_task.pop(str(n.id), [])})
    for o in db.session.execute(
            sa.select(DisconnectionOrder).where(DisconnectionOrder.account_id == account.id)
            .order_by(DisconnectionOrder.issued_on.desc()).limit(HISTORY_LIMIT)).scalars():
        out.append({"type": "order", "id": str(o.id), "date": _iso(o.issued_on),
                    "folio": o.folio, "title": f"Orden: {ORDER_ACTIONS.get(o.action, o.action)}",
                    "status": o.status, "status_label": ORDER_STATUSES.get(o.status, o.status),
                    "amount": str(o.debt_amount), "visits": by_task.pop(str(o.id), [])})
    for a in db.session.execute(
            sa.select(PaymentAgreement).where(PaymentAgreement.account_id == account.id)
            .order_by(PaymentAgreement.signed_at.desc()).limit(HISTORY_LIMIT)).scalars():
        out.append({"type": "agreement", "id": str(a.id), "date": _iso(a.signed_at.date()),
                    "folio": a.folio,
                    "title": f"Convenio de pago en {a.installments} parcialidades",
                    "status": a.status,
                    "status_label": AGREEMENT_STATUSES.get(a.status, a.status),
                    "amount": str(a.agreed_debt), "visits": []})
    for d, program in db.session.execute(
            sa.select(DiscountApplication, DiscountProgram.name)
            .join(DiscountProgram, DiscountProgram.id == DiscountApplication.program_id)
            .where(DiscountApplication.account_id == account.id)
            .order_by(DiscountApplication.created_at.desc()).limit(HISTORY_LIMIT)):
        out.append({"type": "discount", "id": str(d.id), "date": _iso(d.created_at.date()),
                    "folio": None,
                    "title": f"Descuento social: {program} "
                             f"({DISCOUNT_TYPES.get(d.beneficiary_type, d.beneficiary_type)})",
                    "status": d.status,
                    "status_label": DISCOUNT_STATUSES.get(d.status, d.status),
                    "amount": None, "visits": [], "starts_on": _iso(d.starts_on),
                    "ends_on": _iso(d.ends_on)})
    for loose in by_task.values():
        for v in loose:
            out.append({"type": "visit", "id": v["id"], "date": v["date"][:10],
                        "folio": None, "title": "Visita", "status": v["outcome"],
                        "status_label": v["outcome_label"], "amount": None, "visits": [v]})
    out.sort(key=lambda a: a["date"] or "", reverse=True)
    return out


def _flags(account: Account, actions: list[dict]) -> dict:
    today = local_today().isoformat()
    discount = any(a["type"] == "discount" and a["status"] == "approved"
                   and a["starts_on"] and a["ends_on"] and a["starts_on"] <= today <= a["ends_on"]
                   for a in actions)
    agreement = any(a["type"] == "agreement" and a["status"] in GOOD_STANDING
                    for a in actions)
    return {"social_discount": discount, "agreement_in_good_standing": agreement,
            "vulnerable_household": account.vulnerable_household,
            "public_services": account.property_class == "public_services",
            "large_consumer": account.is_large_consumer}


def account_dossier(account: Account) -> dict:
    """Everything the office's account page shows, in a fixed number of queries."""
    actions = _actions(account, _visits(account))
    ids = [str(account.id), str(account.premises_id), str(account.customer_id)]
    return {
        "account": account_detail(account),
        "readings": _readings(account),
        "flags": _flags(account, actions),
        "balance": account_balance(account.id) | {"account_number": account.account_number},
        "actions": actions,
        "audit": audit_trail(ids, limit=HISTORY_LIMIT),
    }
