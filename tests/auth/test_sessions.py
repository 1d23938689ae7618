"""Staff login, refresh, logout and the JSON error shape of token failures."""
from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token


def _login(client, username="encargada", password="secreto-123"):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


@pytest.fixture()
def manager(make_user):
    return make_user("manager", username="encargada", password="secreto-123")


def test_login_returns_tokens_and_the_user_with_roles(client, manager):
    body = _login(client).get_json()
    assert set(body) >= {"access_token", "refresh_token", "user"}
    assert body["user"] == {"id": str(manager.id), "username": "encargada",
                            "full_name": "Prueba encargada", "roles": ["manager"]}


def test_usernames_are_case_insensitive(client, manager):
    assert _login(client, username="  EncarGada ").status_code == 200


def test_a_wrong_password_gets_a_spanish_401_in_the_error_shape(client, manager):
    resp = _login(client, password="incorrecta")
    assert resp.status_code == 401
    body = resp.get_json()
    assert set(body) == {"code", "status", "error_code", "message", "errors"}
    assert body["error_code"] == "INVALID_CREDENTIALS"
    assert "contraseña" in body["message"]


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(client, manager):
    assert _login(client, username="nadie").get_json()["error_code"] == "INVALID_CREDENTIALS"


def test_a_deactivated_user_cannot_log_in_nor_use_old_tokens(client, manager, db_session):
    token = _login(client).get_json()["access_token"]
    manager.active = False
    db_session.flush()
    assert _login(client).status_code == 403
    resp = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 401


def test_refresh_gives_a_new_access_token(client, manager):
    refresh = _login(client).get_json()["refresh_token"]
    resp = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {refresh}"})
    assert resp.status_code == 200
    access = resp.get_json()["access_token"]
    assert client.get("/api/v1/auth/me",
                      headers={"Authorization": f"Bearer {access}"}).status_code == 200


def test_an_access_token_cannot_be_used_to_refresh(client, manager):
    access = _login(client).get_json()["access_token"]
    resp = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {access}"})
    assert resp.status_code == 422 or resp.status_code == 401
    assert resp.get_json()["error_code"] in ("TOKEN_INVALID", "VALIDATION_ERROR")


def test_logout_revokes_the_access_and_the_refresh_token(client, manager):
    tokens = _login(client).get_json()
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    resp = client.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]},
                       headers=auth)
    assert resp.status_code == 204
    me = client.get("/api/v1/auth/me", headers=auth)
    assert me.status_code == 401 and me.get_json()["error_code"] == "TOKEN_REVOKED"
    again = client.post("/api/v1/auth/refresh",
                        headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    assert again.status_code == 401


def test_an_expired_token_gets_token_expired(app, client, manager):
    with app.test_request_context():
        token = create_access_token(identity=str(manager.id),
                                    additional_claims={"roles": ["manager"]},
                                    expires_delta=timedelta(seconds=-1))
    resp = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 401
    assert resp.get_json()["error_code"] == "TOKEN_EXPIRED"


def test_a_garbage_token_gets_token_invalid(client):
    resp = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer no.es.token"})
    assert resp.status_code == 401
    assert resp.get_json()["error_code"] == "TOKEN_INVALID"


def test_a_missing_token_gets_token_missing(client):
    resp = client.get("/api/v1/auth/me")
    assert resp.status_code == 401
    assert resp.get_json()["error_code"] == "TOKEN_MISSING"


def test_the_access_token_outlives_a_field_shift(app):
    assert app.config["JWT_ACCESS_TOKEN_EXPIRES"] >= timedelta(hours=12)
    assert app.config["JWT_REFRESH_TOKEN_EXPIRES"] >= timedelta(days=7)


def test_passwords_are_stored_hashed_with_scrypt(manager):
    assert manager.password_hash.startswith("scrypt:")
    assert "secreto-123" not in manager.password_hash


def test_the_manager_creates_a_user_and_a_duplicate_username_is_a_409(client, auth_headers):
    headers = auth_headers("manager")
    body = {"username": "notificador9", "full_name": "Ana Notificadora",
            "password": "secreto-456", "roles": ["notifier"]}
    assert client.post("/api/v1/auth/users", json=body, headers=headers).status_code == 201
    dup = client.post("/api/v1/auth/users", json=body, headers=headers)
    assert dup.status_code == 409 and dup.get_json()["error_code"] == "USERNAME_TAKEN"


def test_login_is_rate_limited(app, client, make_user):
    from server.extensions import limiter

    make_user("clerk", username="limitada", password="secreto-123")
    old = app.config["LOGIN_RATE_LIMIT"]
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [_login(client, username="limitada", password="mala").status_code
                 for _ in range(5)]
        blocked = _login(client, username="limitada")
    finally:
        app.config["LOGIN_RATE_LIMIT"] = old
        limiter.reset()
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429
    assert blocked.status_code == 429
    assert blocked.get_json()["error_code"] == "TOO_MANY_REQUESTS"
    assert blocked.headers.get("Retry-After")
