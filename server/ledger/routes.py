"""Ledger API for the office: balance, statement, payments, credits, arrears, extraordinary
charges and monthly surcharges."""
from __future__ import annotations

import re
from datetime import date

from flask import Response, request
from flask_smorest import Blueprint

from server.common.clock import local_today
from server.errors import DomainError
from server.http import (OFFICE_ROLES, OFFICE_WRITERS, current_actor_id, page_envelope,
                         roles_required)
from server.ledger import queries, receipt, service, surcharges
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/accounts/<account_ref>/statement.pdf", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(StatementArgs, location="query")
@blp.response(200, description="Estado de cuenta en PDF (A4)", content_type="application/pdf")
def statement_pdf(args, account_ref):
    """The printable estado de cuenta with running balance (?from= and ?to= optional)."""
    from server.ledger.statement_export import statement_pdf as make_pdf

    account = registry_queries.get_account(account_ref)
    return Response(make_pdf(account, **args), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="estado-{account.account_number}.pdf"',
        "Cache-Control": "no-store"})


@blp.route("/accounts/<account_ref>/statement.xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(StatementArgs, location="query")
@blp.response(200, description="Estado de cuenta en Excel", content_type=XLSX)
def statement_xlsx(args, account_ref):
    """The estado de cuenta as an Excel sheet (dates and money as real cells)."""
    from server.ledger.statement_export import statement_xlsx as make_xlsx

    account = registry_queries.get_account(account_ref)
    return Response(make_xlsx(account, **args), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="estado-{account.account_number}.xlsx"',
        "Cache-Control": "no-store"})


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
    return {"id": payment.id, "account_id": str(payment.account_id), "amount": payment.amount,
            "unapplied": payment.unapplied, "paid_on": payment.paid_on,
            "method": payment.method, "reference": payment.reference,
            "receipt_number": payment.receipt_number, "origin": payment.origin,
            # charge_id and amount, with the charge's period, service, concept, due date
            "allocations": receipt.allocation_lines(payment.id),
            "balance_after": queries.account_balance(payment.account_id)["balance"]}


@blp.route("/payments/<int:payment_id>/receipt.pdf", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, description="El recibo de pago en PDF (A5)", content_type="application/pdf")
def payment_receipt(payment_id):
    """The counter receipt: amount in figures and in words, what it paid, balance after."""
    payment = receipt.get_payment(payment_id)
    return Response(receipt.receipt_pdf(payment), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="recibo-{payment.receipt_number}.pdf"'})


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
    return queries.extraordinary_view(service.propose_extraordinary(
        actor_id=current_actor_id(), account_ref=body.pop("account"), **body))


@blp.route("/extraordinary-charges", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ExtraordinaryListArgs, location="query")
@blp.response(200, ExtraordinaryPageOut)
def list_extraordinary(args):
    """Extraordinary charges by status (and ?month=AAAA-MM they reached the ledger), newest
    first, with the month's total of authorized ones."""
    month = date.fromisoformat(args["month"] + "-01") if args["month"] else None
    items, total = queries.extraordinary_page(status=args["status"], month=month,
                                              page=args["page"], page_size=args["page_size"])
    return page_envelope(items, total, args["page"], args["page_size"]) | {
        "month_total": queries.extraordinary_month_total(
            month or local_today().replace(day=1))}


@blp.route("/extraordinary-charges/<uuid:charge_id>/authorize", methods=["POST"])
@roles_required("manager")
@blp.arguments(DecisionIn)
@blp.response(200, ExtraordinaryOut)
def authorize_extraordinary(body, charge_id):
    """Authorize: the charge reaches the ledger and the balance."""
    return queries.extraordinary_view(service.decide_extraordinary(
        actor_id=current_actor_id(), charge_id=charge_id, authorize=True,
        reason=body.get("reason")))


@blp.route("/extraordinary-charges/<uuid:charge_id>/reject", methods=["POST"])
@roles_required("manager")
@blp.arguments(ExtraordinaryRejectIn)
@blp.response(200, ExtraordinaryOut)
def reject_extraordinary(body, charge_id):
    """Reject with a reason; nothing reaches the ledger."""
    return queries.extraordinary_view(service.decide_extraordinary(
        actor_id=current_actor_id(), charge_id=charge_id, authorize=False,
        reason=body["reason"]))


@blp.route("/surcharges", methods=["POST"])
@roles_required("manager")
@blp.arguments(SurchargeIn)
@blp.response(200, SurchargeOut)
def post_surcharges(body):
    """Post a closed month's surcharges; running it again for the same month posts nothing."""
    return surcharges.post_surcharges(body["period"], actor_id=current_actor_id())
