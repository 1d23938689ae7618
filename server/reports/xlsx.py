"""Reports in Excel: one sheet per table of the report (server/reports/tables.py) and, for
the arrears report, a detail sheet with every account in arrears, streamed."""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterable

from server.common.xlsx import DATE, PESOS, StreamingWorkbook
from server.reports.tables import tables

DETAIL_COLUMNS = [("Cuenta", "account_number", 14), ("Titular", "holder", 34),
                  ("Domicilio", "address", 30), ("Colonia", "colonia", 24),
                  ("Sector", "sector", 10), ("Clase", "class", 16), ("Situación", "status", 14),
                  ("Principal vencido", "principal", 16),
                  ("Accesorios vencidos", "accessories", 16), ("Total vencido", "total", 16),
                  ("Adeudo total (con el corriente)", "open", 18),
                  ("Vencimiento más antiguo", "oldest", 14), ("Meses vencidos", "months", 10)]
DETAIL_FORMATS = {"principal": PESOS, "accessories": PESOS, "total": PESOS, "open": PESOS,
                  "oldest": DATE}


def report_xlsx(report: str, payload: dict, *, detail: Iterable[list] | None = None,
                progress: Callable[[int], None] | None = None) -> bytes:
    """The workbook of a report payload; `detail` rows (DETAIL_COLUMNS order, money as
    Decimal) add the «Detalle por cuenta» sheet with its totals row."""
    wb = StreamingWorkbook()
    for t in tables(report, payload):
        wb.add_sheet(t.title, t.columns, t.rows, t.formats, totals=t.totals)
    if detail is not None:
        sums = {"n": 0, "p": 0, "x": 0, "o": 0}

        def counted():
            for row in detail:
                sums["n"] += 1
                sums["p"] += row[7]
                sums["x"] += row[8]
                sums["o"] += row[10]
                yield row

        wb.add_sheet("Detalle por cuenta", DETAIL_COLUMNS, counted(), DETAIL_FORMATS,
                     totals=lambda: [f"Total: {sums['n']} cuentas", None, None, None, None,
                                     None, None, sums["p"], sums["x"], sums["p"] + sums["x"],
                                     sums["o"], None, None],
                     progress=progress, every=2000)
    return wb.to_bytes()


def as_of_label(as_of: str) -> str:
    """dd/mm/yyyy of an ISO date."""
    return date.fromisoformat(as_of).strftime("%d/%m/%Y")
