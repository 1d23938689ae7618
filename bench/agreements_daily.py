"""The nightly agreements job over 10,000 agreements, and the agreement PDF; prints one JSON.

    DATABASE_URL=postgresql://... .venv/bin/python bench/agreements_daily.py [--agreements 10000]

On the demo city, inside ONE transaction rolled back at the end: `--agreements` active
agreements on as many delinquent accounts (bulk-inserted like signed ones: 7 parts each,
the down payment paid), of which 20% have an installment 1-10 days overdue (→ late), 10%
one more than the grace days overdue (→ breached, with a waived surcharge reinstated) and
the rest are up to date. Figure: the seconds `mark_due` takes (target 30 s). Then one real
agreement is signed through the service and its PDF rendered `--pdf-runs` times (p95 ms,
target 1 s).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import analyze, percentile, rolled_back  # noqa: E402


def seed_agreements(db, n: int) -> dict:
    import sqlalchemy as sa

    from server.agreements.models import AgreementPart, PaymentAgreement
    from server.agreements.service import current_policy
    from server.common.clock import add_months, local_today, utcnow
    from server.ledger.models import Charge
    from server.ledger.queries import OPEN

    session = db.session()
    policy = current_policy(session)
    today, now = local_today(), utcnow()
    accounts = session.execute(sa.select(Charge.account_id).where(OPEN).group_by(
        Charge.account_id).limit(n)).scalars().all()
    agreements, parts = [], []
    for i, account_id in enumerate(accounts):
        kind = "breached" if i % 10 == 0 else "late" if i % 5 == 1 else "ok"
        first_due = (today - timedelta(days=25) if kind == "breached"
                     else today - timedelta(days=1 + i % 10) if kind == "late"
                     else today + timedelta(days=5 + i % 20))
        aid = uuid.uuid4()
        agreements.append({
            "id": aid, "folio": f"CV-B-{i:07d}", "account_id": account_id, "status": "active",
            "policy_version": policy.id, "terms": {"snapshot": {"lines": []}, "waivers": [
                {"service": "water", "concept": "surcharge", "amount": "30.00"}]},
            "terms_hash": "0" * 64, "args_hash": "0" * 64, "debt_snapshot": Decimal("1200.00"),
            "debt_at_arrival": Decimal("1200.00"), "agreed_debt": Decimal("1170.00"),
            "down_payment": Decimal("270.00"), "installments": 6,
            "waived_total": Decimal("30.00"), "signed_at": now, "signed_by": None,
            "signer_role": "clerk", "origin": "counter", "flags": [], "waiver_credit_ids": [],
            "activated_at": now, "created_at": now, "updated_at": now, "rv": 0})
        parts.append({"agreement_id": aid, "number": 0, "kind": "down_payment",
                      "amount": Decimal("270.00"), "paid": Decimal("270.00"),
                      "due_date": first_due - timedelta(days=30), "paid_on": today})
        for k in range(1, 7):
            parts.append({"agreement_id": aid, "number": k, "kind": "installment",
                          "amount": Decimal("150.00"), "paid": Decimal("0"),
                          "due_date": add_months(first_due, k - 1)})
    signer = session.execute(sa.text("select id from staff_users limit 1")).scalar()
    for a in agreements:
        a["signed_by"] = signer
    for i in range(0, len(agreements), 2000):
        session.execute(sa.insert(PaymentAgreement), agreements[i:i + 2000])
    for i in range(0, len(parts), 5000):
        session.execute(sa.insert(AgreementPart), parts[i:i + 5000])
    session.commit()
    return {"agreements": len(agreements), "parts": len(parts)}


def pdf_timings(db, runs: int) -> list[float]:
    from server.agreements import rules
    from server.agreements.pdf import agreement_pdf
    from server.agreements.service import SIGNED_FIELDS, current_policy, debt_lines, sign
    from server.common.clock import add_months, local_today
    from server.ledger.models import Charge
    from server.ledger.queries import OPEN
    from server.registry.models import Account
    import sqlalchemy as sa

    session = db.session()
    today = local_today()
    from server.agreements.models import PaymentAgreement

    account = session.execute(sa.select(Account).where(
        sa.exists().where(Charge.account_id == Account.id, OPEN),
        ~sa.exists().where(PaymentAgreement.account_id == Account.id))
        .limit(1)).scalars().first()
    lines = debt_lines(session, account.id)
    quote = rules.payoff_quote(lines, [], today)
    agreed = quote["total"]
    down = (agreed / 5).quantize(Decimal("0.01"))
    schedule = rules.build_schedule(agreed, down, 12, today, add_months(today, 1))
    args = {"id": str(uuid.uuid4()), "account_id": str(account.id),
            "policy_version": current_policy(session).id,
            "snapshot": {"as_of": today.isoformat(), "lines": [
                {**ln, "amount": str(Decimal(ln["amount"]))} for ln in lines]},
            "promotions": [], "waivers": [], "agreed_debt": str(agreed),
            "down_payment": str(down), "installments": 12, "start_date": today.isoformat(),
            "first_due": add_months(today, 1).isoformat(),
            "schedule": [{"number": p["number"], "kind": p["kind"], "amount": str(p["amount"]),
                          "due_date": p["due_date"].isoformat()} for p in schedule],
            "customer": {"name": "Usuaria Banco", "phone": None, "id_shown": None},
            "customer_signature": None, "staff_signature": None,
            "signed_at": "2026-11-28T17:00:00+00:00"}
    args["terms_hash"] = rules.terms_hash({k: args[k] for k in SIGNED_FIELDS})
    from server.agreements.mutations import AgreementSignV1
    from server.fieldwork.mutations import load_args

    loaded, canonical = load_args(AgreementSignV1, args)
    signer = session.execute(sa.text("select id from staff_users limit 1")).scalar()
    outcome = sign(session, actor_id=signer, actor_role="manager", origin="counter",
                   client_id=None, args=loaded, canonical=canonical, version=1)
    agreement_pdf(outcome.agreement)  # warm-up: fonts, WeasyPrint import
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        agreement_pdf(outcome.agreement)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=10000)
    parser.add_argument("--pdf-runs", type=int, default=10)
    args = parser.parse_args()

    from server import create_app
    from server.agreements.tracking import mark_due
    from server.runtime import tune_gc

    app = create_app()
    tune_gc()
    with rolled_back(app) as db:
        scale = seed_agreements(db, args.agreements)
        analyze(db.engine)
        t0 = time.perf_counter()
        result = mark_due(db.session(), None)
        db.session.flush()
        seconds = time.perf_counter() - t0
        pdf = pdf_timings(db, args.pdf_runs)
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "agreements_daily_job", "database": engine, "scale": scale,
        "figure": round(seconds, 2), "unit": "s (mark_due)", "target_s": 30.0,
        "outcome": result, "pdf_ms": {"p50": round(percentile(pdf, 50), 1),
                                      "p95": round(percentile(pdf, 95), 1),
                                      "target": 1000}}))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
