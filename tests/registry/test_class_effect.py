"""The tariff effect of a class change: the account's last 6 billed months against the new
class's averages over its last 3 billed periods (no tariff table), and who may ask."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from server.extensions import db
from server.ledger.models import Charge
from server.registry.rules import class_effect
from tests import factories

API = "/api/v1/registry/accounts"


def _water(acc, period: date, amount: str, m3: int | None = None, *, concept=None,
           origin="billing", service="water"):
    db.session.add(Charge(
        account_id=acc.id, period=period, service=service,
        concept=concept or ("consumption" if m3 is not None else "fixed"),
        property_class=acc.property_class, amount=Decimal(amount),
        due_date=date(period.year, period.month, 28), origin=origin, consumption_m3=m3))
    db.session.flush()


def test_rule_prices_the_same_consumption_at_the_new_class_price():
    out = class_effect(months=[(Decimal("100.00"), 10), (Decimal("150.00"), 20)],
                       basis="consumo", new_price_per_m3=Decimal("12.5"))
    # 125.00 a month now; 15 m³ × 12.50 = 187.50 in the new class.
    assert out == {"months": 2, "current_avg_monthly": Decimal("125.00"),
                   "estimated_avg_monthly": Decimal("187.50"),
                   "difference": Decimal("62.50"), "basis": "consumo"}


def test_rule_takes_the_new_class_fee_for_fixed_fee_accounts_and_rounds_half_up():
    out = class_effect(months=[(Decimal("100.00"), None)] * 2 + [(Decimal("100.01"), None)],
                       basis="cuota", new_avg_fee=Decimal("80.005"))
    assert out["current_avg_monthly"] == Decimal("100.00")
    assert out["estimated_avg_monthly"] == Decimal("80.01")
    assert out["difference"] == Decimal("-19.99")


def test_rule_refuses_without_months_or_prices():
    with pytest.raises(ValueError):
        class_effect(months=[], basis="cuota", new_avg_fee=Decimal("1"))
    with pytest.raises(ValueError):
        class_effect(months=[(Decimal("1"), 1)], basis="consumo")


def test_metered_account_hand_computed(client, auth_headers):
    acc = factories.account(holder="Ana Medida", billing_type="metered")
    # An older month outside the last six, and a surcharge: neither counts.
    _water(acc, date(2025, 1, 1), "999.00", 50)
    _water(acc, date(2025, 7, 1), "35.00", concept="surcharge", origin="surcharge_job")
    for i, (amount, m3) in enumerate(zip((100, 110, 120, 130, 140, 150),
                                         (10, 12, 14, 16, 18, 20))):
        _water(acc, date(2025, 2 + i, 1), f"{amount}.00", m3)
    b = factories.account(holder="Comercio B", property_class="commercial",
                          billing_type="metered")
    c = factories.account(holder="Comercio C", property_class="commercial",
                          billing_type="metered")
    _water(b, date(2025, 4, 1), "5000.00", 1)  # before the class's last 3 periods
    for month in (5, 6, 7):
        _water(b, date(2025, month, 1), "300.00", 20)
        _water(c, date(2025, month, 1), "160.00", 10)
    resp = client.get(f"{API}/{acc.account_number}/class-effect?property_class=commercial",
                      headers=auth_headers("clerk"))
    assert resp.status_code == 200, resp.get_json()
    # Now: 750 / 6 = 125.00 a month, 90 / 6 = 15 m³. Commercial: 1380 pesos / 90 m³.
    # 15 × 1380 / 90 = 230.00.
    assert resp.get_json() == {
        "current_class": "domestic", "new_class": "commercial", "months": 6,
        "current_avg_monthly": "125.00", "estimated_avg_monthly": "230.00",
        "difference": "105.00", "basis": "consumo"}


def test_fixed_fee_account_hand_computed(client, auth_headers):
    acc = factories.account(holder="Beto Cuota")
    for month in (1, 2, 3):
        factories.bill(acc, date(2025, month, 1), water="150.00")
    e = factories.account(holder="Tienda E", property_class="commercial")
    f = factories.account(holder="Tienda F", property_class="commercial")
    for month, amount in ((1, "1000.00"), (2, "400.00"), (3, "420.00"), (4, "410.00")):
        factories.bill(e, date(2025, month, 1), water=amount)
    factories.bill(f, date(2025, 4, 1), water="390.00")
    body = client.get(f"{API}/{acc.id}/class-effect?property_class=commercial",
                      headers=auth_headers("director")).get_json()
    # (400 + 420 + 410 + 390) / 4 = 405.00 against 150.00.
    assert body["basis"] == "cuota" and body["months"] == 3
    assert body["current_avg_monthly"] == "150.00"
    assert body["estimated_avg_monthly"] == "405.00"
    assert body["difference"] == "255.00"


def test_no_data_is_a_spanish_422_not_a_500(client, auth_headers):
    clerk = auth_headers("clerk")
    acc = factories.account(holder="Sin Cargos")
    resp = client.get(f"{API}/{acc.id}/class-effect?property_class=industrial", headers=clerk)
    assert resp.status_code == 422
    assert resp.get_json()["error_code"] == "CLASS_EFFECT_NO_HISTORY"
    factories.bill(acc, date(2025, 3, 1))
    resp = client.get(f"{API}/{acc.id}/class-effect?property_class=industrial", headers=clerk)
    assert resp.status_code == 422
    assert "Industrial" in resp.get_json()["message"]
    resp = client.get(f"{API}/{acc.id}/class-effect?property_class=castillo", headers=clerk)
    assert resp.status_code == 422 and "property_class" in str(resp.get_json()["errors"])


@pytest.mark.parametrize("role", ["notifier", "cutter", "social_worker"])
def test_field_roles_cannot_ask(client, auth_headers, role):
    acc = factories.account()
    resp = client.get(f"{API}/{acc.id}/class-effect?property_class=commercial",
                      headers=auth_headers(role))
    assert resp.status_code == 403


def test_director_reads_the_effect_but_cannot_edit(client, auth_headers):
    acc = factories.account()
    factories.bill(acc, date(2025, 3, 1))
    director = auth_headers("director")
    resp = client.get(f"{API}/{acc.id}/class-effect?property_class=domestic", headers=director)
    assert resp.status_code == 200
    resp = client.patch(f"{API}/{acc.id}", headers=director,
                        json={"reason": "Cambio de giro", "account": {"property_class":
                                                                      "commercial"}})
    assert resp.status_code == 403
    assert db.session.get(type(acc), acc.id).property_class == "domestic"
