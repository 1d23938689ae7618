"""The monthly posting of social discounts for 4,000 beneficiaries; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/discounts_posting.py [--beneficiaries 4000]

The database must hold a seeded city (`flask cartera seed-demo`). Inside ONE transaction
rolled back at the end (the database is left as it was): `--beneficiaries` domestic
accounts with a water charge in the latest billed period (those whose charge is still open
first) get an approved application of the default program, valid over that period
(bulk-inserted as the office's approval leaves them). Then `post_discounts` runs for the
period: one ledger credit of kind `discount` per water charge, applied to it by the
ledger's allocation, and one discount_postings row. Figure: its seconds (target 10 s).
A second run is timed too: it must post nothing (idempotent).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import analyze, rolled_back  # noqa: E402


def seed_beneficiaries(db, n: int) -> dict:
    """n approved applications on domestic accounts billed for water in the last period."""
    import sqlalchemy as sa

    from server.common.clock import utcnow
    from server.discounts.defaults import DEFAULT_PROGRAM_NAME, DEFAULT_PROGRAM_RULES
    from server.discounts.models import DiscountApplication, DiscountProgram
    from server.ledger.models import Charge
    from server.registry.models import Account

    session = db.session()
    period = session.execute(sa.select(sa.func.max(Charge.period)).where(
        Charge.origin == "billing")).scalar()
    program = session.execute(sa.select(DiscountProgram).where(
        DiscountProgram.active.is_(True))).scalars().first()
    if program is None:
        program = DiscountProgram(name=DEFAULT_PROGRAM_NAME, rules=DEFAULT_PROGRAM_RULES)
        session.add(program)
        session.flush()
    worker = session.execute(sa.text(
        "SELECT id FROM staff_users ORDER BY username LIMIT 1")).scalar()
    open_first = sa.case((Charge.allocated < Charge.amount, 0), else_=1)
    rows = session.execute(
        sa.select(Charge.account_id, open_first.label("paid"))
        .join(Account, Account.id == Charge.account_id)
        .where(Charge.period == period, Charge.origin == "billing", Charge.service == "water",
               Account.property_class == "domestic")
        .order_by(open_first, Charge.account_id).limit(n)).all()
    now, start = utcnow(), period - timedelta(days=200)
    values = [{
        "id": uuid.uuid4(), "program_id": program.id, "account_id": r.account_id,
        "beneficiary_type": "pensioner", "beneficiary_name": f"Beneficiaria {i}",
        "curp": f"BENC{i:014d}"[:18], "record": {}, "problems": [], "status": "approved",
        "worker_id": worker, "args_hash": "0" * 64, "starts_on": start,
        "ends_on": start + timedelta(days=364), "decided_at": now, "created_at": now,
        "updated_at": now, "rv": 0} for i, r in enumerate(rows)]
    for i in range(0, len(values), 1000):
        session.execute(sa.insert(DiscountApplication), values[i:i + 1000])
    session.commit()
    return {"period": period.isoformat(), "beneficiaries": len(values),
            "charges_already_paid": sum(r.paid for r in rows)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--beneficiaries", type=int, default=4000)
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app
    from server.common.clock import parse_period
    from server.db import transaction
    from server.discounts.service import post_discounts
    from server.registry.models import Account
    from server.runtime import tune_gc

    app = create_app()
    tune_gc()
    with rolled_back(app) as db:
        accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        seeded = seed_beneficiaries(db, args.beneficiaries)
        analyze(db.engine)
        period = parse_period(seeded["period"][:7])
        t0 = time.perf_counter()
        with transaction() as session:
            first = post_discounts(session, period=period)
        first_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        with transaction() as session:
            again = post_discounts(session, period=period)
        again_s = time.perf_counter() - t0
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "discounts_posting", "database": engine,
        "scale": {"accounts": accounts, "beneficiaries": seeded["beneficiaries"],
                  "period": seeded["period"][:7]},
        "figure": round(first_s, 2), "unit": "s", "figure_is": "post_discounts_s",
        "target_s": 10.0, "credits_posted": first["posted"], "total": first["total"],
        "charges_already_paid": seeded["charges_already_paid"],
        "second_run_s": round(again_s, 2), "second_run_posted": again["posted"]}))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
