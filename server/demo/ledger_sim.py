"""Month-by-month ledger of one demo account, exactly as the real services would post it.

Calendar of month i (periods P_0..P_{n-1}; month n is as_of's month, cut at as_of):
  1. day 1: the bill of P_{i-1} is issued (water, sewer, sanitation), due
     period_end(P_{i-1}) + billing_due_days; a social-discount credit is applied to its
     water charge the same day;
  2. during the month: the account's payments, allocated with ledger.rules.allocate
     (oldest due first, accessories before principal within a due date);
  3. last day (months before as_of's month only): the surcharge job for P_i posts, per
     service, monthly_rate (2 % by default) of the open principal past due and under
     the cap (60 months by default).
Doing payments before the month-end surcharge run is what makes a punctual payer's
ledger free of surcharges, as it would be in production.

A charge is a list [id, account_id, period, service, concept, amount, due_date, origin,
consumption_m3, allocated, cleared_on, created_at, description, property_class]: it is mutated while
open, then emitted as the row. Money is Decimal throughout.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from server.common.money import ZERO
from server.demo.accounts import Profile
from server.ledger.rules import OpenItem, accrues_surcharge, allocate, surcharge_amount

ONE_PESO = Decimal("1")
FIFTY_PESOS = Decimal("50")
PAYMENT_METHODS = (("transfer", "bank_file", 0.10), ("cash", "counter", 0.55),
                   ("card", "counter", 0.78), ("transfer", "counter", 0.90),
                   ("store", "counter", 1.01))
DISCOUNT_REASON = "Descuento social (demo)"


@dataclass
class Calendar:
    """Dates and timestamps of every simulated month, computed once for all accounts."""

    periods: list[date]
    dues: list[date]  # due date of each period's bill
    issued: list  # created_at of the bill issued on day 1 of month i (i = 1..n)
    month_days: list[list[date]]  # payable days of month i (month n cut at as_of)
    period_ends: list[date]
    surcharge_at: list  # created_at of the surcharge run of P_i
    surcharge_text: list  # description of P_i's surcharges, as the real job writes it
    paid_at: dict  # paid_on → created_at of payments
    season: list[float]  # consumption factor of each period (summer +35 %)
    rate: Decimal
    cap_months: int


@dataclass
class Ids:
    """Next id of each ledger table; the generator numbers rows itself."""

    charge: int = 1
    payment: int = 1
    credit: int = 1
    allocation: int = 1


@dataclass
class Chunk:
    """The ledger rows of a run of consecutive accounts, in foreign-key order."""

    accounts: int = 0
    charges: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    credits: list = field(default_factory=list)
    allocations: list = field(default_factory=list)


@dataclass
class Totals:
    """What the city looks like at as_of, and the surcharge runs' aggregates."""

    run_count: list
    run_total: list
    arrears: Decimal = ZERO
    arrears_accessories: Decimal = ZERO
    delinquent_accounts: int = 0


def _pay_amount(habit: str, state: dict, i: int, balance: Decimal, bill: Decimal,
                rand) -> tuple[Decimal, int] | None:
    """How much the account pays in month i and on which day index (0-based), or None.

    `rand` is the generator's random(); day indexes 0–9 fall on or before the due day.
    """
    r = rand()
    if habit == "punctual":  # nearly always in full by the due date; now and then late
        if r < 0.03:
            return None
        return balance, (10 + int(rand() * 18) if r < 0.08 else int(rand() * 10))
    if habit == "late":  # lets one to three bills pile up, then pays them all
        since = state.get("since")
        if since is None:
            state["since"] = i
            return None
        if i - since < state.setdefault("lag", _lag(rand())):
            return None
        state["since"], state["lag"] = None, _lag(rand())
        return balance, int(rand() * 28)
    if habit == "quarterly":  # public bodies pay in lumps every three months
        return (balance, int(rand() * 28)) if i % 3 == state.setdefault(
            "phase", int(rand() * 3)) else None
    if habit == "agreement":  # in arrears, then a down payment and monthly installments
        if i >= state["switch"]:
            if "installment" not in state:
                down = (balance * (20 + int(rand() * 16)) / 100).quantize(ONE_PESO,
                                                                          ROUND_DOWN)
                state["installment"] = ((balance - down) / (6 + int(rand() * 7))).quantize(
                    ONE_PESO, ROUND_DOWN)
                return max(down, min(balance, ONE_PESO)), int(rand() * 10)
            return min(balance, bill + state["installment"]), int(rand() * 10)
        if r >= 0.12:
            return None
    elif habit == "intermittent":  # pays some months, often only part of what is owed
        if r >= 0.45:
            return None
        if r < 0.15:
            return balance, int(rand() * 28)
    elif habit == "chronic":  # rarely or never pays
        if state.setdefault("never", rand() < 0.4) or r >= 0.05:
            return None
    amount = (balance * (25 + int(rand() * 76)) / 100).quantize(ONE_PESO, ROUND_DOWN)
    return min(balance, max(amount, FIFTY_PESOS)), int(rand() * 28)


def _lag(r: float) -> int:
    return 1 if r < 0.5 else 2 if r < 0.85 else 3


def simulate(p: Profile, cal: Calendar, book, ids: Ids, out: Chunk, totals: Totals,
             rng: random.Random, as_of: date) -> None:
    """Post one account's bills, discounts, payments and surcharges into `out`."""
    aid, n, rand, klass = p.id, len(cal.periods), rng.random, p.property_class
    charges, allocations, payments = out.charges, out.allocations, out.payments
    periods, dues, issued_at, month_days = cal.periods, cal.dues, cal.issued, cal.month_days
    open_items: list[list] = []
    balance = ZERO
    principal = {"water": ZERO, "sewer": ZERO, "sanitation": ZERO}
    state: dict = {}
    if p.habit == "agreement":
        state["switch"] = max(p.start + 2, n - 2 - int(rand() * 10))
    fixed = None if p.metered else book.fixed(p.tariff)
    concept = "consumption" if p.metered else "fixed"
    sewer_on, sanitation_on, discount_from = p.has_sewer, p.has_sanitation, p.discount_from
    for i in range(p.start + 1, n + 1):
        # 1. The bill of P_{i-1}, issued on day 1 of month i.
        per, due, issued, days = periods[i - 1], dues[i - 1], issued_at[i], month_days[i]
        if fixed is None:
            m3 = int(p.base_m3 * cal.season[i - 1] * rng.lognormvariate(0, 0.15) + 0.5)
            water, sewer, sanitation, discount = book.metered(p.tariff, m3)
        else:
            m3 = None
            water, sewer, sanitation, discount = fixed
        cid = ids.charge
        rec_water = [cid, aid, per, "water", concept, water, due, "billing", m3, ZERO,
                     None, issued, None, klass]
        charges.append(rec_water)
        open_items.append(rec_water)
        principal["water"] += water
        bill = water
        if sewer_on:
            cid += 1
            rec = [cid, aid, per, "sewer", "sewer", sewer, due, "billing", None, ZERO, None,
                   issued, None, klass]
            charges.append(rec)
            open_items.append(rec)
            principal["sewer"] += sewer
            bill += sewer
        if sanitation_on:
            cid += 1
            rec = [cid, aid, per, "sanitation", "sanitation", sanitation, due, "billing",
                   None, ZERO, None, issued, None, klass]
            charges.append(rec)
            open_items.append(rec)
            principal["sanitation"] += sanitation
            bill += sanitation
        ids.charge = cid + 1
        # The social discount: a credit on this bill's water charge, before any payment.
        if discount_from is not None and i - 1 >= discount_from:
            credit_id = ids.credit
            ids.credit += 1
            out.credits.append((credit_id, aid, discount, "discount", DISCOUNT_REASON,
                                days[0], issued))
            allocations.append((ids.allocation, rec_water[0], None, credit_id, discount,
                                days[0]))
            ids.allocation += 1
            rec_water[9] = discount
            principal["water"] -= discount
            bill -= discount
        balance += bill
        # 2. This month's payment, if the habit says so and the day is not after as_of.
        decision = _pay_amount(p.habit, state, i, balance, bill, rand) if balance else None
        if decision is not None and decision[1] < len(days):
            amount, day = decision[0], days[decision[1]]
            payment_id = ids.payment
            ids.payment += 1
            r = rand()
            for method, origin, cut in PAYMENT_METHODS:
                if r < cut:
                    break
            payments.append((payment_id, aid, amount, day, method,
                             f"BN{payment_id:010d}" if origin == "bank_file" else None,
                             f"D-{payment_id:09d}", origin, cal.paid_at[day]))
            if amount == balance:  # everything open is paid in full
                paid, open_items = open_items, []
                parts = [rec[5] - rec[9] for rec in paid]
            else:
                paid, need = [], ZERO
                for rec in open_items:  # the prefix, in allocation order, it can reach
                    paid.append(rec)
                    need += rec[5] - rec[9]
                    if need >= amount:
                        break
                applied, rest = allocate(amount, [
                    OpenItem(rec[0], rec[6], rec[4], rec[5] - rec[9]) for rec in paid])
                assert rest == ZERO and [a[0] for a in applied] == [r[0] for r in paid]
                parts = [a[1] for a in applied]
            cleared = 0
            for rec, part in zip(paid, parts):
                allocations.append((ids.allocation, rec[0], payment_id, None, part, day))
                ids.allocation += 1
                rec[9] += part
                if rec[4] != "surcharge":
                    principal[rec[3]] -= part
                if rec[9] == rec[5]:
                    rec[10] = day
                    cleared += 1
            if open_items:
                del open_items[:cleared]
            balance -= amount
        # 3. Month end: the surcharge job of P_i (not for as_of's own month).
        if i < n:
            end = cal.period_ends[i]
            if i - p.start > cal.cap_months:  # some open charges passed the cap
                base = {"water": ZERO, "sewer": ZERO, "sanitation": ZERO}
                for rec in open_items:
                    if rec[4] != "surcharge" and accrues_surcharge(rec[6], end,
                                                                   cal.cap_months):
                        base[rec[3]] += rec[5] - rec[9]
            else:
                base = principal
            for service, owed in base.items():
                if owed > ZERO:
                    amount = surcharge_amount(owed, cal.rate)
                    if amount > ZERO:
                        rec = [ids.charge, aid, periods[i], service, "surcharge", amount,
                               end, "surcharge_job", None, ZERO, None, cal.surcharge_at[i],
                               cal.surcharge_text[i], klass]
                        ids.charge += 1
                        charges.append(rec)
                        open_items.append(rec)
                        balance += amount
                        totals.run_count[i] += 1
                        totals.run_total[i] += amount
    _account_totals(open_items, totals, as_of)


def _account_totals(open_items: list[list], totals: Totals, as_of: date) -> None:
    periods = set()
    for rec in open_items:
        if rec[6] < as_of:
            owed = rec[5] - rec[9]
            totals.arrears += owed
            if rec[4] == "surcharge":
                totals.arrears_accessories += owed
            else:
                periods.add(rec[2])
    if len(periods) >= 2:
        totals.delinquent_accounts += 1

