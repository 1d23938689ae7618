"""Read a CSV or XLSX file into (line_number, {field: value}) rows.

CSV: UTF-8 with or without BOM, else Windows-1252 (latin-1 as the last resort); the
delimiter (`,` or `;`) is sniffed from the header line. XLSX: the first sheet, read with
openpyxl in read-only mode. In both, the first non-empty row is the header; its names are
matched to fields case- and accent-insensitively, through each layout's Spanish aliases.
Line numbers are the file's own (header = line 1); empty rows are skipped. Cell values come
out as stripped text, or as `date` for XLSX date cells; numbers never as float.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

from server.errors import DomainError
from server.registry.rules import normalize

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
# Words a header may carry that do not change its meaning: "Fecha de pago" = "fecha_pago".
_FILLER_WORDS = {"de", "del", "la", "el", "los", "las"}


class ImportFileError(DomainError):
    """The file as a whole cannot be read as a table; nothing in it is imported."""

    status = 422


@dataclass
class Table:
    """A file read as a table: recognized columns, ignored ones, and the data rows."""

    filename: str
    columns: dict[str, str]              # field → header text as written in the file
    unknown: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def header_key(text) -> str:
    """'Número de  Cuenta' → 'numero_cuenta': how header names are compared."""
    words = re.split(r"[^a-z0-9]+", normalize(str(text or "")))
    return "_".join(w for w in words if w and w not in _FILLER_WORDS)


def alias_index(layout: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{header key: field} for a layout {field: (Spanish aliases...)}; the field's own
    English name is always accepted too."""
    index: dict[str, str] = {}
    for name, aliases in layout.items():
        for alias in (name, *aliases):
            index[header_key(alias)] = name
    return index


def read_table(data: bytes, filename: str, layout: dict[str, tuple[str, ...]]) -> Table:
    """Parse `data` (the file's bytes) as CSV or XLSX, by extension and content.

    Raises ImportFileError with a Spanish message when the file is empty, of another
    format, damaged, or has no header or no data rows.
    """
    name = filename or "archivo"
    if not data or not data.strip():
        raise ImportFileError("IMPORT_FILE_EMPTY", filename=name)
    ext = PurePath(name).suffix.lower()
    if data.startswith(OLE_MAGIC):
        raise ImportFileError("IMPORT_XLS_LEGACY", filename=name)
    if ext in XLSX_EXTENSIONS or (ext not in CSV_EXTENSIONS and data.startswith(ZIP_MAGIC)):
        raw_rows = _xlsx_rows(data, name)
    elif ext in CSV_EXTENSIONS:
        raw_rows = _csv_rows(data, name)
    elif ext == ".xls":
        raise ImportFileError("IMPORT_XLS_LEGACY", filename=name)
    else:
        raise ImportFileError("IMPORT_FORMAT_UNSUPPORTED", filename=name)
    return _build_table(raw_rows, name, alias_index(layout))


def _build_table(raw_rows, filename: str, index: dict[str, str]) -> Table:
    header_line, header = None, None
    table = Table(filename=filename, columns={})
    positions: dict[int, str] = {}
    for line, cells in raw_rows:
        values = [_clean(c) for c in cells]
        if all(v is None for v in values):
            continue
        if header is None:
            header_line, header = line, values
            for pos, text in enumerate(values):
                if text is None:
                    continue
                name = index.get(header_key(text))
                if name is None:
                    table.unknown.append(str(text))
                elif name in table.columns:
                    raise ImportFileError("IMPORT_DUPLICATE_COLUMN",
                                          first=table.columns[name], second=str(text))
                else:
                    table.columns[name] = str(text)
                    positions[pos] = name
            continue
        row = {name: values[pos] for pos, name in positions.items() if pos < len(values)}
        if all(v is None for v in row.values()):
            continue  # only cells under unrecognized columns: nothing for us
        table.rows.append((line, row))
    if header_line is None:
        raise ImportFileError("IMPORT_FILE_EMPTY", filename=filename)
    if not table.rows:
        raise ImportFileError("IMPORT_NO_ROWS", filename=filename)
    return table


def _clean(value):
    """A cell as stripped text (None if blank) or a date; integers and floats as text.

    Floats (XLSX numeric cells) become their shortest exact decimal text, so 1250.5 is
    "1250.5" and 12.345 stays "12.345" for the money parser to reject; never a float.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    return text or None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(data: bytes, filename: str):
    if b"\x00" in data[:65536]:
        raise ImportFileError("IMPORT_CSV_BINARY", filename=filename)
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, last = [], 0
    try:
        for cells in reader:
            rows.append((last + 1, cells))
            last = reader.line_num
    except csv.Error as exc:
        raise ImportFileError("IMPORT_CSV_UNREADABLE", filename=filename,
                              line=reader.line_num, reason=str(exc)) from None
    return rows


def _xlsx_rows(data: bytes, filename: str):
    from openpyxl import load_workbook

    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError("IMPORT_XLSX_UNREADABLE", filename=filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise ImportFileError("IMPORT_XLSX_UNREADABLE", filename=filename) from None
    try:
        if not book.worksheets:
            raise ImportFileError("IMPORT_FILE_EMPTY", filename=filename)
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store a wrong sheet size
        # read_only fills missing rows with empty ones, so the index is the line number
        return [(line, list(cells)) for line, cells in
                enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True),
                          start=1)]
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError("IMPORT_XLSX_UNREADABLE", filename=filename) from None
    finally:
        book.close()
