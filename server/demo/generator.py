"""Deterministic generator of a Caborca-like demo city: registry and ledger as plain rows.

Pure: random.Random(seed) only, no Flask, no database, no ORM objects. The same
(accounts, months, seed, as_of) always yields the same rows. Rows are tuples (or lists
for charges) whose columns are TABLE_COLUMNS[table]; money is Decimal, dates are dates,
ids are UUIDs (registry) or integers numbered here (ledger), so allocations can point
at charges, payments and credits without a round trip to the database.
"""
from __future__ import annotations

import calendar as _calendar
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Iterator

from server.common.clock import add_months, first_of_month
from server.common.money import money
from server.demo.accounts import Profile, RegistryBuilder, utc_at
from server.demo.geography import Hood, build_hoods, neighborhood_rows
from server.demo.ledger_sim import Calendar, Chunk, Ids, Totals, simulate
from server.ledger.rules import period_end

# PLACEHOLDER TARIFFS, invented for the demo, NOT Caborca's Ley de Ingresos: a monthly
# fixed water fee for unmetered accounts, and for metered ones a minimum charge covering
# the first 10 m³ plus a price per m³ in each further block (upper limit, price).
# Sewer is 30 % and sanitation 15 % of the water charge; rural localities pay 60 %.
PLACEHOLDER_TARIFFS: dict[str, dict] = {
    "DOM-POP": {"fixed": "125.00", "minimum": "95.00",
                "blocks": ((20, "8.50"), (30, "10.50"), (50, "14.00"), (None, "20.00"))},
    "DOM-MED": {"fixed": "150.00", "minimum": "110.00",
                "blocks": ((20, "9.80"), (30, "12.10"), (50, "16.10"), (None, "23.00"))},
    "DOM-RES": {"fixed": "180.00", "minimum": "130.00",
                "blocks": ((20, "11.50"), (30, "14.20"), (50, "18.90"), (None, "27.00"))},
    "COM": {"fixed": "260.00", "minimum": "170.00",
            "blocks": ((20, "15.30"), (30, "18.90"), (50, "25.20"), (None, "36.00"))},
    "MIX": {"fixed": "210.00", "minimum": "140.00",
            "blocks": ((20, "12.00"), (30, "14.70"), (50, "19.60"), (None, "28.00"))},
    "IND": {"fixed": "450.00", "minimum": "210.00",
            "blocks": ((20, "18.70"), (30, "23.10"), (50, "30.80"), (None, "44.00"))},
    "PUB": {"fixed": "300.00", "minimum": "150.00",
            "blocks": ((20, "12.75"), (30, "15.75"), (50, "21.00"), (None, "30.00"))},
    "BAL": {"fixed": "95.00", "minimum": "95.00", "blocks": ((None, "8.50"),)},
}
MINIMUM_M3 = 10
# Defaults of the settings "billing_due_days" and "surcharge" (server.common.settings);
# the service passes the stored values. Kept here so the generator imports no database code.
DEFAULT_DUE_DAYS = 10
DEFAULT_MONTHLY_RATE = "0.02"
DEFAULT_CAP_MONTHS = 60
SEWER_RATE = Decimal("0.30")
SANITATION_RATE = Decimal("0.15")
RURAL_FACTOR = Decimal("0.60")
DISCOUNT_RATE = Decimal("0.50")  # social discount: 50 % of water up to the first 20 m³
DISCOUNT_CAP_M3 = 20

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "neighborhoods": ("name", "name_key", "postal_code", "locality_type", "sector"),
    "customers": ("id", "name", "person_type", "rfc", "curp", "phone", "phone_alt", "email",
                  "legal_representative", "created_at", "updated_at"),
    "premises": ("id", "cadastral_key", "street", "exterior_number", "interior_number",
                 "neighborhood_id", "postal_code", "locality", "locality_type", "latitude",
                 "longitude", "built", "occupants", "references", "created_at", "updated_at"),
    "accounts": ("id", "account_number", "premises_id", "customer_id", "status",
                 "property_class", "class_subtype", "business_line", "tariff_code",
                 "has_water", "has_sewer", "has_sanitation", "billing_type", "sector",
                 "reading_route", "is_large_consumer", "uninhabited", "self_reconnected",
                 "clandestine_connection", "vulnerable_household", "connected_on",
                 "search_text", "created_at", "updated_at"),
    "meters": ("id", "account_id", "serial", "brand", "state", "installed_on", "created_at",
               "updated_at"),
    "account_holder_history": ("account_id", "customer_id", "valid_from", "reason"),
    "account_class_history": ("account_id", "property_class", "class_subtype", "valid_from",
                              "reason"),
    "charges": ("id", "account_id", "period", "service", "concept", "amount", "due_date",
                "origin", "consumption_m3", "allocated", "cleared_on", "created_at",
                "description", "property_class"),
    "payments": ("id", "account_id", "amount", "paid_on", "method", "reference",
                 "receipt_number", "origin", "created_at"),
    "credits": ("id", "account_id", "amount", "kind", "reason", "credited_on", "created_at"),
    "allocations": ("id", "charge_id", "payment_id", "credit_id", "amount", "applied_on"),
    "surcharge_runs": ("period", "monthly_rate", "cap_months", "charges_posted", "total",
                       "ran_at"),
}
REGISTRY_TABLES = ("customers", "premises", "accounts", "meters", "account_holder_history",
                   "account_class_history")
LEDGER_TABLES = ("charges", "payments", "credits", "allocations")


class TariffBook:
    """Amounts (water, sewer, sanitation, social discount) of one month's bill, cached."""

    def __init__(self, tariffs: dict[str, dict] = PLACEHOLDER_TARIFFS):
        self.tariffs = tariffs
        self._fixed: dict[str, tuple] = {}
        self._metered: dict[tuple[str, int], tuple] = {}

    def _prices(self, code: str) -> tuple[dict, Decimal]:
        if code.endswith("-R"):
            return self.tariffs[code[:-2]], RURAL_FACTOR
        return self.tariffs[code], Decimal(1)

    def water(self, code: str, m3: int) -> Decimal:
        """Metered water charge: the minimum, then each m³ above 10 at its block's price."""
        tariff, factor = self._prices(code)
        total, low = Decimal(tariff["minimum"]), MINIMUM_M3
        for high, price in tariff["blocks"]:
            if m3 <= low:
                break
            top = m3 if high is None else min(m3, high)
            total += (top - low) * Decimal(price)
            low = top
        return money(total * factor)

    def _bill(self, water: Decimal, discount_base: Decimal) -> tuple:
        return (water, money(water * SEWER_RATE), money(water * SANITATION_RATE),
                money(discount_base * DISCOUNT_RATE))

    def fixed(self, code: str) -> tuple:
        """(water, sewer, sanitation, discount) of a fixed-fee account."""
        if code not in self._fixed:
            tariff, factor = self._prices(code)
            water = money(Decimal(tariff["fixed"]) * factor)
            self._fixed[code] = self._bill(water, water)
        return self._fixed[code]

    def metered(self, code: str, m3: int) -> tuple:
        """(water, sewer, sanitation, discount) of a metered account consuming m3."""
        key = (code, m3)
        if key not in self._metered:
            self._metered[key] = self._bill(self.water(code, m3),
                                            self.water(code, min(m3, DISCOUNT_CAP_M3)))
        return self._metered[key]


def billed_periods(as_of: date, months: int) -> list[date]:
    """The `months` periods ending with the month before as_of's month."""
    last = add_months(first_of_month(as_of), -1)
    return [add_months(last, k - months + 1) for k in range(months)]


class DemoCity:
    """One demo city: neighborhoods, then registry rows, then ledger chunks."""

    def __init__(self, accounts: int, months: int, seed: int, as_of: date, *,
                 due_days: int | None = None, monthly_rate: str | None = None,
                 cap_months: int | None = None):
        if accounts < 1 or months < 2:
            raise ValueError("at least 1 account and 2 months")
        self.accounts, self.months, self.seed, self.as_of = accounts, months, seed, as_of
        self.due_days = DEFAULT_DUE_DAYS if due_days is None else due_days
        self.rate = Decimal(monthly_rate or DEFAULT_MONTHLY_RATE)
        self.cap_months = cap_months or DEFAULT_CAP_MONTHS
        self.periods = billed_periods(as_of, months)
        self.hoods: list[Hood] = build_hoods(seed)
        self.profiles: list[Profile] = []
        self.totals = Totals([0] * months, [Decimal(0)] * months)

    def neighborhood_rows(self) -> list[tuple]:
        """Rows for `neighborhoods`, in the order registry() expects their ids."""
        return neighborhood_rows(self.hoods)

    def registry(self, hood_ids: list[int]) -> dict[str, list[tuple]]:
        """Registry rows by table, given the database id of each neighborhood row."""
        builder = RegistryBuilder(self.hoods, hood_ids, self.periods, self.seed)
        builder.build(self.accounts)
        self.profiles = builder.profiles
        return builder.rows

    def calendar(self) -> Calendar:
        """Every date and timestamp the simulation needs, computed once."""
        n, periods = self.months, self.periods
        firsts = [*periods, first_of_month(self.as_of)]
        month_days = []
        for i, first in enumerate(firsts):
            last_day = _calendar.monthrange(first.year, first.month)[1]
            if i == n:
                last_day = self.as_of.day
            month_days.append([first.replace(day=d) for d in range(1, last_day + 1)])
        ends = [period_end(p) for p in periods]
        return Calendar(
            periods=periods, dues=[e + timedelta(days=self.due_days) for e in ends],
            issued=[utc_at(f, 6) for f in firsts], month_days=month_days, period_ends=ends,
            surcharge_at=[utc_at(e, 23) for e in ends],
            surcharge_text=[f"Recargos {p:%m/%Y}" for p in periods],
            paid_at={d: utc_at(d, 11) for days in month_days for d in days},
            season=[1.35 if 5 <= p.month <= 9 else 1.0 for p in periods],
            rate=self.rate, cap_months=self.cap_months)

    def ledger(self, ids: Ids, chunk_accounts: int = 2000) -> Iterator[Chunk]:
        """Ledger rows, chunk by chunk of accounts; call registry() first."""
        if not self.profiles:
            raise RuntimeError("registry() must run before ledger()")
        cal, book = self.calendar(), TariffBook()
        rng = random.Random(f"cartera-demo-ledger-{self.seed}")
        self.totals = Totals([0] * self.months, [Decimal(0)] * self.months)
        for start in range(0, len(self.profiles), chunk_accounts):
            batch = self.profiles[start:start + chunk_accounts]
            out = Chunk(accounts=len(batch))
            for profile in batch:
                simulate(profile, cal, book, ids, out, self.totals, rng, self.as_of)
            yield out

    def surcharge_run_rows(self) -> list[tuple]:
        """One surcharge_runs row per billed period; valid once ledger() is exhausted."""
        return [(p, self.rate, self.cap_months, self.totals.run_count[i],
                 money(self.totals.run_total[i]), utc_at(period_end(p), 23))
                for i, p in enumerate(self.periods)]
