"""Field productivity per worker and day: stops assigned and done, visit outcomes,
visits flagged far from the premises, and how long visits took to reach the server."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa

from server.auth.models import StaffUser
from server.common.clock import LOCAL_TZ
from server.extensions import db
from server.fieldwork.models import Route, Stop, Visit

FAR = "FAR_FROM_PREMISES"


def per_worker_day(*, date_from: date, date_to: date, worker_id=None) -> dict:
    """Rows (worker, day) sorted by day then name, with totals."""
    names = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.full_name)).all())
    rows: dict = defaultdict(lambda: {"assigned": 0, "done": 0, "visits": 0, "far": 0,
                                      "outcomes": defaultdict(int), "delays": []})
    stops = (sa.select(Route.worker_id, Route.work_date, sa.func.count(Stop.id),
                       sa.func.sum(sa.case((Stop.status == "done", 1), else_=0)))
             .join(Stop, Stop.route_id == Route.id)
             .where(Route.work_date >= date_from, Route.work_date <= date_to,
                    Route.worker_id.is_not(None), Stop.deleted_at.is_(None))
             .group_by(Route.worker_id, Route.work_date))
    if worker_id:
        stops = stops.where(Route.worker_id == worker_id)
    for worker, day, n, done in db.session.execute(stops):
        rows[(worker, day)]["assigned"] += int(n)
        rows[(worker, day)]["done"] += int(done or 0)
    # Visits by the local day they happened (a few thousand a month: aged in Python).
    lo = date_from - timedelta(days=1)
    hi = date_to + timedelta(days=2)
    visits = sa.select(Visit.worker_id, Visit.started_at, Visit.received_at, Visit.outcome,
                       Visit.flags).where(Visit.started_at >= lo, Visit.started_at < hi)
    if worker_id:
        visits = visits.where(Visit.worker_id == worker_id)
    for worker, started, received, outcome, flags in db.session.execute(visits):
        day = started.astimezone(LOCAL_TZ).date()
        if not date_from <= day <= date_to:
            continue
        row = rows[(worker, day)]
        row["visits"] += 1
        row["outcomes"][outcome] += 1
        row["far"] += 1 if FAR in (flags or []) else 0
        if received is not None:
            row["delays"].append(max(0.0, (received - started).total_seconds() / 60))
    out = []
    for (worker, day), r in sorted(rows.items(), key=lambda kv: (
            kv[0][1], names.get(kv[0][0]) or "")):
        delays = sorted(r.pop("delays"))
        out.append({"worker_id": worker, "worker": names.get(worker) or "—", "day": day,
                    **r, "outcomes": dict(r["outcomes"]), "pending": r["assigned"] - r["done"],
                    "sync_delay_avg_min": round(sum(delays) / len(delays), 1) if delays else None,
                    "sync_delay_max_min": round(delays[-1], 1) if delays else None})
    totals = {k: sum(r[k] for r in out) for k in ("assigned", "done", "pending", "visits",
                                                   "far")}
    return {"date_from": date_from, "date_to": date_to, "rows": out, "totals": totals}
