"""Office registry API: search, detail, create, edit with history and audit."""
import pytest

from tests import factories


@pytest.fixture()
def clerk(auth_headers):
    return auth_headers("clerk")


@pytest.fixture()
def hood(db_session):
    return factories.neighborhood("Lázaro Cárdenas", "83630", "S03")


def _new_account(hood, **over):
    body = {"account_number": "0101234", "property_class": "domestic",
            "class_subtype": "popular", "billing_type": "metered",
            "holder": {"name": "José Ángel Peña Núñez", "curp": "PENJ800101HSRXXN09"},
            "premises": {"street": "Calle Obregón", "exterior_number": "45",
                         "neighborhood_id": hood.id}}
    body.update(over)
    return body


def test_search_finds_a_holder_by_a_partial_accentless_lowercase_name(client, clerk, hood):
    factories.account(holder="José Ángel Peña Núñez", hood=hood)
    factories.account(holder="Rosa María Félix", hood=hood)
    resp = client.get("/api/v1/registry/accounts?q=pena nun", headers=clerk)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["total"] == 1
    assert body["items"][0]["holder_name"] == "José Ángel Peña Núñez"
    assert body["items"][0]["neighborhood"] == "Lázaro Cárdenas"


def test_search_by_number_address_and_colonia(client, clerk, hood):
    acc = factories.account(number="0209999", street="Avenida K", exterior="77", hood=hood)
    for q in ("0209999", "avenida k 77", "lazaro cardenas"):
        items = client.get(f"/api/v1/registry/accounts?q={q}", headers=clerk).get_json()["items"]
        assert str(acc.id) in [i["id"] for i in items], q


def test_search_is_paginated(client, clerk, hood):
    for i in range(7):
        factories.account(holder=f"Familia Moreno {i}", hood=hood)
    page = client.get("/api/v1/registry/accounts?q=moreno&page=2&page_size=3",
                      headers=clerk).get_json()
    assert page["total"] == 7 and page["pages"] == 3 and page["page"] == 2
    assert len(page["items"]) == 3


def test_search_with_like_wildcards_matches_them_literally(client, clerk, hood):
    factories.account(holder="Ferretería 100% Sonora", hood=hood)
    factories.account(holder="Ferretería Sonora", hood=hood)
    items = client.get("/api/v1/registry/accounts?q=100%", headers=clerk).get_json()["items"]
    assert [i["holder_name"] for i in items] == ["Ferretería 100% Sonora"]


def test_create_an_account_with_holder_and_premises(client, clerk, hood):
    resp = client.post("/api/v1/registry/accounts", json=_new_account(hood), headers=clerk)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["account_number"] == "0101234"
    assert body["premises"]["postal_code"] == "83630"
    assert body["sector"] == "S03"
    assert body["holder_history"][0]["name"] == "José Ángel Peña Núñez"
    assert body["class_history"][0]["property_class"] == "domestic"


def test_a_duplicate_account_number_is_a_409_in_spanish(client, clerk, hood):
    client.post("/api/v1/registry/accounts", json=_new_account(hood), headers=clerk)
    resp = client.post("/api/v1/registry/accounts", json=_new_account(hood), headers=clerk)
    assert resp.status_code == 409
    assert resp.get_json()["error_code"] == "ACCOUNT_NUMBER_TAKEN"
    assert "0101234" in resp.get_json()["message"]


@pytest.mark.parametrize("change, field", [
    ({"premises": {"exterior_number": "1", "neighborhood_id": 1}}, "premises"),
    ({"property_class": "castillo"}, "property_class"),
    ({"account_number": ""}, "account_number"),
    ({"holder": {"name": "Ana", "curp": "NO-ES-CURP"}}, "holder"),
    ({"premises": {"street": "Calle 1", "neighborhood_id": "uno"}}, "premises"),
    ({"sorpresa": True}, "sorpresa"),
])
def test_invalid_accounts_are_refused_field_by_field(client, clerk, hood, change, field):
    resp = client.post("/api/v1/registry/accounts", json=_new_account(hood, **change),
                       headers=clerk)
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error_code"] == "VALIDATION_ERROR"
    assert field in body["errors"]


def test_an_unknown_colonia_is_refused(client, clerk, hood):
    body = _new_account(hood)
    body["premises"]["neighborhood_id"] = 999999
    resp = client.post("/api/v1/registry/accounts", json=body, headers=clerk)
    assert resp.status_code == 422
    assert resp.get_json()["error_code"] == "NEIGHBORHOOD_NOT_FOUND"


def test_detail_by_number_or_id_and_404_in_spanish(client, clerk, hood):
    acc = factories.account(number="0300001", hood=hood)
    assert client.get("/api/v1/registry/accounts/0300001", headers=clerk).status_code == 200
    assert client.get(f"/api/v1/registry/accounts/{acc.id}", headers=clerk).status_code == 200
    missing = client.get("/api/v1/registry/accounts/9999999", headers=clerk)
    assert missing.status_code == 404
    assert missing.get_json()["message"] == "No existe la cuenta 9999999."


def test_a_class_change_keeps_effective_dated_history_and_is_audited(client, clerk, hood):
    acc = factories.account(hood=hood)
    resp = client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=clerk, json={
        "reason": "Verificación en campo: es una tienda",
        "account": {"property_class": "commercial", "class_subtype": None,
                    "business_line": "Abarrotes"}})
    assert resp.status_code == 200, resp.get_json()
    history = resp.get_json()["class_history"]
    assert [h["property_class"] for h in history] == ["commercial", "domestic"]
    assert history[1]["valid_to"] is not None and history[0]["valid_to"] is None
    audit = client.get(f"/api/v1/registry/accounts/{acc.id}/audit", headers=clerk).get_json()
    assert audit[0]["reason"] == "Verificación en campo: es una tienda"
    assert audit[0]["changes"]["property_class"] == ["domestic", "commercial"]


def test_a_holder_change_keeps_the_previous_holder_in_history(client, clerk, hood):
    acc = factories.account(holder="Juan Pérez", hood=hood)
    resp = client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=clerk, json={
        "reason": "Compraventa", "new_holder": {"name": "Lucía Ramírez"}})
    body = resp.get_json()
    assert body["holder"]["name"] == "Lucía Ramírez"
    assert [h["name"] for h in body["holder_history"]] == ["Lucía Ramírez", "Juan Pérez"]
    found = client.get("/api/v1/registry/accounts?q=lucia ramirez", headers=clerk).get_json()
    assert found["total"] == 1


def test_an_edit_needs_a_reason_and_a_change(client, clerk, hood):
    acc = factories.account(hood=hood)
    no_reason = client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=clerk,
                             json={"account": {"sector": "S09"}})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    same = client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=clerk,
                        json={"reason": "nada", "account": {"property_class": "domestic"}})
    assert same.status_code == 422 and same.get_json()["error_code"] == "NOTHING_TO_CHANGE"


def test_a_search_with_only_short_words_returns_nothing_rather_than_half_the_city(
        client, clerk, hood):
    factories.account(holder="Ana Ra", hood=hood)
    body = client.get("/api/v1/registry/accounts?q=ra", headers=clerk).get_json()
    assert body["total"] == 0 and body["items"] == []
    refined = client.get("/api/v1/registry/accounts?q=ana ra", headers=clerk).get_json()
    assert refined["total"] == 1


def test_an_exact_account_number_comes_first(client, clerk, hood):
    factories.account(number="1230000", holder="Uno", hood=hood)
    factories.account(number="0999123", holder="Dos 1230000", hood=hood)
    items = client.get("/api/v1/registry/accounts?q=1230000", headers=clerk).get_json()["items"]
    assert items[0]["account_number"] == "1230000"


def test_the_histories_carry_iso_dates(client, clerk, hood):
    created = client.post("/api/v1/registry/accounts", headers=clerk, json=_new_account(hood))
    assert created.status_code == 201, created.get_json()
    detail = client.get("/api/v1/registry/accounts/0101234", headers=clerk).get_json()
    (holder,) = detail["holder_history"]
    (klass,) = detail["class_history"]
    assert holder["name"] == "José Ángel Peña Núñez" and klass["property_class"] == "domestic"
    for entry in (holder, klass):  # "2026-12-07", never "Mon, 07 Dec 2026 00:00:00 GMT"
        assert len(entry["valid_from"]) == 10 and entry["valid_from"][4] == "-"
        assert entry["valid_to"] is None
