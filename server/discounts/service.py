"""Discount use cases: an application from the field (stored once, its eligibility
checked on arrival and kept with it), the office's decision, and the posting of each
period's discounts as ledger credits on the water charges (idempotent)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.audit import service as audit
from server.common.clock import local_today, utcnow
from server.common.money import ZERO, money
from server.db import stamp_at_commit, touch
from server.discounts import rules
from server.discounts.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.discounts.models import DiscountApplication, DiscountPosting, DiscountProgram
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork.visits import args_hash
from server.ledger.models import Charge
from server.ledger.queries import account_balance
from server.ledger.service import book_credit
from server.registry.models import Account


@dataclass
class ApplyOutcome:
    application: DiscountApplication
    flags: list[str] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    duplicate: bool = False


def _account_facts(session, account: Account, curp: str) -> dict:
    others = session.execute(sa.select(Account.account_number).join(
        DiscountApplication, DiscountApplication.account_id == Account.id).where(
        DiscountApplication.curp == curp, DiscountApplication.account_id != account.id,
        DiscountApplication.status.in_(("submitted", "needs_info", "approved"))).distinct()
    ).scalars().all()
    in_agreement = session.execute(sa.select(sa.exists().where(
        PaymentAgreement.account_id == account.id,
        PaymentAgreement.status.in_(GOOD_STANDING)))).scalar()
    return {"property_class": account.property_class,
            "months_past_due": account_balance(account.id)["months_past_due"],
            "agreement_in_good_standing": bool(in_agreement),
            "other_accounts_with_curp": list(others)}


def apply(session, *, worker_id: uuid.UUID, client_id: uuid.UUID | None, args: dict,
          canonical: dict, version: int) -> ApplyOutcome:
    """Store an application once (insert-if-absent on its id). What the rules find
    against it is kept with it for the office (it is never refused: the beneficiary
    signed); the flag ELIGIBILITY_PROBLEMS tells the device."""
    digest = args_hash(version, canonical)
    existing = session.get(DiscountApplication, args["id"])
    if existing is not None:
        if existing.args_hash != digest:
            raise DomainError("ID_REUSED")
        return ApplyOutcome(existing, ["ELIGIBILITY_PROBLEMS"] if existing.problems else [],
                            duplicate=True)
    program = session.get(DiscountProgram, args["program_id"])
    if program is None:
        raise DomainError("DISCOUNT_PROGRAM_NOT_FOUND", program=str(args["program_id"]))
    account = session.get(Account, args["account_id"])
    if account is None:
        raise DomainError("ACCOUNT_NOT_FOUND", account=str(args["account_id"]))
    curp = args["curp"].strip().upper()
    applicant = {"type": args["beneficiary_type"], "curp": curp,
                 "birth_date": args.get("birth_date"), "lives_there": args["lives_there"],
                 "documents": [d["kind"] for d in args.get("documents") or []]}
    problems = rules.eligibility_problems(program.rules, applicant,
                                          _account_facts(session, account, curp), local_today())
    application = DiscountApplication(
        id=args["id"], program_id=program.id, account_id=account.id,
        beneficiary_type=args["beneficiary_type"], beneficiary_name=args["beneficiary_name"],
        curp=curp, birth_date=args.get("birth_date"), problems=list(problems),
        record={k: canonical.get(k) for k in ("documents", "checklist", "gps", "gps_error",
                                                "signature", "phone", "notes", "started_at")},
        status="submitted", worker_id=worker_id, client_id=client_id, args_hash=digest,
        renewal_of=args.get("renewal_of"), answers_request=args.get("answers_request"))
    session.add(application)
    blobs = [d["sha256"] for d in args.get("documents") or []]
    if args.get("signature"):
        blobs.append(args["signature"])
    touch(session, account)
    return ApplyOutcome(application, ["ELIGIBILITY_PROBLEMS"] if problems else [], blobs)


def decide(session, *, actor_id, application_id: uuid.UUID, decision: str,
           note: str | None) -> DiscountApplication:
    """approve (start today, end per the program), reject (with a reason) or ask for more
    information (the worker's device shows the question; a new application answers it)."""
    application = session.execute(sa.select(DiscountApplication).where(
        DiscountApplication.id == application_id).with_for_update()).scalars().first()
    if application is None:
        raise NotFound("DISCOUNT_APPLICATION_NOT_FOUND", application=str(application_id))
    if application.status in ("approved", "rejected"):
        raise Conflict("DISCOUNT_APPLICATION_DECIDED", state=application.status)
    if decision in ("reject", "needs_info") and not (note or "").strip():
        raise DomainError("DISCOUNT_DECISION_NOTE_REQUIRED",
                          errors={"note": ["Escriba el motivo."]})
    program = session.get(DiscountProgram, application.program_id)
    application.decided_by, application.decided_at = actor_id, utcnow()
    application.decision_note = (note or "")[:500] or None
    if decision == "approve":
        window = rules.validity(local_today(), program.rules)
        application.status = "approved"
        application.starts_on = rules.as_date(window["starts_on"])
        application.ends_on = rules.as_date(window["ends_on"])
    elif decision == "reject":
        application.status = "rejected"
    else:
        application.status = "needs_info"
    audit.record(actor_id=actor_id, entity_type="discount_application",
                 entity_id=application.id, action=decision, reason=note)
    return application


def post_discounts(session, *, period: date, actor_id=None) -> dict:
    """Credit each approved, current discount on the account's water charges of `period`
    (per the program: percentage, services, m³ cap). Idempotent: a charge already credited
    for an application is skipped."""
    rows = session.execute(
        sa.select(DiscountApplication, DiscountProgram.rules, Charge)
        .join(DiscountProgram, DiscountProgram.id == DiscountApplication.program_id)
        .join(Charge, Charge.account_id == DiscountApplication.account_id)
        .where(DiscountApplication.status == "approved",
               DiscountApplication.starts_on <= period + timedelta(days=31),
               DiscountApplication.ends_on >= period,
               Charge.period == period, Charge.origin == "billing",
               ~sa.exists().where(DiscountPosting.application_id == DiscountApplication.id,
                                  DiscountPosting.charge_id == Charge.id))).all()
    posted, total, accounts = 0, ZERO, set()
    today = local_today()
    for application, program, charge in rows:
        amount = money(rules.discount_credit(program, {
            "service": charge.service, "concept": charge.concept, "amount": str(charge.amount),
            "consumption_m3": charge.consumption_m3}))
        open_amount = charge.amount - charge.allocated
        amount = min(amount, open_amount)
        if amount <= ZERO:
            continue
        credit = book_credit(session, account_id=charge.account_id, amount=amount,
                             kind="discount", credited_on=today, charge_ids=[charge.id],
                             actor_id=actor_id,
                             reason=f"Descuento social ({application.beneficiary_type}) "
                                    f"{period:%m/%Y}")
        accounts.add(charge.account_id)
        session.add(DiscountPosting(application_id=application.id, charge_id=charge.id,
                                    credit_id=credit.id, amount=amount, period=period))
        posted += 1
        total += amount
    if accounts:  # devices holding these accounts see the new debt
        stamp_at_commit(session, Account.__table__, accounts)
    audit.record(actor_id=actor_id, entity_type="discount_posting", entity_id=f"{period:%Y-%m}",
                 action="post", changes={"period": period, "credits": posted, "total": total})
    return {"period": period.isoformat(), "posted": posted, "total": str(total)}
