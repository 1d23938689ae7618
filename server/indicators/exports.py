"""Excel and PDF of the strategy-effectiveness and field-productivity reports."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from server.common.clock import local_today
from server.common.money import pesos
from server.common.xlsx import PERCENT, PESOS, bold_row, workbook_bytes, write_table
from server.indicators.rules import WINDOWS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

STRATEGY_COLS = [("Estrategia", "label", 30), ("Acciones", "actions", 10),
                 ("Cuentas", "accounts", 10),
                 *[(f"Respondieron ≤{w} días", f"responded_{w}", 13) for w in WINDOWS],
                 *[(f"% ≤{w} días", f"rate_{w}", 10) for w in WINDOWS],
                 *[(f"Recaudado ≤{w} días", f"amount_{w}", 16) for w in WINDOWS]]
PRODUCTIVITY_COLS = [("Día", "day", 12), ("Trabajador", "worker", 28),
                     ("Paradas asignadas", "assigned", 10), ("Realizadas", "done", 10),
                     ("Pendientes", "pending", 10), ("Visitas", "visits", 9),
                     ("Lejos del predio", "far", 10), ("Resultados", "outcomes", 40),
                     ("Retraso medio de sincronización (min)", "sync_delay_avg_min", 14),
                     ("Retraso máximo (min)", "sync_delay_max_min", 12)]


def _strategy_rows(report):
    return [[r[k] if not k.startswith("rate_") or r[k] is None else Decimal(r[k])
             for _, k, _ in STRATEGY_COLS] for r in report["rows"]]


def _strategy_totals(report):
    t = report["totals"]
    return ["Total", t["actions"], t["accounts"], *[t[f"responded_{w}"] for w in WINDOWS],
            *[None for _ in WINDOWS], *[t[f"amount_{w}"] for w in WINDOWS]]


def _outcomes(r) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(r["outcomes"].items()))


def _productivity_rows(report):
    return [[_outcomes(r) if k == "outcomes" else r[k] for _, k, _ in PRODUCTIVITY_COLS]
            for r in report["rows"]]


def _productivity_totals(report):
    t = report["totals"]
    return ["Total", "", t["assigned"], t["done"], t["pending"], t["visits"], t["far"], "",
            None, None]


def report_xlsx(kind: str, report: dict) -> bytes:
    """The report as an Excel sheet with real numbers and a bold totals row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if kind == "strategies":
        ws.title = "Efectividad de estrategias"
        fmts = {**{f"rate_{w}": PERCENT for w in WINDOWS},
                **{f"amount_{w}": PESOS for w in WINDOWS}}
        n = write_table(ws, STRATEGY_COLS, _strategy_rows(report), fmts)
        ws.append(_strategy_totals(report))
        for i, (_, k, _) in enumerate(STRATEGY_COLS, start=1):
            if k in fmts:
                ws.cell(row=n + 2, column=i).number_format = fmts[k]
    else:
        ws.title = "Productividad de campo"
        n = write_table(ws, PRODUCTIVITY_COLS, _productivity_rows(report),
                        {"day": "dd/mm/yyyy"})
        ws.append(_productivity_totals(report))
    bold_row(ws, n + 2)
    return workbook_bytes(wb)


def report_pdf(kind: str, report: dict) -> bytes:
    """The report as a landscape A4 PDF."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    def cell(k, v):
        if v is None:
            return "—"
        if k.startswith("amount_"):
            return pesos(v)
        if k.startswith("rate_"):
            return f"{Decimal(v) * 100:.1f} %"
        if k == "day" and hasattr(v, "strftime"):
            return v.strftime("%d/%m/%Y")
        return v

    if kind == "strategies":
        cols, rows, totals = STRATEGY_COLS, _strategy_rows(report), _strategy_totals(report)
        title = "Efectividad de estrategias de cobranza"
    else:
        cols, rows = PRODUCTIVITY_COLS, _productivity_rows(report)
        totals, title = _productivity_totals(report), "Productividad de campo por trabajador y día"
    keys = [k for _, k, _ in cols]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    html = env.get_template("indicators/report.html").render( title=title,
                  subtitle=f"Del {report['date_from']:%d/%m/%Y} al {report['date_to']:%d/%m/%Y}",
                  printed_on=local_today().strftime("%d/%m/%Y"),
                  headers=[h for h, _, _ in cols],
                  rows=[[cell(k, v) for k, v in zip(keys, r)] for r in rows],
                  totals=[cell(k, v) if v != "" else "" for k, v in zip(keys, totals)])
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
