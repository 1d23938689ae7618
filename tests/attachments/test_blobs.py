"""HEAD/PUT/GET /api/sync/v1/blobs/<sha256>: verified, capped, sniffed, stored by hash, scoped."""
from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

import pytest

from server.attachments.models import Blob
from server.attachments.storage import DiskStorage, make_storage
from server.common.clock import utcnow
from server.extensions import db
from server.fieldwork.models import Visit, VisitAttachment
from tests import factories
from tests.sync.conftest import put_in_scope, token_for

BLOBS = "/api/sync/v1/blobs"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def person(app, make_user):
    """person("notifier") → (user, headers)."""
    def _make(*roles):
        user = make_user(*roles)
        return user, {"Authorization": f"Bearer {token_for(app, user.id, roles)}"}
    return _make


def _tmp_files(app) -> list[Path]:
    tmp = Path(app.instance_path) / "tmp"
    return list(tmp.glob("upload-*")) if tmp.exists() else []


def test_a_blob_is_stored_by_hash_once_and_a_duplicate_put_answers_200(app, client, person):
    user, headers = person("notifier")
    digest = sha(JPEG)
    assert client.head(f"{BLOBS}/{digest}", headers=headers).status_code == 404
    first = client.put(f"{BLOBS}/{digest}", data=JPEG, headers=headers,
                       content_type="application/octet-stream")
    assert first.status_code == 201 and first.get_json() == {
        "proto": 1, "sha256": digest, "created": True}
    assert first.headers["Cache-Control"] == "no-store"
    again = client.put(f"{BLOBS}/{digest}", data=JPEG, headers=headers)
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert client.head(f"{BLOBS}/{digest}", headers=headers).status_code == 200
    blob = db.session.get(Blob, digest)
    assert (blob.size, blob.content_type, blob.uploaded_by) == (len(JPEG), "image/jpeg",
                                                                 user.id)
    stored = Path(app.instance_path) / "blobs" / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == JPEG and _tmp_files(app) == []


@pytest.mark.parametrize("data, kind", [(PNG, "image/png"), (WEBP, "image/webp"),
                                        (PDF, "application/pdf")])
def test_png_webp_and_pdf_are_accepted_by_their_magic_bytes(client, person, data, kind):
    _, headers = person("notifier")
    assert client.put(f"{BLOBS}/{sha(data)}", data=data, headers=headers,
                      content_type="image/jpeg").status_code == 201
    assert db.session.get(Blob, sha(data)).content_type == kind


def test_bytes_that_do_not_match_their_hash_are_refused_with_422(app, client, person):
    _, headers = person("notifier")
    resp = client.put(f"{BLOBS}/{sha(JPEG)}", data=JPEG[:-1], headers=headers)
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error_code"] == "BLOB_HASH_MISMATCH" and body["proto"] == 1
    assert db.session.get(Blob, sha(JPEG)) is None and _tmp_files(app) == []
    bad_name = client.put(f"{BLOBS}/no-es-un-hash", data=JPEG, headers=headers)
    assert bad_name.status_code == 422 and bad_name.get_json()["error_code"] == \
        "BLOB_HASH_INVALID"


def test_a_type_other_than_photo_or_pdf_is_refused_with_415(app, client, person):
    _, headers = person("notifier")
    for data in (b"<html><body>portal cautivo</body></html>", b"MZ\x90\x00ejecutable"):
        resp = client.put(f"{BLOBS}/{sha(data)}", data=data, headers=headers,
                          content_type="image/jpeg")
        assert resp.status_code == 415
        assert resp.get_json()["error_code"] == "BLOB_TYPE_NOT_ALLOWED"
    assert _tmp_files(app) == []


def test_an_oversize_blob_is_refused_with_413_also_a_50_mb_body(app, client, person):
    _, headers = person("notifier")
    big = JPEG + b"\x00" * (10 * 1024 * 1024)
    resp = client.put(f"{BLOBS}/{sha(big)}", data=big, headers=headers)
    assert resp.status_code == 413 and resp.get_json()["error_code"] == "BLOB_TOO_LARGE"
    huge = b"\xff" * (50 * 1024 * 1024)
    resp = client.put(f"{BLOBS}/{sha(huge)}", data=huge, headers=headers)
    assert resp.status_code == 413 and resp.get_json()["proto"] == 1
    assert _tmp_files(app) == []


def test_a_streamed_upload_without_length_is_cut_at_the_cap(app, client, person,
                                                            monkeypatch):
    _, headers = person("notifier")
    monkeypatch.setitem(app.config, "BLOB_MAX_BYTES", 4096)
    data = JPEG + b"\x00" * 8192
    resp = client.put(f"{BLOBS}/{sha(data)}", input_stream=io.BytesIO(data), headers=headers,
                      environ_overrides={"wsgi.input_terminated": True})
    assert resp.status_code == 413 and resp.get_json()["error_code"] == "BLOB_TOO_LARGE"
    assert _tmp_files(app) == []


def test_blobs_up_to_the_cap_pass_even_when_the_app_wide_body_limit_is_lower(
        app, client, person, monkeypatch):
    _, headers = person("notifier")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    photo = JPEG + b"\x01" * (3 * 1024 * 1024)
    assert client.put(f"{BLOBS}/{sha(photo)}", data=photo, headers=headers).status_code == 201


def _visit_with(sha256, *, account, worker_id) -> Visit:
    visit = Visit(id=uuid.uuid4(), account_id=account.id, worker_id=worker_id,
                  outcome="absent", record={}, started_at=utcnow(), flags=[], base_rv=0,
                  args_hash="0" * 64)
    db.session.add(visit)
    db.session.flush()
    db.session.add(VisitAttachment(visit_id=visit.id, sha256=sha256, kind="photo"))
    db.session.flush()
    return visit


def test_reading_a_blob_is_scoped_to_the_uploader_her_scope_and_the_office(client, person):
    uploader, up_headers = person("notifier")
    _, stranger = person("notifier")
    colleague, colleague_headers = person("cutter")
    _, office = person("clerk")
    digest = sha(JPEG)
    client.put(f"{BLOBS}/{digest}", data=JPEG, headers=up_headers)
    account = factories.account()
    _visit_with(digest, account=account, worker_id=uploader.id)
    for headers in (up_headers, office):
        resp = client.get(f"{BLOBS}/{digest}", headers=headers)
        assert resp.status_code == 200 and resp.data == JPEG
        assert resp.mimetype == "image/jpeg" and resp.headers["Cache-Control"] == "no-store"
    refused = client.get(f"{BLOBS}/{digest}", headers=stranger)
    assert refused.status_code == 404 and refused.get_json()["error_code"] == "BLOB_NOT_FOUND"
    assert client.get(f"{BLOBS}/{digest}", headers=colleague_headers).status_code == 404
    put_in_scope(colleague.id, [account])  # the account is now on the cutter's route
    assert client.get(f"{BLOBS}/{digest}", headers=colleague_headers).status_code == 200
    assert client.get(f"{BLOBS}/{'f' * 64}", headers=office).status_code == 404


def test_disk_storage_fans_out_by_hash_and_can_be_replaced_by_configuration(tmp_path):
    storage = make_storage(class_path=None, root=tmp_path)
    assert isinstance(storage, DiskStorage)
    src = tmp_path / "upload"
    src.write_bytes(PNG)
    storage.put(sha(PNG), src)
    assert storage.exists(sha(PNG)) and not src.exists()
    with storage.open(sha(PNG)) as fh:
        assert fh.read() == PNG
    other = make_storage(class_path="server.attachments.storage:DiskStorage",
                         root=tmp_path / "bucket")
    assert isinstance(other, DiskStorage) and not other.exists(sha(PNG))
