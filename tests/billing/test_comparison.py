"""The billing comparison on the generated demo city: its totals are the raw charges'
(summed here independently, in Python over every charge row), by class and by colonia;
its Excel holds real numbers and its PDF keeps the Spanish accents."""
from __future__ import annotations

import io
from collections import defaultdict
from datetime import date
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from server.billing.rules import comparison_periods
from server.extensions import db
from server.ledger.models import Charge
from server.registry.models import Account, Premises
from tests.billing.helpers import API
from tests.ledger.test_statement_export import pdf_info
from tests.pdf_text import pdf_text

AS_OF = date(2026, 11, 28)
PERIOD = date(2026, 10, 1)


@pytest.fixture(scope="module")
def city(app):
    from tests.conftest import demo_city

    with demo_city(app, accounts=400, months=14, seed=2026, as_of=AS_OF):
        yield


def raw_totals(neighborhood_id=None) -> dict:
    """{(period, class): [amount, m3, water bills]} from every charge row, by hand."""
    place = dict(db.session.execute(sa.select(Account.id, Premises.neighborhood_id).join(
        Premises, Premises.id == Account.premises_id)).all())
    wanted = set(comparison_periods(PERIOD).values())
    out: dict = defaultdict(lambda: [D("0"), 0, 0])
    for c in db.session.execute(sa.select(Charge)).scalars():
        if c.origin not in ("billing", "import") or c.period not in wanted:
            continue
        if neighborhood_id is not None and place[c.account_id] != neighborhood_id:
            continue
        cell = out[(c.period, c.property_class)]
        cell[0] += c.amount
        cell[1] += c.consumption_m3 or 0
        cell[2] += 1 if c.service == "water" and c.concept in ("consumption", "fixed") else 0
    return out


def _check(data: dict, raw: dict) -> None:
    cols = {k: date.fromisoformat(v + "-01") for k, v in data["periods"].items()}
    for row in data["by_class"]:
        for col, period in cols.items():
            amount, m3, bills = raw.get((period, row["property_class"]), [D("0"), 0, 0])
            assert (D(row[col]["amount"]), row[col]["m3"], row[col]["bills"]) == (
                amount, m3, bills), (row["property_class"], col)
    for col, period in cols.items():
        assert D(data["total"][col]["amount"]) == sum(
            (v[0] for (p, _), v in raw.items() if p == period), D("0"))
    assert sum(D(r["current"]["amount"]) for r in data["by_service"]) == \
        D(data["total"]["current"]["amount"])


def test_the_comparison_totals_are_the_raw_billed_charges(app, city, client, auth_headers):
    resp = client.get(f"{API}/periods/2026-10/comparison", headers=auth_headers("director"))
    assert resp.status_code == 200, resp.get_json()
    data = resp.get_json()
    assert data["periods"] == {"current": "2026-10", "previous": "2026-09",
                               "last_year": "2025-10"}
    assert data["status"] == "draft"
    assert D(data["total"]["current"]["amount"]) > 0 and data["total"]["current"]["m3"] > 0
    _check(data, raw_totals())
    cur, prev = data["total"]["current"], data["total"]["previous"]
    assert D(data["total"]["amount_vs_previous"]) == (
        (D(cur["amount"]) - D(prev["amount"])) / D(prev["amount"])).quantize(D("0.0001"))


def test_the_comparison_filters_by_colonia_and_class(app, city, client, auth_headers):
    hood = db.session.execute(sa.select(Premises.neighborhood_id).limit(1)).scalar()
    resp = client.get(f"{API}/periods/2026-10/comparison", headers=auth_headers("clerk"),
                      query_string={"neighborhood_id": hood})
    _check(resp.get_json(), raw_totals(hood))
    resp = client.get(f"{API}/periods/2026-10/comparison", headers=auth_headers("clerk"),
                      query_string={"property_class": "commercial"})
    assert [r["property_class"] for r in resp.get_json()["by_class"]] in (["commercial"], [])
    bad = client.get(f"{API}/periods/2026-10/comparison", headers=auth_headers("clerk"),
                     query_string={"property_class": "casino", "neighborhood_id": "x"})
    assert bad.status_code == 422


def test_the_billed_periods_are_listed_as_drafts(app, city, client, auth_headers):
    items = client.get(f"{API}/periods", headers=auth_headers("clerk")).get_json()["items"]
    months = {d.strftime("%Y-%m") for d in db.session.execute(
        sa.select(Charge.period).where(Charge.origin == "billing").distinct()).scalars()}
    assert [i["period"] for i in items] == sorted(months, reverse=True)
    assert {i["status"] for i in items} == {"draft"}


def test_the_excel_holds_real_numbers_and_a_totals_row(app, city, client, auth_headers):
    from openpyxl import load_workbook

    resp = client.get(f"{API}/periods/2026-10/comparison/xlsx",
                      headers=auth_headers("manager"))
    assert resp.status_code == 200
    assert "facturacion-2026-10.xlsx" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == ["Por clase", "Por servicio", "Grandes consumidores", "Periodo"]
    ws = wb["Por clase"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Clase de usuario", "Cuentas (agua) mes", "m³ mes"]
    body = list(ws.iter_rows(min_row=2, values_only=True))
    total = body[-1]
    assert total[0] == "Total"
    amount_col = header.index("Importe mes")
    assert all(isinstance(r[amount_col], (int, float)) for r in body)
    assert D(str(total[amount_col])) == sum(D(str(r[amount_col])) for r in body[:-1])
    assert ws.cell(row=2, column=amount_col + 1).number_format == '"$"#,##0.00'
    api = client.get(f"{API}/periods/2026-10/comparison",
                     headers=auth_headers("manager")).get_json()
    assert D(str(total[amount_col])).quantize(D("0.01")) == D(api["total"]["current"]["amount"])
    consumers = wb["Grandes consumidores"]
    rows = list(consumers.iter_rows(min_row=2, values_only=True))
    assert rows and all(isinstance(r[5], int) for r in rows)


def test_the_pdf_keeps_the_spanish_accents_and_says_preliminary(app, city, client,
                                                                  auth_headers):
    resp = client.get(f"{API}/periods/2026-10/comparison/pdf", headers=auth_headers("clerk"))
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    info = pdf_info(resp.data)
    assert info["Title"] == "Comparativo de facturación octubre 2026"
    assert info["Subject"].startswith("Facturación de octubre 2026 (preliminar, sin autorizar)")
    assert info["Author"] == "Departamento de Cartera y Padrón"
    text = pdf_text(resp.data)
    assert "Comparativo de facturación" in text and "PRELIMINAR" in text.upper()
