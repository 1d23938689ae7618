"""One push → pull round trip through /api/sync/v1 with the real field-work handlers: the
notifier's day arrives, her visit is applied, a reassigned stop moves between devices."""
import uuid
from datetime import datetime, time, timezone

import pytest
import sqlalchemy as sa
from flask_jwt_extended import create_access_token

from server.fieldwork import service
from server.fieldwork.models import Stop
from tests.fieldwork.conftest import TODAY

pytest.importorskip("server.sync.push")
SYNC = "/api/sync/v1"
PHOTO = "0f" * 32


class Phone:
    """A registered client of one worker: push a batch, pull until done."""

    def __init__(self, app, http, user):
        with app.test_request_context():
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": ["notifier"]})
        self.http, self.headers = http, {"Authorization": f"Bearer {token}"}
        self.client_id, self.cookie, self.seq = str(uuid.uuid4()), None, 0
        resp = http.post(f"{SYNC}/clients", headers=self.headers,
                         json={"client_id": self.client_id, "schema_version": 2})
        assert resp.status_code == 200, resp.get_json()

    def push(self, name, v, args):
        self.seq += 1
        resp = self.http.post(f"{SYNC}/push", headers=self.headers, json={
            "client_id": self.client_id, "schema_version": 2, "acked_seq": 0,
            "mutations": [{"seq": self.seq, "id": str(uuid.uuid4()), "name": name, "v": v,
                           "base_rv": 0, "args": args,
                           "created_at": datetime.now(timezone.utc).isoformat()}]})
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    def pull(self) -> list[dict]:
        patch = []
        while True:
            resp = self.http.post(f"{SYNC}/pull", headers=self.headers, json={
                "client_id": self.client_id, "schema_version": 2, "cookie": self.cookie,
                "limit": 500})
            body = resp.get_json()
            assert resp.status_code == 200 and not body.get("reset"), body
            patch += body["patch"]
            self.cookie = body["cookie"]
            if not body["has_more"]:
                return patch


def test_a_day_goes_down_a_visit_goes_up_and_a_moved_stop_changes_phones(
        app, client, town, notifiers, db_session):
    rosa, beto = notifiers
    (route,) = service.plan_routes(actor_id=None, campaign_id=town["campaign"].id,
                                   work_date=TODAY, worker_ids=[rosa.id])
    stops = db_session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                               .order_by(Stop.position)).scalars().all()
    phone = Phone(app, client, rosa)
    first = phone.pull()
    kinds = {}
    for op in first:
        kinds.setdefault(op["t"], set()).add(op["id"])
    assert kinds["route"] == {str(route.id)} and len(kinds["stop"]) == len(stops) == 8
    assert len(kinds["notice"]) == 8 and len(kinds["account"]) == 8
    account = next(op["d"] for op in first if op["t"] == "account")
    assert account["debt"]["total"] == "870.00"

    stop = stops[0]
    started = datetime.combine(TODAY, time(17), tzinfo=timezone.utc).isoformat()
    out = phone.push("visit.record", 2, {
        "id": str(uuid.uuid4()), "stop_id": str(stop.id), "notice_id": str(stop.notice_id),
        "outcome": "delivered_holder", "started_at": started, "ended_at": None, "gps": None,
        "gps_error": "timeout", "address_verification": ["house_number"], "asked_for": None,
        "attended_by": None, "citatorio": None, "refusal": None, "neighbor": None,
        "copy_delivered": True, "signature_refused": True, "signature": None,
        "photos": [PHOTO], "notes": None})
    (result,) = out["results"]
    assert result["status"] == "flagged" and result["flags"] == ["NO_GPS"]
    assert out["missing_blobs"] == [PHOTO]
    refused = phone.push("visit.record", 2, {
        "id": str(uuid.uuid4()), "stop_id": str(stops[2].id),
        "notice_id": str(stops[2].notice_id), "outcome": "delivered_other",
        "started_at": started, "address_verification": ["facade"],
        "attended_by": {"name": "Luis", "relationship": None}})
    assert refused["results"][0]["status"] == "rejected"
    assert refused["results"][0]["code"] == "ATTENDED_BY_REQUIRED"
    after = {(op["t"], op["id"]): op for op in phone.pull()}
    assert after[("stop", str(stop.id))]["d"]["status"] == "done"
    assert after[("notice", str(stop.notice_id))]["d"]["status"] == "delivered"
    visit = next(op["d"] for (t, _), op in after.items() if t == "visit")
    assert visit["evidence_pending"] is True and visit["flags"] == ["NO_GPS"]

    from server.fieldwork.models import Route

    other = Route(name="Apoyo", worker_id=beto.id, work_date=TODAY,
                  campaign_id=town["campaign"].id)
    db_session.add(other)
    db_session.flush()
    moving = stops[1]
    service.reassign_stop(actor_id=None, stop_id=moving.id, route_id=other.id)
    gone = {(op["t"], op["id"]): op for op in phone.pull()}
    assert gone[("stop", str(moving.id))]["op"] == "del"
    assert gone[("stop", str(moving.id))]["why"] == "left_scope"
    beto_phone = Phone(app, client, beto)
    arrived = {(op["t"], op["id"]): op for op in beto_phone.pull()}
    assert arrived[("stop", str(moving.id))]["op"] == "put"
    assert arrived[("stop", str(moving.id))]["d"]["route_id"] == str(other.id)
