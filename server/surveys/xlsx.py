"""The results of a form version in Excel: a sheet per question (counts and percentages as
real numbers) and «Respuestas», one row per response (the date a real date, scales and
numbers real numbers); Spanish headers, frozen and filterable, as the cut list's sheet."""
from __future__ import annotations

import re

from server.common.clock import LOCAL_TZ
from server.common.xlsx import DATE, PERCENT, bold_row, workbook_bytes, write_table
from server.surveys.results import pick_version, response_filters, response_rows, results

TRIGGER_LABELS = {"route": "Ruta", "reconnection": "Reconexión", "agreement": "Convenio",
                  "discount_approved": "Descuento aprobado", "standalone": "Independiente",
                  "office": "Oficina"}
KIND_LABELS = {"single": "Opción única", "multiple": "Opción múltiple", "scale": "Escala 1 a 5",
               "yes_no": "Sí / No", "number": "Número", "text": "Texto libre"}


def _sheet_name(i: int, label: str, taken: set) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", f"P{i} {label}")[:31].strip()
    while name in taken:
        name = f"{name[:28]}~{len(taken)}"
    taken.add(name)
    return name


def _question_sheet(wb, i: int, q: dict, taken: set) -> None:
    ws = wb.create_sheet(_sheet_name(i, q["label"], taken))
    head = [("Pregunta", q["label"]), ("Tipo", KIND_LABELS.get(q["kind"], q["kind"])),
            ("Contestaron", q["answered"]), ("Sin respuesta", q["skipped"])]
    if q["average"] is not None:
        head += [("Promedio", float(q["average"])), ("Mínimo", float(q["min"])),
                 ("Máximo", float(q["max"]))]
    for row in head:
        ws.append(row)
    ws.append([])
    if q["kind"] == "text":
        ws.append(["Fecha", "Cuenta", "Respuesta"])
        for n, t in enumerate(q["texts"], start=len(head) + 3):
            ws.append([t["at"].astimezone(LOCAL_TZ).date(), t["account_number"], t["text"]])
            ws.cell(row=n, column=1).number_format = DATE
        widths = (12, 14, 80)
    else:
        ws.append(["Respuesta", "Cantidad", "Porcentaje"])
        for n, c in enumerate(q["counts"], start=len(head) + 3):
            ws.append([c["label"], c["count"], float(c["percent"]) / 100])
            ws.cell(row=n, column=3).number_format = PERCENT
        widths = (40, 12, 12)
    header = len(head) + 2
    bold_row(ws, header)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths[0], widths[1]
    ws.column_dimensions["C"].width = widths[2]
    ws.freeze_panes = f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:C{max(ws.max_row, header)}"


def _display(q: dict, value):
    if value is None or value == "" or value == []:
        return None
    labels = {o["value"]: o["label"] for o in q.get("options") or []}
    if q["kind"] == "yes_no" and isinstance(value, bool):
        return "Sí" if value else "No"
    if q["kind"] == "multiple" and isinstance(value, list):
        return "; ".join(labels.get(v, str(v)) for v in value)
    if q["kind"] == "single" and isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return value if isinstance(value, str) else str(value)


def results_xlsx(form_key, **filters) -> tuple[bytes, str]:
    """(workbook bytes, file name) of a version's results with the same filters as the
    screen."""
    from openpyxl import Workbook

    data = results(form_key, **filters)
    form = pick_version(form_key, filters.get("version"))
    wb = Workbook()
    ws = wb.active
    ws.title = "Respuestas"
    questions = form.questions
    columns = [("Fecha", "at", 12), ("Cuenta", "account", 14), ("Colonia", "colonia", 24),
               ("Trabajador", "worker", 24), ("Motivo", "trigger", 18),
               ("Observaciones", "flags", 22)] + [(q["label"], q["id"], 20) for q in questions]
    rows = response_rows(form, response_filters(form, **{
        k: filters.get(k) for k in ("date_from", "date_to", "neighborhood_id", "worker_id")}))
    write_table(ws, columns, ([
        at.astimezone(LOCAL_TZ).date(), number, hood, worker,
        TRIGGER_LABELS.get(trigger, trigger),
        "Respuestas con errores" if "ANSWER_PROBLEMS" in (flags or []) else None]
        + [_display(q, (answers or {}).get(q["id"])) for q in questions]
        for at, answers, trigger, flags, number, hood, worker in rows), {"at": DATE})
    taken = {"Respuestas"}
    for i, q in enumerate(data["questions"], start=1):
        _question_sheet(wb, i, q, taken)
    return workbook_bytes(wb), f"encuesta-{str(form.form_key)[:8]}-v{form.version}.xlsx"
