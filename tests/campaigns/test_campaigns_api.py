"""Office API of campaigns: preview, create with numbered notices, list, detail, notices."""
import time
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.common.clock import local_today
from server.notices.models import Notice
from tests import factories

TODAY = local_today()
RULES = {"min_months_past_due": 3, "exclude_notified_within_days": 30}


@pytest.fixture()
def debtors(db_session):
    hood = factories.neighborhood("Caborca Centro", "83600", "S01")
    return [factories.overdue_account(6, as_of=TODAY, hood=hood) for _ in range(3)]


@pytest.fixture()
def manager(auth_headers):
    return auth_headers("manager")


def _create(client, headers, kind="informal", **extra):
    return client.post("/api/v1/campaigns", headers=headers, json={
        "name": "Requerimientos marzo", "notice_kind": kind, "rules": RULES, **extra})


def test_the_preview_changes_nothing_and_shows_count_total_and_sample(client, manager,
                                                                       debtors, db_session):
    resp = client.post("/api/v1/campaigns/preview", json={"rules": RULES}, headers=manager)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["count"] == 3 and body["total_debt"] == "3915.00"
    assert body["by_neighborhood"][0]["neighborhood"] == "Caborca Centro"
    assert len(body["sample"]) == 3 and body["sample"][0]["debt"] == "1305.00"
    assert db_session.execute(sa.select(sa.func.count()).select_from(Notice)).scalar() == 0


def test_a_director_may_preview_but_not_create(client, auth_headers, debtors):
    director = auth_headers("director")
    assert client.post("/api/v1/campaigns/preview", json={"rules": RULES},
                       headers=director).status_code == 200
    assert _create(client, director).status_code == 403


def test_creating_a_campaign_issues_one_numbered_notice_per_account(client, manager, debtors,
                                                                    db_session):
    resp = _create(client, manager, kind="formal", approving_act="Acta JG 12/2026")
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["folio"] == f"CP-{TODAY.year}-0001"
    assert body["notice_count"] == 3 and body["total_debt"] == "3915.00"
    assert body["notices_by_status"] == {"issued": 3}
    notices = db_session.execute(sa.select(Notice).order_by(Notice.folio)).scalars().all()
    assert [n.folio for n in notices] == [f"RQ-{TODAY.year}-{i:06d}" for i in (1, 2, 3)]
    assert {n.debt_amount for n in notices} == {D("1305.00")}
    assert all(n.months_past_due >= 5 and n.oldest_period and n.rv > 0 for n in notices)
    audit = db_session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_type == "campaign")).scalars().one()
    assert audit.changes["notice_count"] == 3 and audit.changes["first_folio"].startswith("RQ")


def test_folios_continue_gap_free_and_never_repeat_across_campaigns(client, manager, debtors):
    _create(client, manager)
    more = [factories.overdue_account(6, as_of=TODAY) for _ in range(2)]
    second = _create(client, manager).get_json()
    assert second["folio"] == f"CP-{TODAY.year}-0002" and second["notice_count"] == 2
    items = client.get(f"/api/v1/campaigns/{second['id']}/notices", headers=manager
                       ).get_json()["items"]
    assert [n["folio"] for n in items] == [f"AV-{TODAY.year}-000004",
                                           f"AV-{TODAY.year}-000005"]
    assert {n["account_id"] for n in items} == {str(a.id) for a in more}


def test_an_empty_selection_is_refused_in_spanish(client, manager, db_session):
    resp = _create(client, manager)
    assert resp.status_code == 422
    assert resp.get_json()["error_code"] == "CAMPAIGN_SELECTION_EMPTY"
    assert "criterios" in resp.get_json()["message"]


def test_bad_rules_are_a_422_with_the_field(client, manager):
    resp = client.post("/api/v1/campaigns/preview", headers=manager, json={"rules": {
        "min_months_past_due": 4, "max_months_past_due": 2, "property_classes": ["casa"]}})
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]["rules"]
    assert "property_classes" in errors


def test_list_detail_and_notices_of_a_campaign(client, auth_headers, manager, debtors):
    created = _create(client, manager).get_json()
    director = auth_headers("director")
    listed = client.get("/api/v1/campaigns", headers=director).get_json()
    assert [c["id"] for c in listed["items"]] == [created["id"]]
    detail = client.get(f"/api/v1/campaigns/{created['id']}", headers=director).get_json()
    assert detail["rules"]["min_months_past_due"] == 3
    assert detail["exclusions_not_applied"] == ["exclude_open_dispute"]
    page = client.get(f"/api/v1/campaigns/{created['id']}/notices?status=issued&page_size=2",
                      headers=director).get_json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert page["items"][0]["holder_name"] and page["items"][0]["debt_amount"] == "1305.00"


def test_a_notifier_cannot_see_campaigns(client, auth_headers):
    assert client.get("/api/v1/campaigns", headers=auth_headers("notifier")).status_code == 403


def test_five_thousand_notices_are_issued_in_seconds(db_session):
    from server.notices.service import issue_notices

    acc = factories.account()
    rows = [{"account_id": acc.id, "debt_amount": D("100.00"), "months_past_due": 3,
             "oldest_period": None} for _ in range(5000)]
    started = time.perf_counter()
    folios = issue_notices(db_session(), campaign_id=None, kind="informal", rows=rows,
                           issued_on=TODAY)
    elapsed = time.perf_counter() - started
    assert len(set(folios)) == 5000 and elapsed < 10
    assert db_session.execute(sa.select(sa.func.count()).select_from(Notice)).scalar() == 5000
