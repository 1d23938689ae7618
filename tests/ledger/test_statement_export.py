"""The estado de cuenta printed (PDF) and exported (Excel) from the account page."""
from __future__ import annotations

import io
import re
import zlib
from datetime import date
from decimal import Decimal

import pytest

from server.common.clock import add_months, local_today
from server.ledger import service
from tests import factories

TODAY = local_today()
API = "/api/v1/ledger/accounts"


def pdf_info(data: bytes) -> dict:
    """The PDF's document information strings (WeasyPrint compresses them in object
    streams and writes non-ASCII text as hex UTF-16BE)."""
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            chunks.append(zlib.decompress(data[m.end():end]))
        except zlib.error:
            continue
    out = {}
    for chunk in chunks:
        for m in re.finditer(rb"/(Title|Subject|Author) *(?:\(([^)]*)\)|<([0-9a-fA-F]+)>)",
                             chunk):
            key = m.group(1).decode()
            out[key] = (m.group(2).decode("latin-1") if m.group(2) is not None
                        else bytes.fromhex(m.group(3).decode()).decode("utf-16"))
    return out


@pytest.fixture()
def debtor(db_session):
    acc = factories.overdue_account(3, as_of=TODAY, holder="José Ángel Peña Núñez",
                                    street="Calle Obregón")
    service.record_payment(actor_id=None, account_ref=str(acc.id), amount=Decimal("100.00"),
                           method="cash", idempotency_key="pago-estado-0001")
    return acc


def test_the_statement_pdf_keeps_its_spanish_accents(client, auth_headers, debtor):
    resp = client.get(f"{API}/{debtor.account_number}/statement.pdf",
                      headers=auth_headers("director"))
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    assert resp.mimetype == "application/pdf"
    assert f"estado-{debtor.account_number}.pdf" in resp.headers["Content-Disposition"]
    # The document information (what a PDF reader shows) is UTF-16 text: accents intact.
    assert pdf_info(resp.data)["Subject"] == (
        f"Estado de cuenta de José Ángel Peña Núñez, cuenta {debtor.account_number}")
    assert pdf_info(resp.data)["Author"] == "Departamento de Cartera y Padrón"
    from tests.pdf_text import pdf_text

    assert "José Ángel Peña Núñez" in pdf_text(resp.data)  # the rendered text, extracted


def test_the_statement_excel_has_real_dates_and_money(client, auth_headers, debtor):
    from openpyxl import load_workbook

    first = add_months(TODAY.replace(day=1), -3)
    resp = client.get(f"{API}/{debtor.id}/statement.xlsx?from={first.isoformat()}",
                      headers=auth_headers("clerk"))
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Fecha", "Concepto", "Vencimiento", "Referencia", "Cargo", "Abono",
                       "Saldo")
    lines = rows[1:-2]
    assert len(lines) == 10  # 3 months × 3 services, and the payment
    charge = next(r for r in lines if r[1].startswith("Cuota fija"))
    assert charge[0].date() <= TODAY and isinstance(charge[4], (int, float))
    assert charge[4] == 150
    payment = next(r for r in lines if r[1].startswith("Pago"))
    assert payment[1] == "Pago (efectivo)" and payment[5] == 100
    assert ws.cell(row=2, column=5).number_format == '"$"#,##0.00'
    assert rows[-2][0] == "Saldo inicial" and rows[-2][6] == 0
    assert rows[-1][0] == "Saldo final" and rows[-1][6] == pytest.approx(552.5)
    assert lines[-1][6] == pytest.approx(552.5)


def test_the_range_filters_the_export(client, auth_headers, debtor):
    from openpyxl import load_workbook

    last = add_months(TODAY.replace(day=1), -1)
    resp = client.get(f"{API}/{debtor.id}/statement.xlsx?from={last.isoformat()}",
                      headers=auth_headers("manager"))
    rows = list(load_workbook(io.BytesIO(resp.data)).active.iter_rows(values_only=True))
    assert rows[-2][6] == pytest.approx(2 * 217.5)  # the two earlier months as opening
    assert all(r[0].date() >= last for r in rows[1:-2])


@pytest.mark.parametrize("suffix", ["statement.pdf", "statement.xlsx"])
def test_field_roles_cannot_export_and_bad_dates_are_refused(client, auth_headers, debtor,
                                                             suffix):
    url = f"{API}/{debtor.id}/{suffix}"
    assert client.get(url, headers=auth_headers("notifier")).status_code == 403
    bad = client.get(f"{url}?from=2026-05-01&to=2026-01-01", headers=auth_headers("clerk"))
    assert bad.status_code == 422 and bad.get_json()["errors"]
    missing = client.get(f"{API}/NOEXISTE/{suffix}", headers=auth_headers("clerk"))
    assert missing.status_code == 404


def test_an_empty_statement_still_prints(client, auth_headers, db_session):
    acc = factories.account(holder="Cuenta Nueva Sin Movimientos")
    resp = client.get(f"{API}/{acc.id}/statement.pdf?to={date(2000, 1, 1).isoformat()}",
                      headers=auth_headers("clerk"))
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
