"""The printable route sheet (hoja de ruta): WeasyPrint from a Jinja template, A4
portrait, local fonts only, so a notifier can work from paper when her phone fails."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from server.campaigns.models import Campaign
from server.common.clock import LOCAL_TZ, utcnow
from server.common.money import pesos
from server.extensions import db
from server.fieldwork import queries
from server.auth.models import StaffUser
from server.notices.enums import NOTICE_KINDS, OUTCOMES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")
DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
# Short codes the notifier writes in the "Resultado" column.
OUTCOME_CODES = {"delivered_holder": "E", "delivered_other": "T", "citatorio_left": "C",
                 "absent": "A", "refused": "N", "address_not_found": "X",
                 "vacant_house": "D", "already_paid": "P"}

_env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                   autoescape=select_autoescape(["html"]))
_env.filters["pesos"] = pesos


def long_date(d) -> str:
    """'jueves 5 de marzo de 2026'."""
    return f"{DAYS[d.weekday()]} {d.day} de {MONTHS[d.month - 1]} de {d.year}"


def sheet_context(route) -> dict:
    """Everything the template prints for one route."""
    worker = db.session.get(StaffUser, route.worker_id) if route.worker_id else None
    campaign = db.session.get(Campaign, route.campaign_id) if route.campaign_id else None
    stops = queries.route_stops(route.id)
    now = utcnow().astimezone(LOCAL_TZ)
    return {
        "route": route, "work_date": long_date(route.work_date),
        "worker": worker, "campaign": campaign,
        "notice_kind": NOTICE_KINDS.get(campaign.notice_kind) if campaign else None,
        "stops": stops, "active": sum(1 for s in stops if s["status"] != "cancelled"),
        "legend": [(OUTCOME_CODES[k], label) for k, label in OUTCOMES.items()],
        "printed_at": f"{now:%d/%m/%Y %H:%M}",
    }


def route_sheet_html(route) -> str:
    """The route sheet as HTML (what WeasyPrint lays out)."""
    return _env.get_template("fieldwork/route_sheet.html").render(**sheet_context(route))


def route_sheet_pdf(route) -> bytes:
    """The route sheet as PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a sheet is printed

    return HTML(string=route_sheet_html(route), base_url=str(TEMPLATES)).write_pdf()
