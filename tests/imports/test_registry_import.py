"""Registry import through the service: accounts, history, audit, and per-line errors."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.extensions import db
from server.imports.service import import_registry
from server.registry.models import Account, ClassHistory, HolderHistory, Meter
from tests.imports.conftest import (
    REGISTRY_HEADER, registry_row, table_counts, write_csv, write_xlsx)


def _account(number):
    return db.session.execute(sa.select(Account).where(
        Account.account_number == number)).scalars().one()


def test_a_good_csv_creates_accounts_with_holder_and_class_history_and_audit(hoods,
                                                                          tmp_path):
    path = write_csv(tmp_path / "padron.csv", [
        REGISTRY_HEADER,
        registry_row("10001", curp="PELM800101MSRRPR09", medidor="MED-001"),
        registry_row("10002", "Abarrotes El Sol SA de CV", clase="comercial",
                     persona="persona moral", rfc="ASO850101AB1", colonia="aviacion",
                     fecha="15/03/2021"),
    ])
    report = import_registry(path, mode="all_or_nothing")
    assert report.ok, report.text()
    assert (report.total_rows, report.imported, report.skipped) == (2, 2, 0)

    first, second = _account("10001"), _account("10002")
    assert first.customer.name == "María Pérez López"
    assert first.customer.curp == "PELM800101MSRRPR09"
    assert first.property_class == "domestic" and first.class_subtype == "popular"
    assert first.billing_type == "fixed" and first.has_sanitation is False
    assert first.premises.neighborhood_id == hoods["Caborca Centro/83600"]
    assert first.sector == "S01" and first.connected_on == date(2020, 1, 15)
    assert "maria perez lopez" in first.search_text
    assert second.customer.person_type == "company" and second.customer.rfc == "ASO850101AB1"
    assert second.premises.neighborhood_id == hoods["Aviación/83610"]
    assert second.connected_on == date(2021, 3, 15)
    for acc in (first, second):
        holders = db.session.execute(sa.select(HolderHistory).where(
            HolderHistory.account_id == acc.id)).scalars().all()
        classes = db.session.execute(sa.select(ClassHistory).where(
            ClassHistory.account_id == acc.id)).scalars().all()
        assert [h.customer_id for h in holders] == [acc.customer_id]
        assert [c.property_class for c in classes] == [acc.property_class]
        assert "padron.csv" in holders[0].reason
        events = db.session.execute(sa.select(AuditEvent).where(
            AuditEvent.entity_id == str(acc.id), AuditEvent.action == "create")).scalars()
        assert len(events.all()) == 1
    meter = db.session.execute(sa.select(Meter).where(Meter.account_id == first.id)).scalar_one()
    assert meter.serial == "MED-001"
    assert db.session.execute(sa.select(sa.func.count()).where(
        AuditEvent.entity_type == "import", AuditEvent.action == "import_registry")).scalar() == 1


def test_a_good_xlsx_with_number_and_date_cells_imports_the_same_way(hoods, tmp_path):
    row = registry_row(None, "Juan Ñúñez", clase="Lote Baldío", fecha=date(2019, 7, 1))
    row[0] = 10050  # an account number typed as a number in Excel
    path = write_xlsx(tmp_path / "padron.xlsx", [REGISTRY_HEADER, None, row])
    report = import_registry(path)
    assert report.ok, report.text()
    acc = _account("10050")
    assert acc.customer.name == "Juan Ñúñez"
    assert acc.property_class == "vacant_lot" and acc.connected_on == date(2019, 7, 1)
    assert db.session.execute(sa.select(sa.func.count()).select_from(ClassHistory).where(
        ClassHistory.account_id == acc.id)).scalar() == 1


def test_bad_rows_get_a_spanish_report_by_line_and_nothing_is_imported(hoods, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [
        REGISTRY_HEADER,
        registry_row("10001"),
        registry_row("10002", clase="palacio"),
        [],
        registry_row("10003", "", curp="XYZ"),
        registry_row("10004", colonia="Colonia Inexistente"),
    ])
    before = table_counts()
    report = import_registry(path, mode="all_or_nothing")
    assert report.imported == 0 and report.failed
    texts = [e.text() for e in report.errors]
    assert any(t.startswith("Línea 3, columna «clase»: Valor no reconocido «palacio»")
               for t in texts), texts
    assert "Línea 5, columna «titular»: Falta este dato obligatorio." in texts
    assert "Línea 5, columna «curp»: CURP con formato incorrecto: «XYZ»." in texts
    assert ("Línea 6, columna «colonia»: No existe la colonia «Colonia Inexistente»."
            in texts)
    assert report.error_lines() == [3, 5, 6]
    assert "No se importó nada" in report.text()
    assert table_counts() == before


def test_skip_invalid_imports_only_the_valid_rows(hoods, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [
        REGISTRY_HEADER, registry_row("10001"), registry_row("10002", clase="palacio"),
        registry_row("10003")])
    report = import_registry(path, mode="skip_invalid")
    assert (report.imported, report.skipped, report.error_lines()) == (2, 1, [3])
    numbers = db.session.execute(sa.select(Account.account_number).order_by(
        Account.account_number)).scalars().all()
    assert numbers == ["10001", "10003"]
    assert not report.failed


def test_dry_run_validates_and_writes_nothing(hoods, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [REGISTRY_HEADER, registry_row("10001")])
    before = table_counts()
    report = import_registry(path, mode="dry_run")
    assert report.ok and report.dry_run and report.valid == 1 and report.imported == 0
    assert "Simulación" in report.text()
    assert table_counts() == before


def test_account_numbers_repeated_in_the_file_or_already_registered_are_errors(hoods,
                                                                             tmp_path):
    import_registry(write_csv(tmp_path / "a.csv", [REGISTRY_HEADER, registry_row("10001")]))
    path = write_csv(tmp_path / "b.csv", [
        REGISTRY_HEADER, registry_row("10001"), registry_row("20002"),
        registry_row("20002")])
    report = import_registry(path, mode="skip_invalid")
    texts = [e.text() for e in report.errors]
    assert texts == [
        "Línea 2, columna «cuenta»: Ya existe la cuenta número 10001.",
        "Línea 4, columna «cuenta»: La cuenta 20002 ya aparece en la línea 3 de este archivo.",
    ]
    assert report.imported == 1


def test_an_unknown_or_ambiguous_colonia_is_reported_and_a_postal_code_disambiguates(
        hoods, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [
        REGISTRY_HEADER,
        registry_row("10001", colonia="Las Palmas"),
        registry_row("10002", colonia="San Francisco"),
        registry_row("10003", colonia="SAN FRANCISCO", cp="83650"),
        registry_row("10004", colonia="La Huerta", cp="83600"),
    ])
    report = import_registry(path, mode="skip_invalid")
    texts = [e.text() for e in report.errors]
    assert texts == [
        "Línea 2, columna «colonia»: No existe la colonia «Las Palmas».",
        "Línea 3, columna «colonia»: Hay varias colonias «San Francisco» (códigos postales "
        "83640, 83650); indique el código postal.",
        "Línea 5, columna «código postal»: La colonia «La Huerta» no tiene el código postal "
        "83600.",
    ]
    assert _account("10003").premises.neighborhood_id == hoods["San Francisco/83650"]


def test_a_latin1_csv_with_semicolons_keeps_its_accents(hoods, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [
        ["Número de cuenta", "Nombre", "Calle", "Colonia", "Clasificación"],
        ["30001", "José Peña Ibáñez", "Callejón Níspero", "Aviación", "Doméstico"],
        ["30002", "Ferretería Güero", "Av. Álvaro Obregón", "aviacion", "COMERCIAL"],
    ], delimiter=";", encoding="latin-1")
    report = import_registry(path)
    assert report.ok, report.text()
    assert _account("30001").customer.name == "José Peña Ibáñez"
    assert _account("30001").premises.street == "Callejón Níspero"
    assert _account("30002").property_class == "commercial"


def test_a_row_refused_while_writing_rolls_back_everything_or_only_itself(hoods, tmp_path,
                                                                         monkeypatch):
    # Someone registers 10002 between validation and writing: validation cannot see it.
    import_registry(write_csv(tmp_path / "a.csv", [REGISTRY_HEADER, registry_row("10002")]))
    monkeypatch.setattr("server.imports.registry.existing_numbers", lambda numbers: set())
    path = write_csv(tmp_path / "b.csv", [
        REGISTRY_HEADER, registry_row("10001"), registry_row("10002"), registry_row("10003")])
    before = table_counts()
    strict = import_registry(path, mode="all_or_nothing")
    assert [e.text() for e in strict.errors] == [
        "Línea 3, columna «cuenta»: Ya existe la cuenta número 10002."]
    assert strict.imported == 0 and strict.failed
    assert table_counts() == before

    lenient = import_registry(path, mode="skip_invalid")
    assert [e.text() for e in lenient.errors] == [
        "Línea 3, columna «cuenta»: Ya existe la cuenta número 10002."]
    assert (lenient.imported, lenient.skipped) == (2, 1)
    numbers = db.session.execute(sa.select(Account.account_number).order_by(
        Account.account_number)).scalars().all()
    assert numbers == ["10001", "10002", "10003"]
