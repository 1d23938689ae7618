"""Row types devices hold: exactly the payloads of docs/field-sync.md, in batch."""
import re
import uuid
from datetime import datetime, time, timezone
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.fieldwork import service
from server.fieldwork.models import Stop
from server.fieldwork.mutations import ENTITIES, record_visit_v2
from server.ledger import queries as ledger
from server.notices.models import Notice
from server.notices.mutations import ENTITIES as NOTICE_ENTITIES
from tests.fieldwork.conftest import TODAY

MONEY = re.compile(r"^-?\d+\.\d{2}$")
SERIALIZERS = {e.type: e.serialize for e in [*ENTITIES, *NOTICE_ENTITIES]}


@pytest.fixture()
def day(town, notifiers, db_session, ctx_for):
    (route,) = service.plan_routes(actor_id=None, campaign_id=town["campaign"].id,
                                   work_date=TODAY, worker_ids=[notifiers[0].id])
    stops = db_session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                               .order_by(Stop.position)).scalars().all()
    visit_id = uuid.uuid4()
    started = datetime.combine(TODAY, time(16, 30), tzinfo=timezone.utc)
    record_visit_v2(ctx_for(notifiers[0]), {
        "id": str(visit_id), "stop_id": str(stops[0].id), "notice_id": str(stops[0].notice_id),
        "outcome": "absent", "started_at": started.isoformat(), "ended_at": None,
        "gps": None, "gps_error": "denied", "address_verification": ["facade"],
        "photos": [], "signature": None, "copy_delivered": False,
        "signature_refused": False})
    return {"route": route, "stops": stops, "visit_id": visit_id, "worker": notifiers[0]}


def test_the_five_row_types_are_published():
    assert set(SERIALIZERS) == {"route", "stop", "notice", "account", "visit"}


def test_a_route_and_its_stops(day, db_session):
    route = SERIALIZERS["route"](db_session(), [day["route"].id])[day["route"].id]
    assert set(route) == {"id", "name", "work_date", "status", "zone", "campaign_id"}
    assert route["work_date"] == TODAY.isoformat() and route["status"] == "in_progress"
    ids = [s.id for s in day["stops"]]
    stops = SERIALIZERS["stop"](db_session(), ids)
    assert len(stops) == len(ids)
    first = stops[ids[0]]
    assert set(first) == {"id", "route_id", "position", "kind", "status", "notice_id",
                          "order_id", "application_id", "account_id", "cancel_reason"}
    assert first["application_id"] is None  # a notice stop renews no discount
    assert first["status"] == "done" and first["position"] == 1


def test_a_notice_states_its_debt_as_text(day, db_session):
    notice_id = day["stops"][0].notice_id
    payload = SERIALIZERS["notice"](db_session(), [str(notice_id)])[str(notice_id)]
    assert set(payload) == {"id", "folio", "kind", "status", "account_id", "debt_amount",
                            "months_past_due", "oldest_period", "issued_on"}
    assert MONEY.match(payload["debt_amount"]) and payload["status"] == "absent"
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", payload["oldest_period"])


def test_an_account_carries_address_debt_and_last_visits(day, db_session):
    account_id = day["stops"][0].account_id
    _surcharge(db_session, account_id)
    payload = SERIALIZERS["account"](db_session(), [account_id])[account_id]
    assert set(payload) == {"id", "account_number", "holder_name", "address", "latitude",
                            "longitude", "property_class", "status", "meter_serial", "debt",
                            "months_past_due", "oldest_unpaid_period", "last_visits",
                            "neighborhood_id", "debt_lines", "prior_promotions"}
    # The agreement builder's snapshot: open amounts by service and concept, to the centavo.
    assert sum(D(ln["amount"]) for ln in payload["debt_lines"]) == D(
        payload["debt"]["total"])
    assert set(payload["address"]) == {"street", "exterior_number", "interior_number",
                                       "neighborhood", "locality", "postal_code",
                                       "references"}
    debt = payload["debt"]
    assert set(debt) == {"total", "principal", "accessories", "by_service"}
    assert set(debt["by_service"]) == {"water", "sewer", "sanitation", "other"}
    assert all(MONEY.match(v) for v in [debt["total"], debt["principal"],
                                        debt["accessories"], *debt["by_service"].values()])
    balance = ledger.account_balance(account_id)
    assert D(debt["total"]) == balance["balance"]
    assert (D(debt["principal"]), D(debt["accessories"])) == (balance["principal"],
                                                                balance["accessories"])
    assert debt["accessories"] == "12.34"
    assert payload["oldest_unpaid_period"] == balance["oldest_unpaid_period"].isoformat()
    assert debt["by_service"]["water"] == "612.34" and debt["by_service"]["other"] == "0.00"
    assert payload["months_past_due"] == balance["months_past_due"]
    (visit,) = payload["last_visits"]
    assert visit["outcome"] == "absent" and visit["worker_name"] == day["worker"].full_name
    assert visit["started_at"].endswith("Z")


def _surcharge(session, account_id):
    from server.ledger.models import Charge

    session.add(Charge(account_id=account_id, period=TODAY.replace(day=1), service="water",
                       concept="surcharge", amount=D("12.34"), origin="surcharge_job",
                       due_date=TODAY, property_class="domestic"))
    session.flush()


def test_an_account_keeps_only_its_three_latest_visits(day, db_session, ctx_for):
    stop = day["stops"][1]
    for hour in (14, 15, 16, 17):
        record_visit_v2(ctx_for(day["worker"]), {
            "id": str(uuid.uuid4()), "stop_id": str(stop.id), "notice_id": str(stop.notice_id),
            "outcome": "absent", "address_verification": ["gps"],
            "started_at": datetime.combine(TODAY, time(hour), tzinfo=timezone.utc).isoformat()})
    visits = SERIALIZERS["account"](db_session(), [stop.account_id])[stop.account_id][
        "last_visits"]
    assert [v["started_at"][11:13] for v in visits] == ["17", "16", "15"]


def test_a_visit_payload(day, db_session):
    payload = SERIALIZERS["visit"](db_session(), [day["visit_id"]])[day["visit_id"]]
    assert set(payload) == {"id", "stop_id", "notice_id", "order_id", "account_id", "outcome",
                            "started_at", "ended_at", "flags", "evidence_pending"}
    assert payload["flags"] == ["NO_GPS"] and payload["evidence_pending"] is False
    assert payload["ended_at"] is None


def test_missing_or_deleted_rows_are_left_out_for_a_del(day, db_session):
    from server.common.clock import utcnow

    notice = db_session.get(Notice, day["stops"][2].notice_id)
    notice.deleted_at = utcnow()
    db_session.flush()
    ghost = uuid.uuid4()
    assert SERIALIZERS["notice"](db_session(), [notice.id, ghost]) == {}
    assert SERIALIZERS["account"](db_session(), [ghost]) == {}
    assert SERIALIZERS["stop"](db_session(), []) == {}


def test_a_route_of_many_stops_is_serialized_in_a_handful_of_queries(day, db_session):
    from sqlalchemy import event

    db_session.flush()
    statements = []
    engine = db_session().get_bind()
    listener = lambda *a, **k: statements.append(a[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        SERIALIZERS["account"](db_session(), [s.account_id for s in day["stops"]])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # accounts, open items, unapplied credit, settings, last visits, meters, prior
    # promotions: a constant number whatever the route's size.
    assert len(statements) <= 7
