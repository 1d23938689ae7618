"""The beneficiaries of a month: who is current, what each was credited (the sum of the
month's postings, checked here against the postings and the ledger's credits), the summary
by type × colonia, the filters, and the same in Excel with real numbers and dates."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from server.common.clock import add_months
from server.db import transaction
from server.discounts.models import DiscountPosting
from server.discounts.service import post_discounts
from server.extensions import db
from server.ledger.models import Credit
from tests import factories
from tests.discounts.helpers import API, TODAY, approved

MONTH = TODAY.replace(day=1)


@pytest.fixture()
def month(db_session, make_user):
    """Three current beneficiaries in two colonias, three that are not, and the month's
    discounts posted."""
    worker = make_user("social_worker").id
    centro = factories.neighborhood("Centro", "83600")
    industrial = factories.neighborhood("Industrial", "83601")
    since = MONTH - timedelta(days=60)
    rows = {}
    for key, hood, kind, water, ends in (
            ("rosa", centro, "senior", "150.00", TODAY + timedelta(days=100)),
            ("juan", centro, "pensioner", "90.00", TODAY + timedelta(days=200)),
            ("lupe", industrial, "senior", "33.33", TODAY + timedelta(days=10))):
        acc = factories.account(hood=hood, holder=f"Titular {key.title()}")
        factories.bill(acc, MONTH, water=water)
        rows[key] = approved(acc, worker, starts_on=since, ends_on=ends,
                             name=f"{key.title()} Beneficiaria", kind=kind,
                             curp_=f"{key.upper()}500101MSRXXX0{len(rows)}")
    expired = factories.account(hood=centro)
    factories.bill(expired, MONTH)
    approved(expired, worker, starts_on=MONTH - timedelta(days=400),
             ends_on=MONTH - timedelta(days=1), name="Vencida Beneficiaria")
    approved(factories.account(hood=centro), worker, starts_on=add_months(MONTH, 1),
             ends_on=add_months(MONTH, 13), name="Futura Beneficiaria")
    approved(factories.account(hood=industrial), worker, starts_on=since,
             ends_on=TODAY + timedelta(days=90), name="Rechazada Beneficiaria"
             ).status = "rejected"
    db.session.flush()
    with transaction() as session:
        assert post_discounts(session, period=MONTH)["posted"] == 3
    return {"rows": rows, "centro": centro, "industrial": industrial}


def posted(application_id, period=MONTH) -> Decimal:
    """The month's discount of one application, from the postings themselves."""
    return sum((p.amount for p in db.session.execute(sa.select(DiscountPosting).where(
        DiscountPosting.application_id == application_id,
        DiscountPosting.period == period)).scalars()), Decimal("0.00"))


def test_the_month_lists_the_current_beneficiaries_with_what_they_were_credited(
        client, auth_headers, month):
    body = client.get(f"{API}/beneficiaries?month={MONTH:%Y-%m}",
                      headers=auth_headers("director")).get_json()
    assert body["month"] == f"{MONTH:%Y-%m}" and body["total"] == 3
    assert [i["beneficiary_name"] for i in body["items"]] == [
        "Juan Beneficiaria", "Rosa Beneficiaria", "Lupe Beneficiaria"]  # by colonia, name
    rows = month["rows"]
    for item in body["items"]:
        application = rows[item["beneficiary_name"].split()[0].lower()]
        assert item["application_id"] == str(application.id)
        assert Decimal(item["month_discount"]) == posted(application.id)
        assert item["curp"] == application.curp
        assert item["ends_on"] == application.ends_on.isoformat()
    lupe = body["items"][2]
    assert lupe["neighborhood"] == "Industrial" and lupe["holder"] == "Titular Lupe"
    assert lupe["renewal_due"] is True and body["items"][0]["renewal_due"] is False
    # 50 % of the water charge: 75.00 + 45.00 + 16.67 (16.665 rounded half up).
    expected = sum((posted(a.id) for a in rows.values()), Decimal("0.00"))
    credited = db.session.execute(sa.select(sa.func.sum(Credit.amount)).where(
        Credit.kind == "discount")).scalar()
    assert expected == Decimal("136.67") == Decimal(credited)
    assert Decimal(body["totals"]["month_discount"]) == expected
    assert body["totals"]["beneficiaries"] == 3
    assert body["summary"] == [
        {"beneficiary_type": "pensioner", "neighborhood": "Centro", "beneficiaries": 1,
         "month_discount": "45.00"},
        {"beneficiary_type": "senior", "neighborhood": "Centro", "beneficiaries": 1,
         "month_discount": "75.00"},
        {"beneficiary_type": "senior", "neighborhood": "Industrial", "beneficiaries": 1,
         "month_discount": "16.67"}]


def test_filters_pages_and_other_months(client, auth_headers, month):
    clerk = auth_headers("clerk")

    def get(query):
        resp = client.get(f"{API}/beneficiaries?month={MONTH:%Y-%m}&{query}", headers=clerk)
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    seniors = get("type=senior")
    assert seniors["total"] == 2 and seniors["totals"]["month_discount"] == "91.67"
    assert get(f"neighborhood_id={month['industrial'].id}")["total"] == 1
    assert [i["beneficiary_name"] for i in get("q=juan500101")["items"]] == [
        "Juan Beneficiaria"]
    assert [i["beneficiary_name"] for i in get("q=titular rosa")["items"]] == [
        "Rosa Beneficiaria"]
    assert get("q=nadie")["total"] == 0
    page = get("page=2&page_size=1")
    assert len(page["items"]) == 1 and page["total"] == 3 and page["pages"] == 3
    assert len(page["summary"]) == 3 and page["totals"]["month_discount"] == "136.67"
    assert len(get("per_page=2")["items"]) == 2
    # Last month they were beneficiaries too, with nothing posted for it, and so was the
    # one whose discount ended on its last day.
    before = client.get(f"{API}/beneficiaries?month={add_months(MONTH, -1):%Y-%m}",
                        headers=clerk).get_json()
    assert before["total"] == 4 and before["totals"]["month_discount"] == "0.00"
    assert "Vencida Beneficiaria" in {i["beneficiary_name"] for i in before["items"]}
    # Without a month: this month.
    assert client.get(f"{API}/beneficiaries", headers=clerk).get_json()["total"] == 3
    bad = client.get(f"{API}/beneficiaries?month=2026-13&type=nino", headers=clerk)
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"month", "type"}
    assert "AAAA-MM" in bad.get_json()["errors"]["month"][0]


def test_the_excel_has_numbers_dates_and_the_summary_with_totals(client, auth_headers, month):
    resp = client.get(f"{API}/beneficiaries.xlsx?month={MONTH:%Y-%m}",
                      headers=auth_headers("manager"))
    assert resp.status_code == 200 and "beneficiarios-" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    detail, summary = wb["Beneficiarios"], wb["Resumen"]
    header = [c.value for c in detail[1]]
    assert header[:4] == ["Cuenta", "Titular de la cuenta", "Beneficiario(a)", "Tipo"]
    assert detail.freeze_panes == "A2" and detail.auto_filter.ref == "A1:J4"
    money, since, until = (header.index(h) + 1 for h in (
        "Descuento del mes", "Vigente desde", "Vigente hasta"))
    amounts = []
    for row in range(2, 5):
        cell = detail.cell(row=row, column=money)
        assert isinstance(cell.value, (int, float)) and "$" in cell.number_format
        amounts.append(Decimal(str(cell.value)))
        for col in (since, until):
            date_cell = detail.cell(row=row, column=col)
            assert isinstance(date_cell.value, (date, datetime))
            assert date_cell.number_format == "dd/mm/yyyy"
    assert sum(amounts) == Decimal("136.67")
    assert {detail.cell(row=r, column=4).value for r in range(2, 5)} == {
        "Adulto mayor (INAPAM)", "Pensionado(a)"}
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert rows[-1][0] == f"Total {MONTH:%Y-%m}" and rows[-1][2] == 3
    assert Decimal(str(rows[-1][3])) == Decimal("136.67")
    assert sum(Decimal(str(r[3])) for r in rows[:-1]) == Decimal("136.67")
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:D4"
    filtered = client.get(f"{API}/beneficiaries.xlsx?type=pensioner",
                          headers=auth_headers("clerk"))
    assert load_workbook(io.BytesIO(filtered.data))["Beneficiarios"].max_row == 2
