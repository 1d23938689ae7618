"""The debtor's legal data, the payment demand draft (PDF) and the selection in Excel."""
from __future__ import annotations

import io
import re
import uuid
import zlib
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from server.agreements.models import AgreementPolicy, PaymentAgreement
from server.disconnections.models import DisconnectionOrder
from server.extensions import db
from server.fieldwork.models import Visit
from server.ledger.models import Charge
from server.notices.models import Notice
from server.pae import service
from tests import factories
from tests.ledger.test_statement_export import pdf_info
from tests.pdf_text import pdf_text
from tests.pae.conftest import AS_OF

API = "/api/v1/pae/debtors"


@pytest.fixture()
def debtor(debtors, make_user):
    """PAE001 with a surcharge, a served requerimiento, a breached agreement, a cut and a
    referral; the holder is a company with RFC and a legal representative."""
    acc = debtors["eight"]
    c = acc.customer
    c.person_type, c.rfc, c.legal_representative = "company", "RPA850101AB1", "Inés Ávila Núñez"
    c.notification_address = "Av. Obregón 45, Centro"
    acc.premises.cadastral_key = "17-001-045"
    acc.last_formal_act_on = date(2026, 9, 15)
    db.session.add(Charge(account_id=acc.id, period=date(2026, 10, 1), service="water",
                          concept="surcharge", amount=Decimal("34.80"),
                          due_date=date(2026, 10, 31), origin="surcharge_job",
                          property_class="domestic"))
    notifier = factories.notifier(name="Rosa Robles", credential="N-017")
    notice = Notice(folio="RQ-2026-000010", account_id=acc.id, kind="formal", status="delivered",
                    debt_amount=Decimal("1305.00"), months_past_due=6,
                    issued_on=date(2026, 9, 14))
    db.session.add(notice)
    db.session.flush()
    db.session.add(Visit(id=uuid.uuid4(), notice_id=notice.id, account_id=acc.id,
                         worker_id=notifier.id, outcome="delivered_other",
                         started_at=datetime(2026, 9, 15, 17, 30, tzinfo=timezone.utc),
                         args_hash="a" * 64, record={
                             "attended_by": {"name": "Lucía Pérez", "relationship": "hija",
                                             "id_shown": "INE"},
                             "address_verification": ["street_sign", "facade"],
                             "copy_delivered": True}))
    clerk = make_user("clerk")
    policy = AgreementPolicy(rules={})
    db.session.add(policy)
    db.session.flush()
    db.session.add(PaymentAgreement(
        folio="CV-2026-000003", account_id=acc.id, status="breached", policy_version=policy.id,
        terms={}, terms_hash="b" * 64, args_hash="c" * 64, debt_snapshot=Decimal("900.00"),
        debt_at_arrival=Decimal("900.00"), agreed_debt=Decimal("900.00"),
        down_payment=Decimal("180.00"), installments=6,
        signed_at=datetime(2026, 5, 2, 16, 0, tzinfo=timezone.utc), signed_by=clerk.id,
        signer_role="clerk", origin="counter"))
    db.session.add(DisconnectionOrder(folio="OL-2026-000007", account_id=acc.id,
                                      action="restrict", status="executed",
                                      issued_on=date(2026, 10, 20)))
    db.session.commit()
    service.send_to_pae(actor_id=None, account_ids=[acc.id], mandate_number="MEJ-2026-007",
                        officer_name="Lic. Arturo Quiñónez", sent_on=date(2026, 11, 20))
    db.session.commit()
    return acc


def test_the_dossier_holds_the_legal_data_the_demand_needs(client, auth_headers, debtor):
    resp = client.get(f"{API}/{debtor.account_number}?as_of={AS_OF}",
                      headers=auth_headers("director"))
    assert resp.status_code == 200, resp.get_json()
    d = resp.get_json()
    assert d["account_number"] == d["contract_number"] == "PAE001"
    assert d["holder"]["rfc"] == "RPA850101AB1"
    assert d["holder"]["legal_representative"] == "Inés Ávila Núñez"
    assert d["holder"]["person_type"] == "Persona moral"
    assert d["address"]["cadastral_key"] == "17-001-045"
    assert d["notification_address"] == "Av. Obregón 45, Centro"
    assert len(d["periods"]) == 8 * 3 + 1
    first = d["periods"][0]
    assert (first["period"], first["due_date"], first["concept_label"]) == (
        "2026-03-01", "2026-04-10", "Cuota fija")
    assert d["totals"]["principal"] == "1740.00" and d["totals"]["surcharges"] == "34.80"
    assert d["totals"]["total"] == "1774.80" and d["totals"]["balance"] == "1774.80"
    assert d["last_formal_act_on"] == "2026-09-15"
    assert d["prescription_date"] == "2031-09-15" and d["prescription_status"] == "ok"
    served = d["notices"][0]["visits"][0]["how_served"]
    assert "Lucía Pérez (hija)" in served and "placa de la calle visible" in served
    assert "credencial N-017" in served
    assert d["agreements"][0]["breached"] is True
    assert d["cuts"][0]["status_label"] == "Ejecutada"
    assert d["referral"]["mandate_number"] == "MEJ-2026-007"


def test_the_dossier_of_an_unknown_account_is_a_spanish_404(client, auth_headers, db_session):
    resp = client.get(f"{API}/NOEXISTE", headers=auth_headers("manager"))
    assert resp.status_code == 404 and "No existe la cuenta" in resp.get_json()["message"]


def _cmap_text(data: bytes) -> str:
    """The Unicode text a PDF's ToUnicode maps declare (what copy-paste would give)."""
    out = []
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            chunk = zlib.decompress(data[m.end():end])
        except zlib.error:
            continue
        if b"beginbfchar" in chunk or b"beginbfrange" in chunk:
            for hexes in re.findall(rb"<([0-9A-Fa-f]{4,})>\s*\n", chunk):
                try:
                    out.append(bytes.fromhex(hexes.decode()).decode("utf-16-be"))
                except (ValueError, UnicodeDecodeError):
                    pass
            out.extend(bytes.fromhex(h.decode()).decode("utf-16-be", "ignore")
                       for h in re.findall(rb"<([0-9A-Fa-f]{4})>", chunk))
    return "".join(out)


def _page_count(data: bytes) -> int:
    """The /Count of the PDF's page tree (WeasyPrint compresses it in object streams)."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompress(data[m.end():data.find(b"endstream", m.end())]))
        except zlib.error:
            continue
    return max((int(n) for c in chunks for n in re.findall(rb"/Count (\d+)", c)), default=0)


def test_the_demand_pdf_keeps_the_spanish_accents(client, auth_headers, debtor):
    from server.pae.pdf import demand_html

    resp = client.get(f"{API}/{debtor.id}/demand.pdf?as_of={AS_OF}",
                      headers=auth_headers("manager"))
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    assert "requerimiento-PAE001.pdf" in resp.headers["Content-Disposition"]
    info = pdf_info(resp.data)
    assert info["Subject"] == ("Borrador de requerimiento de pago y mandamiento de ejecución, "
                               "cuenta PAE001")
    # The glyphs of the body text map back to accented letters.
    assert set("óéíúñÁ") <= set(_cmap_text(resp.data))
    assert "Requerimiento de pago y mandamiento de ejecución" in pdf_text(resp.data)
    html = demand_html(debtor, AS_OF)
    for text in ("Requerimiento de pago y mandamiento de ejecución", "MEJ-2026-007",
                 "Lic. Arturo Quiñónez", "RPA850101AB1", "Inés Ávila Núñez", "17-001-045",
                 "Gastos de ejecución", "Lucía Pérez (hija)", "$1,774.80",
                 "MIL SETECIENTOS SETENTA Y CUATRO PESOS 80/100 M.N."):
        assert text in html, text


def test_the_selection_excel_has_numeric_cells_and_totals(client, auth_headers, debtors):
    from openpyxl import load_workbook

    resp = client.get(f"{API}.xlsx?as_of={AS_OF}", headers=auth_headers("clerk"))
    assert resp.status_code == 200
    assert "deudores-pae-2026-11-28.xlsx" in resp.headers["Content-Disposition"]
    ws = load_workbook(io.BytesIO(resp.data))["Deudores PAE"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Prioridad", "Cuenta", "Titular", "Clase")
    debt, due, presc = (header.index("Adeudo"), header.index("Vencimiento más antiguo"),
                        header.index("Prescripción"))
    data = rows[1:-3]
    assert [r[1] for r in data][0] == "PAE003" and len(data) == 6
    assert data[0][debt] == 24810 and isinstance(data[0][debt], (int, float))
    assert data[0][due].date() == date(2025, 12, 10)
    assert {r[presc] for r in data} == {"Vigente", "Por prescribir", "Prescrito"}
    assert ws.cell(row=2, column=debt + 1).number_format == '"$"#,##0.00'
    total = rows[-3]
    assert total[0] == "Total de la selección" and total[1] == 6
    assert total[debt] == pytest.approx(27420.00)
    assert sum(r[debt] for r in data) == pytest.approx(total[debt])
    assert rows[-1][0] == "Prescritos" and rows[-1][1] == 2


def test_the_drafts_of_a_selection_come_in_one_pdf(client, auth_headers, debtors):
    ids = [str(debtors["eight"].id), str(debtors["big"].id)]
    resp = client.post(f"{API.rsplit('/', 1)[0]}/demands.pdf",
                       json={"account_ids": ids, "as_of": AS_OF.isoformat()},
                       headers=auth_headers("director"))
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    assert _page_count(resp.data) >= 2  # each draft starts on its own page
    too_many = client.post(f"{API.rsplit('/', 1)[0]}/demands.pdf",
                           json={"account_ids": [str(uuid.uuid4()) for _ in range(26)]},
                           headers=auth_headers("manager"))
    assert too_many.status_code == 422
    unknown = client.post(f"{API.rsplit('/', 1)[0]}/demands.pdf",
                          json={"account_ids": [str(uuid.uuid4())]},
                          headers=auth_headers("manager"))
    assert unknown.status_code == 404
