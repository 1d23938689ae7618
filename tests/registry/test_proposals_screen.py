"""What the field corrections queue needs from the proposals API: who proposed (by name), the
value the worker saw next to the current one when the record changed meanwhile, approval that
applies and audits, and only the manager deciding."""
import pytest

from tests import factories


@pytest.fixture()
def acc(db_session):
    return factories.account(holder="Lucía Gómez", property_class="domestic")


def test_the_queue_names_the_proposer_and_shows_both_values_when_changed(
        client, auth_headers, make_user, acc, app):
    from flask_jwt_extended import create_access_token

    worker = make_user("notifier")
    with app.test_request_context():
        token = create_access_token(identity=str(worker.id),
                                    additional_claims={"roles": ["notifier"]})
    resp = client.post(f"/api/v1/registry/accounts/{acc.id}/proposals",
                       headers={"Authorization": f"Bearer {token}"},
                       json={"field": "holder_name", "proposed_value": "Lucía Gómez Ávila",
                             "reason": "Credencial de elector"})
    pid = resp.get_json()["id"]
    clerk, manager = auth_headers("clerk"), auth_headers("manager")
    client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=clerk,
                 json={"reason": "Captura", "holder": {"name": "Lucía Gómez A."}})
    (item,) = client.get("/api/v1/registry/proposals", headers=clerk).get_json()["items"]
    assert item["proposed_by_name"] == worker.full_name
    assert item["seen_value"] == "Lucía Gómez" and item["current_value"] == "Lucía Gómez A."
    assert item["changed_since"] is True and item["proposed_value"] == "Lucía Gómez Ávila"
    assert client.post(f"/api/v1/registry/proposals/{pid}/approve", json={},
                       headers=clerk).status_code == 403
    assert client.post(f"/api/v1/registry/proposals/{pid}/approve", json={},
                       headers=auth_headers("director")).status_code == 403
    done = client.post(f"/api/v1/registry/proposals/{pid}/approve",
                       json={"reason": "Visto en credencial"}, headers=manager)
    assert done.status_code == 200 and done.get_json()["status"] == "approved"
    assert done.get_json()["changed_since"] is False
    detail = client.get(f"/api/v1/registry/accounts/{acc.id}", headers=clerk).get_json()
    assert detail["holder"]["name"] == "Lucía Gómez Ávila"
    audit = client.get(f"/api/v1/registry/accounts/{acc.id}/audit", headers=clerk).get_json()
    assert any(e["reason"] == "Visto en credencial" for e in audit)
