"""Which accounts a campaign selects, on real ledger data: months past due, debt range,
places, and the exclusions (recently notified, a notice still open)."""
import uuid
from datetime import timedelta
from decimal import Decimal as D

import pytest

from server.campaigns.queries import preview, select_candidates
from server.campaigns.rules import SelectionRules
from server.common.clock import local_today, utcnow
from server.fieldwork.models import Visit
from server.ledger import queries as ledger
from server.ledger import service as ledger_service
from server.notices.models import Notice
from tests import factories

TODAY = local_today()


def rules(**kw):
    return SelectionRules.from_dict({"min_months_past_due": 2, **kw})


def selected(r) -> set:
    return {c.account_id for c in select_candidates(r, as_of=TODAY)}


@pytest.fixture()
def city(db_session):
    """Four accounts: current, one month late, six months, twelve months."""
    centro = factories.neighborhood("Caborca Centro", "83600", "S01")
    aviacion = factories.neighborhood("Aviación", "83640", "S02")
    return {
        "current": factories.account(hood=centro),
        "one": factories.overdue_account(1, as_of=TODAY, hood=centro),
        "six": factories.overdue_account(6, as_of=TODAY, hood=centro),
        "twelve": factories.overdue_account(12, as_of=TODAY, hood=aviacion,
                                            property_class="commercial", sector="S02"),
        "centro": centro, "aviacion": aviacion,
    }


def test_months_past_due_bounds_pick_the_right_accounts(city):
    assert selected(rules(min_months_past_due=3)) == {city["six"].id, city["twelve"].id}
    assert selected(rules(min_months_past_due=3, max_months_past_due=9)) == {city["six"].id}
    assert city["current"].id not in selected(rules(min_months_past_due=0))


def test_the_debt_months_and_oldest_period_are_the_ledgers(city):
    found = {c.account_id: c for c in select_candidates(rules(), as_of=TODAY)}
    for acc in (city["six"], city["twelve"]):
        balance = ledger.account_balance(acc.id, as_of=TODAY)
        assert D(found[acc.id].debt_c) / 100 == balance["balance"]
        assert found[acc.id].months_past_due == balance["months_past_due"]
        assert found[acc.id].oldest_period == balance["oldest_unpaid_period"]


def test_a_payment_lowers_the_debt_the_campaign_states(city):
    ledger_service.record_payment(actor_id=None, account_ref=str(city["six"].id),
                                  amount=D("100.00"))
    found = {c.account_id: c for c in select_candidates(rules(), as_of=TODAY)}
    assert D(found[city["six"].id].debt_c) / 100 == D("1305.00") - D("100.00")


def test_the_debt_range_is_inclusive(city):
    six = D("1305.00")  # 6 × (150 + 45 + 22.50)
    assert selected(rules(min_debt=six)) == {city["six"].id, city["twelve"].id}
    assert selected(rules(max_debt=six)) == {city["six"].id}
    assert selected(rules(min_debt=six + D("0.01"), max_debt=D("2000"))) == set()


def test_places_and_classes_narrow_the_selection(city):
    assert selected(rules(property_classes=["commercial"])) == {city["twelve"].id}
    assert selected(rules(neighborhood_ids=[city["centro"].id])) == {city["six"].id}
    assert selected(rules(sectors=["S02"])) == {city["twelve"].id}


def test_an_account_notified_recently_is_left_out_for_the_window(city, db_session):
    six = city["six"]
    db_session.add(Notice(folio="AV-1999-000001", account_id=six.id, kind="informal",
                          status="delivered", debt_amount=D("10.00"), issued_on=TODAY,
                          delivered_at=utcnow() - timedelta(days=10)))
    db_session.flush()
    assert six.id not in selected(rules(exclude_notified_within_days=30))
    assert six.id in selected(rules(exclude_notified_within_days=5))
    assert six.id in selected(rules(exclude_notified_within_days=None))


def test_a_visit_that_served_a_notice_also_counts_as_notified(city, db_session, make_user):
    worker = make_user("notifier")
    db_session.add(Visit(id=uuid.uuid4(), account_id=city["twelve"].id,
                         worker_id=worker.id, outcome="refused", record={}, flags=[],
                         started_at=utcnow() - timedelta(days=3), args_hash="x" * 64))
    db_session.flush()
    assert city["twelve"].id not in selected(rules())


def test_an_account_with_a_notice_still_open_is_not_notified_twice(city, db_session):
    db_session.add(Notice(folio="AV-1999-000002", account_id=city["six"].id,
                          kind="informal", status="assigned", debt_amount=D("10.00"),
                          issued_on=TODAY))
    db_session.flush()
    assert city["six"].id not in selected(rules())
    assert city["six"].id in selected(rules(exclude_open_notice=False))


def test_the_preview_counts_totals_and_breaks_down_by_colonia(city):
    result = preview(rules(), as_of=TODAY)
    assert result["count"] == 2
    assert result["total_debt"] == D("1305.00") + D("2610.00")
    assert {h["neighborhood"]: h["count"] for h in result["by_neighborhood"]} == {
        "Caborca Centro": 1, "Aviación": 1}
    assert result["sample"][0]["account_number"] == city["twelve"].account_number
    assert result["exclusions_not_applied"] == ["exclude_open_dispute"]
