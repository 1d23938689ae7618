"""The billing comparison in Excel (house style): by class, by service/concept, and the
period's large consumers; real number cells, Spanish headers, a totals row."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.billing import queries
from server.billing.enums import CATEGORIES, DEVIATION_STATUSES, PERIOD_STATUSES, REVIEW_ACTIONS
from server.common.xlsx import PERCENT, PESOS, bold_row, workbook_bytes, write_table
from server.ledger.enums import CONCEPTS, SERVICES
from server.registry.enums import PROPERTY_CLASSES

FIGURES = [("Cuentas (agua) mes", "bills", 12), ("m³ mes", "m3", 12),
           ("m³ mes anterior", "m3_prev", 14), ("Var. m³ vs anterior", "m3_vs_prev", 12),
           ("m³ mismo mes año anterior", "m3_ly", 16), ("Var. m³ vs año anterior", "m3_vs_ly", 12),
           ("Importe mes", "amount", 16), ("Importe mes anterior", "amount_prev", 16),
           ("Var. importe vs anterior", "amount_vs_prev", 12),
           ("Importe mismo mes año anterior", "amount_ly", 18),
           ("Var. importe vs año anterior", "amount_vs_ly", 12)]
FORMATS = {"amount": PESOS, "amount_prev": PESOS, "amount_ly": PESOS, "m3_vs_prev": PERCENT,
           "m3_vs_ly": PERCENT, "amount_vs_prev": PERCENT, "amount_vs_ly": PERCENT}


def _pct(v):
    return Decimal(v) if v is not None else None  # a fraction shown with PERCENT


def figures(row: dict) -> list:
    """The numeric cells of one comparison row, in FIGURES order."""
    cur, prev, ly = row["current"], row["previous"], row["last_year"]
    return [cur["bills"], cur["m3"], prev["m3"], _pct(row["m3_vs_previous"]), ly["m3"],
            _pct(row["m3_vs_last_year"]), Decimal(cur["amount"]), Decimal(prev["amount"]),
            _pct(row["amount_vs_previous"]), Decimal(ly["amount"]),
            _pct(row["amount_vs_last_year"])]


def _sheet(ws, key_columns, rows, labels, total) -> None:
    n = write_table(ws, key_columns + FIGURES, (labels(r) + figures(r) for r in rows),
                    {k: f for k, f in FORMATS.items()})
    ws.append(["Total"] + [None] * (len(key_columns) - 1) + figures(total))
    bold_row(ws, n + 2)
    for i, (_, key, _) in enumerate(FIGURES, start=len(key_columns) + 1):
        if key in FORMATS:
            ws.cell(row=n + 2, column=i).number_format = FORMATS[key]


CONSUMER_COLUMNS = [("Cuenta", "account", 12), ("Titular", "holder", 32),
                    ("Colonia", "neighborhood", 22), ("Clase", "class", 16),
                    ("Categoría", "category", 18), ("m³ del mes", "m3", 11),
                    ("Promedio m³", "avg", 12), ("Meses de historial", "months", 10),
                    ("Variación", "dev", 11), ("Situación", "status", 20),
                    ("Pendiente", "pending", 10), ("Revisión", "review", 18),
                    ("Nota", "note", 40)]


def _consumer_row(i: dict) -> list:
    review = i["review"] or {}
    return [i["account_number"], i["holder"], i["neighborhood"],
            PROPERTY_CLASSES.get(i["property_class"], i["property_class"]),
            CATEGORIES.get(i["category"], ""), i["consumption_m3"],
            Decimal(i["average_m3"]) if i["average_m3"] is not None else None,
            i["history_months"], _pct(i["deviation"]),
            DEVIATION_STATUSES[i["deviation_status"]], "Sí" if i["pending"] else "No",
            REVIEW_ACTIONS.get(review.get("action"), ""), review.get("note") or ""]


def comparison_xlsx(period: date, *, neighborhood_id: int | None = None,
                    property_class: str | None = None) -> bytes:
    """The workbook: comparison by class, by service/concept, and the large consumers."""
    from openpyxl import Workbook

    data = queries.comparison(period, neighborhood_id=neighborhood_id,
                              property_class=property_class)
    wb = Workbook()
    ws = wb.active
    ws.title = "Por clase"
    _sheet(ws, [("Clase de usuario", "class", 20)], data["by_class"],
           lambda r: [PROPERTY_CLASSES.get(r["property_class"], r["property_class"])],
           data["total"])
    _sheet(wb.create_sheet("Por servicio"),
           [("Servicio", "service", 14), ("Concepto", "concept", 16)], data["by_service"],
           lambda r: [SERVICES.get(r["service"], r["service"]),
                      CONCEPTS.get(r["concept"], r["concept"])], data["total"])
    items = queries.large_consumers(period)
    wc = wb.create_sheet("Grandes consumidores")
    n = write_table(wc, CONSUMER_COLUMNS, (_consumer_row(i) for i in items), {"dev": PERCENT})
    wc.append(["Total", f"{n} cuentas", None, None, None,
               sum(i["consumption_m3"] for i in items)])
    bold_row(wc, n + 2)
    info = wb.create_sheet("Periodo")
    info.append(["Periodo", data["period"]])
    info.append(["Situación", PERIOD_STATUSES[data["status"]]])
    info.append(["Comparado con", f"{data['periods']['previous']} y "
                                  f"{data['periods']['last_year']}"])
    return workbook_bytes(wb)
