"""The printable cut list (A4 landscape, by colonia) and its Excel twin, for the manager's
signature and for the office's own filters."""
from __future__ import annotations

from itertools import groupby

from server.common.clock import LOCAL_TZ, utcnow
from server.common.xlsx import PESOS, workbook_bytes, write_table
from server.disconnections import queries
from server.disconnections.enums import ACTIONS, STATUSES
from server.disconnections.models import CutList
from server.fieldwork.pdf import TEMPLATES, long_date, render
from server.registry.enums import PROPERTY_CLASSES

RULE_LABELS = {
    "min_months_past_due": "meses vencidos mínimo", "max_months_past_due": "máximo",
    "min_debt": "adeudo mínimo", "max_debt": "adeudo máximo",
    "formal_notice_min_days": "requerimiento entregado hace al menos (días)",
    "include_public_services": "incluye servicios públicos",
    "non_domestic_action": "acción para no domésticas",
}


def _rules_text(rules: dict) -> str:
    parts = []
    for key, label in RULE_LABELS.items():
        value = rules.get(key)
        if value in (None, False, [], ""):
            continue
        value = ACTIONS.get(value, value) if key == "non_domestic_action" else value
        parts.append(f"{label}: {'sí' if value is True else value}")
    return "; ".join(parts) or "sin filtros"


def cut_list_rows(cut_list: CutList) -> list[dict]:
    items, _ = queries.orders(cut_list_id=cut_list.id, limit_all=True)
    return items


def cut_list_pdf(cut_list: CutList) -> bytes:
    """The cut list grouped by colonia, with signatures, as PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a list is printed

    rows = cut_list_rows(cut_list)
    by_action: dict[str, int] = {}
    for r in rows:
        by_action[ACTIONS[r["action"]].lower()] = by_action.get(ACTIONS[r["action"]].lower(),
                                                                0) + 1
    html = render("disconnections/cut_list.html",
        cut_list=cut_list, rows=rows, by_action=sorted(by_action.items()),
        groups=[(hood, list(items)) for hood, items in groupby(rows,
                                                                key=lambda r: r["neighborhood"])],
        created=long_date(cut_list.created_at.astimezone(LOCAL_TZ).date()),
        printed_at=f"{utcnow().astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}",
        rules_text=_rules_text(cut_list.rules), actions=ACTIONS, statuses=STATUSES,
        classes=PROPERTY_CLASSES)
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


COLUMNS = [("Folio", "folio", 16), ("Cuenta", "account_number", 12),
           ("Titular", "holder_name", 32), ("Domicilio", "address", 36),
           ("Colonia", "neighborhood", 22), ("Clase", "property_class", 14),
           ("Acción", "action", 20), ("Adeudo", "debt_amount", 14),
           ("Meses vencidos", "months_past_due", 10), ("Estado", "status", 22),
           ("Motivo de cancelación", "cancel_reason", 18),
           ("No ejecutada por", "not_executed_reason", 18), ("Observaciones", "flags", 30)]


def cut_list_xlsx(cut_list: CutList) -> bytes:
    """The same orders in an Excel sheet: money as numbers with the peso format, a frozen
    header and a filter, so the manager can sort and sum."""
    from openpyxl import Workbook

    from server.disconnections.enums import CANCEL_REASONS, FLAG_LABELS, NOT_EXECUTED_REASONS

    labels = {"property_class": PROPERTY_CLASSES, "action": ACTIONS, "status": STATUSES,
              "cancel_reason": CANCEL_REASONS, "not_executed_reason": NOT_EXECUTED_REASONS}

    def value(key: str, v):
        if key in labels and v is not None:
            return labels[key].get(v, v)
        if key == "flags":
            return "; ".join(FLAG_LABELS.get(f, f) for f in v) or None
        return v

    wb = Workbook()
    ws = wb.active
    ws.title = cut_list.folio
    write_table(ws, COLUMNS, ([value(key, r[key]) for _, key, _ in COLUMNS]
                              for r in cut_list_rows(cut_list)), {"debt_amount": PESOS})
    return workbook_bytes(wb)
