"""Office ledger API: balance, statement, payments, credits, extraordinary charges."""
from decimal import Decimal as D

import pytest

from server.common.clock import local_today
from tests import factories

TODAY = local_today()


@pytest.fixture()
def clerk(auth_headers):
    return auth_headers("clerk")


@pytest.fixture()
def debtor(db_session):
    """OverdueAccount: three unpaid months of 217.50 each (150 + 45 + 22.50)."""
    return factories.overdue_account(3, as_of=TODAY, holder="Carmen Ruiz")


def _pay(client, headers, acc, amount, key="pago-0000001", **extra):
    return client.post(f"/api/v1/ledger/accounts/{acc.id}/payments",
                       json={"amount": amount, **extra},
                       headers={**headers, "Idempotency-Key": key})


def test_the_balance_splits_by_service_and_ages_the_debt(client, clerk, debtor):
    body = client.get(f"/api/v1/ledger/accounts/{debtor.id}/balance", headers=clerk).get_json()
    assert body["balance"] == "652.50"
    assert body["by_service"]["water"]["principal"] == "450.00"
    assert body["by_service"]["sewer"]["total"] == "135.00"
    assert body["accessories"] == "0.00"
    assert body["periods_past_due"] >= 2
    assert body["oldest_unpaid_period"] is not None


def test_a_payment_is_allocated_oldest_first_and_gets_a_receipt(client, clerk, debtor):
    resp = _pay(client, clerk, debtor, "300.00", method="card", reference="AUT-123")
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["receipt_number"].startswith("R")
    assert body["balance_after"] == "352.50"
    assert sum(D(a["amount"]) for a in body["allocations"]) == D("300.00")
    statement = client.get(f"/api/v1/ledger/accounts/{debtor.id}/statement",
                           headers=clerk).get_json()
    assert statement["closing_balance"] == "352.50"
    assert statement["lines"][-1]["kind"] == "payment"
    balances = [D(line["balance"]) for line in statement["lines"]]
    assert balances[8] == D("652.50")  # nine charge lines before the payment


def test_the_statement_running_balance_adds_up_line_by_line(client, clerk, debtor):
    _pay(client, clerk, debtor, "100.00")
    lines = client.get(f"/api/v1/ledger/accounts/{debtor.id}/statement",
                       headers=clerk).get_json()["lines"]
    running = D("0")
    for line in lines:
        running += D(line["debit"]) - D(line["credit"])
        assert D(line["balance"]) == running


def test_the_statement_can_start_at_a_date_with_an_opening_balance(client, clerk, debtor):
    lines = client.get(f"/api/v1/ledger/accounts/{debtor.id}/statement",
                       headers=clerk).get_json()["lines"]
    second = lines[3]["date"]
    part = client.get(f"/api/v1/ledger/accounts/{debtor.id}/statement?from={second}",
                      headers=clerk).get_json()
    assert part["opening_balance"] == "217.50"
    assert len(part["lines"]) == len(lines) - 3
    bad = client.get(f"/api/v1/ledger/accounts/{debtor.id}/statement?from=2026-13-01",
                     headers=clerk)
    assert bad.status_code == 422


def test_a_retried_payment_with_the_same_key_books_once(client, clerk, debtor):
    first = _pay(client, clerk, debtor, "217.50", key="caja1-20261128-0001")
    second = _pay(client, clerk, debtor, "217.50", key="caja1-20261128-0001")
    assert first.status_code == 201 and second.status_code == 200
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.get_json()["id"] == second.get_json()["id"]
    balance = client.get(f"/api/v1/ledger/accounts/{debtor.id}/balance", headers=clerk)
    assert balance.get_json()["balance"] == "435.00"


def test_the_same_key_with_another_amount_is_a_conflict(client, clerk, debtor):
    _pay(client, clerk, debtor, "217.50", key="caja1-20261128-0002")
    resp = _pay(client, clerk, debtor, "999.00", key="caja1-20261128-0002")
    assert resp.status_code == 409
    assert resp.get_json()["error_code"] == "IDEMPOTENCY_KEY_REUSED"


def test_a_payment_without_idempotency_key_is_refused(client, clerk, debtor):
    resp = client.post(f"/api/v1/ledger/accounts/{debtor.id}/payments",
                       json={"amount": "10.00"}, headers=clerk)
    assert resp.status_code == 428
    assert resp.get_json()["error_code"] == "IDEMPOTENCY_KEY_REQUIRED"


@pytest.mark.parametrize("amount", ["0", "-5", "12.345", "abc", "", None, True, [1], "NaN",
                                    "Infinity", "1e400", "100000000000"])
def test_bad_amounts_are_refused_in_spanish(client, clerk, debtor, amount):
    resp = _pay(client, clerk, debtor, amount, key="caja-bad-amount")
    assert resp.status_code == 422
    assert "amount" in resp.get_json()["errors"]


def test_overpaying_leaves_a_credit_in_favour_that_pays_the_next_charge(
        client, auth_headers, db_session):
    acc = factories.account()
    clerk, manager = auth_headers("clerk"), auth_headers("manager")
    _pay(client, clerk, acc, "500.00", key="anticipo-000001")
    bal = client.get(f"/api/v1/ledger/accounts/{acc.id}/balance", headers=clerk).get_json()
    assert bal["balance"] == "-500.00" and bal["unapplied_credit"] == "500.00"
    proposed = client.post("/api/v1/ledger/extraordinary-charges", headers=clerk, json={
        "account": str(acc.id), "kind": "meter_installation", "amount": "350.00",
        "description": "Instalación de medidor", "work_reference": "OT-77"}).get_json()
    client.post(f"/api/v1/ledger/extraordinary-charges/{proposed['id']}/authorize",
                json={}, headers=manager)
    bal = client.get(f"/api/v1/ledger/accounts/{acc.id}/balance", headers=clerk).get_json()
    assert bal["balance"] == "-150.00"
    assert bal["charges_open"] == "0.00" and bal["unapplied_credit"] == "150.00"


def test_only_authorized_extraordinary_charges_reach_the_balance(client, auth_headers, debtor):
    clerk, manager = auth_headers("clerk"), auth_headers("manager")
    ids = []
    for amount in ("1200.00", "800.00"):
        resp = client.post("/api/v1/ledger/extraordinary-charges", headers=clerk, json={
            "account": debtor.account_number, "kind": "extension", "amount": amount,
            "description": "Ampliación de red"})
        assert resp.status_code == 201 and resp.get_json()["status"] == "proposed"
        ids.append(resp.get_json()["id"])
    balance = lambda: client.get(f"/api/v1/ledger/accounts/{debtor.id}/balance",  # noqa: E731
                                 headers=clerk).get_json()["balance"]
    assert balance() == "652.50"
    assert client.post(f"/api/v1/ledger/extraordinary-charges/{ids[0]}/authorize", json={},
                       headers=clerk).status_code == 403
    assert client.post(f"/api/v1/ledger/extraordinary-charges/{ids[0]}/authorize", json={},
                       headers=manager).status_code == 200
    rejected = client.post(f"/api/v1/ledger/extraordinary-charges/{ids[1]}/reject",
                           json={"reason": "Obra no realizada"}, headers=manager)
    assert rejected.get_json()["rejection_reason"] == "Obra no realizada"
    assert balance() == "1852.50"
    listed = client.get("/api/v1/ledger/extraordinary-charges?status=rejected",
                        headers=manager).get_json()
    assert listed["total"] == 1
    twice = client.post(f"/api/v1/ledger/extraordinary-charges/{ids[0]}/authorize", json={},
                        headers=manager)
    assert twice.status_code == 409


def test_a_credit_cannot_exceed_the_debt_it_targets(client, auth_headers, debtor):
    manager = auth_headers("manager")
    too_much = client.post(f"/api/v1/ledger/accounts/{debtor.id}/credits", headers=manager,
                           json={"amount": "700.00", "kind": "adjustment",
                                 "reason": "Error de lectura"})
    assert too_much.status_code == 422
    assert too_much.get_json()["error_code"] == "CREDIT_EXCEEDS_DEBT"
    ok = client.post(f"/api/v1/ledger/accounts/{debtor.id}/credits", headers=manager,
                     json={"amount": "52.50", "kind": "adjustment", "reason": "Error de lectura"})
    assert ok.status_code == 201
    bal = client.get(f"/api/v1/ledger/accounts/{debtor.id}/balance", headers=manager)
    assert bal.get_json()["balance"] == "600.00"


def test_the_arrears_summary_groups_by_bucket_class_and_service(client, auth_headers,
                                                               db_session):
    hood = factories.neighborhood("Aviación", "83610", "S02")
    factories.overdue_account(5, as_of=TODAY, hood=hood)
    factories.overdue_account(2, as_of=TODAY, property_class="commercial")
    body = client.get("/api/v1/ledger/arrears-summary",
                      headers=auth_headers("director")).get_json()
    water = {(r["bucket"], r["property_class"]): r for r in body["rows"]
             if r["service"] == "water"}
    assert set(body["buckets"]) >= {"current", "1", "4-6"}
    assert sum(D(r["total"]) for r in body["rows"]) == D(body["total_open"])
    assert D(body["total_open"]) == 7 * D("217.50")
    assert any(pc == "commercial" for _, pc in water)
    only_hood = client.get(f"/api/v1/ledger/arrears-summary?neighborhood_id={hood.id}",
                           headers=auth_headers("manager")).get_json()
    assert D(only_hood["total_open"]) == 5 * D("217.50")
    by_sector = client.get("/api/v1/ledger/arrears-summary?sector=S02",
                           headers=auth_headers("manager")).get_json()
    assert by_sector["total_open"] == only_hood["total_open"]


def test_delinquent_accounts_are_counted_by_the_age_of_their_oldest_debt(
        client, auth_headers, db_session):
    factories.overdue_account(5, as_of=TODAY)
    factories.overdue_account(5, as_of=TODAY)
    factories.overdue_account(1, as_of=TODAY, property_class="commercial")
    body = client.get("/api/v1/ledger/delinquent-accounts",
                      headers=auth_headers("manager")).get_json()
    counts = {(r["bucket"], r["property_class"]): r["accounts"] for r in body["rows"]}
    assert sum(counts.values()) == 3
    assert sum(n for (b, pc), n in counts.items() if pc == "domestic") == 2
    assert all(b == "4-6" for (b, pc) in counts if pc == "domestic")


def test_arrears_stay_in_the_class_they_were_billed_under_after_a_reclassification(
        client, auth_headers, db_session):
    acc = factories.overdue_account(2, as_of=TODAY)
    clerk = auth_headers("clerk")
    client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=clerk, json={
        "reason": "Es un negocio", "account": {"property_class": "commercial"}})
    factories.bill(acc, TODAY.replace(day=1))
    rows = client.get("/api/v1/ledger/arrears-summary", headers=clerk).get_json()["rows"]
    by_class: dict = {}
    for r in rows:
        by_class[r["property_class"]] = by_class.get(r["property_class"], D("0")) + D(r["total"])
    assert by_class == {"domestic": 2 * D("217.50"), "commercial": D("217.50")}
