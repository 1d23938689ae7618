"""The estado de cuenta as a printable PDF (A4 portrait) and as an Excel sheet: the same
lines as GET /ledger/accounts/<ref>/statement, with Spanish labels."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.common.clock import LOCAL_TZ, utcnow
from server.common.xlsx import DATE, PESOS, bold_row, workbook_bytes, write_table
from server.fieldwork.pdf import TEMPLATES, long_date, render
from server.ledger import queries
from server.ledger.enums import (CONCEPTS, CREDIT_KINDS, PAYMENT_METHODS, SERVICES,
                                 SYSTEM_CREDIT_KINDS)
from server.registry.enums import ACCOUNT_STATUSES, PROPERTY_CLASSES
from server.registry.models import Account
from server.registry.rules import address_line

CREDIT_LABELS = {**CREDIT_KINDS, **SYSTEM_CREDIT_KINDS}

MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def _period(iso: str | None) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return f"{MONTHS[d.month - 1]} {d.year}"


def line_label(line: dict) -> str:
    """What a person reads in the Concepto column."""
    if line["kind"] == "payment":
        method = PAYMENT_METHODS.get(line["description"], line["description"] or "")
        return f"Pago ({method.lower()})" if method else "Pago"
    if line["kind"] == "credit":
        return f"Abono: {CREDIT_LABELS.get(line['description'], line['description'] or '')}"
    concept = CONCEPTS.get(line["concept"], line["concept"] or "")
    service = SERVICES.get(line["service"], line["service"] or "")
    text = f"{concept} · {service}" if service and service != concept else concept
    return f"{text} {_period(line['period'])}".strip()


def statement_data(account: Account, date_from: date | None, date_to: date | None) -> dict:
    data = queries.statement(account.id, date_from=date_from, date_to=date_to)
    p = account.premises
    for line in data["lines"]:
        line["label"] = line_label(line)
    return data | {
        "account": account, "holder": account.customer.name,
        "address": address_line(p.street, p.exterior_number, p.interior_number),
        "neighborhood": p.neighborhood.name,
        "property_class": PROPERTY_CLASSES.get(account.property_class),
        "status": ACCOUNT_STATUSES.get(account.status),
        "date_from": date_from, "date_to": date_to,
    }


def statement_pdf(account: Account, date_from: date | None = None,
                  date_to: date | None = None) -> bytes:
    """The estado de cuenta with running balance, as PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a statement is printed

    data = statement_data(account, date_from, date_to)
    now = utcnow().astimezone(LOCAL_TZ)
    html = render("ledger/statement.html", **data, printed_on=long_date(now.date()),
                  printed_at=f"{now:%d/%m/%Y %H:%M}",
                  range_text=_range_text(date_from, date_to),
                  decimal=Decimal)
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def _range_text(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        return f"del {date_from:%d/%m/%Y} al {date_to:%d/%m/%Y}"
    if date_from:
        return f"desde el {date_from:%d/%m/%Y}"
    if date_to:
        return f"hasta el {date_to:%d/%m/%Y}"
    return "todos los movimientos"


COLUMNS = [("Fecha", "date", 12), ("Concepto", "label", 40), ("Vencimiento", "due_date", 12),
           ("Referencia", "reference", 22), ("Cargo", "debit", 14), ("Abono", "credit", 14),
           ("Saldo", "balance", 14)]


def statement_xlsx(account: Account, date_from: date | None = None,
                   date_to: date | None = None) -> bytes:
    """The same lines in Excel: dates and money as real cells, header frozen; the opening
    and closing balances on rows of their own after the lines."""
    from openpyxl import Workbook

    data = statement_data(account, date_from, date_to)
    as_date = {"date", "due_date"}
    as_money = {"debit", "credit", "balance"}

    def value(key: str, line: dict):
        v = line.get(key)
        if v is None:
            return None
        if key in as_date:
            return date.fromisoformat(v)
        if key in as_money:
            return Decimal(v)
        return v

    wb = Workbook()
    ws = wb.active
    ws.title = f"Cuenta {account.account_number}"[:31]
    n = write_table(ws, COLUMNS, ([value(key, line) for _, key, _ in COLUMNS]
                                  for line in data["lines"]),
                    {"date": DATE, "due_date": DATE, "debit": PESOS, "credit": PESOS,
                     "balance": PESOS})
    for label, amount in (("Saldo inicial", data["opening_balance"]),
                          ("Saldo final", data["closing_balance"])):
        n += 1
        ws.append([label, None, None, None, None, None, amount])
        ws.cell(row=n + 1, column=7).number_format = PESOS
        bold_row(ws, n + 1)
    return workbook_bytes(wb)
