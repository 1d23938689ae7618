"""Write-offs: the manager proposes, a different person with the director role decides;
an approval books credits on the charges (never edits them) and is audited."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.extensions import db
from server.ledger import queries as ledger_queries
from server.ledger.models import Allocation, Charge, Credit
from tests import factories

AS_OF = date(2026, 11, 28)
URL = "/api/v1/cleanup/proposals"


@pytest.fixture()
def debtor(db_session):
    acc = factories.overdue_account(4, as_of=AS_OF, holder="Ramón Galaz Cota")
    db.session.commit()
    return acc


def _charges(acc):
    return [(c.id, c.amount, c.period, c.service, c.concept, c.due_date) for c in
            db.session.execute(sa.select(Charge).where(Charge.account_id == acc.id)
                               .order_by(Charge.id)).scalars()]


def _propose(client, headers, acc, **extra):
    body = {"account": acc.account_number, "reason": "Predio abandonado, titular finado"}
    body.update(extra)
    return client.post(f"{URL}/write-off", json=body, headers=headers)


def test_the_proposer_cannot_approve_even_holding_the_director_role(client, person, debtor):
    _, both = person("manager", "director")
    pid = _propose(client, both, debtor).get_json()["id"]
    resp = client.post(f"{URL}/{pid}/approve", json={}, headers=both)
    assert resp.status_code == 403
    assert resp.get_json()["error_code"] == "WRITE_OFF_SAME_PERSON"
    assert "otra persona" in resp.get_json()["message"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Credit)).scalar() == 0


def test_a_manager_who_is_not_a_director_cannot_approve(client, person, debtor):
    _, manager = person("manager")
    _, other_manager = person("manager")
    pid = _propose(client, manager, debtor).get_json()["id"]
    resp = client.post(f"{URL}/{pid}/approve", json={}, headers=other_manager)
    assert resp.status_code == 403
    assert resp.get_json()["error_code"] == "WRITE_OFF_NEEDS_DIRECTOR"
    _, clerk = person("clerk")
    assert client.post(f"{URL}/{pid}/approve", json={}, headers=clerk).status_code == 403


def test_the_director_approves_and_the_balance_drops_by_exactly_the_amount(
        client, person, debtor):
    manager_user, manager = person("manager")
    director_user, director = person("director")
    before = ledger_queries.account_balance(debtor.id, as_of=AS_OF)["balance"]
    charges_before = _charges(debtor)
    proposal = _propose(client, manager, debtor, amount="300.00").get_json()
    assert proposal["status"] == "pending" and proposal["amount"] == "300.00"
    assert proposal["all_open"] is True and len(proposal["charge_ids"]) == 12
    assert ledger_queries.account_balance(debtor.id, as_of=AS_OF)["balance"] == before

    resp = client.post(f"{URL}/{proposal['id']}/approve", json={"reason": "Procede"},
                       headers=director)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "approved" and body["decided_by"] == str(director_user.id)
    after = ledger_queries.account_balance(debtor.id, as_of=AS_OF)["balance"]
    assert before - after == D("300.00")
    # Charges untouched (amount, period, concept...); the credit is allocated to them.
    assert _charges(debtor) == charges_before
    credit = db.session.get(Credit, body["credit_id"])
    assert credit.kind == "write_off" and credit.amount == D("300.00")
    assert credit.unapplied == 0 and credit.authorized_by == director_user.id
    applied = db.session.execute(sa.select(sa.func.sum(Allocation.amount)).where(
        Allocation.credit_id == credit.id)).scalar()
    assert applied == D("300.00")
    # Audited: the proposal, the decision and the credit, by the right people.
    events = {(e.entity_type, e.action): e for e in db.session.execute(sa.select(AuditEvent))
              .scalars() if e.entity_type in ("cleanup_proposal", "credit")}
    assert events[("cleanup_proposal", "propose")].actor_id == manager_user.id
    assert events[("cleanup_proposal", "approve")].actor_id == director_user.id
    assert events[("credit", "create")].changes["kind"] == "write_off"


def test_writing_off_chosen_charges_credits_only_those(client, person, debtor):
    _, manager = person("manager")
    _, director = person("director")
    chosen = [c[0] for c in _charges(debtor)][-3:]  # the last month's three charges
    proposal = _propose(client, manager, debtor, charge_ids=chosen).get_json()
    assert proposal["amount"] == "217.50" and proposal["all_open"] is False
    client.post(f"{URL}/{proposal['id']}/approve", json={}, headers=director)
    touched = set(db.session.execute(sa.select(Allocation.charge_id)).scalars())
    assert touched == set(chosen)
    assert all(db.session.get(Charge, c).cleared_on is not None for c in chosen)


def test_a_rejection_needs_a_reason_and_books_nothing(client, person, debtor):
    _, manager = person("manager")
    _, director = person("director")
    pid = _propose(client, manager, debtor).get_json()["id"]
    missing = client.post(f"{URL}/{pid}/reject", json={}, headers=director)
    assert missing.status_code == 422
    assert missing.get_json()["errors"]["reason"] == ["Indique el motivo del rechazo."]
    resp = client.post(f"{URL}/{pid}/reject", json={"reason": "Hay bienes embargables"},
                       headers=director)
    assert resp.status_code == 200
    assert resp.get_json()["status"] == "rejected"
    assert resp.get_json()["decision_reason"] == "Hay bienes embargables"
    assert db.session.execute(sa.select(sa.func.count()).select_from(Credit)).scalar() == 0
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_type == "cleanup_proposal", AuditEvent.action == "reject")
    ).scalars().one().reason == "Hay bienes embargables"


def test_a_second_approval_is_a_409_and_books_nothing_more(client, person, debtor):
    _, manager = person("manager")
    _, director = person("director")
    _, other_director = person("director")
    pid = _propose(client, manager, debtor).get_json()["id"]
    assert client.post(f"{URL}/{pid}/approve", json={}, headers=director).status_code == 200
    balance = ledger_queries.account_balance(debtor.id, as_of=AS_OF)["balance"]
    assert balance == D("0.00")
    for headers in (director, other_director):
        again = client.post(f"{URL}/{pid}/approve", json={}, headers=headers)
        assert again.status_code == 409
        assert again.get_json()["error_code"] == "CLEANUP_PROPOSAL_ALREADY_DECIDED"
    rejected_late = client.post(f"{URL}/{pid}/reject", json={"reason": "Tarde"},
                                headers=director)
    assert rejected_late.status_code == 409
    assert db.session.execute(sa.select(sa.func.count()).select_from(Credit)).scalar() == 1


def test_a_payment_after_the_proposal_makes_the_approval_refuse(client, person, debtor):
    from server.ledger import service as ledger_service

    manager_user, manager = person("manager")
    _, director = person("director")
    pid = _propose(client, manager, debtor).get_json()["id"]
    ledger_service.record_payment(actor_id=manager_user.id, account_ref=debtor.id,
                                  amount=D("100.00"), paid_on=AS_OF)
    resp = client.post(f"{URL}/{pid}/approve", json={}, headers=director)
    assert resp.status_code == 409 and resp.get_json()["error_code"] == "WRITE_OFF_DEBT_CHANGED"


def test_only_one_pending_write_off_per_account_and_bad_amounts_are_refused(
        client, person, debtor):
    _, manager = person("manager")
    too_much = _propose(client, manager, debtor, amount="99999.00")
    assert too_much.status_code == 422
    assert too_much.get_json()["error_code"] == "WRITE_OFF_AMOUNT_INVALID"
    not_open = _propose(client, manager, debtor, charge_ids=[987654])
    assert not_open.status_code == 422 and "987654" in not_open.get_json()["message"]
    assert _propose(client, manager, debtor).status_code == 201
    twice = _propose(client, manager, debtor)
    assert twice.status_code == 409 and twice.get_json()["error_code"] == \
        "WRITE_OFF_ALREADY_PENDING"


def test_only_the_manager_proposes(client, person, debtor):
    for role in ("clerk", "director"):
        _, headers = person(role)
        assert _propose(client, headers, debtor).status_code == 403


def test_the_director_sees_pending_write_offs_and_the_manager_hers(client, person, debtor):
    _, manager = person("manager")
    _, other = person("manager")
    _, director = person("director")
    pid = _propose(client, manager, debtor).get_json()["id"]
    pending = client.get(f"{URL}?status=pending&kind=write_off", headers=director).get_json()
    assert [p["id"] for p in pending["items"]] == [pid]
    assert pending["items"][0]["holder_name"] == "Ramón Galaz Cota"
    mine = client.get(f"{URL}?mine=true", headers=manager).get_json()
    assert mine["total"] == 1
    assert client.get(f"{URL}?mine=true", headers=other).get_json()["total"] == 0
