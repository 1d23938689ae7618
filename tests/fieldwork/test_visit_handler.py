"""visit.record and stop.complete handlers, called as the sync engine calls them."""
import uuid
from datetime import datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa

from server.attachments.models import Blob
from server.errors import DomainError
from server.fieldwork import service
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment
from server.fieldwork.mutations import (MUTATIONS, VisitRecordV2, complete_stop,
                                        record_visit_v1, record_visit_v2)
from server.fieldwork.payloads import serialize_visits
from server.notices.models import Notice
from server.registry.models import Account
from tests.fieldwork.conftest import TODAY, active

# 10:00 in Caborca (UTC-7), inside business hours.
MORNING = datetime.combine(TODAY, time(17, 0), tzinfo=timezone.utc)
SHA = "ab" * 32


@pytest.fixture()
def route(town, notifiers, db_session):
    (planned,) = service.plan_routes(actor_id=None, campaign_id=town["campaign"].id,
                                     work_date=TODAY, worker_ids=[notifiers[0].id])
    return planned


@pytest.fixture()
def stop(route, db_session):
    return db_session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                              .order_by(Stop.position)).scalars().first()


def args(stop, **kw):
    """v2 args as the PWA sends them (JSON: ids and times as text)."""
    acc = stop.account_id
    base = {
        "id": str(uuid.uuid4()), "stop_id": str(stop.id), "notice_id": str(stop.notice_id),
        "outcome": "delivered_holder", "started_at": MORNING.isoformat(),
        "ended_at": (MORNING + timedelta(minutes=6)).isoformat(),
        "gps": _gps_at(acc), "gps_error": None,
        "address_verification": ["house_number", "facade"], "asked_for": "Titular",
        "attended_by": None, "citatorio": None, "refusal": None, "neighbor": None,
        "copy_delivered": True, "signature_refused": False, "signature": SHA,
        "photos": ["cd" * 32], "notes": None}
    base.update(kw)
    return base


def _gps_at(account_id, north_m=0.0):
    from server.extensions import db

    acc = db.session.get(Account, account_id)
    return {"lat": acc.premises.latitude + north_m / 111_195, "lon": acc.premises.longitude,
            "accuracy_m": 8, "at": MORNING.isoformat()}


def record(ctx, a, version=2):
    return (record_visit_v2 if version == 2 else record_visit_v1)(ctx, a)


OUTCOME_EXTRAS = {
    "delivered_holder": ({}, "delivered"),
    "delivered_other": ({"attended_by": {"name": "Luis Pérez", "relationship": "hijo",
                                         "id_shown": "INE", "description": None}},
                        "delivered"),
    "citatorio_left": ({"citatorio": {"date": TODAY.isoformat(), "time": "10:00"}},
                       "citatorio"),
    "absent": ({}, "absent"),
    "refused": ({"refusal": {"fixed_where": "Puerta principal"}}, "refused"),
    "address_not_found": ({}, "not_found"),
    "vacant_house": ({}, "vacant"),
    "already_paid": ({}, "paid"),
}


@pytest.mark.parametrize("outcome", list(OUTCOME_EXTRAS))
def test_every_outcome_sets_the_notice_status_and_the_stop_is_done(
        outcome, route, stop, notifiers, ctx_for, db_session):
    extras, status = OUTCOME_EXTRAS[outcome]
    result = record(ctx_for(notifiers[0]), args(stop, outcome=outcome, **extras))
    assert result.flags == [] and not result.duplicate
    assert db_session.get(Notice, stop.notice_id).status == status
    assert db_session.get(Stop, stop.id).status == "done"
    assert db_session.get(Route, route.id).status == "in_progress"


@pytest.mark.parametrize("outcome,missing,code", [
    ("delivered_other", {"attended_by": {"name": "Luis"}}, "ATTENDED_BY_REQUIRED"),
    ("citatorio_left", {}, "CITATORIO_REQUIRED"),
    ("refused", {}, "REFUSAL_PLACE_REQUIRED"),
    ("absent", {"address_verification": []}, "ADDRESS_VERIFICATION_REQUIRED"),
])
def test_an_incomplete_service_record_is_rejected(outcome, missing, code, stop, notifiers,
                                                  ctx_for, db_session):
    with pytest.raises(DomainError) as exc:
        record(ctx_for(notifiers[0]), args(stop, outcome=outcome, **missing))
    assert exc.value.code == code
    assert db_session.execute(sa.select(sa.func.count()).select_from(Visit)).scalar() == 0
    assert exc.value.errors  # the field to fix, for the office and the app


def test_the_same_visit_again_is_a_duplicate_and_other_args_are_id_reused(
        stop, notifiers, ctx_for, db_session):
    a = args(stop)
    first = record(ctx_for(notifiers[0]), a)
    again = record(ctx_for(notifiers[0], seq=2), dict(a))
    assert again.duplicate and again.blobs == first.blobs
    assert db_session.execute(sa.select(sa.func.count()).select_from(Visit)).scalar() == 1
    with pytest.raises(DomainError) as exc:
        record(ctx_for(notifiers[0], seq=3), {**a, "notes": "otra cosa"})
    assert exc.value.code == "ID_REUSED"


def test_loaded_args_hash_like_raw_args(stop, notifiers, ctx_for):
    a = args(stop)
    record(ctx_for(notifiers[0]), a)
    assert record(ctx_for(notifiers[0]), VisitRecordV2().load(a)).duplicate


def test_a_stop_reassigned_meanwhile_still_takes_the_fact_flagged(
        route, stop, town, notifiers, ctx_for, db_session):
    rosa, beto = notifiers
    other = Route(name="Apoyo", worker_id=beto.id, work_date=TODAY,
                  campaign_id=town["campaign"].id)
    db_session.add(other)
    db_session.flush()
    service.reassign_stop(actor_id=None, stop_id=stop.id, route_id=other.id)
    result = record(ctx_for(rosa), args(stop))
    assert result.flags == ["OUT_OF_SCOPE_AT_ARRIVAL"]
    visit = db_session.execute(sa.select(Visit)).scalars().one()
    assert visit.flags == ["OUT_OF_SCOPE_AT_ARRIVAL"]
    assert db_session.get(Notice, stop.notice_id).status == "delivered"
    assert visit.id not in active(db_session, rosa.id, "visit")


def test_a_cancelled_stop_still_takes_the_fact_flagged(stop, notifiers, ctx_for, db_session):
    service.cancel_stop(actor_id=None, stop_id=stop.id, reason="Pagó")
    result = record(ctx_for(notifiers[0]), args(stop, outcome="already_paid"))
    assert "OUT_OF_SCOPE_AT_ARRIVAL" in result.flags
    assert db_session.get(Stop, stop.id).status == "cancelled"


def test_gps_far_from_the_premises_is_flagged_with_the_distance(stop, notifiers, ctx_for,
                                                               db_session):
    near = record(ctx_for(notifiers[0]), args(stop, gps=_gps_at(stop.account_id, 100)))
    assert near.flags == []
    far = record(ctx_for(notifiers[0]), args(stop, gps=_gps_at(stop.account_id, 400)))
    assert far.flags == ["FAR_FROM_PREMISES"]
    distances = sorted(db_session.execute(sa.select(Visit.distance_m)).scalars())
    assert distances[0] == pytest.approx(100, abs=1) and distances[1] == pytest.approx(400,
                                                                                       abs=1)


def test_no_gps_is_flagged_but_never_blocks_the_visit(stop, notifiers, ctx_for):
    result = record(ctx_for(notifiers[0]), args(stop, gps=None, gps_error="timeout"))
    assert result.flags == ["NO_GPS"]


def test_a_formal_act_outside_business_hours_is_flagged(stop, notifiers, ctx_for,
                                                       db_session):
    db_session.get(Notice, stop.notice_id).kind = "formal"
    evening = MORNING + timedelta(hours=9, minutes=30)  # 19:30 local
    result = record(ctx_for(notifiers[0]), args(stop, started_at=evening.isoformat(),
                                                ended_at=None))
    assert result.flags == ["OUTSIDE_BUSINESS_HOURS"]
    informal = args(stop, started_at=evening.isoformat(), ended_at=None)
    db_session.get(Notice, stop.notice_id).kind = "informal"
    assert record(ctx_for(notifiers[0]), informal).flags == []


def test_a_device_clock_a_day_off_is_flagged(stop, notifiers, ctx_for):
    from server.common.clock import utcnow

    ctx = ctx_for(notifiers[0], device_created_at=utcnow() - timedelta(days=1, hours=2))
    assert record(ctx, args(stop)).flags == ["DEVICE_CLOCK_SKEW"]


def test_a_formal_notice_served_sets_the_last_formal_act(stop, notifiers, ctx_for,
                                                         db_session):
    db_session.get(Notice, stop.notice_id).kind = "formal"
    account = db_session.get(Account, stop.account_id)
    rv_before = account.rv
    record(ctx_for(notifiers[0]), args(stop, outcome="refused",
                                       refusal={"fixed_where": "Reja"}))
    assert account.last_formal_act_on == TODAY
    db_session.commit()  # rows take their version at commit
    assert account.rv > rv_before
    assert db_session.get(Notice, stop.notice_id).delivered_at is not None


def test_an_informal_notice_does_not_touch_the_last_formal_act(stop, notifiers, ctx_for,
                                                               db_session):
    record(ctx_for(notifiers[0]), args(stop))
    assert db_session.get(Account, stop.account_id).last_formal_act_on is None


def test_v1_still_applies_and_is_flagged_incomplete_on_a_formal_notice(
        stop, notifiers, ctx_for, db_session):
    v1 = {k: v for k, v in args(stop).items() if k not in (
        "address_verification", "asked_for", "neighbor", "copy_delivered",
        "signature_refused")}
    assert record(ctx_for(notifiers[0]), dict(v1), version=1).flags == []
    db_session.get(Notice, stop.notice_id).kind = "formal"
    result = record(ctx_for(notifiers[0]), {**v1, "id": str(uuid.uuid4())}, version=1)
    assert result.flags == ["INCOMPLETE_LEGAL_RECORD"]
    assert {m.v for m in MUTATIONS if m.name == "visit.record"} == {1, 2}


def test_the_notice_follows_the_latest_visit_by_start_time(stop, notifiers, ctx_for,
                                                           db_session):
    record(ctx_for(notifiers[0]), args(stop, outcome="absent"))
    earlier = (MORNING - timedelta(hours=1)).isoformat()
    record(ctx_for(notifiers[0]), args(stop, outcome="delivered_holder", started_at=earlier,
                                       ended_at=None))
    notice = db_session.get(Notice, stop.notice_id)
    assert notice.status == "absent" and notice.delivered_at is not None
    later = (MORNING + timedelta(hours=1)).isoformat()
    record(ctx_for(notifiers[0]), args(stop, outcome="delivered_holder", started_at=later,
                                       ended_at=None))
    assert notice.status == "delivered"


def test_photos_and_signature_are_listed_and_evidence_is_pending_until_uploaded(
        stop, notifiers, ctx_for, db_session):
    a = args(stop)
    result = record(ctx_for(notifiers[0]), a)
    assert result.blobs == ["cd" * 32, SHA]
    kinds = dict(db_session.execute(sa.select(VisitAttachment.sha256,
                                              VisitAttachment.kind)).all())
    assert kinds == {"cd" * 32: "photo", SHA: "signature"}
    visit_id = uuid.UUID(a["id"])
    assert serialize_visits(db_session(), [visit_id])[visit_id]["evidence_pending"] is True
    for sha in kinds:
        db_session.add(Blob(sha256=sha, size=10, content_type="image/jpeg"))
    db_session.flush()
    assert serialize_visits(db_session(), [visit_id])[visit_id]["evidence_pending"] is False


def test_the_visit_enters_the_workers_scope(stop, notifiers, ctx_for, db_session):
    a = args(stop)
    record(ctx_for(notifiers[0]), a)
    assert uuid.UUID(a["id"]) in active(db_session, notifiers[0].id, "visit")


def test_stop_complete_marks_her_stop_done_and_refuses_foreign_or_cancelled_stops(
        route, stop, notifiers, ctx_for, db_session):
    rosa, beto = notifiers
    with pytest.raises(DomainError) as exc:
        complete_stop(ctx_for(beto), {"stop_id": str(stop.id)})
    assert exc.value.code == "STOP_NOT_IN_SCOPE"
    assert not complete_stop(ctx_for(rosa), {"stop_id": str(stop.id)}).duplicate
    assert db_session.get(Stop, stop.id).status == "done"
    assert complete_stop(ctx_for(rosa), {"stop_id": str(stop.id)}).duplicate
    other = db_session.execute(sa.select(Stop).where(Stop.route_id == route.id,
                                                     Stop.id != stop.id)).scalars().first()
    service.cancel_stop(actor_id=None, stop_id=other.id, reason="Baja de la cuenta")
    with pytest.raises(DomainError) as exc:
        complete_stop(ctx_for(rosa), {"stop_id": str(other.id)})
    assert exc.value.code == "STOP_NOT_IN_SCOPE"
