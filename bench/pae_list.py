"""Benchmark the PAE debtor list on a seeded database; prints one JSON object.

    DATABASE_URL=postgresql://.../cartera_bench .venv/bin/python bench/pae_list.py \
        [--runs 3] [--dossiers 10] [--no-export] [--as-of 2026-11-28]

Through the HTTP layer (token check, queries, JSON): the selection's first page with its
totals under a few filters (median and max of `--runs` after one warm-up; target 3 s), the
debtor dossier and the payment demand PDF of the top debtors, the Excel export of the
default selection, and sending 100 debtors to PAE. Everything runs inside one transaction
rolled back at the end (PostgreSQL DDL is transactional, so a bench database migrated
before the PAE table existed gets it there too): it leaves no trace.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import rolled_back  # noqa: E402

TARGET_MS = 3000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dossiers", type=int, default=10)
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--as-of", default=None, help="cut-off date (default: today)")
    parser.add_argument("--http", action="store_true",
                        help="through the API (needs a bench database migrated to head)")
    args = parser.parse_args()

    import sqlalchemy as sa

    from server import create_app
    from server.auth.models import StaffUser
    from server.common.clock import local_today
    from server.pae.models import PaeReferral
    from server.registry.models import Account

    app = create_app()
    out: dict = {"bench": "pae_list", "target_ms": TARGET_MS}
    with rolled_back(app) as db:
        # The outer connection itself, not the session's savepoint: a service's unit of
        # work may roll that back, and the table must outlive it until the end.
        conn = db.session.bind
        out["engine"] = conn.dialect.name
        if not sa.inspect(conn).has_table("pae_referrals"):
            PaeReferral.__table__.create(conn)  # rolled back with everything else
            out["pae_table_created_in_transaction"] = True
        out["accounts"] = db.session.execute(
            sa.select(sa.func.count()).select_from(Account)).scalar()
        user_id = db.session.execute(sa.select(StaffUser.id).limit(1)).scalar()
        as_of = date.fromisoformat(args.as_of) if args.as_of else local_today()
        out["as_of"] = as_of.isoformat()
        out["mode"] = "http" if args.http else "functions"
        call = _http_caller(app, user_id) if args.http else _function_caller(user_id)

        def runs(params: dict) -> dict:
            call("selection", params)  # warm-up
            times, body = [], None
            for _ in range(args.runs):
                t0 = time.perf_counter()
                body = call("selection", params)
                times.append((time.perf_counter() - t0) * 1000)
            t = body["totals"]
            return {"median_ms": round(statistics.median(times)), "max_ms": round(max(times)),
                    "accounts": t["accounts"], "debt": str(t["debt"]),
                    "warning_accounts": t["warning_accounts"],
                    "prescribed_accounts": t["prescribed_accounts"]}

        base = {"as_of": as_of, "page": 1, "page_size": 50}
        out["selection"] = {
            "default_3_months": runs(base),
            "min_12_months_5000": runs(base | {"min_months": 12, "min_amount": "5000.00"}),
            "commercial": runs(base | {"property_class": "commercial"}),
            "page_20": runs(base | {"page": 20}),
            "all_debtors": runs(base | {"min_months": 0}),
        }
        top = call("selection", base | {"page_size": 100})["items"]
        ids = [r["account_id"] for r in top]
        dossier_ms = []
        for account_id in ids[:args.dossiers]:
            t0 = time.perf_counter()
            call("dossier", {"account": account_id, "as_of": as_of})
            dossier_ms.append((time.perf_counter() - t0) * 1000)
        out["dossier"] = {"n": len(dossier_ms),
                          "median_ms": round(statistics.median(dossier_ms)),
                          "max_ms": round(max(dossier_ms))}
        pdf_ms = []
        for account_id in ids[:3]:  # the first one pays WeasyPrint's start-up (fonts)
            t0 = time.perf_counter()
            pdf = call("pdf", {"account": account_id, "as_of": as_of})
            pdf_ms.append(round((time.perf_counter() - t0) * 1000))
        out["demand_pdf"] = {"cold_ms": pdf_ms[0], "warm_ms": pdf_ms[1:], "bytes": len(pdf)}
        if not args.no_export:
            t0 = time.perf_counter()
            xlsx = call("xlsx", {"as_of": as_of})
            out["excel_default_selection"] = {
                "ms": round((time.perf_counter() - t0) * 1000), "bytes": len(xlsx),
                "rows": out["selection"]["default_3_months"]["accounts"]}
        t0 = time.perf_counter()
        call("send", {"account_ids": ids[:100], "mandate_number": "BENCH-0001",
                      "officer_name": "Ejecutor de prueba"})
        out["send_100"] = {"ms": round((time.perf_counter() - t0) * 1000)}
        out["selection_after_sending"] = runs(base)
    out["ok"] = all(v["median_ms"] <= TARGET_MS for v in out["selection"].values())
    print(json.dumps(out, indent=2))


def _function_caller(user_id):
    """The functions the views call, with the views' schemas dumping the JSON (for a bench
    database whose other tables lag behind the code's migrations)."""
    import uuid
    from decimal import Decimal

    from server.pae import dossier, queries, service
    from server.pae.pdf import demand_pdf
    from server.pae.schemas import PaeDossierOut, PaeSelectionOut
    from server.pae.xlsx import selection_xlsx
    from server.registry.queries import get_account

    def filters(p: dict):
        keep = {k: v for k, v in p.items() if k not in ("page", "page_size")}
        if "min_amount" in keep:
            keep["min_amount"] = Decimal(keep["min_amount"])
        return queries.Filters(**keep)

    def call(what: str, p: dict):
        if what == "selection":
            result = queries.selection(filters(p), page=p["page"], page_size=p["page_size"])
            PaeSelectionOut().dump(result)
            return result
        if what == "dossier":
            return PaeDossierOut().dump(dossier.debtor_dossier(get_account(p["account"]),
                                                               p["as_of"]))
        if what == "pdf":
            return demand_pdf(get_account(p["account"]), p["as_of"])
        if what == "xlsx":
            return selection_xlsx(filters(p))
        return service.send_to_pae(actor_id=user_id, account_ids=[
            uuid.UUID(a) for a in p["account_ids"]], mandate_number=p["mandate_number"],
            officer_name=p["officer_name"])

    return call


def _http_caller(app, user_id):
    """The same calls through the API (token check, schemas, JSON)."""
    from urllib.parse import urlencode

    from flask_jwt_extended import create_access_token

    with app.test_request_context():
        token = create_access_token(identity=str(user_id),
                                    additional_claims={"roles": ["manager"]})
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()

    def ok(resp):
        if resp.status_code >= 400:
            raise SystemExit(f"{resp.status_code} {resp.get_data()[:300]}")
        return resp

    def call(what: str, p: dict):
        q = urlencode({k: v for k, v in p.items() if k != "account"})
        if what == "selection":
            return ok(client.get(f"/api/v1/pae/debtors?{q}", headers=headers)).get_json()
        if what == "dossier":
            return ok(client.get(f"/api/v1/pae/debtors/{p['account']}?{q}",
                                 headers=headers)).get_json()
        if what == "pdf":
            return ok(client.get(f"/api/v1/pae/debtors/{p['account']}/demand.pdf?{q}",
                                 headers=headers)).data
        if what == "xlsx":
            return ok(client.get(f"/api/v1/pae/debtors.xlsx?{q}", headers=headers)).data
        return ok(client.post("/api/v1/pae/referrals", json=p, headers=headers)).get_json()

    return call


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_ENV", "development")
    main()
