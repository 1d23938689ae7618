"""Photos on extraordinary charges: the work's evidence, named by SHA-256, uploaded as blobs
(before or after the proposal) and shown to the manager before she authorizes."""
from __future__ import annotations

import hashlib
import uuid

import pytest

from server.common.clock import local_today
from server.extensions import db
from server.ledger.models import ExtraordinaryCharge
from tests import factories

CHARGES = "/api/v1/ledger/extraordinary-charges"
BLOBS = "/api/sync/v1/blobs"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"zanja" * 40
JPEG_2 = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"toma nueva" * 40


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def account(db_session):
    return factories.overdue_account(1, as_of=local_today(), holder="Rosa Valenzuela")


def _propose(client, headers, account, photos, **extra):
    return client.post(CHARGES, headers=headers, json={
        "account": account.account_number, "kind": "extension", "amount": "1450.00",
        "description": "Ampliación de red, 12 m", "work_reference": "OT-2031",
        "photos": photos, **extra})


def test_a_proposal_carries_its_photos_and_says_which_are_uploaded(client, auth_headers,
                                                                    account):
    clerk = auth_headers("clerk")
    assert client.put(f"{BLOBS}/{sha(JPEG)}", data=JPEG, headers=clerk).status_code == 201
    resp = _propose(client, clerk, account, [sha(JPEG), sha(JPEG_2), sha(JPEG)])
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["amount"] == "1450.00"
    # The repeated photo is kept once, in the order given; the second is not uploaded yet.
    assert body["photos"] == [
        {"sha256": sha(JPEG), "uploaded": True, "url": f"{BLOBS}/{sha(JPEG)}"},
        {"sha256": sha(JPEG_2), "uploaded": False, "url": f"{BLOBS}/{sha(JPEG_2)}"}]
    row = db.session.get(ExtraordinaryCharge, uuid.UUID(body["id"]))
    assert row.photos == [sha(JPEG), sha(JPEG_2)]


def test_the_list_shows_the_uploaded_flag_once_the_blob_arrives(client, auth_headers,
                                                                 account):
    clerk, manager = auth_headers("clerk"), auth_headers("manager")
    charge_id = _propose(client, clerk, account, [sha(JPEG_2)]).get_json()["id"]
    no_photos = _propose(client, clerk, account, [], amount="80.00").get_json()
    assert no_photos["photos"] == []

    def listed():
        items = client.get(f"{CHARGES}?status=proposed", headers=manager).get_json()["items"]
        return {i["id"]: i["photos"] for i in items}

    assert listed()[charge_id] == [
        {"sha256": sha(JPEG_2), "uploaded": False, "url": f"{BLOBS}/{sha(JPEG_2)}"}]
    assert listed()[no_photos["id"]] == []
    # Uploaded after the proposal (the office's form does it right after, too).
    put = client.put(f"{BLOBS}/{sha(JPEG_2)}", data=JPEG_2, headers=clerk)
    assert put.status_code == 201
    assert listed()[charge_id][0]["uploaded"] is True
    # The manager reads the evidence; the decision answers with the photos as well.
    got = client.get(f"{BLOBS}/{sha(JPEG_2)}", headers=manager)
    assert got.status_code == 200 and got.data == JPEG_2
    assert got.mimetype == "image/jpeg"
    decided = client.post(f"{CHARGES}/{charge_id}/authorize", json={}, headers=manager)
    assert decided.status_code == 200
    assert decided.get_json()["photos"][0]["uploaded"] is True


def test_the_upload_is_refused_when_the_bytes_are_not_the_named_photo(client, auth_headers,
                                                                      account):
    clerk = auth_headers("clerk")
    _propose(client, clerk, account, [sha(JPEG)])
    wrong = client.put(f"{BLOBS}/{sha(JPEG_2)}", data=JPEG, headers=clerk)
    assert wrong.status_code == 422
    assert wrong.get_json()["error_code"] == "BLOB_HASH_MISMATCH"
    not_a_photo = b"just some text, not an image at all"
    refused = client.put(f"{BLOBS}/{sha(not_a_photo)}", data=not_a_photo, headers=clerk)
    assert refused.status_code == 415
    assert client.get(f"{BLOBS}/{sha(not_a_photo)}", headers=clerk).status_code == 404
    items = client.get(f"{CHARGES}?status=proposed", headers=clerk).get_json()["items"]
    assert items[0]["photos"][0]["uploaded"] is False


@pytest.mark.parametrize("photos, message", [
    (["not-a-hash"], "SHA-256 no válido."),
    ([sha(bytes([i])) for i in range(7)], "A lo más 6 fotos por cargo."),
])
def test_bad_photo_lists_are_refused_in_spanish(client, auth_headers, account, photos,
                                                message):
    resp = _propose(client, auth_headers("clerk"), account, photos)
    assert resp.status_code == 422
    assert message in str(resp.get_json()["errors"])
    assert db.session.query(ExtraordinaryCharge).count() == 0


def test_roles_a_director_sees_the_photos_but_cannot_propose(client, auth_headers, account):
    clerk, director = auth_headers("clerk"), auth_headers("director")
    assert _propose(client, director, account, [sha(JPEG)]).status_code == 403
    assert _propose(client, auth_headers("notifier"), account, [sha(JPEG)]).status_code == 403
    _propose(client, clerk, account, [sha(JPEG)])
    client.put(f"{BLOBS}/{sha(JPEG)}", data=JPEG, headers=clerk)
    items = client.get(CHARGES, headers=director).get_json()["items"]
    assert items[0]["photos"][0]["uploaded"] is True
    assert client.get(f"{BLOBS}/{sha(JPEG)}", headers=director).data == JPEG
    # A field worker who neither uploaded it nor visited the account cannot read it.
    assert client.get(f"{BLOBS}/{sha(JPEG)}",
                      headers=auth_headers("notifier")).status_code == 404
