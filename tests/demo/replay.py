"""Replay a generated ledger event by event and check it against the ledger rules.

Independent of the generator's shortcuts: each payment is re-allocated with
rules.allocate over ALL the account's open items at that moment, and each month end
recomputes the surcharge job's base from scratch with accrues_surcharge.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from server.common.clock import add_months
from server.common.money import ZERO
from server.demo.generator import TABLE_COLUMNS, DemoCity
from server.demo.ledger_sim import Ids
from server.ledger.rules import (
    OpenItem, accrues_surcharge, allocate, period_end, surcharge_amount)


def build(accounts: int, months: int, seed: int, as_of) -> tuple[DemoCity, dict]:
    """A generated city as {table: [row dict]} (typed values), ledger included."""
    city = DemoCity(accounts, months, seed, as_of)
    hood_rows = city.neighborhood_rows()
    tables = {t: [tuple(r) for r in rows]
              for t, rows in city.registry(list(range(1, len(hood_rows) + 1))).items()}
    tables["neighborhoods"] = hood_rows
    for table in ("charges", "payments", "credits", "allocations"):
        tables[table] = []
    for chunk in city.ledger(Ids(), chunk_accounts=97):
        for table in ("charges", "payments", "credits", "allocations"):
            tables[table].extend(tuple(r) for r in getattr(chunk, table))
    tables["surcharge_runs"] = city.surcharge_run_rows()
    return city, tables


def as_dicts(table: str, rows) -> list[dict]:
    """Rows of a generated table as dicts keyed by column name."""
    columns = TABLE_COLUMNS[table]
    return [dict(zip(columns, r)) for r in rows]


def replay(city: DemoCity, tables: dict) -> list[str]:
    """Every disagreement between the generated ledger and the rules (empty when none)."""
    charges = as_dicts("charges", tables["charges"])
    payments = as_dicts("payments", tables["payments"])
    credits = as_dicts("credits", tables["credits"])
    allocs = defaultdict(list)
    for a in as_dicts("allocations", tables["allocations"]):
        allocs[("p", a["payment_id"]) if a["payment_id"] else ("c", a["credit_id"])].append(a)
    # Events of a day: bills (day 1), discount credits, payments, then the month-end run.
    events = defaultdict(list)
    for c in charges:
        if c["origin"] == "billing":  # issued on the first day of the next month
            events[c["account_id"]].append((add_months(c["period"], 1), 0, c["id"], "bill", c))
    for c in credits:
        events[c["account_id"]].append((c["credited_on"], 1, c["id"], "credit", c))
    for p in payments:
        events[p["account_id"]].append((p["paid_on"], 2, p["id"], "payment", p))
    posted = defaultdict(dict)
    for c in charges:
        if c["origin"] == "surcharge_job":
            posted[(c["account_id"], c["period"])][c["service"]] = c
    problems: list[str] = []
    for account_id in {c["account_id"] for c in charges}:
        timeline = events[account_id] + [
            (period_end(period), 3, 0, "month_end", period) for period in city.periods]
        open_: dict[int, list] = {}  # charge id → [charge, open amount]
        for day, _order, _ref, kind, item in sorted(timeline, key=lambda e: e[:3]):
            if kind == "bill":
                open_[item["id"]] = [item, item["amount"]]
            elif kind in ("credit", "payment"):
                key = ("c" if kind == "credit" else "p", item["id"])
                got = [(a["charge_id"], a["amount"]) for a in allocs[key]]
                if kind == "credit":  # a discount targets this bill's water charge only
                    targets = [got[0][0]] if got else []
                else:
                    targets = list(open_)
                expected, rest = allocate(item["amount"], [
                    OpenItem(cid, open_[cid][0]["due_date"], open_[cid][0]["concept"],
                             open_[cid][1]) for cid in targets if open_[cid][1] > ZERO])
                if rest != ZERO or expected != got:
                    problems.append(f"{kind} {item['id']}: expected {expected}, got {got}")
                for cid, part in got:
                    open_[cid][1] -= part
                    if any(a["applied_on"] != day for a in allocs[key]):
                        problems.append(f"{kind} {item['id']}: applied on another day")
            else:  # the surcharge job at the end of `item`
                end = period_end(item)
                base: dict[str, Decimal] = defaultdict(Decimal)
                for charge, owed in open_.values():
                    if charge["concept"] != "surcharge" and owed > ZERO and accrues_surcharge(
                            charge["due_date"], end, city.cap_months):
                        base[charge["service"]] += owed
                want = {s: surcharge_amount(v, city.rate) for s, v in base.items()}
                want = {s: v for s, v in want.items() if v > ZERO}
                have = posted.get((account_id, item), {})
                if {s: c["amount"] for s, c in have.items()} != want:
                    problems.append(f"{account_id} {item}: surcharges {have} != {want}")
                for charge in have.values():
                    open_[charge["id"]] = [charge, charge["amount"]]
        for cid, (charge, owed) in open_.items():
            if charge["amount"] - charge["allocated"] != owed:
                problems.append(f"charge {cid}: open {owed} but allocated {charge['allocated']}")
    return problems

