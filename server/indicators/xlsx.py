"""PIGOO export: the commercial section of the annual questionnaire from stored snapshots."""
from __future__ import annotations

from decimal import Decimal

from server.common.xlsx import PERCENT, PESOS, bold_row, workbook_bytes, write_table
from server.errors import DomainError
from server.indicators import queries, rules

MONTHS = ("Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic")


def pigoo_xlsx(year: int) -> bytes:
    """Sheet 1: one row per indicator (name, unit, formula, annual value, each month);
    sheet 2: the variables (measures) by month with the annual figure; sheet 3: which
    snapshot each month comes from. Formulas are those stored with the newest snapshot."""
    from openpyxl import Workbook

    snaps = queries.latest_snapshots(year)
    if not snaps:
        raise DomainError("INDICATORS_NO_SNAPSHOTS", status=404, year=year)
    by_month = {s.period.month: s for s in snaps}
    forms = snaps[-1].formulas
    annual = rules.annual_measures([s.measures for s in snaps])
    annual_ind = rules.evaluate(annual, forms)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sección comercial"
    month_cols = [(m, f"m{i}", 9) for i, m in enumerate(MONTHS, start=1)]
    cols = [("Indicador", "name", 34), ("Unidad", "unit", 8), ("Fórmula", "formula", 60),
            (f"Valor {year}", "annual", 12), *month_cols]
    rows = []
    for key, f in forms.items():
        months = [_num(by_month[i].indicators.get(key)) if i in by_month else None
                  for i in range(1, 13)]
        rows.append([rules.label_of(key, forms), "%", rules.formula_text(f),
                     _num(annual_ind.get(key)), *months])
    write_table(ws, cols, rows, {"annual": PERCENT, **{k: PERCENT for _, k, _ in month_cols}})
    vs = wb.create_sheet("Variables")
    vrows, money_keys = [], []
    for key, meta in rules.MEASURES.items():
        months = [_num(by_month[i].measures.get(key)) if i in by_month else None
                  for i in range(1, 13)]
        vrows.append([meta["label"], meta["unit"], _num(annual.get(key)), *months])
        if meta["kind"] == "money":
            money_keys.append(len(vrows) + 1)
    write_table(vs, [("Variable", "name", 44), ("Unidad", "unit", 9),
                     (f"Valor {year}", "annual", 16), *[(m, f"m{i}", 15) for i, (m, _, _)
                                                        in enumerate(month_cols, 1)]], vrows)
    for r in money_keys:  # money rows in pesos, counts as plain numbers
        for c in range(3, 16):
            vs.cell(row=r, column=c).number_format = PESOS
    src = wb.create_sheet("Origen")
    write_table(src, [("Mes", "month", 8), ("Versión", "version", 9),
                      ("Leído el", "as_of", 12), ("Tomada el", "taken_at", 20),
                      ("Nota", "note", 40)],
                [[MONTHS[s.period.month - 1], s.version, s.as_of,
                  s.taken_at.replace(tzinfo=None), s.note or ""] for s in snaps],
                {"as_of": "dd/mm/yyyy", "taken_at": "dd/mm/yyyy hh:mm"})
    ws.append([])
    ws.append([f"Meses sin instantánea: {', '.join(m for i, m in enumerate(MONTHS, 1) if i not in by_month) or 'ninguno'}"])
    bold_row(ws, ws.max_row)
    return workbook_bytes(wb)


def _num(value):
    """A stored Decimal string → a real number cell (None stays empty)."""
    if value is None:
        return None
    return Decimal(str(value))
