"""The streaming Excel writer of large exports: openpyxl reads what it writes, in the house
style (bold frozen header with filter, widths, real numbers, dates and percentages, bold
totals computed after the rows), escaping text."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from server.common.xlsx import DATE, PERCENT, PESOS, StreamingWorkbook

COLUMNS = [("Cuenta", "n", 12), ("Titular", "h", 30), ("Saldo", "s", 14), ("Fecha", "d", 12),
           ("Avance", "p", 10), ("Meses", "m", 8)]


def test_a_streamed_workbook_opens_with_real_cells_and_the_house_style():
    book = StreamingWorkbook()
    seen = []
    sums = {"s": Decimal("0")}

    def rows():
        for i in range(5):
            sums["s"] += Decimal("10.25")
            yield [f"01-{i:04d}", "Peña & Núñez <S.A.>", Decimal("10.25"), date(2026, 1, 31),
                   Decimal("0.5"), i]

    n = book.add_sheet("Detalle por cuenta", COLUMNS, rows(),
                       {"s": PESOS, "d": DATE, "p": PERCENT},
                       totals=lambda: ["Total", None, sums["s"], None, None, None],
                       progress=seen.append, every=2)
    book.add_sheet("Resumen", COLUMNS[:2], [["a", "b"]])
    wb = load_workbook(io.BytesIO(book.to_bytes()))
    assert n == 5 and seen == [2, 4]
    assert wb.sheetnames == ["Detalle por cuenta", "Resumen"]
    ws = wb["Detalle por cuenta"]
    assert [c.value for c in ws[1]] == [t for t, _, _ in COLUMNS]
    assert ws["A1"].font.b and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F6"
    assert int(ws.column_dimensions["B"].width) == 30  # XlsxWriter adds the cell padding
    assert ws["B2"].value == "Peña & Núñez <S.A.>"
    assert ws["C2"].value == 10.25 and ws["C2"].number_format == PESOS
    assert ws["D2"].is_date and ws["D2"].value.date() == date(2026, 1, 31)
    assert ws["E2"].number_format == PERCENT and ws["F6"].value == 4
    assert ws["A7"].value == "Total" and ws["A7"].font.b
    assert ws["C7"].value == 51.25 and ws["C7"].number_format == PESOS
