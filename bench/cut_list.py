"""Generating a cut list over the whole demo city; prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/cut_list.py [--runs 3]

The database must hold a seeded city (`flask cartera seed-demo --accounts 100000`). Inside
ONE transaction rolled back at the end (the database is left as it was) the bench first
gives the city what a cut list needs and the demo lacks: a formal campaign over every
account 2+ months past due whose requerimientos were served 5 to 20 days ago for 70% of
them (the rest were not found). Then it times, over the whole city with the default rules
(3+ periods past due, a requerimiento served 3+ days before, no protected account, no open
order), the preview and the creation of the list (selection, one folio-numbered order per
account, bulk insert); after each run the list's orders are withdrawn (soft-deleted) so the
next run does the full work again. Figure: the p50 of creating the list; the target is 5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile, rolled_back  # noqa: E402


def serve_formal_notices(db) -> dict:
    """A formal campaign over the delinquent city; 70% served 5-20 days ago."""
    import sqlalchemy as sa

    from server.campaigns.rules import SelectionRules
    from server.campaigns.service import create_campaign
    from server.common.clock import utcnow
    from server.notices.models import Notice

    t0 = time.perf_counter()
    campaign = create_campaign(actor_id=None, name="Requerimientos (banco)", notice_kind="formal",
                               rules=SelectionRules.from_dict({
                                   "min_months_past_due": 2, "exclude_open_notice": False,
                                   "exclude_notified_within_days": None}))
    ids = db.session.execute(sa.select(Notice.id).where(
        Notice.campaign_id == campaign.id)).scalars().all()
    rng, now = random.Random(7), utcnow()
    served = [i for i in ids if rng.random() < 0.7]
    for days in range(5, 21):
        chunk = served[days - 5::16]
        if chunk:
            db.session.execute(sa.update(Notice).where(Notice.id.in_(chunk)).values(
                status="delivered", delivered_at=now - timedelta(days=days), rv=Notice.rv))
    db.session.commit()
    return {"formal_notices": len(ids), "served": len(served),
            "setup_s": round(time.perf_counter() - t0, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app
    from server.disconnections import queries
    from server.disconnections.models import DisconnectionOrder
    from server.disconnections.rules import CutRules
    from server.disconnections.service import create_cut_list
    from server.registry.models import Account
    from server.runtime import tune_gc

    app = create_app()
    tune_gc()
    with rolled_back(app) as db:
        accounts = db.session.execute(sa.select(sa.func.count()).select_from(Account)).scalar()
        out = serve_formal_notices(db)
        previews, creates, count = [], [], 0
        for _ in range(args.runs):
            t0 = time.perf_counter()
            preview = queries.preview(CutRules())
            previews.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            cut_list = create_cut_list(actor_id=None, name="Banco de cortes",
                                       cut_rules=CutRules())
            creates.append(time.perf_counter() - t0)
            count = cut_list.order_count
            # Withdraw the list's orders (soft delete) so the next run selects them again.
            db.session.execute(sa.update(DisconnectionOrder).where(
                DisconnectionOrder.cut_list_id == cut_list.id).values(
                deleted_at=sa.func.now(), rv=DisconnectionOrder.rv))
            db.session.commit()
        engine = db.engine.dialect.name
    print(json.dumps({
        "name": "cut_list_generation", "database": engine,
        "scale": {"accounts": accounts, "orders": count},
        "figure": round(percentile(creates, 50), 2), "unit": "s (create, p50)",
        "figure_is": "create_cut_list_s_p50", "target_s": 5.0, "runs": args.runs,
        "create_s": {"p50": round(percentile(creates, 50), 2), "max": round(max(creates), 2)},
        "preview_s": {"p50": round(percentile(previews, 50), 2),
                      "max": round(max(previews), 2)},
        "preview_count": preview["count"], "by_action": preview["by_action"], **out}))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
