"""POST /push: idempotency, ordering, rejections that never wedge, faults that keep order."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.extensions import db
from server.registry.models import Account, ChangeProposal
from server.sync.models import SyncClient, SyncMutation
from tests import factories
from tests.sync.conftest import SYNC


def _proposal(account, **over):
    args = {"id": str(uuid.uuid4()), "account_id": str(account.id), "field": "phone",
            "seen": "6371000000", "proposed": "6371234567", "reason": "Lo dijo el titular"}
    return args | over


def _count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def test_replaying_a_batch_answers_all_duplicate_and_adds_no_rows(device, sync_registry):
    acc = factories.account()
    d = device()
    d.base_rv = acc.rv
    batch = [d.mutation("registry.propose_change", _proposal(acc)) for _ in range(3)]
    first = d.push(batch)
    assert first.status_code == 200
    assert [r["status"] for r in first.get_json()["results"]] == ["applied"] * 3
    rows = (_count(ChangeProposal), _count(SyncMutation))
    again = d.push(batch).get_json()
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 3
    assert again["last_seq"] == 3
    assert (_count(ChangeProposal), _count(SyncMutation)) == rows


def test_a_lost_response_resent_gives_one_row(device, sync_registry):
    acc = factories.account()
    d = device()
    m = d.mutation("registry.propose_change", _proposal(acc))
    d.push([m])  # the response never reached the phone
    resent = d.push([m]).get_json()
    assert resent["results"] == [{"seq": 1, "status": "duplicate"}]
    assert _count(ChangeProposal) == 1


def test_the_same_mutation_id_from_another_client_is_duplicate_or_id_reused(device,
                                                                           sync_registry):
    acc = factories.account()
    a = device()
    b = device()
    a.base_rv = b.base_rv = acc.rv
    m = a.mutation("registry.propose_change", _proposal(acc))
    assert a.push([m]).get_json()["results"][0]["status"] == "applied"
    same = b.mutation("registry.propose_change", m["args"], id=m["id"])
    other = b.mutation("registry.propose_change", m["args"] | {"proposed": "otro"}, id=m["id"])
    out = b.push([same, other]).get_json()
    assert [r["status"] for r in out["results"]] == ["duplicate", "rejected"]
    assert out["results"][1]["code"] == "ID_REUSED" and out["results"][1]["message"]
    assert out["last_seq"] == 2 and _count(ChangeProposal) == 1
    assert _count(SyncMutation) == 3  # every mutation is on record, the repeats included
    fresh = b.mutation("test.touch", {"account_id": str(acc.id)})
    twice = b.mutation("test.touch", fresh["args"], id=fresh["id"])
    out = b.push([fresh, twice]).get_json()
    assert [r["status"] for r in out["results"]] == ["applied", "duplicate"]


def test_a_proposal_id_reused_with_other_content_is_rejected_id_reused(device, sync_registry):
    acc = factories.account()
    d = device()
    d.base_rv = acc.rv
    args = _proposal(acc)
    out = d.push([d.mutation("registry.propose_change", args),
                  d.mutation("registry.propose_change", args),
                  d.mutation("registry.propose_change", args | {"proposed": "6370000000"})])
    assert [r["status"] for r in out.get_json()["results"]] == ["applied", "duplicate",
                                                                "rejected"]
    assert out.get_json()["results"][2]["code"] == "ID_REUSED"


def test_a_seq_gap_answers_409_with_the_expected_seq_after_committing_the_prefix(
        device, sync_registry):
    acc = factories.account()
    d = device()
    one = d.mutation("test.touch", {"account_id": str(acc.id)})
    d.seq += 1  # seq 2 never left the phone
    three = d.mutation("test.touch", {"account_id": str(acc.id)})
    resp = d.push([one, three])
    assert resp.status_code == 409
    body = resp.get_json()
    assert body["error_code"] == "SEQ_GAP" and body["expected_seq"] == 2 and body["proto"] == 1
    assert body["last_seq"] == 1 and body["results"] == [
        {"seq": 1, "status": "applied", "rv": body["results"][0]["rv"]}]
    assert "2" in body["message"]
    assert db.session.get(SyncClient, d.client_id).last_seq == 1


def test_a_bad_mutation_between_two_good_ones_does_not_wedge_the_queue(device, sync_registry):
    acc = factories.account()
    d = device()
    out = d.push([d.mutation("test.touch", {"account_id": str(acc.id)}),
                  d.mutation("test.touch", {"account_id": str(acc.id), "sorpresa": 1}),
                  d.mutation("test.touch", {"account_id": str(acc.id), "outcome": "reject"}),
                  d.mutation("test.touch", {"account_id": str(acc.id)})]).get_json()
    assert [r["status"] for r in out["results"]] == ["applied", "rejected", "rejected",
                                                     "applied"]
    assert out["results"][1]["code"] == "VALIDATION_ERROR"
    assert "sorpresa" in out["results"][1]["errors"]["args"]
    assert out["results"][2]["code"] == "ACCOUNT_NOT_FOUND"
    assert out["last_seq"] == 4


def test_a_fault_mid_batch_commits_the_prefix_and_answers_503(device, sync_registry,
                                                              monkeypatch):
    acc = factories.account()
    d = device()
    batch = [d.mutation("test.touch", {"account_id": str(acc.id), "outcome": o})
             for o in ("ok", "ok", "boom", "ok", "ok")]
    resp = d.push(batch)
    assert resp.status_code == 503 and resp.headers["Retry-After"]
    body = resp.get_json()
    assert body["proto"] == 1 and body["error_code"] == "SYNC_FAULT"
    assert body["last_seq"] == 2 and [r["seq"] for r in body["results"]] == [1, 2]
    assert db.session.execute(sa.select(sa.func.max(SyncMutation.seq))).scalar() == 2
    # The disk is fixed; the device resends from seq 3 and the rest applies.
    batch[2]["args"]["outcome"] = "ok"
    retry = d.push(batch[2:]).get_json()
    assert [r["status"] for r in retry["results"]] == ["applied"] * 3
    assert retry["last_seq"] == 5


def test_unknown_names_versions_and_roles_are_rejected_with_their_codes(device, sync_registry):
    acc = factories.account()
    d = device(roles=("clerk",))
    out = d.push([d.mutation("nada.que.ver", {}),
                  d.mutation("test.touch", {"account_id": str(acc.id)}, v=9),
                  d.mutation("test.field_only", {"account_id": str(acc.id)}),
                  d.mutation("test.touch", "no soy un objeto")]).get_json()
    assert [r.get("code") for r in out["results"]] == [
        "UNKNOWN_MUTATION", "VERSION_NOT_SUPPORTED", "FORBIDDEN_MUTATION", "VALIDATION_ERROR"]
    assert out["last_seq"] == 4


def test_old_mutation_versions_still_apply(device, sync_registry):
    acc = factories.account()
    d = device()
    d.base_rv = acc.rv
    out = d.push([d.mutation("registry.propose_change", _proposal(acc)),
                  d.mutation("test.touch", {"account_id": str(acc.id)}, v=1),
                  d.mutation("test.touch", {"account_id": str(acc.id), "note": "flag"}, v=2),
                  d.mutation("test.touch", {"account_id": str(acc.id)}, v=2)]).get_json()
    assert [r["status"] for r in out["results"]] == ["applied", "applied", "flagged",
                                                     "rejected"]
    assert out["results"][2]["flags"] == ["NOTE"]
    assert out["results"][3]["errors"] == {"args": {"note": ["Campo obligatorio."]}}


def test_a_device_clock_a_year_off_is_kept_and_a_garbled_one_rejects_only_that_mutation(
        device, sync_registry):
    acc = factories.account()
    d = device()
    year_ago = (datetime.now(timezone.utc) - timedelta(days=365)).isoformat()
    out = d.push([d.mutation("test.touch", {"account_id": str(acc.id)}, created_at=year_ago),
                  d.mutation("test.touch", {"account_id": str(acc.id)}, created_at="ayer"),
                  d.mutation("test.touch", {"account_id": str(acc.id)},
                             created_at="2026-11-28T09:14:03")]).get_json()
    assert [r["status"] for r in out["results"]] == ["applied", "rejected", "applied"]
    assert out["results"][1]["errors"] == {"created_at": ["Fecha y hora no válida."]}
    stored = db.session.execute(sa.select(SyncMutation).order_by(SyncMutation.seq)).scalars()
    times = [m.device_created_at for m in stored]
    assert times[0].year in (datetime.now().year - 1, datetime.now().year) and times[1] is None
    assert times[2].replace(tzinfo=timezone.utc) == datetime(2026, 11, 28, 9, 14, 3,
                                                             tzinfo=timezone.utc)


def test_every_mutation_is_recorded_with_its_outcome_times_and_versions(device, sync_registry):
    acc = factories.account()
    d = device()
    d.base_rv = 7
    d.push([d.mutation("test.touch", {"account_id": str(acc.id)}),
            d.mutation("test.touch", {"account_id": str(acc.id), "outcome": "reject"})])
    rows = db.session.execute(sa.select(SyncMutation).order_by(SyncMutation.seq)).scalars().all()
    assert [(r.seq, r.status, r.code, r.base_rv) for r in rows] == [
        (1, "applied", None, 7), (2, "rejected", "ACCOUNT_NOT_FOUND", 7)]
    assert rows[0].args == {"account_id": str(acc.id)} and rows[0].received_at
    assert rows[0].device_created_at and rows[0].rv == rows[1].rv
    assert db.session.get(Account, acc.id).rv == rows[0].rv
    client = db.session.get(SyncClient, d.client_id)
    assert client.last_seq == 2 and client.schema_version == 2


def test_missing_blobs_lists_the_referenced_hashes_the_server_lacks(device, sync_registry):
    from server.attachments.models import Blob

    acc = factories.account()
    held, lacking = "a" * 64, "b" * 64
    db.session.add(Blob(sha256=held, size=3, content_type="image/jpeg"))
    db.session.flush()
    d = device()
    out = d.push([d.mutation("test.touch", {"account_id": str(acc.id),
                                            "blobs": [held, lacking, lacking]})]).get_json()
    assert out["missing_blobs"] == [lacking]


def test_an_acked_seq_above_the_servers_last_seq_is_client_state_not_found(device,
                                                                            sync_registry):
    acc = factories.account()
    d = device()
    d.seq = 40  # this phone already dropped 40 acknowledged mutations: the server lost them
    resp = d.push([d.mutation("test.touch", {"account_id": str(acc.id)})], acked_seq=40)
    body = resp.get_json()
    assert resp.status_code == 200 and body["error"] == "CLIENT_STATE_NOT_FOUND"
    assert body["proto"] == 1 and body["message"] and body["last_seq"] == 0
    assert _count(SyncMutation) == 0
    alert = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "client_state_not_found")).scalar_one()
    assert alert.changes == {"acked_seq": 40, "last_seq": 0}


def test_a_registry_proposal_against_a_changed_row_is_flagged(device, sync_registry):
    from server.db import touch, transaction

    acc = factories.account()
    d = device()
    d.base_rv = seen_rv = acc.rv  # she saw the account as it is now
    unchanged = d.mutation("registry.propose_change", _proposal(acc))
    assert d.push([unchanged]).get_json()["results"][0]["status"] == "applied"
    with transaction() as session:  # the office edits the account meanwhile
        touch(session, session.get(Account, acc.id))
    changed = d.mutation("registry.propose_change", _proposal(acc, field="street",
                                                               seen="Calle 5 de Mayo",
                                                               proposed="Calle 5 de Mayo Ote"))
    result = d.push([changed]).get_json()["results"][0]
    assert result["status"] == "flagged" and result["flags"] == ["ROW_CHANGED_SINCE"]
    proposal = db.session.get(ChangeProposal, uuid.UUID(changed["args"]["id"]))
    assert proposal.base_rv == seen_rv < acc.rv and proposal.source == "field"
    assert proposal.seen_value == "Calle 5 de Mayo"


def test_a_batch_over_100_mutations_or_256_kb_is_refused_with_413(device, sync_registry):
    acc = factories.account()
    d = device()
    many = [d.mutation("test.touch", {"account_id": str(acc.id)}) for _ in range(101)]
    resp = d.push(many)
    assert resp.status_code == 413 and resp.get_json()["error_code"] == "BATCH_TOO_LARGE"
    d.seq = 0
    heavy = [d.mutation("registry.propose_change", _proposal(acc, reason="x" * 1000))
             for _ in range(100)]
    for m in heavy:
        m["args"]["padding"] = "y" * 2000
    resp = d.push(heavy)
    assert resp.status_code == 413 and resp.get_json()["proto"] == 1
    assert db.session.get(SyncClient, d.client_id).last_seq == 0


def test_a_malformed_envelope_is_a_422_in_the_error_shape_with_proto(device, client):
    d = device()
    resp = client.post(f"{SYNC}/push", headers=d.headers, json={
        "client_id": str(d.client_id), "schema_version": 2,
        "mutations": [{"seq": "uno", "id": "x", "name": "test.touch", "v": 1, "args": {}}]})
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["proto"] == 1 and body["error_code"] == "VALIDATION_ERROR"
    assert "mutations" in body["errors"] and resp.headers["Cache-Control"] == "no-store"


def test_the_same_mutation_id_twice_in_one_batch_is_recorded_once_then_duplicate(
        device, sync_registry):
    acc = factories.account()
    d = device()
    d.base_rv = acc.rv
    first = d.mutation("registry.propose_change", _proposal(acc))
    again = d.mutation("registry.propose_change", first["args"], id=first["id"])
    body = d.push([first, again]).get_json()
    assert [r["status"] for r in body["results"]] == ["applied", "duplicate"]
    assert body["last_seq"] == 2
    assert _count(ChangeProposal) == 1
    assert _count(SyncMutation) == 2  # both numbers are on record, the repeat under its own id


def test_a_refusal_after_the_handler_wrote_undoes_only_that_mutations_writes(device,
                                                                          sync_registry):
    acc, other = factories.account(), factories.account()
    d = device()
    out = d.push([d.mutation("test.touch", {"account_id": str(other.id)}),
                  d.mutation("test.touch", {"account_id": str(acc.id),
                                            "outcome": "write_then_reject"}),
                  d.mutation("test.touch", {"account_id": str(other.id)})]).get_json()
    assert [r["status"] for r in out["results"]] == ["applied", "rejected", "applied"]
    assert out["last_seq"] == 3
    db.session.expire_all()
    assert db.session.get(Account, acc.id).status == "active"  # its write went with it
    assert _count(SyncMutation) == 3
