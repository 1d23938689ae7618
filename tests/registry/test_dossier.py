"""The office's account page in one read: search results with money, meter serial search,
the dossier (expediente) and its constant number of queries."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import event

from server.common.clock import local_today
from server.extensions import db
from server.ledger.models import Payment
from server.registry.models import Meter, Reading
from tests import factories

TODAY = local_today()
API = "/api/v1/registry/accounts"


@pytest.fixture()
def clerk(auth_headers):
    return auth_headers("clerk")


def _meter(acc, serial: str, readings: int = 0) -> Meter:
    m = Meter(account_id=acc.id, serial=serial, brand="Badger", installed_on=date(2020, 1, 5))
    db.session.add(m)
    db.session.flush()
    for i in range(readings):
        db.session.add(Reading(meter_id=m.id, period=date(2025, 1 + i, 1),
                               read_on=date(2025, 1 + i, 20), value_m3=100 + 15 * i,
                               consumption_m3=15))
    db.session.flush()
    return m


def test_search_results_carry_class_status_balance_and_months_past_due(client, clerk):
    debtor = factories.overdue_account(4, as_of=TODAY, holder="Jesús Ortega Ibarra")
    db.session.add(Payment(account_id=debtor.id, amount=Decimal("10.00"),
                           unapplied=Decimal("10.00"), method="cash", paid_on=TODAY,
                           idempotency_key=f"k-{uuid.uuid4()}"))
    factories.account(holder="Jesús Ortega Valdez", property_class="commercial")
    db.session.flush()
    items = client.get(f"{API}?q=jesus ortega", headers=clerk).get_json()["items"]
    by_name = {i["holder_name"]: i for i in items}
    owing = by_name["Jesús Ortega Ibarra"]
    # Four months of 150 + 45 + 22.50, less the 10 pesos in favour.
    assert owing["balance"] == str(Decimal("217.50") * 4 - 10)
    assert owing["months_past_due"] >= 3
    assert owing["property_class"] == "domestic" and owing["status"] == "active"
    current = by_name["Jesús Ortega Valdez"]
    assert current["balance"] == "0.00" and current["months_past_due"] == 0
    assert current["property_class"] == "commercial"


def test_search_finds_an_account_by_the_start_of_its_meter_serial(client, clerk):
    acc = factories.account(holder="Leticia Soto")
    factories.account(holder="Otra Persona")
    _meter(acc, "MX-24A77819")
    body = client.get(f"{API}?q=mx-24a778", headers=clerk).get_json()
    assert [i["id"] for i in body["items"]] == [str(acc.id)] and body["total"] == 1
    assert client.get(f"{API}?q=24A778", headers=clerk).get_json()["total"] == 0


def _history(acc, n: int, worker, policy_id: int, program_id) -> None:
    """n notices with a visit and a photo each, n orders, n agreements, n applications."""
    from server.agreements.models import PaymentAgreement
    from server.disconnections.models import DisconnectionOrder
    from server.discounts.models import DiscountApplication
    from server.fieldwork.models import Visit, VisitAttachment
    from server.notices.models import Notice

    tag = uuid.uuid4().hex[:6]
    for i in range(n):
        notice = Notice(folio=f"AV-{tag}-{i}", account_id=acc.id, kind="informal",
                        status="delivered", debt_amount=Decimal("500.00"),
                        issued_on=TODAY - timedelta(days=40 + i))
        order = DisconnectionOrder(folio=f"OL-{tag}-{i}", account_id=acc.id, action="restrict",
                                   status="cancelled", issued_on=TODAY - timedelta(days=20 + i))
        db.session.add_all([notice, order])
        db.session.flush()
        visit = Visit(id=uuid.uuid4(), notice_id=notice.id, account_id=acc.id,
                      worker_id=worker.id, outcome="delivered_holder", record={},
                      started_at=datetime.now(timezone.utc) - timedelta(days=39 + i),
                      args_hash="0" * 64)
        db.session.add(visit)
        db.session.flush()
        db.session.add(VisitAttachment(visit_id=visit.id, sha256=f"{i:064d}", kind="photo"))
        db.session.add(PaymentAgreement(
            folio=f"CV-{tag}-{i}", account_id=acc.id,
            status="active" if i == 0 else "completed", policy_version=policy_id, terms={},
            terms_hash="0" * 64, args_hash="0" * 64, debt_snapshot=Decimal("900.00"),
            debt_at_arrival=Decimal("900.00"), agreed_debt=Decimal("900.00"),
            down_payment=Decimal("180.00"), installments=6,
            signed_at=datetime.now(timezone.utc) - timedelta(days=10 + i),
            signed_by=worker.id, signer_role="clerk", origin="counter"))
        db.session.add(DiscountApplication(
            program_id=program_id, account_id=acc.id, beneficiary_type="senior",
            beneficiary_name="Ramona Ortiz", curp="OIRR500101MSRRMM09", record={},
            status="approved" if i == 0 else "rejected", worker_id=worker.id,
            args_hash="0" * 64, starts_on=TODAY - timedelta(days=30),
            ends_on=TODAY + timedelta(days=300)))
    db.session.flush()


@pytest.fixture()
def fixtures_for_history(db_session):
    from server.agreements.service import current_policy
    from server.discounts.models import DiscountProgram

    worker = factories.notifier()
    program = DiscountProgram(name="Programa de adultos mayores 2026", rules={})
    db.session.add(program)
    db.session.flush()
    return worker, current_policy(db.session).id, program.id


def test_the_dossier_gathers_the_account_page(client, clerk, fixtures_for_history):
    worker, policy_id, program_id = fixtures_for_history
    acc = factories.overdue_account(3, as_of=TODAY, holder="Ramona Ortiz Ñeco",
                                    vulnerable_household=True, is_large_consumer=True)
    acc.premises.latitude, acc.premises.longitude = 30.716, -112.156
    _meter(acc, "SN-0001", readings=3)
    _history(acc, 2, worker, policy_id, program_id)
    resp = client.get(f"{API}/{acc.account_number}/dossier", headers=clerk)
    assert resp.status_code == 200
    d = resp.get_json()
    assert d["account"]["holder"]["name"] == "Ramona Ortiz Ñeco"
    assert d["account"]["premises"]["latitude"] == 30.716
    assert [r["period"] for r in d["readings"]] == ["2025-03-01", "2025-02-01", "2025-01-01"]
    assert d["readings"][0]["meter_serial"] == "SN-0001"
    assert d["flags"] == {"social_discount": True, "agreement_in_good_standing": True,
                          "vulnerable_household": True, "public_services": False,
                          "large_consumer": True}
    assert d["balance"]["balance"] == "652.50"
    assert set(d["balance"]["by_concept"]) == {"fixed", "sewer", "sanitation"}
    assert sum(Decimal(v) for v in d["balance"]["aging"].values()) == Decimal("652.50")
    kinds = [a["type"] for a in d["actions"]]
    assert sorted(kinds) == ["agreement"] * 2 + ["discount"] * 2 + ["notice"] * 2 + ["order"] * 2
    dates = [a["date"] for a in d["actions"]]
    assert dates == sorted(dates, reverse=True)
    notice = next(a for a in d["actions"] if a["type"] == "notice")
    assert notice["title"] == "Invitación a pagar" and notice["status_label"]
    assert notice["visits"][0]["evidence"][0]["url"].startswith("/api/sync/v1/blobs/")
    assert [e["action"] for e in d["audit"]] == ["create"]
    assert d["audit"][0]["changes"]["holder"] == "Ramona Ortiz Ñeco"


def _count_queries(fn) -> int:
    statements = []
    engine = db.session.get_bind()
    listener = lambda *a, **k: statements.append(a[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_dossier_costs_the_same_queries_whatever_the_history(client, clerk,
                                                                 fixtures_for_history):
    """Queries budget: a fixed number, with one or with many notices, visits and orders."""
    worker, policy_id, program_id = fixtures_for_history
    small = factories.overdue_account(1, as_of=TODAY)
    big = factories.overdue_account(24, as_of=TODAY)
    for acc, n in ((small, 1), (big, 12)):
        _meter(acc, f"SN-{acc.account_number}", readings=3 if n == 1 else 12)
        _history(acc, n, worker, policy_id, program_id)
    client.get(f"{API}/{small.id}/dossier", headers=clerk)  # settings cache warmed
    counts = [_count_queries(lambda a=acc: client.get(f"{API}/{a.id}/dossier", headers=clerk))
              for acc in (small, big)]
    assert counts[0] == counts[1] and counts[0] <= 16, counts


@pytest.mark.parametrize("role,status", [("clerk", 200), ("manager", 200), ("director", 200),
                                         ("notifier", 403), ("cutter", 403)])
def test_the_dossier_is_for_the_office(client, auth_headers, role, status):
    acc = factories.account()
    assert client.get(f"{API}/{acc.id}/dossier",
                      headers=auth_headers(role)).status_code == status


def test_an_unknown_account_has_no_dossier(client, clerk):
    resp = client.get(f"{API}/NOEXISTE99/dossier", headers=clerk)
    assert resp.status_code == 404 and resp.get_json()["error_code"] == "ACCOUNT_NOT_FOUND"
