"""The legal data of one debtor for PAE (DOMAIN.md "PAE debtor list: required data"):
identification, address, periods owed with concept and due date, accessories, the history
of formal acts with how each was served, agreements and breaches, cuts, the last formal act
and prescription, and the referral. Read-only, a fixed number of queries per debtor."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from server.agreements.models import PaymentAgreement
from server.auth.models import StaffUser
from server.common.clock import local_today
from server.common.settings import get_setting
from server.disconnections.enums import ACTIONS, CUT_ACTIONS, STATUSES as ORDER_STATUSES
from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from server.fieldwork.models import Visit
from server.ledger.enums import CONCEPTS, SERVICES
from server.ledger.models import Charge
from server.ledger.queries import account_balance
from server.ledger.rules import is_accessory, months_past_due, prescription_date
from server.ledger.sql import from_cents, sum_cents
from server.notices.enums import ADDRESS_VERIFICATIONS, NOTICE_KINDS, NOTICE_STATUSES, OUTCOMES
from server.notices.models import Notice
from server.pae import rules
from server.pae.models import PaeReferral
from server.registry.enums import ACCOUNT_STATUSES, PERSON_TYPES, PROPERTY_CLASSES
from server.registry.models import Account
from server.registry.rules import address_line

AGREEMENT_STATUSES = {
    "pending_review": "Pendiente de revisión", "active": "Al corriente", "late": "Con atraso",
    "breached": "Incumplido", "completed": "Cumplido", "annulled": "Anulado",
    "restructured": "Reestructurado (tras incumplimiento)"}
# Accessories the PAE document lists apart from the principal.
ACCESSORY_KEYS = {"surcharge": "surcharges", "fine": "fines",
                  "enforcement_costs": "enforcement_costs"}


def _d(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def periods_owed(account: Account, as_of: date) -> dict:
    """Open charges by period, service and concept with their due date, how late each is and
    whether it has prescribed; totals of principal and of each accessory."""
    presc = get_setting("prescription")
    rows = db.session.execute(
        sa.select(Charge.period, Charge.due_date, Charge.service, Charge.concept,
                  (sum_cents(Charge.amount) - sum_cents(Charge.allocated)).label("open_c"))
        .where(Charge.account_id == account.id, Charge.cleared_on.is_(None))
        .group_by(Charge.period, Charge.due_date, Charge.service, Charge.concept)).all()
    # A document reads oldest first, services in their usual order, principal before
    # accessories.
    service_order = {s: i for i, s in enumerate(SERVICES)}
    rows.sort(key=lambda r: (_d(r.due_date), _d(r.period), service_order.get(r.service, 9),
                             is_accessory(r.concept), r.concept))
    sums = {"principal": 0, "surcharges": 0, "fines": 0, "enforcement_costs": 0,
            "prescribed": 0}
    lines = []
    for r in rows:
        if r.open_c <= 0:
            continue
        due = _d(r.due_date)
        horizon = prescription_date(due, account.last_formal_act_on,
                                    years=int(presc["years"]), max_years=int(presc["max_years"]))
        prescribed = horizon <= as_of
        sums[ACCESSORY_KEYS[r.concept] if is_accessory(r.concept) else "principal"] += r.open_c
        sums["prescribed"] += r.open_c if prescribed else 0
        lines.append({"period": _d(r.period), "due_date": due, "service": r.service,
                      "service_label": SERVICES.get(r.service, r.service),
                      "concept": r.concept, "concept_label": CONCEPTS.get(r.concept, r.concept),
                      "amount": from_cents(r.open_c),
                      "months_past_due": months_past_due(due, as_of),
                      "prescription_date": horizon, "prescribed": prescribed})
    total = sum(v for k, v in sums.items() if k != "prescribed")
    return {"lines": lines, "totals": {k: from_cents(v) for k, v in sums.items()}
            | {"total": from_cents(total)}}


def _how_served(v: Visit, staff: dict) -> str:
    """The service record in one Spanish sentence: outcome, who attended, how the address
    was verified, the citatorio or the refusal, and who served it."""
    rec = v.record or {}
    parts = [OUTCOMES.get(v.outcome, v.outcome)]
    who = rec.get("attended_by") or {}
    if who.get("name"):
        rel = f" ({who['relationship']})" if who.get("relationship") else ""
        ident = f", identificación: {who['id_shown']}" if who.get("id_shown") else ""
        parts.append(f"atendió {who['name']}{rel}{ident}")
    checks = [ADDRESS_VERIFICATIONS.get(a, a) for a in rec.get("address_verification") or []]
    if checks:
        parts.append("domicilio verificado por: " + ", ".join(checks).lower())
    if rec.get("citatorio"):
        c = rec["citatorio"]
        parts.append(f"citatorio para el {c.get('date')} a las {c.get('time')}")
    if rec.get("refusal"):
        parts.append(f"se fijó en: {rec['refusal'].get('fixed_where')}")
    if rec.get("copy_delivered"):
        parts.append("se entregó copia")
    name, credential = staff.get(v.worker_id, (None, None))
    if name:
        parts.append(f"notificador(a): {name}" + (f", credencial {credential}"
                                                    if credential else ""))
    return "; ".join(parts) + "."


def notices_history(account: Account) -> list[dict]:
    """Notices newest first, each with its visits and how each visit served it."""
    notices = db.session.execute(
        sa.select(Notice).where(Notice.account_id == account.id, Notice.deleted_at.is_(None))
        .order_by(Notice.issued_on.desc(), Notice.folio.desc())).scalars().all()
    visits = db.session.execute(
        sa.select(Visit).where(Visit.account_id == account.id, Visit.notice_id.is_not(None))
        .order_by(Visit.started_at)).scalars().all()
    staff = {s.id: (s.full_name, s.credential_number) for s in db.session.execute(
        sa.select(StaffUser).where(StaffUser.id.in_({v.worker_id for v in visits}))).scalars()
    } if visits else {}
    by_notice: dict = {}
    for v in visits:
        by_notice.setdefault(v.notice_id, []).append({
            "date": v.started_at, "outcome": v.outcome,
            "outcome_label": OUTCOMES.get(v.outcome, v.outcome),
            "how_served": _how_served(v, staff)})
    return [{"folio": n.folio, "kind": n.kind, "kind_label": NOTICE_KINDS.get(n.kind, n.kind),
             "status": n.status, "status_label": NOTICE_STATUSES.get(n.status, n.status),
             "issued_on": n.issued_on, "debt_amount": n.debt_amount,
             "delivered_at": n.delivered_at, "visits": by_notice.get(n.id, [])}
            for n in notices]


def agreements_history(account: Account) -> list[dict]:
    """Payment agreements newest first; breached ones marked."""
    rows = db.session.execute(
        sa.select(PaymentAgreement).where(PaymentAgreement.account_id == account.id)
        .order_by(PaymentAgreement.signed_at.desc())).scalars().all()
    return [{"folio": a.folio, "status": a.status,
             "status_label": AGREEMENT_STATUSES.get(a.status, a.status),
             "signed_on": a.signed_at.date(), "agreed_debt": a.agreed_debt,
             "installments": a.installments, "breached": a.status in ("breached", "restructured"),
             "ended_on": a.ended_at.date() if a.ended_at else None} for a in rows]


def cuts_history(account: Account) -> list[dict]:
    """Restriction and disconnection orders newest first, with their outcome."""
    rows = db.session.execute(
        sa.select(DisconnectionOrder).where(DisconnectionOrder.account_id == account.id,
                                            DisconnectionOrder.action.in_(CUT_ACTIONS))
        .order_by(DisconnectionOrder.issued_on.desc())).scalars().all()
    return [{"folio": o.folio, "action": o.action, "action_label": ACTIONS.get(o.action),
             "status": o.status, "status_label": ORDER_STATUSES.get(o.status, o.status),
             "issued_on": o.issued_on, "executed_at": o.executed_at,
             "debt_amount": o.debt_amount} for o in rows]


def referrals_of(account: Account) -> list[dict]:
    """Every referral of the account to PAE, newest first."""
    rows = db.session.execute(
        sa.select(PaeReferral).where(PaeReferral.account_id == account.id)
        .order_by(PaeReferral.sent_on.desc(), PaeReferral.created_at.desc())).scalars().all()
    return [referral_view(r) | {"account_number": account.account_number} for r in rows]


def referral_view(r: PaeReferral) -> dict:
    """One referral as the API shows it."""
    return {"id": str(r.id), "account_id": str(r.account_id),
            "mandate_number": r.mandate_number, "officer_name": r.officer_name,
            "sent_on": r.sent_on, "status": r.status, "debt_amount": r.debt_amount,
            "months_past_due": r.months_past_due, "closed_on": r.closed_on,
            "close_reason": r.close_reason, "created_at": r.created_at}


def debtor_dossier(account: Account, as_of: date | None = None) -> dict:
    """Everything the payment demand and the executing officer need about one debtor."""
    as_of = as_of or local_today()
    presc = get_setting("prescription")
    p, c = account.premises, account.customer
    owed = periods_owed(account, as_of)
    oldest = min((line["due_date"] for line in owed["lines"]), default=None)
    horizon = None if oldest is None else prescription_date(
        oldest, account.last_formal_act_on, years=int(presc["years"]),
        max_years=int(presc["max_years"]))
    balance = account_balance(account.id, as_of=as_of)
    referrals = referrals_of(account)
    return {
        "as_of": as_of, "account_id": str(account.id),
        "account_number": account.account_number, "contract_number": account.account_number,
        "status_label": ACCOUNT_STATUSES.get(account.status, account.status),
        "property_class": account.property_class,
        "property_class_label": PROPERTY_CLASSES.get(account.property_class),
        "business_line": account.business_line, "large_consumer": account.is_large_consumer,
        "holder": {"name": c.name, "person_type": PERSON_TYPES.get(c.person_type, c.person_type),
                   "rfc": c.rfc, "curp": c.curp,
                   "legal_representative": c.legal_representative, "phone": c.phone},
        # The registry keeps the holder only; an owner different from the holder is not
        # recorded yet, so the document leaves that line for the officer to fill in.
        "owner": None,
        "address": {"street": address_line(p.street, p.exterior_number, p.interior_number),
                    "neighborhood": p.neighborhood.name, "postal_code": p.postal_code,
                    "locality": p.locality, "cadastral_key": p.cadastral_key,
                    "references": p.references},
        "notification_address": c.notification_address,
        "periods": owed["lines"], "totals": owed["totals"] | {
            "unapplied_credit": balance["unapplied_credit"], "balance": balance["balance"]},
        "oldest_due": oldest, "months_past_due": balance["months_past_due"],
        "last_formal_act_on": account.last_formal_act_on, "prescription_date": horizon,
        "prescription_status": rules.prescription_status(horizon, as_of,
                                                         int(presc["warn_months"])),
        "notices": notices_history(account), "agreements": agreements_history(account),
        "cuts": cuts_history(account), "referrals": referrals,
        "referral": next((r for r in referrals if r["status"] == "open"), None),
    }
