"""Reading CSV and XLSX files: encodings, delimiters, headers, line numbers; no database."""
from __future__ import annotations

from datetime import date

import pytest

from server.imports import ledger, registry
from server.imports.readers import ImportFileError, header_key, read_table
from tests.imports.conftest import write_xlsx


def test_header_names_match_ignoring_case_accents_and_filler_words():
    assert header_key("Número de  Cuenta") == "numero_cuenta"
    assert header_key("FECHA DE PAGO") == "fecha_pago"
    assert header_key("Código Postal") == "codigo_postal"


def test_a_utf8_csv_with_bom_and_semicolons_keeps_the_file_line_numbers():
    data = ("\ufeffCuenta;Titular;Colonia\r\n10001;María;Centro\r\n\r\n;;\r\n"
            '10002;"Peña,\r\nJosé";Aviación\r\n10003;Ana;Centro\r\n').encode("utf-8")
    table = read_table(data, "padron.csv", registry.LAYOUT)
    assert table.columns == {"account_number": "Cuenta", "holder_name": "Titular",
                             "neighborhood": "Colonia"}
    assert [line for line, _ in table.rows] == [2, 5, 7]
    assert table.rows[1][1]["holder_name"] == "Peña,\r\nJosé"  # a quoted line break


def test_a_windows_1252_csv_is_decoded_with_its_accents():
    data = "cuenta,titular\r\n10001,Ibáñez “El Güero”\r\n".encode("cp1252")
    table = read_table(data, "padron.csv", registry.LAYOUT)
    assert table.rows[0][1]["holder_name"] == "Ibáñez “El Güero”"


def test_unknown_columns_are_listed_and_ignored():
    table = read_table(b"cuenta,titular,color favorito\r\n1,a,rojo\r\n", "p.csv",
                       registry.LAYOUT)
    assert table.unknown == ["color favorito"]
    assert table.rows == [(2, {"account_number": "1", "holder_name": "a"})]


def test_two_columns_meaning_the_same_field_are_refused():
    with pytest.raises(ImportFileError) as err:
        read_table(b"cuenta,numero de cuenta\r\n1,2\r\n", "p.csv", registry.LAYOUT)
    assert err.value.message == ("Las columnas «cuenta» y «numero de cuenta» son el mismo "
                                 "dato; deje solo una.")


def test_xlsx_cells_keep_line_numbers_dates_and_exact_decimal_text(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", [
        ["Cuenta", "Tipo", "Importe", "Vencimiento"],
        [10001, "cargo", 1250.5, date(2026, 2, 10)],
        None,
        [10002, "cargo", 0.1, None],
        ["10003", "cargo", 12.345, "10/02/2026"],
    ])
    table = read_table(path.read_bytes(), "m.xlsx", ledger.LAYOUT)
    assert table.rows == [
        (2, {"account_number": "10001", "kind": "cargo", "amount": "1250.5",
             "due_date": date(2026, 2, 10)}),
        (4, {"account_number": "10002", "kind": "cargo", "amount": "0.1"}),
        (5, {"account_number": "10003", "kind": "cargo", "amount": "12.345",
             "due_date": "10/02/2026"}),
    ]


def test_an_xlsx_reads_only_its_first_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["cuenta", "tipo", "importe"])
    book.active.append(["1", "pago", "5"])
    other = book.create_sheet("Notas")
    other.append(["nada", "que", "ver"])
    book.save(tmp_path / "m.xlsx")
    table = read_table((tmp_path / "m.xlsx").read_bytes(), "m.xlsx", ledger.LAYOUT)
    assert [line for line, _ in table.rows] == [2]


@pytest.mark.parametrize("name, data, code", [
    ("vacio.csv", b"", "IMPORT_FILE_EMPTY"),
    ("espacios.csv", b"\r\n  \r\n", "IMPORT_FILE_EMPTY"),
    ("vacio_con_bom.csv", b"\xef\xbb\xbf", "IMPORT_FILE_EMPTY"),
    ("azar.xlsx", bytes(range(256)), "IMPORT_XLSX_UNREADABLE"),
    ("zip.xlsx", b"PK\x03\x04not really a zip", "IMPORT_XLSX_UNREADABLE"),
    ("azar.csv", bytes(range(256)), "IMPORT_CSV_BINARY"),
    ("viejo.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "IMPORT_XLS_LEGACY"),
    ("notas.docx", b"hola", "IMPORT_FORMAT_UNSUPPORTED"),
    ("encabezado.csv", b"cuenta,titular\r\n", "IMPORT_NO_ROWS"),
])
def test_unreadable_files_raise_a_spanish_file_error(name, data, code):
    with pytest.raises(ImportFileError) as err:
        read_table(data, name, registry.LAYOUT)
    assert err.value.code == code
    assert name in err.value.message


def test_an_xlsx_saved_under_a_csv_name_is_still_read_as_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", [["cuenta", "tipo", "importe"], ["1", "pago", 5]])
    table = read_table(path.read_bytes(), "sin_extension", ledger.LAYOUT)
    assert table.rows == [(2, {"account_number": "1", "kind": "pago", "amount": "5"})]
