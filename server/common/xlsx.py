"""The house style of every Excel export: Spanish headers in bold, frozen and filterable,
real number and date cells with their formats, column widths; the caller turns codes into
Spanish labels. openpyxl is imported when a file is made, not at start-up."""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date

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



class StreamingWorkbook:
    """The house style for very large exports (100,000+ rows): bold frozen header with a
    filter, widths, real number and date cells, bold totals.

    openpyxl builds a Python object per cell, which costs tens of seconds at this size;
    XlsxWriter's constant-memory mode streams each row to disk as it is written. Cells:
    str → text (never turned into a formula or a link), int / float / Decimal → number,
    date → date; `formats` maps a column key to one of PESOS, DATE, PERCENT; `totals` (a row
    or a list of rows) may be a callable (called after the rows, for totals summed while
    streaming). Use:
    add_sheet(...) for each sheet, then to_bytes().
    """

    def __init__(self) -> None:
        import xlsxwriter

        self._out = io.BytesIO()
        self._wb = xlsxwriter.Workbook(self._out, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False})
        self._formats: dict[tuple[str | None, bool], object] = {}

    def _format(self, num_format: str | None, bold: bool = False):
        key = (num_format, bold)
        if key not in self._formats:
            props = {"bold": True} if bold else {}
            if num_format:
                props["num_format"] = num_format
            self._formats[key] = self._wb.add_format(props) if props else None
        return self._formats[key]

    def add_sheet(self, title: str, columns: Sequence[Column], rows: Iterable[Sequence],
                  formats: dict[str, str] | None = None, *, totals: Sequence | None = None,
                  progress=None, every: int = 5000) -> int:
        """Write one sheet; returns its number of data rows."""
        ws = self._wb.add_worksheet(title[:31])
        fmts = [(formats or {}).get(key) for _, key, _ in columns]
        cell_formats = [self._format(f) for f in fmts]
        date_format = self._format(DATE)
        for i, (_, _, width) in enumerate(columns):
            ws.set_column(i, i, width)
        ws.write_row(0, 0, [t for t, _, _ in columns], self._format(None, bold=True))
        ws.freeze_panes(1, 0)

        def put(r: int, values, styles) -> None:
            for c, v in enumerate(values):
                fmt = styles[c] if c < len(styles) else None
                if v is None:
                    continue
                if isinstance(v, date) and fmt is None:
                    fmt = date_format
                ws.write(r, c, v, fmt)

        n = 0
        for n, values in enumerate(rows, start=1):
            put(n, values, cell_formats)
            if progress is not None and n % every == 0:
                progress(n)
        if totals is not None:
            found = totals() if callable(totals) else totals
            # One totals row, or several (a list of rows): bold, in the columns' formats.
            many = bool(found) and isinstance(found[0], (list, tuple))
            for i, row in enumerate(found if many else [found], start=1):
                put(n + i, row, [self._format(f, bold=True) for f in fmts])
        ws.autofilter(0, 0, n, max(0, len(columns) - 1))
        return n

    def to_bytes(self) -> bytes:
        """Finish the workbook and return the .xlsx bytes."""
        self._wb.close()
        return self._out.getvalue()
