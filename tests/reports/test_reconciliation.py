"""Every report's totals reconcile with the raw ledger of a generated demo city: each test
recomputes the figure from charges and allocations in Python and compares."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from server.ledger import queries as ledger_queries
from server.ledger.rules import is_accessory, months_past_due
from server.reports import figures
from server.reports.rules import arrears_cutoff, trend_points
from tests.reports.conftest import AS_OF, open_at, raw_ledger


def _pesos(c: int) -> str:
    return str((D(c) / 100).quantize(D("0.01")))


def test_the_dashboard_trend_is_the_arrears_at_each_month_end_replayed_from_allocations(ctx):
    charges, allocs = raw_ledger()
    payload = figures.compute("dashboard", {"as_of": AS_OF.isoformat()})
    points = trend_points(AS_OF)
    assert [p["at"] for p in payload["trend"]] == [p.isoformat() for p in points]
    for point, shown in zip(points, payload["trend"]):
        opened = open_at(charges, allocs, point)
        expected = sum(opened[ch[0]] for ch in charges if months_past_due(ch[2], point) >= 1)
        assert shown["arrears"] == _pesos(expected), point
    ledger = ledger_queries.arrears_summary(as_of=AS_OF)
    assert D(payload["cards"][0]["value"]) == ledger["arrears_total"]
    assert D(payload["trend"][0]["arrears"]) != D(payload["trend"][-1]["arrears"])


def test_recovery_is_payments_applied_to_charges_due_before_the_month(ctx):
    charges, allocs = raw_ledger()
    due = {ch[0]: ch[2] for ch in charges}
    payload = figures.compute("recovery", {"as_of": AS_OF.isoformat(), "date_from":
                                           "2026-01-01", "date_to": "2026-11-01"})
    assert len(payload["rows"]) == 11
    total = 0
    for row in payload["rows"]:
        start = date.fromisoformat(row["month"] + "-01")
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        expected = sum(c for cid, applied, paid, c in allocs
                       if paid and start <= applied < end and applied <= AS_OF
                       and due[cid] < start)
        assert row["recovered"] == _pesos(expected), row["month"]
        opened = open_at(charges, allocs, date.fromordinal(start.toordinal() - 1))
        base = sum(opened[ch[0]] for ch in charges
                   if months_past_due(ch[2], date.fromordinal(start.toordinal() - 1)) >= 1)
        assert row["arrears_start"] == _pesos(base)
        total += expected
    assert payload["totals"]["recovered"] == _pesos(total)
    assert total > 0
    dash = figures.compute("dashboard", {"as_of": AS_OF.isoformat()})
    assert dash["recovery"]["this_month"] == payload["rows"][-1]["recovered"]


def test_the_arrears_report_splits_the_ledger_total_by_bucket_class_service_and_colonia(ctx):
    charges, allocs = raw_ledger()
    opened = open_at(charges, allocs, AS_OF)
    payload = figures.compute("arrears", {"as_of": AS_OF.isoformat()})
    ledger = ledger_queries.arrears_summary(as_of=AS_OF)
    assert D(payload["totals"]["total"]) == ledger["total_open"]
    principal = sum(opened[ch[0]] for ch in charges if not is_accessory(ch[4]))
    accessories = sum(opened[ch[0]] for ch in charges if is_accessory(ch[4]))
    assert payload["totals"]["principal"] == _pesos(principal)
    assert payload["totals"]["accessories"] == _pesos(accessories)
    assert sum(D(r["total"]) for r in payload["rows"]) == D(payload["totals"]["total"])
    assert sum(D(r["total"]) for r in payload["by_bucket"]) == D(payload["totals"]["total"])
    by_hood: dict[int, int] = {}
    for ch in charges:
        if months_past_due(ch[2], AS_OF) >= 1:
            by_hood[ch[7]] = by_hood.get(ch[7], 0) + opened[ch[0]]
    shown = {r["neighborhood_id"]: r["arrears"] for r in payload["by_colonia"]}
    assert shown == {h: _pesos(c) for h, c in by_hood.items() if h in shown}
    assert payload["totals"]["arrears"] == _pesos(sum(by_hood.values()))
    assert D(payload["totals"]["arrears"]) == ledger["arrears_total"]


def test_filters_narrow_the_arrears_report_to_one_class_and_service(ctx):
    charges, allocs = raw_ledger()
    opened = open_at(charges, allocs, AS_OF)
    payload = figures.compute("arrears", {"as_of": AS_OF.isoformat(),
                                          "property_class": "domestic", "service": "water"})
    expected = sum(opened[ch[0]] for ch in charges if ch[5] == "domestic" and ch[3] == "water")
    assert payload["totals"]["total"] == _pesos(expected)
    assert {r["property_class"] for r in payload["rows"]} == {"domestic"}
    assert {r["service"] for r in payload["rows"]} == {"water"}


def test_monthly_arrears_by_service_match_the_replayed_ledger(ctx):
    charges, allocs = raw_ledger()
    payload = figures.compute("arrears-by-service", {"as_of": AS_OF.isoformat(),
                                                     "date_from": "2026-06-01"})
    assert [r["month"] for r in payload["rows"]][0] == "2026-06"
    for row in payload["rows"]:
        at = date.fromisoformat(row["at"])
        opened = open_at(charges, allocs, at)
        for svc in payload["services"]:
            expected = sum(opened[ch[0]] for ch in charges
                           if ch[3] == svc and months_past_due(ch[2], at) >= 1)
            assert row[svc] == _pesos(expected), (row["month"], svc)


def test_debtor_statistics_count_each_account_with_arrears_in_each_service(ctx):
    charges, allocs = raw_ledger()
    opened = open_at(charges, allocs, AS_OF)
    cutoff = arrears_cutoff(AS_OF, 1)
    per: dict[tuple, int] = {}
    for ch in charges:
        if ch[2] < cutoff:
            per[(ch[1], ch[3])] = per.get((ch[1], ch[3]), 0) + opened[ch[0]]
    payload = figures.compute("debtors", {"as_of": AS_OF.isoformat(), "top": 5})
    for row in payload["by_service"]:
        debts = [c for (_, s), c in per.items() if s == row["service"] and c > 0]
        assert row["debtors"] == len(debts)
        assert row["amount"] == _pesos(sum(debts))
    for row in payload["by_service"]:
        svc = row["service"]
        assert sum(r[svc]["debtors"] for r in payload["distribution"]) == row["debtors"]
    totals: dict = {}
    for (acc, _), c in per.items():
        totals[acc] = totals.get(acc, 0) + c
    best = sorted(totals.values(), reverse=True)[:5]
    assert [r["arrears"] for r in payload["top"]] == [_pesos(c) for c in best]


def test_dashboard_delinquency_and_last_years_recovery_match_the_raw_rows(ctx):
    import sqlalchemy as sa

    from server.extensions import db
    from server.ledger.models import Charge

    charges, allocs = raw_ledger()
    opened = open_at(charges, allocs, AS_OF)
    periods: dict = {}
    for cid, acc, due, _svc, concept, period in db.session.execute(sa.select(
            Charge.id, Charge.account_id, Charge.due_date, Charge.service, Charge.concept,
            Charge.period)):
        if opened[cid] > 0 and due < AS_OF and not is_accessory(concept):
            periods.setdefault(acc, set()).add(period)
    payload = figures.compute("dashboard", {"as_of": AS_OF.isoformat()})
    cards = {c["key"]: c for c in payload["cards"]}
    assert cards["delinquent"]["value"] == sum(1 for p in periods.values() if len(p) >= 2) > 0
    due = {ch[0]: ch[2] for ch in charges}
    ly_start, ly_end = date(2025, 11, 1), date(2025, 11, 28)
    expected = sum(c for cid, applied, paid, c in allocs
                   if paid and ly_start <= applied <= ly_end and due[cid] < ly_start)
    assert payload["recovery"]["last_year"] == _pesos(expected)
    assert cards["recovery"]["compare"] == _pesos(expected)


def test_todays_dashboard_reads_delinquency_from_the_months_indicators_and_it_matches(ctx):
    """For today the dashboard takes the count the month's indicators already read: it must
    be the same accounts the raw rows give (principal of 2+ periods open and past due)."""
    import sqlalchemy as sa

    from server.common.clock import local_today
    from server.extensions import db
    from server.ledger.models import Charge

    today = local_today()
    charges, allocs = raw_ledger()
    opened = open_at(charges, allocs, today)
    periods: dict = {}
    for cid, acc, due, concept, period in db.session.execute(sa.select(
            Charge.id, Charge.account_id, Charge.due_date, Charge.concept, Charge.period)):
        if opened[cid] > 0 and due < today and not is_accessory(concept):
            periods.setdefault(acc, set()).add(period)
    payload = figures.compute("dashboard", {"as_of": today.isoformat()})
    cards = {c["key"]: c for c in payload["cards"]}
    assert cards["delinquent"]["value"] == sum(1 for p in periods.values() if len(p) >= 2) > 0
    assert payload["indicators"]["delinquent_accounts"] == str(cards["delinquent"]["value"])
