"""Bank and cashier payment files: their columns and the preview of matches.

A payment file is a ledger file whose every line is a payment: it is read with the same
parser and validated by server/imports/ledger.py (`validate`), so amounts, dates, methods,
unknown accounts and lines of the same file already booked are reported exactly as the
ledger import reports them; applying books each line through ledger.record_payment with
the idempotency key import:<sha256 of the file>:<line>.
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from server.common.money import ZERO, money
from server.errors import DomainError
from server.extensions import db
from server.imports import ledger
from server.imports.values import parse_amount
from server.ledger import queries as ledger_queries
from server.registry.models import Account, Customer

LAYOUT: dict[str, tuple[str, ...]] = {
    "account_number": (*ledger.LAYOUT["account_number"], "referencia_pago",
                       "referencia_cuenta", "cuenta_referencia", "convenio_cuenta"),
    "amount": (*ledger.LAYOUT["amount"], "importe_pagado", "pago", "abono"),
    "paid_on": (*ledger.LAYOUT["paid_on"], "fecha", "fecha_operacion", "fecha_deposito"),
    "method": ledger.LAYOUT["method"],
    "reference": (*ledger.LAYOUT["reference"], "referencia_bancaria", "autorizacion",
                  "folio_bancario", "numero_autorizacion"),
    "kind": ledger.LAYOUT["kind"],  # optional: a bank file may say "pago" on each line
}
REQUIRED = ("account_number", "amount", "paid_on")
NAMES = {name: aliases[0] for name, aliases in LAYOUT.items()}
PREVIEW_LIMIT = 200  # matches kept in the run's report (the totals count every line)


def as_payments(table) -> None:
    """Every line of a payment file is a payment, whatever its (optional) kind column."""
    for _, row in table.rows:
        row["kind"] = "pago"
    table.columns.setdefault("kind", NAMES["kind"])


def preview(table, moves: list, errors: list) -> dict:
    """Each line → the account it pays (number, holder, balance now) or why it does not
    match, for the first PREVIEW_LIMIT lines; totals of lines and money matched and
    unmatched over the whole file. Holders and balances are read only for the lines
    shown, so a 20,000-line file costs one small batch of balance queries."""
    by_line = {m.line: m for m in moves}
    reasons: dict[int, str] = {}
    for e in errors:
        reasons.setdefault(e.line, e.text())
    matched_total, unmatched_total = ZERO, ZERO
    for line, values in table.rows:
        move = by_line.get(line)
        if move is not None:
            matched_total += move.amount
        else:
            unmatched_total += _amount(values.get("amount")) or ZERO
    shown = table.rows[:PREVIEW_LIMIT]
    accounts = _accounts({by_line[line].account_id for line, _ in shown if line in by_line})
    items = [_item(line, values, by_line.get(line), accounts, reasons)
             for line, values in shown]
    return {"items": items, "totals": {
        "lines": len(table.rows), "matched": len(moves),
        "matched_amount": str(money(matched_total)),
        "unmatched": len(table.rows) - len(moves),
        "unmatched_amount": str(money(unmatched_total))}}


def _item(line: int, values: dict, move, accounts: dict, reasons: dict) -> dict:
    if move is not None:
        number, holder, balance = accounts[move.account_id]
        return {"line": line, "matched": True, "account_number": number,
                "holder_name": holder, "balance": str(balance), "amount": str(move.amount),
                "paid_on": move.on.isoformat(), "method": move.method,
                "reference": move.reference, "reason": None}
    amount = _amount(values.get("amount"))
    return {"line": line, "matched": False,
            "account_number": _text(values.get("account_number")), "holder_name": None,
            "balance": None, "amount": str(amount) if amount is not None else None,
            "paid_on": None, "method": None, "reference": _text(values.get("reference")),
            "reason": reasons.get(line, "")}


def _accounts(ids: set) -> dict:
    """{account id: (number, holder, current balance)} in chunks of 500 accounts."""
    out, ordered = {}, list(ids)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        balances = ledger_queries.balances_for(chunk)
        for account_id, number, holder in db.session.execute(
                sa.select(Account.id, Account.account_number, Customer.name)
                .join(Customer, Customer.id == Account.customer_id)
                .where(Account.id.in_(chunk))):
            out[account_id] = (number, holder, balances[account_id]["balance"])
    return out


def _amount(value) -> Decimal | None:
    try:
        return parse_amount(value) if value not in (None, "") else None
    except DomainError:  # an unreadable amount is simply not totalled
        return None


def _text(value) -> str | None:
    return None if value in (None, "") else str(value)
