"""POST /clients and who may use a client: bound to one user, revocable, token refresh."""
from __future__ import annotations

import uuid
from datetime import timedelta

from flask_jwt_extended import create_refresh_token

from server.extensions import db
from server.sync.clients import revoke_client
from server.sync.models import SyncClient, SyncState
from tests.sync.conftest import SYNC, Device, token_for


def test_registering_binds_the_client_to_the_user_and_returns_the_epoch_and_window(
        app, client, worker):
    user = worker()
    d = Device(client, app, user.id)
    resp = client.post(f"{SYNC}/clients", headers=d.headers, json={
        "client_id": str(d.client_id), "schema_version": 2, "app_version": "1.0.0",
        "user_agent": "Mozilla/5.0 (Android)"})
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["proto"] == 1 and body["client_id"] == str(d.client_id)
    assert body["epoch"] == db.session.get(SyncState, 1).epoch
    assert (body["schema_min"], body["schema_max"], body["last_seq"]) == (1, 2, 0)
    assert body["server_time"].endswith("Z")
    # the key the browser subscribes with: a P-256 point, base64url (65 bytes → 87 chars)
    assert body["vapid_public_key"] == app.config["VAPID_PUBLIC_KEY"]
    assert len(body["vapid_public_key"]) == 87
    row = db.session.get(SyncClient, d.client_id)
    assert row.user_id == user.id and row.app_version == "1.0.0"
    assert d.register().status_code == 200  # refreshing is idempotent


def test_a_client_id_bound_to_another_user_is_refused_with_403(device, worker, sync_registry):
    mine = device()
    thief = Device(mine.http, mine.app, worker().id, client_id=mine.client_id)
    for resp in (thief.register(), thief.push([]), thief.http.post(
            f"{SYNC}/pull", headers=thief.headers,
            json={"client_id": str(thief.client_id), "schema_version": 2})):
        assert resp.status_code == 403
        body = resp.get_json()
        assert body["error_code"] == "CLIENT_BOUND_TO_OTHER_USER" and body["proto"] == 1


def test_a_revoked_client_is_refused_with_403(device, sync_registry):
    d = device()
    revoke_client(d.client_id)
    resp = d.push([])
    assert resp.status_code == 403 and resp.get_json()["error_code"] == "CLIENT_REVOKED"


def test_an_expired_token_gets_401_then_the_refreshed_token_succeeds(app, client, device,
                                                                    sync_registry):
    d = device()
    d.headers = {"Authorization": "Bearer " + token_for(
        app, d.user_id, d.roles, expires_delta=timedelta(seconds=-5))}
    resp = d.push([])
    assert resp.status_code == 401
    assert resp.get_json()["error_code"] == "TOKEN_EXPIRED" and resp.get_json()["proto"] == 1
    with app.test_request_context():
        refresh = create_refresh_token(identity=str(d.user_id))
    fresh = client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {refresh}"})
    assert fresh.status_code == 200
    d.headers = {"Authorization": "Bearer " + fresh.get_json()["access_token"]}
    assert d.push([]).status_code == 200


def test_push_from_an_unregistered_client_registers_it_for_this_user(app, client, worker,
                                                                     sync_registry):
    user = worker()
    d = Device(client, app, user.id)
    out = d.push([])
    assert out.status_code == 200 and out.get_json()["last_seq"] == 0
    assert db.session.get(SyncClient, d.client_id).user_id == user.id


def test_office_roles_may_register_push_and_pull_with_an_empty_scope(device, sync_registry):
    d = device(roles=("clerk",))
    assert d.push([]).status_code == 200
    pages = d.pull()
    scoped = {e.type for e in sync_registry.scoped_entities()}
    assert [op for p in pages for op in p["patch"] if op["t"] in scoped] == []


def test_every_sync_answer_is_json_no_store_with_proto_even_for_unknown_paths(client):
    resp = client.get(f"{SYNC}/no-existe")
    assert resp.status_code == 404 and resp.get_json()["proto"] == 1
    assert resp.headers["Cache-Control"] == "no-store"
    missing = client.post(f"{SYNC}/pull", json={"client_id": str(uuid.uuid4())})
    assert missing.status_code == 401 and missing.get_json()["proto"] == 1
