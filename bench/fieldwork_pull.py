"""The first pull of a notifier's day on the real demo city: how long the server takes to
serialize a 300-stop route and, through /api/sync/v1, to answer the whole first pull;
prints one JSON object.

    DATABASE_URL=postgresql://... .venv/bin/python bench/fieldwork_pull.py [--stops 300]

The database must hold a seeded city (`flask cartera seed-demo --accounts 100000`). Inside
ONE transaction that is rolled back at the end (the database is left as it was) the bench:
previews a campaign over the whole city (timed), creates one over the colonias with the
most delinquent accounts until `--stops` are covered (timed), plans one route of
`--stops` stops for a new notifier today (timed), then measures
- serialize: the Entity serializers of route, stops, notices and accounts (debt from the
  ledger, last visits) for that route, what a pull spends building payloads; p50/p95
  over `--runs`;
- first pull: a new client registers and pulls until has_more is false through the Flask
  test client (pages of 500: the figure is the p95 server time of one page; also the
  whole pull, and the same pull as one round trip with limit 1000), and the gzip size of
  the JSON received;
- incremental pull: after office payments on 10 of the route's accounts, the next pull;
- the route sheet PDF of those stops.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import percentile  # noqa: E402


def ms(t0: float) -> float:
    """Milliseconds since `t0`."""
    return round((time.perf_counter() - t0) * 1000, 1)


def stats(values) -> dict:
    """p50, p95 and max of timings."""
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1),
            "max": round(max(values), 1)}


def setup_day(stops: int) -> dict:
    """Campaign over the most delinquent colonias and one route of `stops` for a notifier."""
    import sqlalchemy as sa

    from server.auth.service import create_user
    from server.campaigns import queries as campaigns
    from server.campaigns.rules import SelectionRules
    from server.campaigns.service import create_campaign
    from server.common.clock import local_today
    from server.extensions import db
    from server.fieldwork.models import Stop
    from server.fieldwork.service import plan_routes
    from server.registry.models import Account

    out = {"accounts": db.session.execute(sa.select(sa.func.count()).select_from(Account)
                                          ).scalar()}
    city = SelectionRules.from_dict({"min_months_past_due": 2, "exclude_open_notice": False,
                                     "exclude_notified_within_days": None})
    t0 = time.perf_counter()
    preview = campaigns.preview(city)
    out["preview_city_ms"], out["delinquent_accounts"] = ms(t0), preview["count"]
    hoods, covered = [], 0
    for row in preview["by_neighborhood"]:
        hoods.append(row["neighborhood_id"])
        covered += row["count"]
        if covered >= stops:
            break
    rules = SelectionRules.from_dict({**city.to_json(), "min_debt": None, "max_debt": None,
                                      "neighborhood_ids": hoods})
    t0 = time.perf_counter()
    campaign = create_campaign(actor_id=None, name="Banco de pruebas", notice_kind="formal",
                               rules=rules)
    out["create_campaign_ms"], out["notices_created"] = ms(t0), campaign.notice_count
    worker = create_user(username=f"bench-{uuid.uuid4().hex[:8]}",
                         full_name="Notificadora Banco", password="secreto-123",
                         roles=["notifier"])
    t0 = time.perf_counter()
    (route,) = plan_routes(actor_id=None, campaign_id=campaign.id, work_date=local_today(),
                           worker_ids=[worker.id], max_stops_per_route=stops)
    out["plan_route_ms"] = ms(t0)
    rows = db.session.execute(sa.select(Stop.id, Stop.notice_id, Stop.account_id).where(
        Stop.route_id == route.id)).all()
    out["stops"] = len(rows)
    return {"out": out, "route": route, "worker": worker, "rows": rows,
            "account_ids": [r.account_id for r in rows]}


def serialize_once(session, day) -> int:
    """Build every payload of the route, as a pull does (one batch per type)."""
    from server.fieldwork.mutations import ENTITIES
    from server.notices.mutations import ENTITIES as NOTICE_ENTITIES

    entities = {e.type: e for e in [*ENTITIES, *NOTICE_ENTITIES]}
    rows = day["rows"]
    ids = {"route": [day["route"].id], "stop": [r.id for r in rows],
           "notice": [r.notice_id for r in rows], "account": [r.account_id for r in rows]}
    return sum(len(entities[t].serialize(session, i)) for t, i in ids.items())


def _token(app, worker) -> dict:
    from flask_jwt_extended import create_access_token

    with app.test_request_context():
        token = create_access_token(identity=str(worker.id),
                                    additional_claims={"roles": ["notifier"]})
    return {"Authorization": f"Bearer {token}"}


def first_pull(app, client, worker, limit: int = 500):
    """Register a new client and pull until done.

    Returns (total ms, rows, gzip bytes, [ms of each page], cookie, client id)."""
    headers = _token(app, worker)
    client_id = str(uuid.uuid4())
    t0 = time.perf_counter()
    resp = client.post("/api/sync/v1/clients", headers=headers,
                       json={"client_id": client_id, "schema_version": 2})
    assert resp.status_code == 200, resp.get_data()[:300]
    cookie, rows, size, pages = None, 0, 0, []
    while True:
        t1 = time.perf_counter()
        resp = client.post("/api/sync/v1/pull", headers=headers, json={
            "client_id": client_id, "schema_version": 2, "cookie": cookie, "limit": limit})
        pages.append(ms(t1))
        assert resp.status_code == 200, resp.get_data()[:300]
        body = resp.get_json()
        rows += len(body["patch"])
        size += len(gzip.compress(resp.get_data()))
        cookie = body["cookie"]
        if not body["has_more"]:
            return ms(t0), rows, size, pages, cookie, client_id


def incremental_pull(app, client, day, cookie: str, client_id: str, runs: int) -> dict:
    """After office payments on 10 of the route's accounts, the next pull (per run)."""
    from decimal import Decimal

    from server.ledger.service import record_payment

    headers, timings, rows = _token(app, day["worker"]), [], []
    for n in range(runs):
        for account_id in day["account_ids"][n * 10 % len(day["account_ids"]):][:10]:
            record_payment(actor_id=None, account_ref=account_id, amount=Decimal("10.00"),
                           reference=f"bench-{n}")
        t0 = time.perf_counter()
        resp = client.post("/api/sync/v1/pull", headers=headers, json={
            "client_id": client_id, "schema_version": 2, "cookie": cookie, "limit": 500})
        timings.append(ms(t0))
        body = resp.get_json()
        cookie = body["cookie"]
        rows.append(len(body["patch"]))
    return {**stats(timings), "rows_per_pull": max(rows)}


def measure(app, day, runs: int) -> tuple[str, float]:
    """Fill day["out"] with the timings; returns (figure name, figure)."""
    from server.extensions import db

    out, session = day["out"], db.session()
    serialize_once(session, day)  # warm-up
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out["rows_serialized"] = serialize_once(session, day)
        timings.append((time.perf_counter() - t0) * 1000)
    out["serialize_ms"] = stats(timings)
    name, figure = "serialize_route_entities_p95", out["serialize_ms"]["p95"]
    try:
        import server.sync.pull  # noqa: F401
    except ImportError:
        pass
    else:
        client = app.test_client()
        first_pull(app, client, day["worker"])  # warm-up
        pulls = [first_pull(app, client, day["worker"]) for _ in range(runs)]
        out["first_pull_ms"] = stats([p[0] for p in pulls])
        out["first_pull_rows"], out["first_pull_gzip_bytes"] = pulls[-1][1:3]
        out["first_pull_pages"] = len(pulls[-1][3])
        out["pull_page_ms"] = stats([t for p in pulls for t in p[3]])
        one = [first_pull(app, client, day["worker"], limit=1000) for _ in range(runs)]
        out["first_pull_one_round_trip_ms"] = stats([p[0] for p in one])
        out["incremental_pull_ms"] = incremental_pull(app, client, day, pulls[-1][4],
                                                      pulls[-1][5], runs)
        name, figure = "pull_page_p95", out["pull_page_ms"]["p95"]
    from server.fieldwork.pdf import route_sheet_pdf

    t0 = time.perf_counter()
    pdf = route_sheet_pdf(day["route"])
    out["route_sheet_pdf_ms"], out["route_sheet_pdf_bytes"] = ms(t0), len(pdf)
    return name, figure


def main() -> None:
    """Set up the day inside a transaction, measure, roll back, print the JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--stops", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from common import rolled_back
    from server import create_app
    from server.runtime import tune_gc

    app = create_app()
    tune_gc()  # as gunicorn.conf.py does in every worker
    with rolled_back(app) as db:
        day = setup_day(args.stops)
        name, figure = measure(app, day, args.runs)
        out = day["out"]
        out["database"] = db.engine.dialect.name
    print(json.dumps({"name": "fieldwork_pull", "scale": {"accounts": out["accounts"],
                                                            "stops": out["stops"]},
                      "figure": figure, "unit": "ms", "figure_is": name, "runs": args.runs,
                      **out}))


if __name__ == "__main__":
    os.environ.setdefault("CARTERA_INSTANCE_PATH", str(ROOT / "instance"))
    main()
