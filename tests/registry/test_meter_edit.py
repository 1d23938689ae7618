"""Editing the meter from the account's edit screen: correct it, replace it, install one."""
from datetime import date

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.registry.models import Meter, Reading
from tests import factories


@pytest.fixture()
def clerk(auth_headers):
    return auth_headers("clerk")


def _meter(acc, serial="ABC12345", **over) -> Meter:
    meter = Meter(account_id=acc.id, serial=serial, brand=over.pop("brand", "Itron"),
                  installed_on=over.pop("installed_on", date(2023, 5, 2)), **over)
    db.session.add(meter)
    db.session.commit()
    return meter


def _patch(client, headers, acc, **body):
    return client.patch(f"/api/v1/registry/accounts/{acc.id}", headers=headers, json=body)


def _audit(client, headers, acc):
    return client.get(f"/api/v1/registry/accounts/{acc.id}/audit", headers=headers).get_json()


def test_correcting_the_meter_fields_is_audited_with_the_reason(client, clerk, db_session):
    acc = factories.account()
    _meter(acc)
    resp = _patch(client, clerk, acc, reason="Serie mal capturada", meter={
        "serial": "abc12354", "brand": "Badger", "state": "broken", "installed_on": "2023-05-12"})
    assert resp.status_code == 200, resp.get_json()
    [m] = resp.get_json()["meters"]
    assert (m["serial"], m["brand"], m["state"]) == ("ABC12354", "Badger", "broken")
    assert m["installed_on"] == "2023-05-12" and m["removed_on"] is None
    event = _audit(client, clerk, acc)[0]
    assert event["reason"] == "Serie mal capturada"
    assert event["changes"]["meter.serial"] == ["ABC12345", "ABC12354"]
    assert event["changes"]["meter.brand"] == ["Itron", "Badger"]
    assert event["changes"]["meter.state"] == ["working", "broken"]
    assert "meter.installed_on" in event["changes"]


def test_replacing_keeps_the_old_meter_removed_with_its_readings(client, clerk, db_session):
    acc = factories.account(billing_type="metered")
    old = _meter(acc, serial="OLD0001")
    db.session.add(Reading(meter_id=old.id, period=date(2026, 10, 1), read_on=date(2026, 10, 3),
                           value_m3=120, consumption_m3=18))
    db.session.commit()
    resp = _patch(client, clerk, acc, reason="Medidor dañado, se cambia",
                  new_meter={"serial": "NEW0002", "brand": "Elster",
                             "installed_on": "2026-11-20"})
    assert resp.status_code == 200, resp.get_json()
    meters = {m["serial"]: m for m in resp.get_json()["meters"]}
    assert meters["OLD0001"]["state"] == "removed" and meters["OLD0001"]["removed_on"]
    assert meters["NEW0002"]["state"] == "working" and meters["NEW0002"]["removed_on"] is None
    assert meters["NEW0002"]["installed_on"] == "2026-11-20"
    readings = db.session.execute(sa.select(Reading.meter_id)).scalars().all()
    assert readings == [old.id]
    event = _audit(client, clerk, acc)[0]
    assert event["changes"]["meter"] == ["OLD0001", "NEW0002"]
    assert event["reason"] == "Medidor dañado, se cambia"
    # The next correction goes to the new meter, not the removed one.
    fix = _patch(client, clerk, acc, reason="Marca corregida", meter={"brand": "Honeywell"})
    assert {m["serial"]: m["brand"] for m in fix.get_json()["meters"]} == {
        "OLD0001": "Itron", "NEW0002": "Honeywell"}


def test_new_meter_installs_the_first_one_and_leaves_billing_type_as_set(
        client, clerk, db_session):
    acc = factories.account(billing_type="fixed")
    no_meter = _patch(client, clerk, acc, reason="Corrección", meter={"brand": "Itron"})
    assert no_meter.status_code == 422
    assert "no tiene medidor" in no_meter.get_json()["message"]
    resp = _patch(client, clerk, acc, reason="Instalación de medidor",
                  new_meter={"serial": "FIRST123"})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert [m["serial"] for m in body["meters"]] == ["FIRST123"]
    assert body["meters"][0]["installed_on"] is not None
    assert body["billing_type"] == "fixed"


def test_a_serial_on_another_active_meter_is_a_422_in_spanish(client, clerk, db_session):
    other = factories.account(number="0307777")
    _meter(other, serial="DUP9999")
    acc = factories.account()
    _meter(acc, serial="MINE0001")
    for body in ({"meter": {"serial": "dup9999"}}, {"new_meter": {"serial": "DUP9999"}}):
        resp = _patch(client, clerk, acc, reason="Cambio de serie", **body)
        assert resp.status_code == 422, body
        out = resp.get_json()
        assert out["message"] == "El medidor DUP9999 ya está en la cuenta 0307777."
        group = next(iter(body))
        assert out["errors"][group]["serial"] == [out["message"]]
    # A removed meter's serial is free again.
    db.session.get(Meter, db.session.execute(sa.select(Meter.id).where(
        Meter.serial == "DUP9999")).scalar_one()).removed_on = date(2026, 1, 5)
    db.session.commit()
    assert _patch(client, clerk, acc, reason="Reuso de serie",
                  meter={"serial": "DUP9999"}).status_code == 200


@pytest.mark.parametrize("body, field", [
    ({"meter": {"serial": "ab"}}, "serial"),
    ({"meter": {"state": "removed"}}, "state"),
    ({"new_meter": {"brand": "Itron"}}, "serial"),
    ({"new_meter": {"serial": "X" * 31}}, "serial"),
])
def test_invalid_meter_values_are_refused_by_field(client, clerk, db_session, body, field):
    acc = factories.account()
    _meter(acc)
    resp = _patch(client, clerk, acc, reason="Corrección", **body)
    assert resp.status_code == 422
    group = next(iter(body))
    assert field in resp.get_json()["errors"][group]


def test_the_director_cannot_edit_the_meter(client, auth_headers, db_session):
    acc = factories.account()
    _meter(acc)
    resp = _patch(client, auth_headers("director"), acc, reason="Cambio",
                  new_meter={"serial": "NOPE1234"})
    assert resp.status_code == 403
    assert db.session.execute(sa.select(sa.func.count()).select_from(Meter)).scalar_one() == 1


def test_a_field_proposal_of_a_serial_already_installed_elsewhere_is_refused_on_approval(
        client, auth_headers, db_session):
    """The field's meter serial goes through the same check as the office's edit."""
    acc, other = factories.account(), factories.account()
    _meter(acc, serial="FIELD001")
    _meter(other, serial="TAKEN002")
    manager = auth_headers("manager")
    ids = []
    for serial in ("taken002", "field009"):
        resp = client.post(f"/api/v1/registry/accounts/{acc.id}/proposals",
                           headers=auth_headers("notifier"),
                           json={"field": "meter_serial", "proposed_value": serial,
                                 "reason": "La serie del medidor no coincide"})
        assert resp.status_code == 201, resp.get_json()
        ids.append(resp.get_json()["id"])
    refused = client.post(f"/api/v1/registry/proposals/{ids[0]}/approve", json={},
                          headers=manager)
    assert refused.status_code == 422
    assert refused.get_json()["error_code"] == "METER_SERIAL_TAKEN"
    assert other.account_number in refused.get_json()["message"]
    pending = client.get("/api/v1/registry/proposals?status=pending", headers=manager).get_json()
    assert ids[0] in [p["id"] for p in pending["items"]]  # still there to reject with a reason
    approved = client.post(f"/api/v1/registry/proposals/{ids[1]}/approve", json={},
                           headers=manager)
    assert approved.status_code == 200, approved.get_json()
    serials = db.session.execute(sa.select(Meter.serial).where(
        Meter.account_id == acc.id, Meter.removed_on.is_(None))).scalars().all()
    assert serials == ["FIELD009"]


def test_a_field_proposal_records_the_first_meter_of_an_account_without_one(
        client, auth_headers, db_session):
    acc = factories.account()
    pid = client.post(f"/api/v1/registry/accounts/{acc.id}/proposals",
                      headers=auth_headers("notifier"),
                      json={"field": "meter_serial", "proposed_value": "NEW77",
                            "reason": "Tiene medidor instalado"}).get_json()["id"]
    resp = client.post(f"/api/v1/registry/proposals/{pid}/approve", json={},
                       headers=auth_headers("manager"))
    assert resp.status_code == 200, resp.get_json()
    [meter] = db.session.execute(sa.select(Meter).where(Meter.account_id == acc.id)).scalars()
    assert meter.serial == "NEW77" and meter.removed_on is None
