"""Strategy effectiveness and field productivity over real rows, with Excel and PDF."""
from __future__ import annotations

import io
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from server.fieldwork.models import Route, Stop, Visit
from server.ledger.service import record_payment
from server.notices.models import Notice
from tests import factories
from tests.ledger.test_statement_export import pdf_info
from tests.pdf_text import pdf_text

API = "/api/v1/indicators"
MARCH = date(2026, 3, 1)


def _at(d: date, hour=17) -> datetime:
    return datetime(d.year, d.month, d.day, hour, tzinfo=timezone.utc)


def _strategies_city():
    """a: notice Mar 2, pays Mar 12 (10 d); b: notice Mar 3 then cut Mar 20, pays Apr 1
    (to the cut, 12 d); c: notice Mar 5, never pays."""
    accs = [factories.overdue_account(3, as_of=MARCH, holder=f"Titular {i}") for i in range(3)]
    for i, (acc, d) in enumerate(zip(accs, (2, 3, 5))):
        db.session.add(Notice(folio=f"AV-T-{i}", account_id=acc.id, kind="formal",
                              status="delivered", debt_amount=D("500.00"),
                              issued_on=MARCH, delivered_at=_at(MARCH.replace(day=d))))
    db.session.add(DisconnectionOrder(folio="OL-T-1", account_id=accs[1].id, action="restrict",
                                      status="executed", issued_on=date(2026, 3, 15),
                                      executed_at=_at(date(2026, 3, 20))))
    db.session.flush()
    record_payment(actor_id=None, account_ref=accs[0].account_number, amount=D("200.00"),
                   paid_on=date(2026, 3, 12))
    record_payment(actor_id=None, account_ref=accs[1].account_number, amount=D("400.00"),
                   paid_on=date(2026, 4, 1))
    return accs


def test_strategy_report_attributes_and_exports(client, auth_headers, db_session):
    from openpyxl import load_workbook

    _strategies_city()
    db.session.commit()
    h = auth_headers("director")
    q = "?from=2026-03-01&to=2026-03-31"
    r = client.get(f"{API}/strategies{q}", headers=h)
    assert r.status_code == 200, r.get_json()
    rows = {row["strategy"]: row for row in r.get_json()["rows"]}
    assert (rows["notice"]["actions"], rows["notice"]["responded_15"],
            rows["notice"]["amount_60"]) == (3, 1, "200.00")
    assert rows["notice"]["rate_15"] == "0.3333"
    assert (rows["cut"]["actions"], rows["cut"]["responded_15"], rows["cut"]["amount_15"]) == (
        1, 1, "400.00")
    assert r.get_json()["totals"]["amount_60"] == "600.00"
    r = client.get(f"{API}/strategies{q}&property_class=commercial", headers=h)
    assert all(row["actions"] == 0 for row in r.get_json()["rows"])
    r = client.get(f"{API}/strategies.xlsx{q}", headers=h)
    ws = load_workbook(io.BytesIO(r.data)).active
    assert ws["A1"].value == "Estrategia"
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "Total" and total[1] == 4 and total[-1] == 600
    r = client.get(f"{API}/strategies.pdf{q}", headers=h)
    assert r.data.startswith(b"%PDF")
    assert pdf_info(r.data)["Author"] == "Departamento de Cartera y Padrón"
    assert "Efectividad de estrategias de cobranza" in pdf_text(r.data)


def test_productivity_per_worker_and_day(client, auth_headers, make_user, db_session):
    from openpyxl import load_workbook

    worker = make_user("notifier")
    worker.full_name = "Rosa Peña Ibáñez"
    acc = factories.account()
    day = date(2026, 3, 10)
    route = Route(name="Ruta 1", worker_id=worker.id, work_date=day)
    db.session.add(route)
    db.session.flush()
    stops = [Stop(route_id=route.id, position=i, account_id=acc.id,
                  status="done" if i < 2 else "pending") for i in range(3)]
    db.session.add_all(stops)
    db.session.flush()
    for i, (flags, delay) in enumerate(((["FAR_FROM_PREMISES"], 30), ([], 90))):
        started = _at(day, 16) + timedelta(minutes=i)
        db.session.add(Visit(id=uuid.uuid4(), stop_id=stops[i].id, account_id=acc.id,
                             worker_id=worker.id, outcome="delivered_holder", record={},
                             started_at=started, received_at=started + timedelta(minutes=delay),
                             flags=flags, args_hash="0" * 64))
    db.session.commit()
    h = auth_headers("manager")
    r = client.get(f"{API}/productivity?from=2026-03-10&to=2026-03-10", headers=h)
    assert r.status_code == 200, r.get_json()
    (row,) = r.get_json()["rows"]
    assert (row["worker"], row["assigned"], row["done"], row["pending"], row["visits"],
            row["far"]) == ("Rosa Peña Ibáñez", 3, 2, 1, 2, 1)
    assert row["outcomes"] == {"delivered_holder": 2}
    assert row["sync_delay_avg_min"] == 60.0 and row["sync_delay_max_min"] == 90.0
    ws = load_workbook(io.BytesIO(client.get(
        f"{API}/productivity.xlsx?from=2026-03-10&to=2026-03-10", headers=h).data)).active
    assert ws["B2"].value == "Rosa Peña Ibáñez" and ws["C2"].value == 3
    assert isinstance(ws["A2"].value, datetime)
    pdf = client.get(f"{API}/productivity.pdf?from=2026-03-10&to=2026-03-10", headers=h).data
    assert pdf_info(pdf)["Title"] == "Productividad de campo por trabajador y día"
    text = pdf_text(pdf)
    assert "Productividad de campo por trabajador y día" in text
    assert "Rosa Peña Ibáñez" in text


def test_report_bad_ranges(client, auth_headers, db_session):
    h = auth_headers("manager")
    for q in ("?from=ayer&to=2026-03-01", "?from=2026-03-01", "?from=2026-03-02&to=2026-03-01",
              "?from=2024-01-01&to=2026-03-01", "?from=2026-02-30&to=2026-03-01",
              "?from=2026-03-01&to=2026-03-02&property_class=x"):
        r = client.get(f"{API}/strategies{q}", headers=h)
        assert r.status_code == 422, q
    assert client.get(f"{API}/productivity?from=2026-03-01&to=2026-03-02",
                      headers=auth_headers("clerk")).status_code == 403


def test_an_agreement_with_a_promotion_is_the_promotions_strategy(client, auth_headers,
                                                                   make_user, db_session):
    """Signed terms that applied a promotion count as «Convenio con promoción»; a payment
    after it is the promotion's, not the earlier notice's."""
    from server.agreements.models import AgreementPolicy, PaymentAgreement

    accs = [factories.overdue_account(3, as_of=MARCH, holder=f"Convenio {i}") for i in range(2)]
    clerk = make_user("clerk")
    policy = AgreementPolicy(rules={})
    db.session.add(policy)
    db.session.add(Notice(folio="AV-P-0", account_id=accs[0].id, kind="formal",
                          status="delivered", debt_amount=D("500.00"), issued_on=MARCH,
                          delivered_at=_at(date(2026, 3, 2))))
    db.session.flush()
    for i, (acc, day, promos) in enumerate(((accs[0], 10, ["buen-fin"]), (accs[1], 4, []))):
        db.session.add(PaymentAgreement(
            folio=f"CV-P-{i}", account_id=acc.id, status="active", policy_version=policy.id,
            terms={"promotions": promos}, terms_hash=f"{i}" * 64, args_hash=f"{i}" * 64,
            debt_snapshot=D("900.00"), debt_at_arrival=D("900.00"), agreed_debt=D("900.00"),
            down_payment=D("180.00"), installments=6, signed_at=_at(date(2026, 3, day)),
            signed_by=clerk.id, signer_role="clerk", origin="counter"))
    db.session.flush()
    record_payment(actor_id=None, account_ref=accs[0].account_number, amount=D("180.00"),
                   paid_on=date(2026, 3, 15))
    record_payment(actor_id=None, account_ref=accs[1].account_number, amount=D("90.00"),
                   paid_on=date(2026, 3, 6))
    db.session.commit()
    r = client.get(f"{API}/strategies?from=2026-03-01&to=2026-03-31",
                   headers=auth_headers("manager"))
    rows = {row["strategy"]: row for row in r.get_json()["rows"]}
    assert rows["promotion"]["label"] == "Convenio con promoción"
    assert (rows["promotion"]["actions"], rows["promotion"]["responded_15"],
            rows["promotion"]["amount_15"]) == (1, 1, "180.00")
    assert (rows["agreement"]["actions"], rows["agreement"]["amount_15"]) == (1, "90.00")
    assert (rows["notice"]["actions"], rows["notice"]["amount_60"]) == (1, "0.00")
