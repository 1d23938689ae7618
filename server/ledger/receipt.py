"""The counter receipt (recibo de pago): WeasyPrint from a Jinja template, A5 portrait,
amount in figures and in Spanish words, what the payment paid (oldest first), the balance
right after it and the clerk who took it."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from server.auth.models import StaffUser
from server.common.clock import LOCAL_TZ, utcnow
from server.errors import NotFound
from server.extensions import db
from server.fieldwork.pdf import TEMPLATES, long_date, render
from server.ledger import errors as _errors  # noqa: F401  (registers PAYMENT_NOT_FOUND)
from server.ledger import queries
from server.ledger.enums import CONCEPTS, PAYMENT_METHODS, SERVICES
from server.ledger.models import Allocation, Charge, Payment
from server.ledger.words import amount_in_words
from server.registry.models import Account
from server.registry.rules import address_line

MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def get_payment(payment_id: int) -> Payment:
    payment = db.session.get(Payment, payment_id)
    if payment is None:
        raise NotFound("PAYMENT_NOT_FOUND", payment=payment_id)
    return payment


def allocation_lines(payment_id: int) -> list[dict]:
    """What a payment paid, in allocation order (oldest due first): JSON-ready."""
    rows = db.session.execute(
        sa.select(Allocation.charge_id, Allocation.amount, Charge.period, Charge.service,
                  Charge.concept, Charge.due_date)
        .join(Charge, Charge.id == Allocation.charge_id)
        .where(Allocation.payment_id == payment_id).order_by(Allocation.id)).all()
    return [{"charge_id": r.charge_id, "amount": str(r.amount),
             "period": r.period.isoformat(), "service": r.service, "concept": r.concept,
             "due_date": r.due_date.isoformat()} for r in rows]


def balance_after(payment: Payment) -> str:
    """The running balance of the statement right after this payment's line."""
    for line in queries.statement(payment.account_id)["lines"]:
        if line["kind"] == "payment" and line["ref"] == payment.id:
            return line["balance"]
    return str(queries.account_balance(payment.account_id)["balance"])  # pragma: no cover


def receipt_html(payment: Payment) -> str:
    account = db.session.get(Account, payment.account_id)
    clerk = db.session.get(StaffUser, payment.created_by) if payment.created_by else None
    premises = account.premises
    lines = [{**line, "period": _period(line["period"]),
              "service": SERVICES.get(line["service"], line["service"]),
              "concept": CONCEPTS.get(line["concept"], line["concept"])}
             for line in allocation_lines(payment.id)]
    created = payment.created_at
    if isinstance(created, datetime):
        created = created.astimezone(LOCAL_TZ)
    printed = utcnow().astimezone(LOCAL_TZ)
    return render(
        "ledger/receipt.html", payment=payment, account=account,
        holder=account.customer.name,
        address=address_line(premises.street, premises.exterior_number,
                             premises.interior_number),
        neighborhood=premises.neighborhood.name if premises.neighborhood else "",
        paid_on=long_date(payment.paid_on),
        recorded_at=f"{created:%d/%m/%Y %H:%M} h" if isinstance(created, datetime) else "",
        printed_at=f"{printed:%d/%m/%Y %H:%M} h",
        method=PAYMENT_METHODS.get(payment.method, payment.method),
        words=amount_in_words(payment.amount), lines=lines,
        balance_after=balance_after(payment), clerk=clerk.full_name if clerk else "")


def receipt_pdf(payment: Payment) -> bytes:
    from weasyprint import HTML  # heavy import: only when a receipt is printed

    return HTML(string=receipt_html(payment), base_url=str(TEMPLATES)).write_pdf()


def _period(iso: str) -> str:
    """'2026-03-01' → 'mar 2026'."""
    year, month = int(iso[:4]), int(iso[5:7])
    return f"{MONTHS[month - 1]} {year}"
