"""The extraordinary-charges screen's API: the list carries the account number and who
proposed and decided, the month's total of authorized charges; a clerk proposes but cannot
decide, a director sees but cannot change; an authorized charge shows in the statement."""
from __future__ import annotations

from server.common.clock import local_today
from tests import factories

API = "/api/v1/ledger/extraordinary-charges"


def propose(client, headers, acc, amount, **extra):
    return client.post(API, headers=headers, json={
        "account": acc.account_number, "kind": "meter_installation", "amount": amount,
        "description": "Instalación de medidor nuevo", "work_reference": "OT-2026-118",
        **extra})


def test_the_list_names_the_account_and_staff_and_totals_the_month(app, client, make_user,
                                                                   db_session):
    from flask_jwt_extended import create_access_token

    def headers_of(user, role):
        with app.test_request_context():
            token = create_access_token(identity=str(user.id), additional_claims={"roles": [role]})
        return {"Authorization": f"Bearer {token}"}

    acc = factories.account(holder="Ramón Ávila")
    clerk_user, manager_user = make_user("clerk"), make_user("manager")
    clerk, manager = headers_of(clerk_user, "clerk"), headers_of(manager_user, "manager")
    ids = [propose(client, clerk, acc, amount).get_json()["id"]
           for amount in ("1500.50", "320.25", "99.00")]
    client.post(f"{API}/{ids[0]}/authorize", json={}, headers=manager)
    client.post(f"{API}/{ids[1]}/authorize", json={}, headers=manager)
    client.post(f"{API}/{ids[2]}/reject", json={"reason": "Sin evidencia"}, headers=manager)

    body = client.get(API, headers=clerk).get_json()
    assert body["total"] == 3
    month = local_today().strftime("%Y-%m")
    assert body["month_total"] == {"month": month, "count": 2, "total": "1820.75"}
    first = {i["id"]: i for i in body["items"]}[ids[0]]
    assert first["account_number"] == acc.account_number
    assert first["proposed_by_name"] == clerk_user.full_name
    assert first["decided_by_name"] == manager_user.full_name
    assert first["work_reference"] == "OT-2026-118" and first["amount"] == "1500.50"

    authorized = client.get(f"{API}?status=authorized&month={month}", headers=clerk).get_json()
    assert sorted(i["amount"] for i in authorized["items"]) == ["1500.50", "320.25"]
    old = client.get(f"{API}?month=2001-01", headers=clerk).get_json()
    assert old["total"] == 0 and old["month_total"]["total"] == "0.00"
    bad = client.get(f"{API}?month=2026-13", headers=clerk)
    assert bad.status_code == 422 and bad.get_json()["errors"]

    statement = client.get(f"/api/v1/ledger/accounts/{acc.id}/statement",
                           headers=clerk).get_json()
    assert sorted(ln["debit"] for ln in statement["lines"]) == ["1500.50", "320.25"]


def test_a_clerk_proposes_but_cannot_decide_and_a_director_only_sees(client, auth_headers,
                                                                      db_session):
    acc = factories.account()
    clerk, director = auth_headers("clerk"), auth_headers("director")
    charge_id = propose(client, clerk, acc, "250.00").get_json()["id"]
    for headers in (clerk, director):
        assert client.post(f"{API}/{charge_id}/authorize", json={},
                           headers=headers).status_code == 403
        assert client.post(f"{API}/{charge_id}/reject", json={"reason": "No procede"},
                           headers=headers).status_code == 403
    assert propose(client, director, acc, "10.00").status_code == 403
    listed = client.get(f"{API}?status=proposed", headers=director).get_json()
    assert [i["id"] for i in listed["items"]] == [charge_id]
