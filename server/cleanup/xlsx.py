"""Excel export of a suspect list in the house style: real numbers and dates, a totals row."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.cleanup import queries
from server.cleanup.rules import SUSPECT_KINDS
from server.common.xlsx import DATE, PESOS, StreamingWorkbook
from server.errors import DomainError

COLUMNS = [("Cuenta", "account_number", 12), ("Titular", "holder_name", 34),
           ("Colonia", "neighborhood", 24), ("Clase", "property_class_label", 16),
           ("Estado", "status_label", 12), ("Saldo", "balance", 14),
           ("Meses vencidos", "months_past_due", 10), ("Grupo", "group_key", 22),
           ("Fecha", "detail_date", 12), ("Motivo", "reason", 70)]


def suspects_xlsx(kind: str, as_of: date) -> bytes:
    """Every account of one suspect list, one row each, with the total balance (streamed)."""
    count = queries.suspect_count(kind, as_of)
    if count > queries.EXPORT_CAP:
        raise DomainError("CLEANUP_EXPORT_TOO_LARGE", count=count, cap=queries.EXPORT_CAP)
    rows = queries.suspect_rows(kind, as_of, limit=max(count, 1))
    keys = [key for _, key, _ in COLUMNS]
    total = sum((r["balance"] or Decimal("0") for r in rows), Decimal("0"))
    wb = StreamingWorkbook()
    wb.add_sheet("Depuración", COLUMNS, ([r[k] for k in keys] for r in rows),
                 {"balance": PESOS, "detail_date": DATE},
                 totals=["Total", f"{len(rows)} cuentas", None, None, None, total])
    wb.add_sheet("Lista", [("Dato", "name", 18), ("Valor", "value", 40)],
                 [["Lista", SUSPECT_KINDS[kind]], ["Fecha de corte", as_of]])
    return wb.to_bytes()
