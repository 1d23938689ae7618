"""Change proposals: the field proposes, the manager approves or rejects."""
import pytest

from tests import factories


@pytest.fixture()
def acc(db_session):
    return factories.account(holder="Pedro Soto", property_class="domestic")


def _propose(client, headers, acc, **body):
    data = {"field": "property_class", "proposed_value": "commercial",
            "reason": "Es una tienda de abarrotes"}
    data.update(body)
    return client.post(f"/api/v1/registry/accounts/{acc.id}/proposals", json=data,
                       headers=headers)


def test_a_notifier_proposes_and_the_record_does_not_change(client, auth_headers, acc):
    resp = _propose(client, auth_headers("notifier"), acc)
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["seen_value"] == "domestic" and body["status"] == "pending"
    detail = client.get(f"/api/v1/registry/accounts/{acc.id}",
                        headers=auth_headers("clerk")).get_json()
    assert detail["property_class"] == "domestic"


def test_the_manager_approves_and_the_change_is_applied_and_audited(client, auth_headers, acc):
    pid = _propose(client, auth_headers("notifier"), acc).get_json()["id"]
    manager = auth_headers("manager")
    listed = client.get("/api/v1/registry/proposals?status=pending", headers=manager).get_json()
    assert [p["id"] for p in listed["items"]] == [pid]
    resp = client.post(f"/api/v1/registry/proposals/{pid}/approve", json={}, headers=manager)
    assert resp.status_code == 200 and resp.get_json()["status"] == "approved"
    detail = client.get(f"/api/v1/registry/accounts/{acc.id}", headers=manager).get_json()
    assert detail["property_class"] == "commercial"
    again = client.post(f"/api/v1/registry/proposals/{pid}/approve", json={}, headers=manager)
    assert again.status_code == 409


def test_a_rejection_needs_a_reason_and_changes_nothing(client, auth_headers, acc):
    pid = _propose(client, auth_headers("cutter"), acc).get_json()["id"]
    manager = auth_headers("manager")
    assert client.post(f"/api/v1/registry/proposals/{pid}/reject", json={},
                       headers=manager).status_code == 422
    resp = client.post(f"/api/v1/registry/proposals/{pid}/reject",
                       json={"reason": "Es casa habitación"}, headers=manager)
    assert resp.get_json()["status"] == "rejected"
    assert resp.get_json()["decision_reason"] == "Es casa habitación"


def test_the_office_sees_when_the_record_changed_since_the_proposal(client, auth_headers, acc):
    pid = _propose(client, auth_headers("notifier"), acc, field="holder_name",
                   proposed_value="Pedro Soto Ruiz").get_json()["id"]
    client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=auth_headers("clerk"),
                 json={"reason": "Corrección", "holder": {"name": "Pedro Soto R."}})
    items = client.get("/api/v1/registry/proposals", headers=auth_headers("manager")
                       ).get_json()["items"]
    mine = next(p for p in items if p["id"] == pid)
    assert mine["seen_value"] == "Pedro Soto"
    assert mine["current_value"] == "Pedro Soto R."
    assert mine["changed_since"] is True


def test_an_impossible_proposed_value_is_refused_at_once(client, auth_headers, acc):
    resp = _propose(client, auth_headers("notifier"), acc, field="occupants",
                    proposed_value="muchos")
    assert resp.status_code == 422
    assert resp.get_json()["error_code"] == "INVALID_FIELD_VALUE"


def test_a_field_that_cannot_be_proposed_is_refused(client, auth_headers, acc):
    resp = _propose(client, auth_headers("notifier"), acc, field="account_number",
                    proposed_value="1")
    assert resp.status_code == 422


def test_only_the_manager_decides(client, auth_headers, acc):
    pid = _propose(client, auth_headers("notifier"), acc).get_json()["id"]
    resp = client.post(f"/api/v1/registry/proposals/{pid}/approve", json={},
                       headers=auth_headers("clerk"))
    assert resp.status_code == 403
    assert resp.get_json()["error_code"] == "FORBIDDEN"
