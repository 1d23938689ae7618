"""Agreement use cases: the policy in force, the debt snapshot to quote from, signing (at
the counter or from a phone), activation, payments applied to the parts, breaches.

`sign` runs inside the caller's unit of work (a sync push's, or the counter's own): it
never commits. An agreement is never rejected once the customer signed (SYNC.md): what
does not add up is kept, flagged and parked in `pending_review` for the manager.
"""
from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

import sqlalchemy as sa

from server.agreements import rules
from server.agreements.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.agreements.models import (GOOD_STANDING, AgreementPart, AgreementPolicy,
                                      PaymentAgreement)
from server.audit import service as audit
from server.campaigns.models import Promotion
from server.campaigns.queries import promotion_rules
from server.campaigns.rules import (PROMOTION_REASON_LABELS, eligible_promotions,
                                    promotion_applies)
from server.common import events
from server.common.clock import local_today, utcnow
from server.common.money import ZERO, money
from server.db import current_rv, touch
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork.visits import args_hash
from server.ledger.models import Charge
from server.ledger.queries import OPEN, OPEN_AMOUNT
from server.ledger.service import grant_credit
from server.ledger.sql import from_cents, sum_cents
from server.notices.rules import folio_number, format_folio
from server.registry.models import Account

FOLIO_PREFIX = "CV"
DEFAULT_POLICY = {
    "classes": {
        "domestic": {"down_payment_min_pct": "20", "max_installments": 12, "grace_days": 10},
        "default": {"down_payment_min_pct": "20", "max_installments": 6, "grace_days": 10},
    },
    "waivable_concepts": ["surcharge", "fine"],
    "waiver_limits": {"notifier": "promotion_only", "clerk": "2000.00", "manager": None},
    "reinstate_waived_on_breach": True,
}


# --- policy -----------------------------------------------------------------------------

def current_policy(session) -> AgreementPolicy:
    """The newest policy version; the defaults of DOMAIN.md become version 1 on first use."""
    policy = session.execute(sa.select(AgreementPolicy).order_by(
        AgreementPolicy.id.desc()).limit(1)).scalars().first()
    if policy is None:
        policy = AgreementPolicy(rules=copy.deepcopy(DEFAULT_POLICY),
                                 note="Valores iniciales (DOMAIN.md)")
        session.add(policy)
        session.flush()
    return policy


def policy_rules(policy: AgreementPolicy) -> dict:
    return {"version": policy.version, **policy.rules}


def new_policy_version(session, *, actor_id, rules_: dict, note: str | None) -> AgreementPolicy:
    """A new version of the policy (the older ones stay: agreements point at theirs)."""
    policy = AgreementPolicy(rules=rules_, note=note, created_by=actor_id)
    session.add(policy)
    session.flush()
    audit.record(actor_id=actor_id, entity_type="agreement_policy", entity_id=policy.version,
                 action="created", changes={"rules": rules_}, reason=note)
    return policy


# --- the debt an agreement starts from ---------------------------------------------------

def debt_lines(session, account_id: uuid.UUID) -> list[dict]:
    """What the account owes now by service and concept, as the snapshot carries it."""
    rows = session.execute(
        sa.select(Charge.service, Charge.concept, sum_cents(OPEN_AMOUNT).label("c"))
        .where(Charge.account_id == account_id, OPEN)
        .group_by(Charge.service, Charge.concept)
        .order_by(Charge.service, Charge.concept)).all()
    return [{"service": r.service, "concept": r.concept, "amount": str(from_cents(r.c))}
            for r in rows if r.c]


def _total(lines: list[dict]) -> Decimal:
    return sum((money(line["amount"]) for line in lines), ZERO)


def account_facts(session, account: Account, lines: list[dict], as_of: date) -> dict:
    """What promotion eligibility reads of an account (as devices hold it)."""
    from server.ledger.queries import account_balance

    prior = []
    for terms in session.execute(sa.select(PaymentAgreement.terms).where(
            PaymentAgreement.account_id == account.id,
            PaymentAgreement.status != "annulled")).scalars():
        prior += [p for p in (terms or {}).get("promotions") or [] if p not in prior]
    return {"property_class": account.property_class,
            "neighborhood_id": account.premises.neighborhood_id,
            "months_past_due": account_balance(account.id, as_of)["months_past_due"],
            "debt": str(_total(lines)), "prior_promotions": prior}


def offered_promotions(session, account: Account, lines: list[dict], as_of: date) -> list:
    """The active promotions this account may get today (payload form, newest first)."""
    rows = promotion_rules(session.execute(sa.select(Promotion).where(
        Promotion.active.is_(True)).order_by(Promotion.created_at.desc())).scalars())
    return eligible_promotions(rows, account_facts(session, account, lines, as_of), as_of)


def quote(session, account: Account, as_of: date | None = None) -> dict:
    """The payoff quote for today: the debt by service and concept, the promotions that
    apply and until when the quote holds."""
    as_of = as_of or local_today()
    lines = debt_lines(session, account.id)
    promos = offered_promotions(session, account, lines, as_of)
    out = rules.payoff_quote(lines, promos, as_of)
    return {"account_id": account.id, "account_number": account.account_number,
            "as_of": as_of, **out, "offered": promos}


# --- signing ------------------------------------------------------------------------------

@dataclass
class SignOutcome:
    agreement: PaymentAgreement
    flags: list[str] = field(default_factory=list)
    duplicate: bool = False


SIGNED_FIELDS = ("id", "account_id", "policy_version", "snapshot", "promotions", "waivers",
                 "agreed_debt", "down_payment", "installments", "start_date", "first_due",
                 "schedule", "customer", "customer_signature", "staff_signature", "signed_at")


def signed_terms(canonical: dict) -> dict:
    """The terms the hash binds: every signed field, as the device serialized them."""
    return {k: canonical.get(k) for k in SIGNED_FIELDS}


def _signed_promotions(session, account, canonical: dict, as_of, flags: list,
                       problems: list) -> list[dict]:
    """The promotions the terms name, as they stood: unknown → PROMOTION_UNKNOWN, no
    longer or never eligible for this account → PROMOTION_NOT_ELIGIBLE (kept for review)."""
    ids = canonical.get("promotions") or []
    if not ids:
        return []
    found = {str(p.id): p for p in session.execute(sa.select(Promotion).where(
        Promotion.id.in_([_uuid(i) for i in ids if _uuid(i)]))).scalars()}
    applied = []
    facts = account_facts(session, account, canonical["snapshot"]["lines"], as_of)
    for pid in ids:
        row = found.get(str(pid))
        if row is None:
            if "PROMOTION_UNKNOWN" not in flags:
                flags.append("PROMOTION_UNKNOWN")
            continue
        payload = promotion_rules([row])[0]
        reasons = promotion_applies(payload, facts, as_of)
        if reasons:
            if "PROMOTION_NOT_ELIGIBLE" not in flags:
                flags.append("PROMOTION_NOT_ELIGIBLE")
            problems += [{"code": r, "field": "promotions", "message":
                          PROMOTION_REASON_LABELS.get(r, r)} for r in reasons]
        applied.append(payload)
    return applied


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _next_folio(session, year: int) -> str:
    last = session.execute(sa.select(sa.func.max(PaymentAgreement.folio)).where(
        PaymentAgreement.folio.like(f"{FOLIO_PREFIX}-{year}-%"))).scalar()
    return format_folio(FOLIO_PREFIX, year, folio_number(last) + 1)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _schedule_json(parts: list[dict]) -> list[dict]:
    return [{"number": p["number"], "kind": p["kind"], "amount": str(money(p["amount"])),
             "due_date": str(p["due_date"])} for p in parts]


def sign(session, *, actor_id: uuid.UUID, actor_role: str, origin: str,
         client_id: uuid.UUID | None, args: dict, canonical: dict, version: int,
         replaces: PaymentAgreement | None = None) -> SignOutcome:
    """Store a signed agreement once (insert-if-absent on its id) and activate it when
    everything adds up; otherwise keep it in pending_review with flags saying why.
    `replaces`: the agreement a restructuring replaces (it ends when this one starts)."""
    digest = args_hash(version, canonical)
    existing = session.get(PaymentAgreement, args["id"])
    if existing is not None:
        if existing.args_hash != digest:
            raise DomainError("ID_REUSED")
        return SignOutcome(existing, list(existing.flags or []), duplicate=True)
    account = session.execute(sa.select(Account).where(Account.id == args["account_id"])
                              .with_for_update(of=Account)).scalars().first()
    if account is None:
        raise DomainError("ACCOUNT_NOT_FOUND", account=str(args["account_id"]))
    flags: list[str] = []
    problems: list[dict] = []
    policy = session.get(AgreementPolicy, args["policy_version"])
    if policy is None:
        policy = current_policy(session)
        flags.append("POLICY_UNKNOWN")
    snapshot = args["snapshot"]
    as_of = snapshot["as_of"]
    applied = _signed_promotions(session, account, canonical, as_of, flags, problems)
    computed = rules.payoff_quote(canonical["snapshot"]["lines"], applied, as_of)
    waived = sum((money(w["amount"]) for w in args.get("waivers") or []), ZERO)
    agreed = money(computed["total"]) - waived
    if agreed != money(args["agreed_debt"]):
        flags.append("TERMS_MISMATCH")
    try:
        schedule = rules.build_schedule(money(args["agreed_debt"]), money(args["down_payment"]),
                                        args["installments"], args["start_date"],
                                        args["first_due"])
        if _schedule_json(schedule) != _schedule_json(args["schedule"]):
            flags.append("SCHEDULE_MISMATCH")
    except ValueError as exc:
        flags.append("SCHEDULE_MISMATCH")
        problems.append({"code": str(exc), "field": "schedule", "message": str(exc)})
    violations = rules.validate_terms(policy_rules(policy), account.property_class, actor_role,
                                      money(args["agreed_debt"]), money(args["down_payment"]),
                                      args["installments"], canonical.get("waivers") or [],
                                      args.get("promotions") or [])
    if violations:
        flags.append("OUT_OF_POLICY")
        problems.extend(violations)
    terms = signed_terms(canonical)
    if rules.terms_hash(terms) != args["terms_hash"]:
        flags.append("HASH_MISMATCH")
    arrival = _total(debt_lines(session, account.id))
    if arrival != _total(snapshot["lines"]):
        flags.append("DEBT_CHANGED")
    others = session.execute(sa.select(PaymentAgreement.folio).where(
        PaymentAgreement.account_id == account.id,
        PaymentAgreement.status.in_((*GOOD_STANDING, "pending_review")),
        PaymentAgreement.id != replaces.id if replaces else sa.true())).scalars().all()
    if others:
        flags.append("DUPLICATE_AGREEMENT")
    current_rv(session)  # the version lock: folios are numbered without gaps
    agreement = PaymentAgreement(
        id=args["id"], folio=_next_folio(session, local_today().year), account_id=account.id,
        status="pending_review", policy_version=policy.version,
        terms={**terms, "problems": problems, "other_agreements": others,
               "applied_promotions": applied},
        terms_hash=args["terms_hash"], args_hash=digest,
        debt_snapshot=_total(snapshot["lines"]), debt_at_arrival=arrival,
        agreed_debt=money(args["agreed_debt"]), down_payment=money(args["down_payment"]),
        installments=args["installments"], waived_total=waived,
        signed_at=_utc(datetime.fromisoformat(str(args["signed_at"]).replace("Z", "+00:00"))),
        signed_by=actor_id, signer_role=actor_role,
        origin=origin, client_id=client_id, customer_signature=args.get("customer_signature"),
        staff_signature=args.get("staff_signature"), flags=flags,
        replaces_id=replaces.id if replaces else None)
    session.add(agreement)
    session.flush()
    audit.record(actor_id=actor_id, entity_type="payment_agreement", entity_id=agreement.id,
                 action="signed", changes={"folio": agreement.folio, "flags": flags,
                                           "agreed_debt": agreement.agreed_debt})
    if not flags:
        activate(session, agreement, account, actor_id=actor_id)
    touch(session, account)
    return SignOutcome(agreement, flags)


def activate(session, agreement: PaymentAgreement, account: Account, *, actor_id) -> None:
    """In force: its parts, the waivers booked as credits on the charges they name, and
    the account's open cut orders cancelled (agreement.activated)."""
    for part in agreement.terms["schedule"]:
        session.add(AgreementPart(agreement_id=agreement.id, number=part["number"],
                                  kind=part["kind"], amount=money(part["amount"]),
                                  due_date=date.fromisoformat(str(part["due_date"]))))
    credits = []
    applied = agreement.terms.get("applied_promotions") or []
    if applied:  # promotion discounts, line by line, as credits of kind discount
        quoted = rules.payoff_quote(agreement.terms["snapshot"]["lines"], applied,
                                    agreement.terms["snapshot"]["as_of"])
        for line in quoted["lines"]:
            if money(line["discount"]) > ZERO:
                credits.append(_credit(session, agreement, account, line, "discount",
                                       actor_id, "promoción " + ", ".join(
                                           p["name"] for p in applied)))
    for waiver in agreement.terms.get("waivers") or []:
        credits.append(_credit(session, agreement, account,
                               {**waiver, "discount": waiver["amount"]}, "waiver", actor_id,
                               waiver.get("reason") or "según política"))
    agreement.waiver_credit_ids = credits
    agreement.status, agreement.activated_at = "active", utcnow()
    if agreement.replaces_id is not None:
        replaced = session.get(PaymentAgreement, agreement.replaces_id)
        if replaced is not None and replaced.status in (*GOOD_STANDING, "breached",
                                                        "pending_review"):
            replaced.status, replaced.ended_at = "restructured", utcnow()
            audit.record(actor_id=actor_id, entity_type="payment_agreement",
                         entity_id=replaced.id, action="restructured",
                         changes={"by": agreement.folio})
    events.emit("agreement.activated", session, account=account, agreement=agreement,
                actor_id=actor_id)
    audit.record(actor_id=actor_id, entity_type="payment_agreement", entity_id=agreement.id,
                 action="activated", changes={"waivers": len(credits)})


def _credit(session, agreement, account, line: dict, kind: str, actor_id, why: str) -> int:
    """Book a discount or waiver on the open charges of one service and concept."""
    charge_ids = session.execute(sa.select(Charge.id).where(
        Charge.account_id == account.id, Charge.service == line["service"],
        Charge.concept == line["concept"], OPEN)).scalars().all()
    label = "Descuento" if kind == "discount" else "Condonación"
    credit = grant_credit(actor_id=actor_id, account_ref=account.id,
                          amount=money(line["discount"]), kind=kind,
                          charge_ids=list(charge_ids),
                          reason=f"{label} del convenio {agreement.folio}: {why}")
    return credit.id


def review(session, *, actor_id, agreement_id: uuid.UUID, decision: str,
           note: str) -> PaymentAgreement:
    """The manager's decision on a parked agreement: approve (activate) or annul."""
    agreement = session.execute(sa.select(PaymentAgreement).where(
        PaymentAgreement.id == agreement_id).with_for_update()).scalars().first()
    if agreement is None:
        raise NotFound("AGREEMENT_NOT_FOUND", agreement=str(agreement_id))
    if agreement.status != "pending_review":
        raise Conflict("AGREEMENT_NOT_PENDING", folio=agreement.folio)
    account = session.execute(sa.select(Account).where(Account.id == agreement.account_id)
                              .with_for_update(of=Account)).scalars().one()
    agreement.reviewed_by, agreement.reviewed_at = actor_id, utcnow()
    agreement.review_note = note[:500]
    if decision == "approve":
        activate(session, agreement, account, actor_id=actor_id)
    else:
        agreement.status, agreement.ended_at = "annulled", utcnow()
    audit.record(actor_id=actor_id, entity_type="payment_agreement", entity_id=agreement.id,
                 action=decision, reason=note)
    touch(session, account)
    return agreement


def restructure(session, *, actor_id, actor_role: str, agreement_id: uuid.UUID,
                args: dict, canonical: dict) -> SignOutcome:
    """Replace an active, late or breached agreement (or one parked for review, which the
    manager adjusts this way) by a new one from the current debt; the old one ends as
    restructured when the new one is activated (the chain stays: `replaces_id`)."""
    old = session.execute(sa.select(PaymentAgreement).where(
        PaymentAgreement.id == agreement_id).with_for_update()).scalars().first()
    if old is None:
        raise NotFound("AGREEMENT_NOT_FOUND", agreement=str(agreement_id))
    if old.status not in (*GOOD_STANDING, "breached", "pending_review"):
        raise Conflict("AGREEMENT_NOT_RESTRUCTURABLE", folio=old.folio)
    if str(args["account_id"]) != str(old.account_id):
        raise DomainError("AGREEMENT_OTHER_ACCOUNT",
                          errors={"account_id": ["No es la cuenta del convenio."]})
    return sign(session, actor_id=actor_id, actor_role=actor_role, origin="counter",
                client_id=None, args=args, canonical=canonical, version=1, replaces=old)


def attach_scanned_copy(session, *, actor_id, agreement_id: uuid.UUID,
                        sha256: str) -> PaymentAgreement:
    """The scanned paper signed with a pen (uploaded as a blob first)."""
    from server.attachments.service import blob_exists

    agreement = session.get(PaymentAgreement, agreement_id)
    if agreement is None:
        raise NotFound("AGREEMENT_NOT_FOUND", agreement=str(agreement_id))
    if not blob_exists(sha256):
        raise DomainError("SCANNED_COPY_MISSING",
                          errors={"sha256": ["Suba primero el archivo escaneado."]})
    agreement.scanned_copy = sha256
    audit.record(actor_id=actor_id, entity_type="payment_agreement", entity_id=agreement.id,
                 action="scanned_copy", changes={"sha256": sha256})
    return agreement
