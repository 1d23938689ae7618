"""Reports as printable PDF (A4 landscape, WeasyPrint): the same tables as the Excel
export, with Spanish number formats."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from server.common.clock import LOCAL_TZ, utcnow
from server.common.money import pesos
from server.common.xlsx import PERCENT, PESOS
from server.fieldwork.pdf import TEMPLATES, long_date, render
from server.ledger.enums import SERVICES
from server.registry.enums import PROPERTY_CLASSES
from server.reports.tables import TITLES, tables


def _cell(value, fmt: str | None) -> tuple[str, bool]:
    if value is None:
        return "", False
    if fmt == PESOS:
        return pesos(Decimal(value)), True
    if fmt == PERCENT:
        return f"{Decimal(value) * 100:.1f} %", True
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y"), False
    if isinstance(value, (int, Decimal)):
        return f"{value:,}", True
    return str(value), False


def filters_text(f: dict, colonia: str | None = None) -> str:
    """The filters in words: «clase Comercial · servicio Agua · colonia Centro»."""
    parts = []
    if f.get("property_class"):
        parts.append(f"clase {PROPERTY_CLASSES.get(f['property_class'], f['property_class'])}")
    if f.get("service"):
        parts.append(f"servicio {SERVICES.get(f['service'], f['service'])}")
    if colonia:
        parts.append(f"colonia {colonia}")
    if f.get("sector"):
        parts.append(f"sector {f['sector']}")
    return " · ".join(parts)


def report_pdf(report: str, payload: dict, colonia: str | None = None) -> bytes:
    """The PDF of a report payload."""
    from weasyprint import HTML  # heavy import: only when a report is printed

    out = []
    for t in tables(report, payload):
        keys = [k for _, k, _ in t.columns]
        fmts = [t.formats.get(k) for k in keys]
        out.append({"title": t.title, "headers": [h for h, _, _ in t.columns],
                    "rows": [[_cell(v, f) for v, f in zip(row, fmts)] for row in t.rows],
                    "totals": [_cell(v, f) for v, f in zip(t.totals, fmts)]
                    if t.totals else None})
    now = utcnow().astimezone(LOCAL_TZ)
    html = render("reports/report.html", title=TITLES[report], tables=out,
                  as_of=date.fromisoformat(payload["as_of"]).strftime("%d/%m/%Y"),
                  filters_text=filters_text(payload.get("filters") or {}, colonia),
                  printed_on=long_date(now.date()), printed_at=f"{now:%d/%m/%Y %H:%M}")
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
