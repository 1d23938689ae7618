"""Reclassification: the manager proposes new class/status/flags; on approval the
registry's change proposals apply them with history and audit."""
from __future__ import annotations

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.extensions import db
from server.registry.models import Account, ChangeProposal, ClassHistory
from tests import factories

URL = "/api/v1/cleanup/proposals"


def test_a_reclassification_changes_nothing_until_approved_then_goes_through_the_registry(
        client, person, db_session):
    acc = factories.account(holder="Lote de Juan Mora", property_class="domestic")
    acc.premises.built = False
    db.session.commit()
    _, manager = person("manager")
    resp = client.post(f"{URL}/reclassification", headers=manager, json={
        "account": acc.account_number, "reason": "Es un lote baldío sin construcción",
        "changes": {"property_class": "vacant_lot", "uninhabited": "sí", "built": "no"},
        "suspect_kind": "vacant_lot_billed_as_built"})
    assert resp.status_code == 201, resp.get_json()
    proposal = resp.get_json()
    # "built" already says no: only real changes are kept.
    assert proposal["changes"] == {"property_class": "vacant_lot", "uninhabited": "sí"}
    assert db.session.get(Account, acc.id).property_class == "domestic"

    approved = client.post(f"{URL}/{proposal['id']}/approve", json={}, headers=manager)
    assert approved.status_code == 200, approved.get_json()
    body = approved.get_json()
    assert body["status"] == "approved" and len(body["change_proposal_ids"]) == 2
    db.session.expire_all()
    account = db.session.get(Account, acc.id)
    assert account.property_class == "vacant_lot" and account.uninhabited is True
    registry = db.session.execute(sa.select(ChangeProposal).where(
        ChangeProposal.account_id == acc.id)).scalars().all()
    assert {p.status for p in registry} == {"approved"}
    history = db.session.execute(sa.select(ClassHistory.property_class).where(
        ClassHistory.account_id == acc.id).order_by(ClassHistory.id)).scalars().all()
    assert history == ["domestic", "vacant_lot"]
    updates = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.entity_type == "account", AuditEvent.action == "update")).scalars().all()
    assert any("property_class" in e.changes for e in updates)
    again = client.post(f"{URL}/{proposal['id']}/approve", json={}, headers=manager)
    assert again.status_code == 409


def test_a_director_cannot_decide_a_reclassification_and_bad_values_are_spanish(
        client, person, db_session):
    acc = factories.account()
    db.session.commit()
    _, manager = person("manager")
    _, director = person("director")
    bad = client.post(f"{URL}/reclassification", headers=manager, json={
        "account": acc.account_number, "reason": "Prueba", "changes": {"status": "cerrada"}})
    assert bad.status_code == 422 and "use uno de" in bad.get_json()["message"]
    unknown = client.post(f"{URL}/reclassification", headers=manager, json={
        "account": acc.account_number, "reason": "Prueba", "changes": {"rfc": "X"}})
    assert unknown.status_code == 422
    same = client.post(f"{URL}/reclassification", headers=manager, json={
        "account": acc.account_number, "reason": "Prueba",
        "changes": {"property_class": "domestic"}})
    assert same.status_code == 422 and same.get_json()["error_code"] == "NOTHING_TO_CHANGE"
    pid = client.post(f"{URL}/reclassification", headers=manager, json={
        "account": acc.account_number, "reason": "Casa abandonada",
        "changes": {"status": "temporarily_closed"}}).get_json()["id"]
    refused = client.post(f"{URL}/{pid}/approve", json={}, headers=director)
    assert refused.status_code == 403
    assert refused.get_json()["error_code"] == "RECLASSIFICATION_NEEDS_MANAGER"
    rejected = client.post(f"{URL}/{pid}/reject", json={"reason": "Sí está habitada"},
                           headers=manager)
    assert rejected.get_json()["status"] == "rejected"
    assert db.session.get(Account, acc.id).status == "active"
