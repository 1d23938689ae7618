"""Agreement fixtures: a debtor with surcharges, and the signed terms a device would send
(computed with the same pure rules the PWA runs)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from server.agreements import rules
from server.common.clock import add_months, local_today
from server.db import transaction
from server.extensions import db
from server.ledger.models import Charge
from tests import factories

TODAY = local_today()


def debtor_with_surcharges(months: int = 6, **kwargs):
    acc = factories.overdue_account(months, as_of=TODAY, **kwargs)
    for i in range(months):
        db.session.add(Charge(account_id=acc.id, period=add_months(TODAY.replace(day=1), -1 - i),
                              service="water", concept="surcharge", amount=Decimal("30.00"),
                              due_date=TODAY.replace(day=1), origin="surcharge_job",
                              property_class=acc.property_class))
    db.session.flush()
    return acc


def signed_args(account, *, policy_version: int, down_pct: str = "20", installments: int = 6,
                waivers: list | None = None, lines: list | None = None,
                signed_at: str | None = None, agreement_id=None, agreed=None,
                promotions: list | None = None) -> dict:
    """The raw `agreement.sign` args (as JSON from the device), hashed like the PWA does."""
    from server.agreements.service import debt_lines

    lines = lines if lines is not None else debt_lines(db.session, account.id)
    quote = rules.payoff_quote(lines, [], TODAY)
    waived = sum((Decimal(w["amount"]) for w in waivers or []), Decimal("0"))
    agreed = (Decimal(agreed) if agreed is not None else quote["total"]) - waived
    down = (agreed * Decimal(down_pct) / 100).quantize(Decimal("0.01"))
    first_due = add_months(TODAY, 1)
    schedule = rules.build_schedule(agreed, down, installments, TODAY, first_due)
    args = {
        "id": str(agreement_id or uuid.uuid4()), "account_id": str(account.id),
        "policy_version": policy_version,
        "snapshot": {"as_of": TODAY.isoformat(), "lines": [
            {"service": ln["service"], "concept": ln["concept"],
             "amount": str(Decimal(ln["amount"]).quantize(Decimal("0.01")))} for ln in lines]},
        "promotions": list(promotions or []), "waivers": [
            {"service": w["service"], "concept": w["concept"], "amount": w["amount"],
             "reason": w.get("reason")} for w in waivers or []],
        "agreed_debt": str(agreed), "down_payment": str(down), "installments": installments,
        "start_date": TODAY.isoformat(), "first_due": first_due.isoformat(),
        "schedule": [{"number": p["number"], "kind": p["kind"], "amount": str(p["amount"]),
                      "due_date": p["due_date"].isoformat()} for p in schedule],
        "customer": {"name": "María Pérez López", "phone": "6371234567", "id_shown": "INE"},
        "customer_signature": "c" * 64, "staff_signature": "d" * 64,
        "signed_at": signed_at or datetime.now(timezone.utc).isoformat(),
    }
    from server.agreements.service import SIGNED_FIELDS

    args["terms_hash"] = rules.terms_hash({k: args.get(k) for k in SIGNED_FIELDS})
    return args


@pytest.fixture()
def policy(db_session):
    from server.agreements.service import current_policy

    with transaction() as session:
        return current_policy(session)


@pytest.fixture()
def pushes(monkeypatch):
    from server.disconnections import service

    sent = []
    monkeypatch.setattr(service.webpush, "notify_users",
                        lambda session, user_ids, payload, **kw: sent.append(payload))
    return sent


def first_of(d: date) -> date:
    return d.replace(day=1)


def pdf_metadata_has(data: bytes, text: str) -> bool:
    """Whether `text` is in the PDF as written or inside one of its compressed streams
    (WeasyPrint keeps the document information in compressed object streams), in PDF's
    text encodings (bytes, or UTF-16BE)."""
    import re
    import zlib

    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        end = data.find(b"endstream", start)
        try:
            chunks.append(zlib.decompress(data[start:end]))
        except zlib.error:
            continue
    needles = (text.encode(), text.encode("utf-16-be"))
    return any(n in c for c in chunks for n in needles)
