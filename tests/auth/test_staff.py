"""Staff management by the manager: list, create with a strong password, deactivate and
reactivate, reset a password; sessions end; nobody removes herself or the last manager."""
import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.auth.rules import password_problem, temporary_password

API = "/api/v1/auth"


def _login(client, username, password="secreto-123"):
    return client.post(f"{API}/login", json={"username": username, "password": password})


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _manager_session(client, make_user, username="jefa"):
    user = make_user("manager", username=username)
    return user, _bearer(_login(client, username).get_json()["access_token"])


def _audit(db_session, entity_id, action):
    return db_session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_id == str(entity_id), AuditEvent.action == action)).scalars().all()


def test_passwords_must_mix_letters_and_digits_and_avoid_the_obvious():
    assert password_problem("corta1") == "WEAK_PASSWORD"
    assert password_problem("solamenteletras") == "PASSWORD_NEEDS_LETTER_AND_DIGIT"
    assert password_problem("rosa.robles-2026", "rosa.robles") == "PASSWORD_CONTAINS_USERNAME"
    assert password_problem("Password1") == "PASSWORD_TOO_COMMON"
    assert password_problem("Agua-Caborca-77", "rosa") is None
    for _ in range(20):
        assert password_problem(temporary_password()) is None


def test_the_manager_creates_a_worker_and_weak_passwords_get_a_spanish_error(
        client, make_user, db_session):
    _, headers = _manager_session(client, make_user)
    weak = client.post(f"{API}/users", headers=headers, json={
        "username": "rosa", "full_name": "Rosa Robles", "password": "abcdefghij",
        "roles": ["notifier"]})
    assert weak.status_code == 422
    body = weak.get_json()
    assert body["error_code"] == "PASSWORD_NEEDS_LETTER_AND_DIGIT"
    assert "letras y números" in body["errors"]["password"][0]
    ok = client.post(f"{API}/users", headers=headers, json={
        "username": "rosa", "full_name": "Rosa Robles", "password": "Caborca-2026",
        "roles": ["notifier"]})
    assert ok.status_code == 201
    staff = client.get(f"{API}/staff", headers=headers).get_json()["items"]
    rosa = next(s for s in staff if s["username"] == "rosa")
    assert rosa["active"] is True and rosa["roles"] == ["notifier"]
    assert rosa["last_login_at"] is None and rosa["devices"] == 0
    assert _login(client, "rosa", "Caborca-2026").status_code == 200
    again = client.get(f"{API}/staff", headers=headers).get_json()["items"]
    assert next(s for s in again if s["username"] == "rosa")["last_login_at"] is not None


def test_a_deactivated_user_cannot_log_in_and_her_tokens_are_refused_even_after_reactivation(
        client, make_user, db_session):
    _, headers = _manager_session(client, make_user)
    rosa = make_user("notifier", username="rosa")
    tokens = _login(client, "rosa").get_json()
    db_session.commit()
    out = client.post(f"{API}/users/{rosa.id}/deactivate", headers=headers,
                      json={"reason": "Baja laboral"})
    assert out.status_code == 200 and out.get_json()["active"] is False
    assert _login(client, "rosa").get_json()["error_code"] == "USER_INACTIVE"
    assert client.get(f"{API}/me", headers=_bearer(tokens["access_token"])).status_code == 401
    back = client.post(f"{API}/users/{rosa.id}/reactivate", headers=headers, json={})
    assert back.get_json()["active"] is True
    # Reactivation does not revive the old tokens: she logs in again.
    assert client.get(f"{API}/me", headers=_bearer(tokens["access_token"])).status_code == 401
    refresh = client.post(f"{API}/refresh", headers=_bearer(tokens["refresh_token"]))
    assert refresh.status_code == 401
    assert _login(client, "rosa").status_code == 200
    assert [e.reason for e in _audit(db_session, rosa.id, "deactivated")] == ["Baja laboral"]
    assert len(_audit(db_session, rosa.id, "reactivated")) == 1
    twice = client.post(f"{API}/users/{rosa.id}/reactivate", headers=headers, json={})
    assert twice.status_code == 409 and "ya está activo" in twice.get_json()["message"]


def test_nobody_deactivates_herself_nor_the_last_manager(client, make_user, db_session):
    jefa, headers = _manager_session(client, make_user)
    own = client.post(f"{API}/users/{jefa.id}/deactivate", headers=headers, json={})
    assert own.status_code == 409 and own.get_json()["error_code"] == "CANNOT_DEACTIVATE_SELF"
    other = make_user("manager", username="subjefa")
    assert client.post(f"{API}/users/{other.id}/deactivate", headers=headers,
                       json={}).status_code == 200
    # Now jefa is the last active manager: another manager's token (or a director) cannot
    # remove her either.
    tercera = make_user("manager", "clerk", username="tercera")
    db_session.commit()
    assert client.post(f"{API}/users/{tercera.id}/deactivate", headers=headers,
                       json={}).status_code == 200
    from server.auth import service
    import pytest
    from server.errors import Conflict
    with pytest.raises(Conflict) as err:
        service.set_active(actor_id=None, user_id=jefa.id, active=False)
    assert err.value.code == "LAST_MANAGER" and "última" in err.value.message


def test_a_password_reset_shows_a_temporary_password_once_and_ends_her_sessions(
        client, make_user, db_session):
    _, headers = _manager_session(client, make_user)
    rosa = make_user("notifier", username="rosa")
    old = _login(client, "rosa").get_json()["access_token"]
    db_session.commit()
    out = client.post(f"{API}/users/{rosa.id}/password", headers=headers, json={})
    assert out.status_code == 200
    temporary = out.get_json()["temporary_password"]
    assert temporary and password_problem(temporary) is None
    assert client.get(f"{API}/me", headers=_bearer(old)).status_code == 401
    assert _login(client, "rosa").status_code == 401
    assert _login(client, "rosa", temporary).status_code == 200
    chosen = client.post(f"{API}/users/{rosa.id}/password", headers=headers,
                         json={"password": "Nueva-Clave-42"})
    assert chosen.get_json()["temporary_password"] is None
    assert _login(client, "rosa", "Nueva-Clave-42").status_code == 200
    weak = client.post(f"{API}/users/{rosa.id}/password", headers=headers,
                       json={"password": "rosa12345"})
    assert weak.status_code == 422
    assert weak.get_json()["error_code"] == "PASSWORD_CONTAINS_USERNAME"
    events = _audit(db_session, rosa.id, "password_reset")
    assert len(events) == 2 and all("Nueva" not in str(e.changes) for e in events)


def test_the_director_reads_the_staff_list_but_cannot_change_it(client, make_user,
                                                                 auth_headers, db_session):
    rosa = make_user("notifier", username="rosa")
    director = auth_headers("director")
    assert client.get(f"{API}/staff", headers=director).status_code == 200
    assert client.post(f"{API}/users/{rosa.id}/deactivate", headers=director,
                       json={}).status_code == 403
    clerk = auth_headers("clerk")
    assert client.get(f"{API}/staff", headers=clerk).status_code == 403


def test_unknown_users_get_a_spanish_404(client, auth_headers):
    import uuid
    resp = client.post(f"{API}/users/{uuid.uuid4()}/password", headers=auth_headers("manager"),
                       json={})
    assert resp.status_code == 404 and "No existe el usuario" in resp.get_json()["message"]
