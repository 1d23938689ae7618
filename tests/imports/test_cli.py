"""The import commands as an operator runs them: modes, exit codes, reports, progress."""
from __future__ import annotations

import csv
from decimal import Decimal

import sqlalchemy as sa

from server.ledger.queries import account_balance
from server.registry.models import Account
from tests.imports.conftest import (
    REGISTRY_HEADER, registry_row, table_counts, write_csv)


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["cartera", *map(str, args)])


def _numbers(db):
    db.session.rollback()
    return db.session.execute(sa.select(Account.account_number).order_by(
        Account.account_number)).scalars().all()


def _bad_registry_file(tmp_path):
    return write_csv(tmp_path / "padron.csv", [
        REGISTRY_HEADER, registry_row("10001"), registry_row("10002", clase="palacio"),
        registry_row("10003", colonia="Inexistente")])


def test_all_or_nothing_is_the_default_and_leaves_every_table_unchanged(
        app, committing_db, committed_hoods, tmp_path):
    before = table_counts()
    result = _invoke(app, "import-registry", _bad_registry_file(tmp_path))
    assert result.exit_code == 1, result.output
    assert "Línea 3, columna «clase»: Valor no reconocido «palacio»" in result.output
    assert "Línea 4, columna «colonia»: No existe la colonia «Inexistente»." in result.output
    assert "No se importó nada" in result.output
    assert "Traceback" not in result.output
    committing_db.session.rollback()
    assert table_counts() == before


def test_skip_invalid_imports_the_valid_rows_and_shows_progress(app, committing_db,
                                                               committed_hoods, tmp_path):
    result = _invoke(app, "import-registry", "--skip-invalid", _bad_registry_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Procesadas 1 de 1 filas" in result.output
    assert "Importadas: 1 fila. Omitidas por errores: 2 filas." in result.output
    assert _numbers(committing_db) == ["10001"]


def test_dry_run_writes_nothing(app, committing_db, committed_hoods, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [REGISTRY_HEADER, registry_row("10001")])
    before = table_counts()
    result = _invoke(app, "import-registry", "--dry-run", path)
    assert result.exit_code == 0, result.output
    assert "Simulación: 1 fila sin errores. No se escribió nada" in result.output
    committing_db.session.rollback()
    assert table_counts() == before


def test_errors_out_writes_the_per_line_report_as_csv(app, committing_db, committed_hoods,
                                                     tmp_path):
    out = tmp_path / "errores.csv"
    result = _invoke(app, "import-registry", "--errors-out", out,
                     _bad_registry_file(tmp_path))
    assert result.exit_code == 1
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["linea", "columna", "error"]
    assert rows[1][:2] == ["3", "clase"] and rows[1][2].startswith("Valor no reconocido")
    assert rows[2] == ["4", "colonia", "No existe la colonia «Inexistente»."]


def test_a_ledger_file_is_imported_and_its_errors_out_is_empty_when_clean(
        app, committing_db, committed_hoods, tmp_path):
    assert _invoke(app, "import-registry", write_csv(tmp_path / "p.csv", [
        REGISTRY_HEADER, registry_row("10001")])).exit_code == 0
    ledger = write_csv(tmp_path / "movimientos.csv", [
        ["cuenta", "tipo", "periodo", "concepto", "importe", "vencimiento", "fecha_pago"],
        ["10001", "cargo", "2026-01", "cuota fija", "150.00", "2026-02-10", ""],
        ["10001", "cargo", "2026-02", "cuota fija", "150.00", "2026-03-10", ""],
        ["10001", "pago", "", "", "$180.00", "", "2026-03-01"],
    ])
    out = tmp_path / "errores.csv"
    result = _invoke(app, "import-ledger", "--errors-out", out, ledger)
    assert result.exit_code == 0, result.output
    assert "cargos: 2, pagos: 1, créditos: 0" in result.output
    assert out.read_text(encoding="utf-8-sig").splitlines() == ["linea,columna,error"]
    committing_db.session.rollback()
    account = committing_db.session.execute(sa.select(Account)).scalar_one()
    assert account_balance(account.id)["balance"] == Decimal("120.00")
    again = _invoke(app, "import-ledger", ledger)
    assert again.exit_code == 1
    assert "Este pago ya se importó antes" in again.output


def test_file_problems_are_spanish_messages_never_tracebacks(app, committing_db, tmp_path):
    cases = {
        "vacio.csv": (b"", "El archivo «vacio.csv» está vacío."),
        "datos.xlsx": (bytes(range(256)) * 8,
                       "El archivo «datos.xlsx» no es un libro de Excel (.xlsx) válido"),
        "falso.xlsx": (b"PK\x03\x04" + b"\x00garbage" * 50,
                       "El archivo «falso.xlsx» no es un libro de Excel (.xlsx) válido"),
        "binario.csv": (b"\x00\x01\x02" * 100, "no es un archivo de texto CSV"),
        "foto.pdf": (b"%PDF-1.4 ...", "no es CSV ni XLSX"),
        "viejo.xls": (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Excel 97-2003 (.xls)"),
        "solo_encabezado.csv": (b"cuenta,titular\r\n", "solo tiene encabezados"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        for command in ("import-registry", "import-ledger"):
            result = _invoke(app, command, path)
            assert result.exit_code == 1, (name, result.output)
            assert "Archivo: " in result.output and expected in result.output, (
                name, result.output)
            assert "No se importó nada: no se pudo leer el archivo" in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
    missing = _invoke(app, "import-ledger", tmp_path / "no-existe.csv")
    assert missing.exit_code == 1
    assert "No se encontró o no se pudo abrir el archivo «no-existe.csv»." in missing.output


def test_a_header_without_required_columns_is_reported_clearly(app, committing_db,
                                                              tmp_path):
    path = write_csv(tmp_path / "movimientos.csv", [
        ["Cuenta", "Descripción", "Tipo"], ["10001", "algo", "cargo"]])
    result = _invoke(app, "import-ledger", path)
    assert result.exit_code == 1
    assert ("Línea 1: Faltan columnas obligatorias en el encabezado: «importe» (amount). "
            "Columnas encontradas: «Cuenta», «Descripción», «Tipo».") in result.output


def test_the_actor_is_recorded_in_the_audit_and_an_unknown_actor_is_refused(
        app, committing_db, committed_hoods, tmp_path):
    from server.audit.models import AuditEvent
    from server.auth.service import create_user

    user = create_user(username="encargada", full_name="Encargada de Cartera",
                       password="secreto-123", roles=["manager"])
    path = write_csv(tmp_path / "padron.csv", [REGISTRY_HEADER, registry_row("10001")])
    unknown = _invoke(app, "import-registry", "--actor", "nadie", path)
    assert unknown.exit_code == 1 and "No existe el usuario «nadie»." in unknown.output
    assert _invoke(app, "import-registry", "--actor", "encargada", path).exit_code == 0
    committing_db.session.rollback()
    actors = set(committing_db.session.execute(sa.select(AuditEvent.actor_id).where(
        AuditEvent.entity_type.in_(["account", "import"]))).scalars())
    assert actors == {user.id}


def test_two_modes_at_once_are_refused(app, committing_db, tmp_path):
    path = write_csv(tmp_path / "padron.csv", [REGISTRY_HEADER, registry_row("10001")])
    result = _invoke(app, "import-registry", "--dry-run", "--skip-invalid", path)
    assert result.exit_code == 2
    assert "Use solo una de las opciones --skip-invalid, --dry-run." in result.output
