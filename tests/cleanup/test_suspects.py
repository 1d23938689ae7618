"""Each suspect list finds its hand-built cases and nothing else; counts, paging, the
Excel export and bad input."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest

from server.common.clock import add_months
from server.extensions import db
from server.ledger.models import Charge, Payment
from tests import factories

AS_OF = date(2026, 11, 28)
URL = "/api/v1/cleanup/suspects"
_n = iter(range(1, 10_000))


def _acc(holder=None, *, cadastral=True, built=True, **fields):
    acc = factories.account(holder=holder or f"Titular Número {next(_n)}", **fields)
    if cadastral:
        acc.premises.cadastral_key = f"017-01-001-{next(_n):03d}"
    acc.premises.built = built
    db.session.flush()
    return acc


def _charge(acc, period: date, amount="100.00", *, concept="fixed", m3=None):
    c = Charge(account_id=acc.id, period=period, service="water", concept=concept,
               property_class=acc.property_class, amount=D(amount),
               due_date=period.replace(day=10), origin="billing", consumption_m3=m3)
    db.session.add(c)
    db.session.flush()
    return c


@pytest.fixture()
def city(db_session):
    """One account per suspect case, plus look-alikes that must not be listed."""
    a = {}
    a["not_built"] = _acc("Casa En Obra Negra", built=False)
    a["normal_lot"] = _acc("Lote Normal", built=False, property_class="vacant_lot")
    a["lot_with_water"] = _acc("Lote Con Toma", built=False, property_class="vacant_lot")
    for i in range(3):
        _charge(a["lot_with_water"], add_months(date(2026, 10, 1), -i), concept="consumption",
                m3=4)
    a["flagged"] = _acc("Casa Sola", uninhabited=True)
    a["zero"] = _acc("Medidor Parado", billing_type="metered")
    a["consuming"] = _acc("Medidor Vivo", billing_type="metered")
    for i in range(1, 7):
        period = add_months(date(2026, 11, 1), -i)
        _charge(a["zero"], period, concept="consumption", m3=0)
        _charge(a["consuming"], period, concept="consumption", m3=0 if i > 1 else 9)
    a["dup1"] = _acc("María Pérez López")
    a["dup2"] = _acc("MARIA PEREZ LOPEZ")
    a["dup3"] = _acc("López  Pérez María")
    a["curp1"] = _acc("Juan Soto", )
    a["curp2"] = _acc("Juan Soto Ruiz")
    for key in ("curp1", "curp2"):
        a[key].customer.curp = "SORJ800101HSRTZN09"
    a["landlord2"] = _acc("Dueño De Dos Casas")
    a["landlord2"].customer_id = a["not_built"].customer_id  # one holder, two accounts
    a["no_key"] = _acc("Sin Clave", cadastral=False)
    a["silent"] = _acc("Nunca Paga")
    a["paid_2022"] = _acc("Pagó En 2022")
    for acc in (a["silent"], a["paid_2022"]):
        for period in (date(2020, 6, 1), date(2021, 6, 1), date(2024, 6, 1)):
            _charge(acc, period)
    db.session.add_all([
        Payment(account_id=a["silent"].id, amount=D("50"), paid_on=date(2021, 6, 20),
                method="cash"),
        Payment(account_id=a["paid_2022"].id, amount=D("50"), paid_on=date(2022, 2, 1),
                method="cash")])
    a["prescribed"] = _acc("Deuda Vieja")
    _charge(a["prescribed"], date(2021, 1, 1), "80.00")   # due 2021-01-10: 5 years passed
    _charge(a["prescribed"], date(2021, 12, 1), "70.00")  # due 2021-12-10: not yet
    a["acted"] = _acc("Requerido En 2023", last_formal_act_on=date(2023, 3, 1))
    _charge(a["acted"], date(2021, 1, 1))                 # clock restarted in 2023
    a["capped"] = _acc("Requerido Tarde", last_formal_act_on=date(2023, 3, 1))
    _charge(a["capped"], date(2016, 1, 1), "60.00")       # 10-year cap passed anyway
    db.session.commit()
    return a


def _list(client, headers, kind, **query):
    query = {"kind": kind, "as_of": AS_OF.isoformat(), "page_size": 200} | query
    resp = client.get(URL, query_string=query, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _numbers(body):
    return {r["account_number"] for r in body["items"]}


@pytest.mark.parametrize("kind,expected", [
    ("vacant_lot_billed_as_built", {"not_built", "lot_with_water"}),
    ("abandoned_house", {"flagged", "zero"}),
    ("duplicate_holder", {"dup1", "dup2", "dup3", "curp1", "curp2"}),
    # The old debts below never saw a payment either.
    ("no_recent_payment", {"silent", "prescribed", "acted", "capped"}),
    ("past_prescription", {"prescribed", "capped", "silent", "paid_2022"}),
])
def test_each_list_finds_its_cases_and_only_them(client, auth_headers, city, kind, expected):
    body = _list(client, auth_headers("clerk"), kind)
    assert _numbers(body) == {city[k].account_number for k in expected}
    assert body["total"] == len(expected)
    assert all(r["reason"] for r in body["items"])


def test_missing_cadastral_keys_are_listed(client, auth_headers, city):
    body = _list(client, auth_headers("director"), "missing_cadastral_key")
    assert _numbers(body) == {city["no_key"].account_number}


def test_rows_say_why_with_the_balance_and_duplicates_come_grouped(client, auth_headers, city):
    headers = auth_headers("manager")
    dups = _list(client, headers, "duplicate_holder")["items"]
    assert [r["group_key"] for r in dups] == ["LOPEZ MARIA PEREZ"] * 3 + \
        ["SORJ800101HSRTZN09"] * 2
    assert dups[0]["reason"].startswith("3 titulares distintos con el mismo nombre")
    assert "misma CURP" in dups[-1]["reason"]
    old = {r["account_number"]: r for r in _list(client, headers, "past_prescription")["items"]}
    row = old[city["prescribed"].account_number]
    assert row["balance"] == "150.00" and row["detail_amount"] == "80.00"
    assert "10/01/2021" in row["reason"]
    silent = {r["account_number"]: r for r in _list(client, headers, "no_recent_payment")[
        "items"]}[city["silent"].account_number]
    assert silent["detail_date"] == "2021-06-20" and "20/06/2021" in silent["reason"]
    lot = {r["account_number"]: r for r in _list(client, headers,
                                                  "vacant_lot_billed_as_built")["items"]}
    assert "12 m³" in lot[city["lot_with_water"].account_number]["reason"]
    assert "doméstico" in lot[city["not_built"].account_number]["reason"]


def test_counts_per_kind_and_paging(client, auth_headers, city):
    headers = auth_headers("clerk")
    counts = client.get(f"{URL}/counts?as_of={AS_OF}", headers=headers).get_json()
    by_kind = {k["kind"]: k["count"] for k in counts["kinds"]}
    assert by_kind == {"vacant_lot_billed_as_built": 2, "abandoned_house": 2,
                       "duplicate_holder": 5, "missing_cadastral_key": 1,
                       "no_recent_payment": 4, "past_prescription": 4}
    assert counts["kinds"][0]["label"] == "Lotes baldíos facturados como construidos"
    page2 = _list(client, headers, "duplicate_holder", page=2, page_size=2)
    assert page2["total"] == 5 and page2["pages"] == 3 and len(page2["items"]) == 2


def test_the_excel_export_has_numbers_dates_and_a_total(client, auth_headers, city):
    from openpyxl import load_workbook

    resp = client.get(f"{URL}.xlsx?kind=past_prescription&as_of={AS_OF}",
                      headers=auth_headers("clerk"))
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.data)).active
    assert [c.value for c in ws[1]][:6] == ["Cuenta", "Titular", "Colonia", "Clase",
                                            "Estado", "Saldo"]
    balances = [ws.cell(row=r, column=6).value for r in range(2, 6)]
    assert all(isinstance(v, (int, float)) for v in balances)
    assert sorted(balances) == [60, 150, 300, 300]
    assert ws.cell(row=2, column=6).number_format == '"$"#,##0.00'
    assert isinstance(ws.cell(row=2, column=9).value, __import__("datetime").datetime)
    assert ws.cell(row=6, column=1).value == "Total" and ws.cell(row=6, column=6).value == 810
    assert "Motivo" in [c.value for c in ws[1]]


def test_bad_input_is_refused_in_spanish(client, auth_headers, db_session):
    headers = auth_headers("clerk")
    missing = client.get(URL, headers=headers)
    assert missing.status_code == 422
    assert missing.get_json()["errors"]["kind"] == ["Campo obligatorio."]
    wrong = client.get(f"{URL}?kind=fantasmas", headers=headers)
    assert "use uno de" in wrong.get_json()["errors"]["kind"][0]
    assert client.get(f"{URL}?kind=abandoned_house&as_of=2026-02-30",
                      headers=headers).status_code == 422
    assert client.get(f"{URL}.xlsx", headers=headers).status_code == 422
    assert client.get(URL, query_string={"kind": "abandoned_house"}).status_code == 401
    assert client.get(URL, query_string={"kind": "abandoned_house"},
                      headers=auth_headers("notifier")).status_code == 403


def test_the_thresholds_are_the_utilitys_setting(client, auth_headers, city):
    """`cleanup.no_payment_years` (default 5): at 3, a holder who last paid in 2022 is listed
    too, and the reason says 3."""
    from server.common.settings import Setting

    db.session.add(Setting(key="cleanup", value={"zero_consumption_months": 6,
                                                 "vacant_consumption_months": 12,
                                                 "no_payment_years": 3}))
    db.session.commit()
    body = _list(client, auth_headers("clerk"), "no_recent_payment")
    expected = {"silent", "prescribed", "acted", "capped", "paid_2022"}
    assert _numbers(body) == {city[k].account_number for k in expected}
    [row] = [r for r in body["items"] if r["account_number"] == city["paid_2022"].account_number]
    assert "sin pagos en 3 años o más" in row["reason"]
