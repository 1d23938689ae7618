"""field-sync v1 endpoints (SYNC.md) under /api/sync/v1.

Every answer is JSON (blob bytes apart) with `Cache-Control: no-store` and `"proto": 1`,
error bodies included, so the device can tell a real answer from a captive portal's page.
"""
from __future__ import annotations

import json
import uuid
from functools import wraps
from pathlib import Path

from flask import current_app, g, request, send_file
from flask_smorest import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from server.attachments import service as attachments
from server.attachments.storage import BlobStorage, app_storage
from server.common.clock import utcnow
from server.common.i18n import message
from server.errors import DomainError, error_body
from server.http import ALL_ROLES, OFFICE_ROLES, current_actor_id, roles_required
from server.auth import service as auth
from server.sync import clients, pull, push, push_subscriptions
from server.sync import errors as _sync_errors  # noqa: F401  (es-MX messages of our codes)
from server.sync.registry import get_registry
from server.sync.schemas import (
    ClientIn, ClientOut, OkOut, PullIn, PullOut, PushIn, PushOut, PushSubscriptionIn,
    PushUnsubscribeIn)

blp = Blueprint("sync", __name__, url_prefix="/api/sync/v1",
                description="Sincronización de campo v1")

PROTO = 1
PREFIX = "/api/sync/v1"
PUSH_MAX_BYTES = 256 * 1024
PUSH_MAX_MUTATIONS = 100
PULL_MAX_LIMIT = 1000
SMALL_BODY = 16 * 1024


def _setting(name: str, default):
    return current_app.config.get(name, default)


def server_time() -> str:
    """Now, UTC, ISO 8601 with milliseconds."""
    return utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sync_json(body: dict, status: int = 200, headers: dict | None = None):
    """A sync answer: `proto` first, the body, no-store (added for every sync response)."""
    resp = current_app.response_class(
        json.dumps({"proto": PROTO, **body}, default=pull.json_default, ensure_ascii=False,
                   separators=(",", ":")), status=status, mimetype="application/json")
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def typed_error(code: str, **extra):
    """A typed error inside a 200 (SYNC.md): the device acts on `error`, shows `message`."""
    return sync_json({"error": code, "error_code": code, "message": message(code),
                      "server_time": server_time(), **extra})


@blp.after_app_request
def _sync_headers(resp):
    """no-store on every sync response; `proto` also in error bodies made elsewhere."""
    if not request.path.startswith(PREFIX + "/"):
        return resp
    resp.headers["Cache-Control"] = "no-store"
    if resp.status_code >= 400 and resp.is_json and not resp.direct_passthrough:
        body = resp.get_json(silent=True)
        if isinstance(body, dict) and "proto" not in body:
            resp.set_data(current_app.json.dumps({"proto": PROTO, **body}))
    return resp


def body_limit(max_bytes: int, code: str = "PAYLOAD_TOO_LARGE", **params):
    """413 before parsing when the body is larger than `max_bytes` (also when streamed)."""
    def deco(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            if request.content_length is not None and request.content_length > max_bytes:
                raise DomainError(code, status=413, **params)
            request.max_content_length = max_bytes
            return fn(*args, **kwargs)
        return wrapper
    return deco


@blp.route("/clients", methods=["POST"])
@roles_required(*ALL_ROLES)
@body_limit(SMALL_BODY)
@blp.arguments(ClientIn)
@blp.response(200, ClientOut)
def register(body):
    """Register or refresh this device's client; returns epoch and schema window."""
    client, state = clients.register_client(actor_id=current_actor_id(), **body)
    return sync_json({
        "client_id": str(client.id), "epoch": state.epoch,
        "schema_min": _setting("SYNC_SCHEMA_MIN", 1), "schema_max": _setting("SYNC_SCHEMA_MAX", 2),
        "last_seq": client.last_seq, "vapid_public_key": _setting("VAPID_PUBLIC_KEY", None),
        "server_time": server_time()})


@blp.route("/push", methods=["POST"])
@roles_required(*ALL_ROLES)
@body_limit(PUSH_MAX_BYTES, "BATCH_TOO_LARGE", max_mutations=PUSH_MAX_MUTATIONS,
            max_kb=PUSH_MAX_BYTES // 1024)
@blp.arguments(PushIn)
@blp.response(200, PushOut)
def push_batch(body):
    """Apply a batch of mutations in seq order; one outcome per mutation."""
    if len(body["mutations"]) > PUSH_MAX_MUTATIONS:
        raise DomainError("BATCH_TOO_LARGE", status=413, max_mutations=PUSH_MAX_MUTATIONS,
                          max_kb=PUSH_MAX_BYTES // 1024)
    out = push.push(actor_id=current_actor_id(), actor_roles=g.actor_roles,
                    registry=get_registry(), **body)
    if out.stop == "CLIENT_STATE_NOT_FOUND":
        push.alert_office(actor_id=current_actor_id(), client_id=body["client_id"],
                          acked_seq=body["acked_seq"], last_seq=out.last_seq)
        return typed_error("CLIENT_STATE_NOT_FOUND", last_seq=out.last_seq, results=[],
                           missing_blobs=[])
    data = {"last_seq": out.last_seq, "results": out.results,
            "missing_blobs": out.missing_blobs, "server_time": server_time()}
    if out.stop == "SEQ_GAP":
        err = error_body(409, "SEQ_GAP", None, None)
        err["message"] = DomainError("SEQ_GAP", expected_seq=out.expected_seq).message
        return sync_json({**err, "expected_seq": out.expected_seq, **data}, 409)
    if out.stop == "SYNC_FAULT":
        return sync_json({**error_body(503, "SYNC_FAULT"), **data}, 503, {"Retry-After": "5"})
    return sync_json(data)


@blp.route("/pull", methods=["POST"])
@roles_required(*ALL_ROLES)
@body_limit(SMALL_BODY)
@blp.arguments(PullIn)
@blp.response(200, PullOut)
def pull_page(body):
    """Changes in this worker's scope since the cookie, one page at a time."""
    schema_min = _setting("SYNC_SCHEMA_MIN", 1)
    if body["schema_version"] < schema_min:
        return typed_error("VERSION_NOT_SUPPORTED", schema_min=schema_min,
                           schema_max=_setting("SYNC_SCHEMA_MAX", 2))
    page = pull.pull(actor_id=current_actor_id(), client_id=body["client_id"],
                     cookie=body["cookie"], limit=min(body["limit"], PULL_MAX_LIMIT),
                     secret=current_app.config["SECRET_KEY"], registry=get_registry())
    out = {"cookie": page.cookie, "has_more": page.has_more, "reset": page.reset,
           "patch": page.patch, "server_time": server_time()}
    if page.last_seq is not None:
        out["last_seq"] = page.last_seq
        clients.mark_pulled(body["client_id"])
    return sync_json(out)


@blp.route("/push-subscriptions", methods=["POST"])
@roles_required(*ALL_ROLES)
@body_limit(SMALL_BODY)
@blp.arguments(PushSubscriptionIn)
@blp.response(200, OkOut)
def subscribe_push(body):
    """Store (or replace) this client's Web Push subscription (`PushSubscription.toJSON()`)."""
    sub = body["subscription"]
    push_subscriptions.subscribe(
        actor_id=current_actor_id(), client_id=body["client_id"], endpoint=sub["endpoint"],
        p256dh=sub["keys"]["p256dh"], auth=sub["keys"]["auth"],
        allow_local=_setting("WEBPUSH_ALLOW_LOCAL_ENDPOINTS", False))
    return sync_json({"ok": True})


@blp.route("/push-subscriptions", methods=["DELETE"])
@roles_required(*ALL_ROLES)
@body_limit(SMALL_BODY)
@blp.arguments(PushUnsubscribeIn)
@blp.response(200, OkOut)
def unsubscribe_push(body):
    """Drop this client's Web Push subscription (logout); idempotent."""
    push_subscriptions.unsubscribe(actor_id=current_actor_id(), client_id=body["client_id"])
    return sync_json({"ok": True})


def blob_storage() -> BlobStorage:
    """The configured storage, made once per app."""
    return app_storage()


@blp.route("/blobs/<sha256>", methods=["GET"])
@roles_required(*ALL_ROLES)
def get_blob(sha256):
    """HEAD: do we hold it (200/404)? GET: the bytes, if this user may see them."""
    if request.method == "HEAD":
        if not attachments.blob_exists(sha256):
            raise DomainError("BLOB_NOT_FOUND", status=404)
        return sync_json({"sha256": sha256})
    office = bool(set(g.actor_roles) & set(OFFICE_ROLES))
    blob = attachments.readable_blob(sha256=sha256, actor_id=current_actor_id(), office=office)
    if blob is None:
        raise DomainError("BLOB_NOT_FOUND", status=404)
    try:
        handle = blob_storage().open(sha256)
    except FileNotFoundError:
        current_app.logger.error("blob %s is recorded but not stored", sha256)
        raise DomainError("BLOB_NOT_FOUND", status=404)
    resp = send_file(handle, mimetype=blob.content_type, conditional=False,
                     download_name=sha256)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


@blp.route("/blobs/<sha256>", methods=["PUT"])
@roles_required(*ALL_ROLES)
def put_blob(sha256):
    """Upload bytes named by their SHA-256 (201 new, 200 already held); streamed to disk."""
    max_bytes = int(_setting("BLOB_MAX_BYTES", 10 * 1024 * 1024))
    request.max_content_length = max_bytes  # may exceed the app-wide MAX_CONTENT_LENGTH
    try:
        created = attachments.receive_blob(
            actor_id=current_actor_id(), sha256=sha256, stream=request.stream,
            content_length=request.content_length, storage=blob_storage(),
            max_bytes=max_bytes, tmp_dir=Path(current_app.instance_path) / "tmp")
    except RequestEntityTooLarge:
        raise DomainError("BLOB_TOO_LARGE", status=413, max_mb=max_bytes // (1024 * 1024))
    return sync_json({"sha256": sha256, "created": created}, 201 if created else 200)


# Lost devices (docs/team.md): the office revokes them in auth; sync delivers the wipe.
WIPE_CHECKED = {"sync.register", "sync.push_batch", "sync.pull_page", "sync.subscribe_push",
                "sync.unsubscribe_push"}


@blp.before_request
def _wipe_directive():
    """A device the office revoked as lost gets 403 CLIENT_WIPE at its next contact, before
    its (revoked) token is even checked, so the directive always arrives."""
    if request.endpoint not in WIPE_CHECKED or (request.content_length or 0) > PUSH_MAX_BYTES:
        return None
    body = request.get_json(silent=True)
    raw = body.get("client_id") if isinstance(body, dict) else None
    try:
        client_id = uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None
    if client_id is None or not auth.wipe_pending(client_id):
        return None
    return sync_json({**error_body(403, "CLIENT_WIPE"), "wipe": True,
                      "server_time": server_time()}, 403)
