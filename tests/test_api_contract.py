"""Every endpoint × every role, and bad input to every endpoint: 4xx in the error shape."""
from __future__ import annotations

import json
import re
import uuid

import pytest
from flask_jwt_extended import create_access_token

from server.common.i18n import MESSAGES
from server.http import ALL_ROLES

PUBLIC = {"auth.login", "auth.refresh"}
ERROR_KEYS = {"code", "status", "error_code", "message", "errors"}
SYNC_PREFIX = "/api/sync/v1/"


def _error_keys(url: str) -> set[str]:
    """Sync answers carry "proto": 1 in error bodies too (SYNC.md), so a captive portal's
    page cannot pass for one."""
    return ERROR_KEYS | {"proto"} if url.startswith(SYNC_PREFIX) else ERROR_KEYS


def _endpoints(app):
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/api/v1/", SYNC_PREFIX)):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule, method))
    # Logout revokes the token the walk uses: keep it for the end.
    return sorted(out, key=lambda rm: rm[0].endpoint == "auth.logout")


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        conv = rule._converters[arg].__class__.__name__
        value = {"UUIDConverter": str(uuid.uuid4()), "IntegerConverter": "999999999"}.get(
            conv, "0000000")
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", value, url)
    return url


@pytest.fixture(scope="module")
def endpoints(app):
    return _endpoints(app)


def _token(app, user_id, roles):
    with app.test_request_context():
        return create_access_token(identity=str(user_id), additional_claims={"roles": roles})


def test_every_api_endpoint_declares_its_roles_or_is_public(app, endpoints):
    unprotected = [f"{m} {r.rule}" for r, m in endpoints
                   if r.endpoint not in PUBLIC
                   and not getattr(app.view_functions[r.endpoint], "_roles_required", None)]
    assert unprotected == []


def test_the_matrix_covers_a_real_number_of_endpoints(endpoints):
    assert len(endpoints) >= 20


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_reaches_exactly_the_endpoints_it_is_allowed(app, client, make_user, role,
                                                               endpoints):
    user = make_user(role)
    headers = {"Authorization": f"Bearer {_token(app, user.id, [role])}"}
    wrong = []
    for rule, method in endpoints:
        if rule.endpoint in PUBLIC:
            continue
        allowed = app.view_functions[rule.endpoint]._roles_required
        resp = client.open(_url(rule), method=method, json={}, headers=headers)
        if role in allowed and resp.status_code in (401, 403):
            wrong.append(f"{role} refused on {method} {rule.rule}: {resp.status_code}")
        if role not in allowed and resp.status_code != 403:
            wrong.append(f"{role} NOT refused on {method} {rule.rule}: {resp.status_code}")
        if resp.status_code == 403:
            assert resp.get_json()["error_code"] == "FORBIDDEN"
    assert wrong == []


def test_without_a_token_every_protected_endpoint_answers_401(client, endpoints):
    for rule, method in endpoints:
        if rule.endpoint in PUBLIC:
            continue
        resp = client.open(_url(rule), method=method, json={})
        assert resp.status_code == 401, f"{method} {rule.rule}"
        assert set(resp.get_json()) == _error_keys(rule.rule)


BAD_BODIES = [
    ("not json", "text/plain"),
    ("{no es json", "application/json"),
    (json.dumps([1, 2, 3]), "application/json"),
    (json.dumps({"amount": {"$gt": 1}, "page": "x", "reason": 5, "username": 9,
                 "account_number": ["a"], "holder": "x", "premises": 3, "period": 202610,
                 "field": None, "kind": 1, "roles": "manager", "refresh_token": 1}),
     "application/json"),
    (json.dumps({"x" * 50: "y" * 5000}), "application/json"),
    ("\xff\xfe\x00garbage", "application/json"),
]
BAD_QUERIES = ["?page=abc", "?page=-1&page_size=100000", "?from=ayer", "?as_of=2026-02-30",
               "?neighborhood_id=uno", "?q=" + "%" * 500, "?status=cualquiera"]


def test_bad_input_to_every_endpoint_is_a_4xx_in_the_error_shape(app, client, make_user,
                                                                endpoints):
    user = make_user(*ALL_ROLES)
    headers = {"Authorization": f"Bearer {_token(app, user.id, list(ALL_ROLES))}",
               "Idempotency-Key": "prueba-entrada-mala"}
    failures = []
    for rule, method in endpoints:
        cases = [(_url(rule) + q, None, None) for q in BAD_QUERIES] if method == "GET" else \
            [(_url(rule), body, ctype) for body, ctype in BAD_BODIES]
        for url, body, ctype in cases:
            resp = client.open(url, method=method, data=body, content_type=ctype,
                               headers=headers)
            if resp.status_code in (200, 201, 204) and (
                    method == "GET" or rule.endpoint == "auth.logout"):
                continue  # a harmless query on a list, or a logout with no body, is fine
            payload = resp.get_json(silent=True)
            if (not 400 <= resp.status_code < 500 or not payload
                    or set(payload) != _error_keys(url)):
                failures.append(f"{method} {url[:60]} {body!r:.40} → {resp.status_code}")
            elif payload["error_code"] not in MESSAGES or not payload["message"]:
                # Every code the API answers with has its es-MX text in the catalogue.
                failures.append(f"{method} {url[:60]}: {payload['error_code']} sin mensaje")
            elif ENGLISH.search(json.dumps(payload.get("errors") or {})):
                # Field messages too are Spanish (server/common/marshmallow_es.py).
                failures.append(f"{method} {url[:60]}: {payload['errors']}"[:160])
    assert failures == []


# What marshmallow and webargs say in English; none of it may reach a user.
ENGLISH = re.compile(r"Not a valid|Must be|Missing data|Unknown field|Length must|"
                     r"Shorter than|Longer than|Invalid (input|value|type)|may not be null|"
                     r"cannot be formatted|Field may")


def test_field_messages_are_spanish(client, auth_headers):
    resp = client.post("/api/v1/disconnections/cut-lists/preview",
                       headers=auth_headers("manager"), json={"rules": {
                           "min_months_past_due": 0, "sectors": ["x" * 30], "extra": 1,
                           "max_months_past_due": "tres", "property_classes": "domestic"}})
    errors = resp.get_json()["errors"]["rules"]
    assert errors["min_months_past_due"] == [
        "Debe ser mayor o igual que 1 y menor o igual que 600."]
    assert errors["sectors"] == {"0": ["Debe tener entre 1 y 20 caracteres o elementos."]}
    assert errors["extra"] == ["Campo no reconocido."]
    assert errors["max_months_past_due"] == ["Se esperaba un número entero."]
    assert errors["property_classes"] == ["Se esperaba una lista."]


def test_a_huge_upload_is_refused_with_413(app, client, make_user):
    user = make_user("clerk")
    headers = {"Authorization": f"Bearer {_token(app, user.id, ['clerk'])}"}
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    resp = client.post("/api/v1/registry/accounts", data=big, content_type="application/json",
                       headers=headers)
    assert resp.status_code == 413
    assert resp.get_json()["error_code"] == "PAYLOAD_TOO_LARGE"


def test_unknown_paths_and_methods_answer_in_the_error_shape(client):
    nf = client.get("/api/v1/no-existe")
    assert nf.status_code == 404 and set(nf.get_json()) == ERROR_KEYS
    assert nf.get_json()["message"] == "No se encontró el recurso solicitado."
    na = client.delete("/api/v1/auth/login")
    assert na.status_code == 405 and na.get_json()["error_code"] == "METHOD_NOT_ALLOWED"
    sync_na = client.delete(SYNC_PREFIX + "push")
    assert sync_na.status_code == 405 and set(sync_na.get_json()) == _error_keys(SYNC_PREFIX)


def test_the_matrix_includes_every_sync_endpoint(endpoints):
    sync = {(r.rule, m) for r, m in endpoints if r.rule.startswith(SYNC_PREFIX)}
    assert sync == {(SYNC_PREFIX + "clients", "POST"), (SYNC_PREFIX + "push", "POST"),
                    (SYNC_PREFIX + "pull", "POST"), (SYNC_PREFIX + "blobs/<sha256>", "GET"),
                    (SYNC_PREFIX + "blobs/<sha256>", "PUT"),
                    (SYNC_PREFIX + "push-subscriptions", "POST"),
                    (SYNC_PREFIX + "push-subscriptions", "DELETE")}


def test_every_sync_error_code_has_its_spanish_message():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "server"
    sources = [*(root / "sync").glob("*.py"), *(root / "attachments").glob("*.py"),
               *(root / "webpush").glob("*.py"), root / "registry" / "mutations.py"]
    codes = set()
    for path in sources:
        codes |= set(re.findall(r"(?:(?:DomainError|SyncError|_rejected|typed_error|error_body)"
                                r"\(\s*(?:\d+,\s*)?|return None,\s*)\"([A-Z_]{4,})\"",
                                path.read_text()))
    assert {"UNKNOWN_MUTATION", "SEQ_GAP", "BLOB_HASH_MISMATCH", "ID_REUSED"} <= codes
    assert sorted(c for c in codes if c not in MESSAGES) == []


def test_an_unexpected_error_is_a_500_in_the_error_shape_without_details(app):
    from server import create_app

    fresh = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @fresh.get("/api/v1/_boom_test")
    def _boom():
        raise RuntimeError("secreto interno")

    resp = fresh.test_client().get("/api/v1/_boom_test")
    assert resp.status_code == 500
    body = resp.get_json()
    assert body["error_code"] == "INTERNAL_ERROR"
    assert "secreto" not in json.dumps(body)


def test_only_the_manager_decides_charges_and_corrections_and_the_director_only_reads(app):
    """Issue 8: a clerk cannot authorize charges; a director sees but cannot change (the
    matrix above proves each declared role set is what the server enforces)."""
    roles = {rule.endpoint: set(getattr(app.view_functions[rule.endpoint],
                                        "_roles_required", ()))
             for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")}
    for endpoint in ("ledger.authorize_extraordinary", "ledger.reject_extraordinary",
                     "registry.approve", "registry.reject"):
        assert roles[endpoint] == {"manager"}, endpoint
    for endpoint in ("ledger.propose_extraordinary", "ledger.record_payment"):
        assert roles[endpoint] == {"manager", "clerk"}, endpoint
    for endpoint in ("ledger.list_extraordinary", "registry.proposals", "ledger.balance",
                     "ledger.payment_receipt"):
        assert roles[endpoint] == {"manager", "clerk", "director"}, endpoint


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_real_multipart_upload_reaches_only_the_roles_allowed(app, client, make_user, role):
    """The matrix above posts JSON; file uploads (multipart) are checked with a real file."""
    import io

    user = make_user(role)
    headers = {"Authorization": f"Bearer {_token(app, user.id, [role])}"}
    allowed = app.view_functions["imports.start"]._roles_required
    resp = client.post("/api/v1/imports/payments", headers=headers,
                       content_type="multipart/form-data",
                       data={"file": (io.BytesIO(b"cuenta,importe,fecha_pago\nA1,1.00,"
                                                 b"2026-01-02\n"), "pagos.csv")})
    assert resp.status_code == (202 if role in allowed else 403), resp.get_json()
    if resp.status_code == 403:
        assert resp.get_json()["error_code"] == "FORBIDDEN"


def test_the_managers_office_decides_and_the_director_reads_except_write_offs(app):
    """Issue 7: the manager authorizes billing, reviews large consumers, sends to PAE, takes
    snapshots, proposes clean-ups and manages staff; the director reads all of it and her one
    write is deciding write-offs (the two-person rule, checked in the service)."""
    roles = {rule.endpoint: set(getattr(app.view_functions[rule.endpoint],
                                        "_roles_required", ()))
             for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")}
    for endpoint in ("billing.authorize", "billing.review", "billing.flag", "pae.send",
                     "pae.close", "indicators.take", "cleanup.propose_write_off",
                     "cleanup.propose_reclassification", "auth.create_user", "auth.deactivate",
                     "auth.reactivate", "auth.reset_password", "auth.revoke_device"):
        assert roles[endpoint] == {"manager"}, endpoint
    for endpoint in ("cleanup.approve", "cleanup.reject"):
        assert roles[endpoint] == {"manager", "director"}, endpoint
    assert roles["fieldwork.reassign_many"] == {"manager", "clerk"}
    for endpoint in ("reports.dashboard", "reports.report", "reports.accounts",
                     "indicators.values", "indicators.snapshots", "indicators.pigoo",
                     "auth.staff"):
        assert roles[endpoint] == {"manager", "director"}, endpoint
    for endpoint in ("billing.periods", "billing.comparison", "pae.debtors", "pae.debtor",
                     "cleanup.suspects", "fieldwork.team"):
        assert roles[endpoint] == {"manager", "clerk", "director"}, endpoint
