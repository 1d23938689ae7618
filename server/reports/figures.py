"""The figures of each report and of the dashboard as JSON-ready payloads (money as
strings), computed from the SQL sums of queries.py with the rules of rules.py.

`compute(report, params)` is what the cache, the background refresh and the exports call;
params are plain JSON (dates as ISO strings) so a job can carry them.
"""
from __future__ import annotations

from datetime import date

from server.common.clock import add_months, local_today
from server.common.settings import get_setting
from server.ledger import rules as ledger_rules
from server.ledger.enums import SERVICES
from server.ledger.sql import from_cents
from server.reports import queries, rules
from server.reports.dashboard import build_dashboard
from server.reports.months import arrears_c, recovered_c
from server.reports.months import facts as month_facts

REPORTS = ("recovery", "arrears", "arrears-by-service", "debtors")


def _date(params: dict, key: str, default: date | None = None) -> date | None:
    value = params.get(key)
    return date.fromisoformat(value) if value else default


def filters(params: dict) -> dict:
    """The place/class/service filters of a report's params."""
    return {k: params.get(k) for k in queries.FILTER_KEYS if params.get(k) not in (None, "")}


def _m(c: int) -> str:
    return str(from_cents(c))


def _ratio(r) -> str | None:
    return None if r is None else str(r)


def recovery(params: dict) -> dict:
    """Recovery % by month: payments applied to charges due before the month ÷ arrears at
    the month's start, with the previous month and the same month last year."""
    as_of = _date(params, "as_of", local_today())
    last = min(_date(params, "date_to", as_of).replace(day=1), as_of.replace(day=1))
    first = min(_date(params, "date_from", add_months(last, -11)).replace(day=1), last)
    f = filters(params)
    months = rules.months_between(add_months(first, -13), last)
    facts = month_facts(months, f, as_of, fresh=bool(params.get("fresh")))
    recovered = {m: recovered_c(facts[m]) for m in months}
    base = {m: arrears_c(facts[add_months(m, -1)]) for m in months[1:]}
    rate = {m: rules.ratio(recovered[m], base[m]) for m in months[1:]}
    shown = rules.months_between(first, last)
    rows = []
    for m in shown:
        prev, ly = add_months(m, -1), add_months(m, -12)
        rows.append({"month": m.isoformat()[:7], "arrears_start": _m(base[m]),
                     "recovered": _m(recovered[m]), "rate": _ratio(rate[m]),
                     "prev_recovered": _m(recovered[prev]), "prev_rate": _ratio(rate[prev]),
                     "ly_recovered": _m(recovered[ly]), "ly_rate": _ratio(rate[ly]),
                     "change_prev": _ratio(rules.change(recovered[m], recovered[prev])),
                     "change_ly": _ratio(rules.change(recovered[m], recovered[ly]))})
    tot_rec, tot_base = sum(recovered[m] for m in shown), sum(base[m] for m in shown)
    return {"report": "recovery", "as_of": as_of.isoformat(), "filters": f, "rows": rows,
            "totals": {"recovered": _m(tot_rec), "arrears_start": _m(tot_base),
                       "rate": _ratio(rules.ratio(tot_rec, tot_base))}}


def arrears(params: dict) -> dict:
    """Open debt by aging bucket × class × service (and by colonia), principal vs
    accessories; `arrears` columns count only what is past due the arrears minimum."""
    as_of = _date(params, "as_of", local_today())
    f = filters(params)
    buckets = get_setting("aging_buckets")
    n = int(get_setting("arrears_min_months"))
    cells: dict[tuple, list[int]] = {}
    for r in queries.open_by_class(f):
        months = ledger_rules.months_past_due(queries._d(r.due_date), as_of)
        key = (ledger_rules.bucket_for(months, buckets), r.property_class, r.service)
        cell = cells.setdefault(key, [0, 0])
        cell[1 if ledger_rules.is_accessory(r.concept) else 0] += int(r.a) - int(r.b)
    cutoff = rules.arrears_cutoff(as_of, max(n, 1))
    hoods = {r.neighborhood_id: [int(r.o), int(r.p), int(r.x)]
             for r in queries.open_by_colonia(cutoff, f)}
    order = {label: i for i, (label, _, _) in enumerate(buckets)}
    rows = [{"bucket": b, "property_class": pc, "service": s, "principal": _m(p),
             "accessories": _m(a), "total": _m(p + a)}
            for (b, pc, s), (p, a) in sorted(cells.items(), key=lambda kv: (
                order.get(kv[0][0], 99), kv[0][1], kv[0][2]))]
    by_bucket = {b: [0, 0] for b, _, _ in buckets}
    for (b, _, _), (p, a) in cells.items():
        by_bucket[b][0] += p
        by_bucket[b][1] += a
    names = queries.neighborhood_names(hoods)
    colonias = sorted(({"neighborhood_id": h, "colonia": names.get(h, ""), "open": _m(v[0]),
                        "arrears_principal": _m(v[1]), "arrears_accessories": _m(v[2]),
                        "arrears": _m(v[1] + v[2]), "_c": v[1] + v[2]}
                       for h, v in hoods.items()), key=lambda x: (-x["_c"], x["colonia"]))
    for c in colonias:
        c.pop("_c")
    p_tot = sum(p for p, _ in cells.values())
    a_tot = sum(a for _, a in cells.values())
    arrears_c = sum(v[1] + v[2] for v in hoods.values())
    return {"report": "arrears", "as_of": as_of.isoformat(), "filters": f,
            "arrears_min_months": n, "buckets": [b for b, _, _ in buckets], "rows": rows,
            "by_bucket": [{"bucket": b, "principal": _m(p), "accessories": _m(a),
                           "total": _m(p + a)} for b, (p, a) in by_bucket.items()],
            "by_colonia": colonias,
            "totals": {"principal": _m(p_tot), "accessories": _m(a_tot),
                       "total": _m(p_tot + a_tot), "arrears": _m(arrears_c)}}


def arrears_by_service(params: dict) -> dict:
    """Arrears at each month's end by service (rezagos mensuales por tipo de servicio);
    the as_of month's point is as_of itself."""
    as_of = _date(params, "as_of", local_today())
    last = min(_date(params, "date_to", as_of).replace(day=1), as_of.replace(day=1))
    first = min(_date(params, "date_from", add_months(last, -11)).replace(day=1), last)
    f = filters(params)
    months = rules.months_between(first, last)
    facts = month_facts(months, f, as_of, fresh=bool(params.get("fresh")))
    services = [s for s in SERVICES if not f.get("service") or s == f["service"]]
    rows = [{"month": m.isoformat()[:7], "at": facts[m]["at"],
             **{s: _m(facts[m]["arrears"].get(s, 0)) for s in services},
             "total": _m(arrears_c(facts[m]))} for m in months]
    return {"report": "arrears-by-service", "as_of": as_of.isoformat(), "filters": f,
            "services": services, "rows": rows,
            "totals": {"last": rows[-1]["total"] if rows else "0.00"}}


def debtors(params: dict) -> dict:
    """Debtors by service: how many, how much, by debt range, and the top debtors."""
    as_of = _date(params, "as_of", local_today())
    top = int(params.get("top") or 20)
    f = filters(params)
    cutoff = rules.arrears_cutoff(as_of, int(get_setting("arrears_min_months")))
    bounds = [(int(lo * 100), None if hi is None else int(hi * 100))
              for lo, hi in rules.DEBT_RANGES]
    by_service: dict[str, list[int]] = {}
    dist: dict[int, dict[str, list[int]]] = {i: {} for i in range(len(bounds))}
    ranges, top_accounts = queries.debtor_stats(cutoff, f, bounds, top)
    for r in ranges:
        svc = by_service.setdefault(r.service, [0, 0])
        svc[0] += int(r.n)
        svc[1] += int(r.c)
        if r.rng >= 0:
            dist[int(r.rng)][r.service] = [int(r.n), int(r.c)]
    services = sorted(by_service)
    top_rows = [{"account_id": str(a["account_id"]), "account_number": a["account_number"],
                 "holder": a["holder"], "colonia": a["colonia"],
                 "property_class": a["property_class"], "arrears": _m(a["c"])}
                for a in top_accounts]
    return {"report": "debtors", "as_of": as_of.isoformat(), "filters": f,
            "by_service": [{"service": s, "debtors": by_service[s][0],
                            "amount": _m(by_service[s][1]),
                            "average": _m(by_service[s][1] // max(by_service[s][0], 1))}
                           for s in services],
            "distribution": [{"range": rules.debt_range_label(*rules.DEBT_RANGES[i]),
                              **{s: {"debtors": v.get(s, [0, 0])[0],
                                     "amount": _m(v.get(s, [0, 0])[1])} for s in services}}
                             for i, v in dist.items()],
            "top": top_rows,
            "totals": {"debtors": sum(v[0] for v in by_service.values()),
                       "amount": _m(sum(v[1] for v in by_service.values()))}}


BUILDERS = {"recovery": recovery, "arrears": arrears, "arrears-by-service": arrears_by_service,
            "debtors": debtors, "dashboard": build_dashboard}


def compute(report: str, params: dict) -> dict:
    """The payload of one report (or the dashboard) for JSON params."""
    return BUILDERS[report](params)
