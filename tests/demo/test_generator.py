"""The demo city generator, without a database: determinism, shape, and books that balance."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from server.common.money import ZERO
from server.common.settings import DEFAULTS
from server.demo.accounts import RegistryBuilder
from server.demo.generator import TABLE_COLUMNS, DemoCity, billed_periods
from server.demo.geography import CENTER_LAT, CENTER_LON, KM_LAT, KM_LON, read_colonias
from server.demo.ledger_sim import Ids
from server.ledger.rules import period_end
from server.registry import rules
from tests.demo.replay import as_dicts, build, replay

AS_OF = date(2026, 3, 15)


@pytest.fixture(scope="module")
def small():
    return build(300, 24, 11, AS_OF)


def test_the_same_seed_builds_exactly_the_same_city(small):
    _city, again = build(300, 24, 11, AS_OF)
    assert again == small[1]


def test_a_different_seed_builds_a_different_city(small):
    _city, other = build(300, 24, 12, AS_OF)
    assert other["accounts"] != small[1]["accounts"]
    assert other["charges"] != small[1]["charges"]


def test_every_colonia_of_the_reference_list_is_there_with_a_sector_and_a_place():
    city = DemoCity(10, 2, 1, AS_OF)
    rows = city.neighborhood_rows()
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (c["name"], c["postal_code"], c["locality_type"]) for c in read_colonias()]
    assert all(r[1] == rules.normalize(r[0]) for r in rows)
    assert {r[4] for r in rows} == {f"S0{k}" for k in range(1, 9)}
    for hood in city.hoods:
        km = ((hood.latitude - CENTER_LAT) ** 2 / KM_LAT ** 2
              + (hood.longitude - CENTER_LON) ** 2 / KM_LON ** 2) ** 0.5
        assert (km <= 4.1) if hood.locality_type == "urban" else (10 <= km <= 60.1)


def test_billing_covers_the_months_before_the_cut_off_month():
    assert billed_periods(AS_OF, 3) == [date(2025, 12, 1), date(2026, 1, 1),
                                        date(2026, 2, 1)]


def test_the_class_mix_metering_and_habits_follow_the_domain_targets():
    city = DemoCity(4000, 36, 2026, date(2026, 11, 28))
    rows = city.registry(list(range(1, 77)))
    accounts = as_dicts("accounts", rows["accounts"])
    n = len(accounts)
    classes = Counter(a["property_class"] for a in accounts)
    for cls, share in (("domestic", 0.88), ("commercial", 0.07), ("vacant_lot", 0.03),
                       ("public_services", 0.01), ("industrial", 0.005), ("mixed", 0.005)):
        assert classes[cls] / n == pytest.approx(share, abs=0.002)
    assert sum(a["billing_type"] == "metered" for a in accounts) / n == pytest.approx(
        0.60, abs=0.04)
    lots = [a for a in accounts if a["property_class"] == "vacant_lot"]
    assert all(a["billing_type"] == "fixed" and not a["has_sewer"]
               and not a["has_sanitation"] for a in lots)
    subtypes = Counter(a["class_subtype"] for a in accounts
                       if a["property_class"] == "domestic")
    assert subtypes["popular"] > subtypes["medium"] > subtypes["residential"] > 0
    assert all(a["business_line"] for a in accounts if a["property_class"] == "commercial")
    habits = Counter(p.habit for p in city.profiles)
    for habit, share in (("punctual", 0.45), ("late", 0.15), ("agreement", 0.08),
                         ("intermittent", 0.12), ("chronic", 0.20)):
        assert habits[habit] / n == pytest.approx(share, abs=0.03), habit
    lot_ids = {a["id"] for a in lots}
    lot_habits = Counter(p.habit for p in city.profiles if p.id in lot_ids)
    assert lot_habits["chronic"] > len(lots) / 2
    domestic = [p for p, a in zip(city.profiles, accounts) if a["property_class"] == "domestic"]
    beneficiaries = sum(p.discount_from is not None for p in domestic) / len(domestic)
    assert beneficiaries == pytest.approx(0.12, abs=0.02)


def test_the_registry_is_realistic_and_noisy_on_purpose():
    city = DemoCity(3000, 24, 5, AS_OF)
    rows = city.registry(list(range(1, 77)))
    accounts = as_dicts("accounts", rows["accounts"])
    premises = {p["id"]: p for p in as_dicts("premises", rows["premises"])}
    customers = {c["id"]: c for c in as_dicts("customers", rows["customers"])}
    names = {h.name_key: h.name for h in city.hoods}
    hood_by_id = {i + 1: h for i, h in enumerate(city.hoods)}
    numbers = [a["account_number"] for a in accounts]
    assert len(set(numbers)) == len(numbers)
    assert all(len(x) == 7 and x.isdigit() for x in numbers)
    for a in accounts:
        p, c = premises[a["premises_id"]], customers[a["customer_id"]]
        hood = hood_by_id[p["neighborhood_id"]]
        assert a["search_text"] == rules.search_text(
            a["account_number"], c["name"], p["street"], p["exterior_number"],
            names[hood.name_key], p["cadastral_key"])
        assert p["locality"] == ("Heroica Caborca" if hood.locality_type == "urban"
                                 else hood.name)
        assert a["sector"] == hood.sector
    assert all(rules.valid_curp(c["curp"]) for c in customers.values() if c["curp"])
    assert all(rules.valid_rfc(c["rfc"]) for c in customers.values() if c["rfc"])
    assert sum(1 for c in customers.values() if c["curp"]) > 500
    missing_keys = sum(p["cadastral_key"] is None for p in premises.values()) / len(premises)
    assert 0.02 < missing_keys < 0.08
    assert 0.01 < sum(a["uninhabited"] for a in accounts) / len(accounts) < 0.05
    normalized = Counter(rules.normalize(c["name"]) for c in customers.values()
                         if c["person_type"] == "individual")
    assert any(k > 1 for k in normalized.values())  # duplicated holders
    assert len(customers) < len(accounts)  # some holders have several accounts
    assert {len(rows[t]) for t in ("account_holder_history", "account_class_history")} == {
        len(accounts)}


def test_every_charge_payment_and_credit_balances_with_its_allocations(small):
    _city, tables = small
    charges = as_dicts("charges", tables["charges"])
    by_charge, by_payment, by_credit = defaultdict(Decimal), defaultdict(Decimal), \
        defaultdict(Decimal)
    for a in as_dicts("allocations", tables["allocations"]):
        assert a["amount"] > ZERO and (a["payment_id"] is None) != (a["credit_id"] is None)
        by_charge[a["charge_id"]] += a["amount"]
        (by_payment if a["payment_id"] else by_credit)[a["payment_id"] or a["credit_id"]] += \
            a["amount"]
    for c in charges:
        assert c["amount"] > ZERO and ZERO <= c["allocated"] <= c["amount"]
        assert c["amount"] == c["amount"].quantize(Decimal("0.01"))
        assert c["allocated"] == by_charge[c["id"]]
        assert (c["cleared_on"] is not None) == (c["allocated"] == c["amount"])
    for p in as_dicts("payments", tables["payments"]):
        assert p["amount"] == by_payment[p["id"]] and p["paid_on"] <= AS_OF
    for c in as_dicts("credits", tables["credits"]):
        assert c["amount"] == by_credit[c["id"]] and c["kind"] == "discount"
    assert len({c["id"] for c in charges}) == len(charges)


def test_bills_are_monthly_with_the_configured_due_date(small):
    city, tables = small
    bills = [c for c in as_dicts("charges", tables["charges"]) if c["origin"] == "billing"]
    assert {c["period"] for c in bills} <= set(city.periods)
    assert all(c["due_date"] == period_end(c["period"]) + timedelta(days=10) for c in bills)
    assert {(c["service"], c["concept"]) for c in bills} == {
        ("water", "consumption"), ("water", "fixed"), ("sewer", "sewer"),
        ("sanitation", "sanitation")}
    keys = Counter((c["account_id"], c["period"], c["service"], c["concept"])
                   for c in as_dicts("charges", tables["charges"]))
    assert max(keys.values()) == 1  # what uq_charges_periodic demands


def test_each_payment_and_surcharge_is_what_the_ledger_rules_produce(small):
    city, tables = small
    assert replay(city, tables) == []


def test_the_surcharge_runs_add_up_the_posted_surcharges(small):
    city, tables = small
    posted = defaultdict(lambda: [0, ZERO])
    for c in as_dicts("charges", tables["charges"]):
        if c["origin"] == "surcharge_job":
            posted[c["period"]][0] += 1
            posted[c["period"]][1] += c["amount"]
    runs = as_dicts("surcharge_runs", tables["surcharge_runs"])
    assert [r["period"] for r in runs] == city.periods
    for r in runs:
        assert [r["charges_posted"], r["total"]] == list(posted.get(r["period"], [0, ZERO]))
        assert r["monthly_rate"] == Decimal("0.02") and r["cap_months"] == 60


def test_the_city_has_the_arrears_shape_the_research_describes():
    city = DemoCity(2000, 36, 2026, date(2026, 11, 28))
    city.registry(list(range(1, 77)))
    charges = sum(len(chunk.charges) for chunk in city.ledger(Ids()))
    totals = city.totals
    assert charges > 2000 * 36 * 2
    assert 0.28 < totals.delinquent_accounts / 2000 < 0.42
    assert totals.arrears_accessories / totals.arrears > Decimal("0.15")


def test_a_one_account_city_still_fills_every_column():
    builder = RegistryBuilder(DemoCity(1, 2, 3, AS_OF).hoods, list(range(1, 77)),
                              billed_periods(AS_OF, 2), 3)
    builder.build(1)
    assert len(builder.rows["accounts"]) == 1 and len(TABLE_COLUMNS["accounts"]) == len(
        builder.rows["accounts"][0])


def test_without_stored_settings_the_generator_uses_the_settings_defaults():
    city = DemoCity(1, 2, 3, AS_OF)
    assert city.due_days == DEFAULTS["billing_due_days"]
    assert city.rate == Decimal(DEFAULTS["surcharge"]["monthly_rate"])
    assert city.cap_months == DEFAULTS["surcharge"]["cap_months"]
