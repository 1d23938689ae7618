"""Ledger API for the office: balance, statement, payments, credits, arrears, extraordinary
charges and monthly surcharges."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import request
from flask_smorest import Blueprint

from server.errors import DomainError
from server.extensions import db
from server.http import (OFFICE_ROLES, OFFICE_WRITERS, current_actor_id, page_envelope,
                         roles_required)
from server.ledger import queries, service, surcharges
from server.ledger.models import Allocation, ExtraordinaryCharge
from server.ledger.schemas import (
    BalanceOut, CreditIn, CreditOut, DecisionIn, DelinquentOut, ExtraordinaryIn, ExtraordinaryListArgs,
    ExtraordinaryOut, ExtraordinaryPageOut, PaymentIn, PaymentOut, ExtraordinaryRejectIn, StatementArgs,
    StatementOut, SummaryArgs, SummaryOut, SurchargeIn, SurchargeOut)
from server.registry import queries as registry_queries

blp = Blueprint("ledger", __name__, url_prefix="/ledger",
                description="Cargos, pagos, saldos y cartera vencida")

KEY_RE = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")


@blp.route("/accounts/<account_ref>/balance", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, BalanceOut)
def balance(account_ref):
    """Balance by service and concept, aging, months past due, oldest unpaid period."""
    account = registry_queries.get_account(account_ref)
    result = queries.account_balance(account.id)
    result["account_number"] = account.account_number
    return result


@blp.route("/accounts/<account_ref>/statement", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(StatementArgs, location="query")
@blp.response(200, StatementOut)
def statement(args, account_ref):
    """Estado de cuenta with running balance (optionally between ?from= and ?to=)."""
    account = registry_queries.get_account(account_ref)
    result = queries.statement(account.id, **args)
    result.update(account_number=account.account_number, holder_name=account.customer.name)
    return result


@blp.route("/accounts/<account_ref>/payments", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(PaymentIn)
@blp.response(201, PaymentOut)
@blp.alt_response(200, schema=PaymentOut, description="Repetición: el pago ya estaba registrado")
def record_payment(body, account_ref):
    """Record a payment; requires an Idempotency-Key header so a retry never books twice."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        raise DomainError("IDEMPOTENCY_KEY_REQUIRED", status=428)
    if not KEY_RE.match(key):
        raise DomainError("BAD_REQUEST", status=400, errors={
            "Idempotency-Key": ["De 8 a 100 caracteres: letras, números, . _ : -"]})
    payment, replayed = service.record_payment(
        actor_id=current_actor_id(), account_ref=account_ref, idempotency_key=key, **body)
    out = _payment_out(payment)
    if replayed:
        return out, 200, {"Idempotent-Replayed": "true"}
    return out


def _payment_out(payment) -> dict:
    allocations = db.session.execute(sa.select(Allocation.charge_id, Allocation.amount).where(
        Allocation.payment_id == payment.id).order_by(Allocation.id)).all()
    return {"id": payment.id, "account_id": str(payment.account_id), "amount": payment.amount,
            "unapplied": payment.unapplied, "paid_on": payment.paid_on,
            "method": payment.method, "reference": payment.reference,
            "receipt_number": payment.receipt_number, "origin": payment.origin,
            "allocations": [{"charge_id": c, "amount": str(a)} for c, a in allocations],
            "balance_after": queries.account_balance(payment.account_id)["balance"]}


@blp.route("/accounts/<account_ref>/credits", methods=["POST"])
@roles_required("manager")
@blp.arguments(CreditIn)
@blp.response(201, CreditOut)
def grant_credit(body, account_ref):
    """A credit or adjustment (manager), applied to the given charges or the oldest."""
    return service.grant_credit(actor_id=current_actor_id(), account_ref=account_ref, **body)


@blp.route("/arrears-summary", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(SummaryArgs, location="query")
@blp.response(200, SummaryOut)
def arrears_summary(args):
    """Open debt by aging bucket × property class × service (filter by colonia or sector)."""
    return queries.arrears_summary(**args)


@blp.route("/delinquent-accounts", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(SummaryArgs, location="query")
@blp.response(200, DelinquentOut)
def delinquent_accounts(args):
    """How many accounts owe, by the age of their oldest debt × property class."""
    return queries.delinquent_accounts(**args)


@blp.route("/extraordinary-charges", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(ExtraordinaryIn)
@blp.response(201, ExtraordinaryOut)
def propose_extraordinary(body):
    """Enter an extraordinary charge as proposed; the manager authorizes it."""
    return service.propose_extraordinary(actor_id=current_actor_id(),
                                         account_ref=body.pop("account"), **body)


@blp.route("/extraordinary-charges", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ExtraordinaryListArgs, location="query")
@blp.response(200, ExtraordinaryPageOut)
def list_extraordinary(args):
    """Extraordinary charges by status, newest first."""
    stmt = sa.select(ExtraordinaryCharge)
    if args["status"]:
        stmt = stmt.where(ExtraordinaryCharge.status == args["status"])
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    items = db.session.execute(stmt.order_by(ExtraordinaryCharge.created_at.desc()).limit(
        args["page_size"]).offset((args["page"] - 1) * args["page_size"])).scalars().all()
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/extraordinary-charges/<uuid:charge_id>/authorize", methods=["POST"])
@roles_required("manager")
@blp.arguments(DecisionIn)
@blp.response(200, ExtraordinaryOut)
def authorize_extraordinary(body, charge_id):
    """Authorize: the charge reaches the ledger and the balance."""
    return service.decide_extraordinary(actor_id=current_actor_id(), charge_id=charge_id,
                                        authorize=True, reason=body.get("reason"))


@blp.route("/extraordinary-charges/<uuid:charge_id>/reject", methods=["POST"])
@roles_required("manager")
@blp.arguments(ExtraordinaryRejectIn)
@blp.response(200, ExtraordinaryOut)
def reject_extraordinary(body, charge_id):
    """Reject with a reason; nothing reaches the ledger."""
    return service.decide_extraordinary(actor_id=current_actor_id(), charge_id=charge_id,
                                        authorize=False, reason=body["reason"])


@blp.route("/surcharges", methods=["POST"])
@roles_required("manager")
@blp.arguments(SurchargeIn)
@blp.response(200, SurchargeOut)
def post_surcharges(body):
    """Post a closed month's surcharges; running it again for the same month posts nothing."""
    return surcharges.post_surcharges(body["period"], actor_id=current_actor_id())
