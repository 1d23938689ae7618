def test_health_answers_ok_with_the_database_reachable(client):
    resp = client.get("/api/health")
    assert resp.status_code == 200
    assert resp.get_json()["status"] == "ok"
    assert resp.get_json()["database"] == "ok"


def test_a_manager_can_log_in_and_read_who_she_is(client, make_user):
    make_user("manager", username="encargada", password="secreto-123")
    resp = client.post("/api/v1/auth/login", json={"username": "encargada",
                                                   "password": "secreto-123"})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["user"]["roles"] == ["manager"]
    me = client.get("/api/v1/auth/me",
                    headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.get_json()["username"] == "encargada"
