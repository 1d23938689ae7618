"""The house style of every Excel export: Spanish headers in bold, frozen and filterable,
real number and date cells with their formats, column widths; the caller turns codes into
Spanish labels. openpyxl is imported when a file is made, not at start-up."""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

PESOS = '"$"#,##0.00'
DATE = "dd/mm/yyyy"
PERCENT = "0.0%"

Column = tuple[str, str, int]  # (Spanish header, key, width)


def bold_row(ws, row: int) -> None:
    """Make one row of a sheet bold (headers, totals)."""
    from openpyxl.styles import Font

    for cell in ws[row]:
        cell.font = Font(bold=True)


def write_table(ws, columns: Sequence[Column], rows: Iterable[Sequence],
                formats: dict[str, str] | None = None) -> int:
    """Write a header and its rows (values in column order) from the sheet's first row:
    header bold, frozen and filtered; `formats` gives a number format per column key.
    Returns the number of data rows (the sheet is never rescanned: large files stay fast)."""
    ws.append([title for title, _, _ in columns])
    bold_row(ws, 1)
    keys = [key for _, key, _ in columns]
    formatted = [(keys.index(key) + 1, fmt) for key, fmt in (formats or {}).items()]
    n = 0
    for n, values in enumerate(rows, start=1):
        ws.append(list(values))
        for col, fmt in formatted:
            ws.cell(row=n + 1, column=col).number_format = fmt
    for i, (_, _, width) in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return n


def workbook_bytes(wb) -> bytes:
    """The .xlsx file of a workbook."""
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
