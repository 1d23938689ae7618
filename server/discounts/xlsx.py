"""The beneficiaries of a month in Excel, as the cut list's sheet: «Beneficiarios», one row
per current discount (dates as date cells, the month's discount a number in pesos), and
«Resumen», beneficiaries and discount by type × colonia with the totals; Spanish headers,
frozen and filterable."""
from __future__ import annotations

from server.common.xlsx import DATE, PESOS, bold_row, workbook_bytes, write_table
from server.discounts.enums import TYPE_LABELS

DETAIL = [("Cuenta", "account_number", 12), ("Titular de la cuenta", "holder", 30),
          ("Beneficiario(a)", "beneficiary_name", 30), ("Tipo", "beneficiary_type", 24),
          ("CURP", "curp", 21), ("Colonia", "neighborhood", 24),
          ("Vigente desde", "starts_on", 13), ("Vigente hasta", "ends_on", 13),
          ("Renovación próxima", "renewal_due", 11), ("Descuento del mes", "month_discount", 15)]
SUMMARY = [("Tipo", "beneficiary_type", 24), ("Colonia", "neighborhood", 28),
           ("Beneficiarios", "beneficiaries", 13), ("Descuento del mes", "month_discount", 16)]


def _value(key: str, value):
    if key == "beneficiary_type":
        return TYPE_LABELS.get(value, value)
    if key == "renewal_due":
        return "Sí" if value else "No"
    return value


def _sheet(ws, columns, rows, formats: dict) -> None:
    keys = [key for _, key, _ in columns]
    write_table(ws, columns, ([_value(key, r[key]) for key in keys] for r in rows), formats)


def beneficiaries_xlsx(data: dict) -> bytes:
    """The workbook of queries.beneficiaries(page_size=None): detail and summary."""
    from openpyxl import Workbook

    wb = Workbook()
    detail = wb.active
    detail.title = "Beneficiarios"
    _sheet(detail, DETAIL, data["items"],
           {"starts_on": DATE, "ends_on": DATE, "month_discount": PESOS})
    summary = wb.create_sheet("Resumen")
    _sheet(summary, SUMMARY, data["summary"], {"month_discount": PESOS})
    totals = data["totals"]
    summary.append([f"Total {data['month']}", None, totals["beneficiaries"],
                    totals["month_discount"]])
    last = summary.max_row
    summary.cell(row=last, column=4).number_format = PESOS
    bold_row(summary, last)
    summary.auto_filter.ref = f"A1:D{last - 1}"  # the totals row stays out of the filter
    return workbook_bytes(wb)
