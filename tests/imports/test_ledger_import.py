"""Ledger import through the service: charges, payments oldest-first, credits, idempotency."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.imports.service import import_ledger
from server.ledger.models import Allocation, Charge, Credit, Payment
from server.ledger.queries import account_balance
from server.registry import service as registry_service
from tests.imports.conftest import table_counts, write_csv, write_xlsx

HEADER = ["cuenta", "tipo", "periodo", "servicio", "concepto", "importe", "vencimiento",
          "fecha_pago", "forma_pago", "referencia", "motivo"]
AS_OF = date(2026, 6, 1)


def charge(number, period, amount, due, concept="cuota fija", service="agua"):
    return [number, "cargo", period, service, concept, amount, due, "", "", "", ""]


def payment(number, amount, paid_on, method="efectivo", reference=""):
    return [number, "pago", "", "", "", amount, "", paid_on, method, reference, ""]


def credit(number, amount, reason="Ajuste por lectura estimada"):
    return [number, "crédito", "", "", "", amount, "", "", "", "", reason]


@pytest.fixture()
def accounts(hoods):
    """Two accounts with no debt: 10001 and 10002."""
    made = {}
    for number in ("10001", "10002"):
        made[number] = registry_service.create_account(
            actor_id=None, account_number=number, holder={"name": f"Titular {number}"},
            premises={"street": "Calle 5 de Mayo", "neighborhood_id":
                      hoods["Caborca Centro/83600"]}, property_class="domestic")
    return made


def _balance(account):
    return account_balance(account.id, as_of=AS_OF)


def test_charges_are_booked_and_payments_are_allocated_oldest_first(accounts, tmp_path):
    path = write_csv(tmp_path / "movimientos.csv", [
        HEADER,
        charge("10001", "2026-02", "150.00", "2026-03-10"),
        charge("10001", "2026-01", "150.00", "2026-02-10"),
        charge("10001", "2026-01", "45.00", "2026-02-10", concept="drenaje", service=""),
        payment("10001", "$200.00", "15/03/2026", reference="CAJA-7"),
        charge("10002", "2026-01", "1,250.50", "2026-02-10", concept="consumo"),
        payment("10002", "250.50", "2026-02-01", method="transferencia"),
        credit("10001", "20.00"),
    ])
    report = import_ledger(path)
    assert report.ok, report.text()
    assert report.imported == 7 and report.details == {"charges": 4, "payments": 2,
                                                        "credits": 1}
    first, second = accounts["10001"], accounts["10002"]
    # 345.00 billed, 200.00 paid to January first (195.00), 5.00 to February; credit 20.00
    assert _balance(first)["balance"] == Decimal("125.00")
    assert _balance(second)["balance"] == Decimal("1000.00")
    january = db.session.execute(sa.select(Charge).where(
        Charge.account_id == first.id, Charge.period == date(2026, 1, 1))).scalars().all()
    assert {c.cleared_on for c in january} == {date(2026, 3, 15)}
    assert {c.origin for c in january} == {"import"}
    sewer = [c for c in january if c.concept == "sewer"]
    assert sewer[0].service == "sewer"
    paid = db.session.execute(sa.select(Payment).where(
        Payment.account_id == first.id)).scalar_one()
    assert paid.origin == "import" and paid.reference == "CAJA-7"
    assert paid.idempotency_key.startswith("import:") and paid.idempotency_key.endswith(":5")
    allocated = db.session.execute(sa.select(sa.func.count()).select_from(Allocation).where(
        Allocation.payment_id == paid.id)).scalar()
    assert allocated == 3


def test_an_xlsx_ledger_reads_number_and_date_cells_without_floats(accounts, tmp_path):
    path = write_xlsx(tmp_path / "movimientos.xlsx", [
        ["Cuenta", "Tipo", "Periodo", "Concepto", "Importe", "Vencimiento", "Fecha de pago"],
        [10001, "Cargo", "2026-01", "Cuota fija", 1250.5, date(2026, 2, 10), None],
        [10001, "Pago", None, None, 1000, None, date(2026, 2, 5)],
        [10001, "Cargo", "2026-02", "Cuota fija", 12.345, date(2026, 3, 10), None],
    ])
    report = import_ledger(path, mode="skip_invalid")
    assert [e.text() for e in report.errors] == [
        "Línea 4, columna «Importe»: El importe «12.345» tiene más de dos decimales."]
    assert _balance(accounts["10001"])["balance"] == Decimal("250.50")


@pytest.mark.parametrize("amount, expected", [
    ("12.345", "El importe «12.345» tiene más de dos decimales."),
    ("abc", "Importe no válido «abc»; escriba un número como 1250.50 o $1,250.50."),
    ("-5", "El importe debe ser mayor que cero."),
    ("", "Falta este dato obligatorio."),
    ("12,5", "Importe no válido «12,5»; escriba un número como 1250.50 o $1,250.50."),
    ("1e3", "Importe no válido «1e3»; escriba un número como 1250.50 o $1,250.50."),
])
def test_garbage_amounts_are_rejected_on_their_line(accounts, tmp_path, amount, expected):
    path = write_csv(tmp_path / "movimientos.csv", [
        HEADER, charge("10001", "2026-01", "150.00", "2026-02-10"),
        charge("10001", "2026-02", amount, "2026-03-10")])
    before = table_counts()
    report = import_ledger(path)
    assert [e.text() for e in report.errors] == [f"Línea 3, columna «importe»: {expected}"]
    assert report.imported == 0
    assert table_counts() == before


def test_importing_the_same_ledger_file_twice_books_nothing_the_second_time(accounts,
                                                                           tmp_path):
    path = write_csv(tmp_path / "movimientos.csv", [
        HEADER, charge("10001", "2026-01", "150.00", "2026-02-10"),
        payment("10001", "100.00", "2026-02-05"), credit("10001", "10.00")])
    assert import_ledger(path).imported == 3
    counts = table_counts()
    again = import_ledger(path, mode="skip_invalid")
    assert again.imported == 0 and again.failed
    texts = [e.text() for e in again.errors]
    assert texts[0].startswith("Línea 2: Cargo duplicado: la cuenta ya tiene un cargo igual")
    assert texts[1].startswith("Línea 3: Este pago ya se importó antes (recibo R26-")
    assert texts[2] == "Línea 4: Este crédito ya se importó antes; no se registra otra vez."
    assert table_counts() == counts
    assert _balance(accounts["10001"])["balance"] == Decimal("40.00")


def test_rows_for_unknown_accounts_and_missing_kind_fields_are_reported(accounts, tmp_path):
    path = write_csv(tmp_path / "movimientos.csv", [
        HEADER,
        charge("99999", "2026-01", "150.00", "2026-02-10"),
        ["10001", "cargo", "enero", "agua", "cuota fija", "150", "", "", "", "", ""],
        ["10001", "pago", "", "", "", "150", "", "", "bitcoin", "", ""],
        ["10001", "crédito", "", "", "", "10", "", "", "", "", ""],
        ["10001", "traspaso", "", "", "", "10", "", "", "", "", ""],
        charge("10001", "2026-01", "150.00", "2026-02-10"),
        charge("10001", "2026-01", "150.00", "2026-02-10"),
    ])
    report = import_ledger(path, mode="dry_run")
    texts = [e.text() for e in report.errors]
    assert texts[0] == "Línea 2, columna «cuenta»: No existe la cuenta 99999."
    assert "Línea 3, columna «periodo»: Periodo no válido «enero»; use AAAA-MM, p. ej. 2026-03." in texts
    assert "Línea 3, columna «vencimiento»: Falta este dato obligatorio." in texts
    assert "Línea 4, columna «fecha_pago»: Falta este dato obligatorio." in texts
    assert any(t.startswith("Línea 4, columna «forma_pago»: Valor no reconocido «bitcoin»")
               for t in texts)
    assert "Línea 5, columna «motivo»: Falta este dato obligatorio." in texts
    assert any(t.startswith("Línea 6, columna «tipo»: Valor no reconocido «traspaso»")
               for t in texts)
    assert texts[-1] == "Línea 8: Cargo duplicado: es igual al de la línea 7."
    assert report.valid == 1 and report.imported == 0


def test_a_credit_larger_than_the_debt_it_would_find_is_reported_before_writing(accounts,
                                                                               tmp_path):
    path = write_csv(tmp_path / "movimientos.csv", [
        HEADER, charge("10001", "2026-01", "150.00", "2026-02-10"),
        payment("10001", "100.00", "2026-02-05"), credit("10001", "60.00")])
    before = table_counts()
    report = import_ledger(path)
    assert [e.text() for e in report.errors] == [
        "Línea 4, columna «importe»: El crédito excede el adeudo de los cargos indicados "
        "(máximo $50.00)."]
    assert table_counts() == before


def test_new_charges_take_money_the_account_already_had_on_credit(accounts, tmp_path):
    first = write_csv(tmp_path / "anticipo.csv", [
        HEADER, payment("10001", "500.00", "2026-01-05")])
    assert import_ledger(first).ok
    assert _balance(accounts["10001"])["balance"] == Decimal("-500.00")
    second = write_csv(tmp_path / "cargos.csv", [
        HEADER, charge("10001", "2026-01", "150.00", "2026-02-10")])
    assert import_ledger(second).ok
    balance = _balance(accounts["10001"])
    assert balance["charges_open"] == Decimal("0.00")
    assert balance["balance"] == Decimal("-350.00")


def test_credits_keep_the_date_the_file_states(accounts, tmp_path):
    path = write_csv(tmp_path / "movimientos.csv", [
        ["cuenta", "tipo", "periodo", "concepto", "importe", "vencimiento", "fecha_credito",
         "tipo_credito", "motivo"],
        ["10001", "cargo", "2026-01", "cuota fija", "150", "2026-02-10", "", "", ""],
        ["10001", "credito", "", "", "50", "", "2026-02-20", "condonación", "Programa 2026"],
    ])
    assert import_ledger(path).ok
    row = db.session.execute(sa.select(Credit)).scalar_one()
    assert row.credited_on == date(2026, 2, 20) and row.kind == "waiver"
    assert row.reason.startswith("Programa 2026 [importación ")


def test_a_charge_carries_its_metered_m3_and_a_bad_volume_is_reported_on_its_line(
        accounts, tmp_path):
    path = write_csv(tmp_path / "facturacion.csv", [
        ["cuenta", "tipo", "periodo", "concepto", "importe", "vencimiento", "consumo_m3"],
        ["10001", "cargo", "2026-03", "consumo", "320.00", "2026-04-10", "32"],
        ["10002", "cargo", "2026-03", "consumo", "90.00", "2026-04-10", ""],
        ["10002", "cargo", "2026-04", "consumo", "95.00", "2026-05-10", "12.5"],
    ])
    report = import_ledger(path, mode="skip_invalid")
    assert [e.text() for e in report.errors] == [
        "Línea 4, columna «consumo_m3»: Debe ser un número entero: «12.5»."]
    volumes = dict(db.session.execute(sa.select(Charge.account_id, Charge.consumption_m3)).all())
    assert volumes == {accounts["10001"].id: 32, accounts["10002"].id: None}
