"""The printable route sheet (hoja de ruta): WeasyPrint from a Jinja template, A4
portrait, local fonts only, so a notifier (a cutter, a social worker renewing discounts)
can work from paper when her phone fails."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from jinja2 import Environment, FileSystemLoader, select_autoescape

from server.campaigns.models import Campaign
from server.disconnections.enums import ACTIONS
from server.disconnections.models import CutList
from server.discounts.enums import TYPE_LABELS
from server.discounts.models import DiscountApplication
from server.common.clock import LOCAL_TZ, utcnow
from server.common.money import pesos
from server.extensions import db
from server.fieldwork import queries
from server.fieldwork.models import Stop
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

# Codes the cutter writes: executed, or the reason it was not.
ORDER_LEGEND = [("E", "Ejecutada (anote sello)"), ("P", "Pagó y mostró recibo"),
                ("C", "Mostró convenio"), ("S", "Sin acceso"), ("V", "No se encontró válvula"),
                ("H", "Situación hostil"), ("L", "Ya estaba limitada"), ("O", "Otro")]

# Codes the social worker writes at a renewal visit.
RENEWAL_LEGEND = [("R", "Renovación capturada"), ("A", "Ausente"),
                  ("N", "Ya no vive ahí o no desea renovar"), ("O", "Otro")]

_env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                   autoescape=select_autoescape(["html"]))
_env.filters["pesos"] = pesos


def render(template: str, **context) -> str:
    """A document template (server/templates) rendered with the `pesos` filter."""
    return _env.get_template(template).render(**context)


def long_date(d) -> str:
    """'jueves 5 de marzo de 2026'."""
    return f"{DAYS[d.weekday()]} {d.day} de {MONTHS[d.month - 1]} de {d.year}"


def _renewals(route_id, stops: list[dict]) -> bool:
    """Give each renewal stop the discount it renews (beneficiary, type, last valid day)."""
    renewing = {r.id: r for r in db.session.execute(
        sa.select(Stop.id, DiscountApplication.beneficiary_name,
                  DiscountApplication.beneficiary_type, DiscountApplication.ends_on)
        .join(DiscountApplication, DiscountApplication.id == Stop.discount_application_id)
        .where(Stop.route_id == route_id, Stop.kind == "renewal"))}
    for s in stops:
        r = renewing.get(s["id"])
        if r is not None:
            s["renewal"] = {"beneficiary_name": r.beneficiary_name,
                            "ends_on": f"{r.ends_on:%d/%m/%Y}",
                            "type": TYPE_LABELS.get(r.beneficiary_type, r.beneficiary_type)}
    return bool(renewing)


def sheet_context(route) -> dict:
    """Everything the template prints for one route."""
    worker = db.session.get(StaffUser, route.worker_id) if route.worker_id else None
    campaign = db.session.get(Campaign, route.campaign_id) if route.campaign_id else None
    stops = queries.route_stops(route.id)
    now = utcnow().astimezone(LOCAL_TZ)
    orders = any(s["kind"] == "order" for s in stops)
    renewals = _renewals(route.id, stops)
    return {
        "title": "Hoja de ruta de cortes" if orders else
                 "Hoja de ruta de renovaciones de descuento" if renewals else
                 "Hoja de ruta de notificación",
        "worker_label": "Cortador(a)" if orders else
                        "Trabajador(a) social" if renewals else "Notificador(a)",
        "orders": orders, "renewals": renewals, "actions": ACTIONS,
        "cut_list": db.session.get(CutList, route.cut_list_id) if route.cut_list_id else None,
        "route": route, "work_date": long_date(route.work_date),
        "worker": worker, "campaign": campaign,
        "notice_kind": NOTICE_KINDS.get(campaign.notice_kind) if campaign else None,
        "stops": stops, "active": sum(1 for s in stops if s["status"] != "cancelled"),
        "legend": ORDER_LEGEND if orders else RENEWAL_LEGEND if renewals else [
            (OUTCOME_CODES[k], label) for k, label in OUTCOMES.items()],
        "printed_at": f"{now:%d/%m/%Y %H:%M}",
    }


def route_sheet_html(route) -> str:
    """The route sheet as HTML (what WeasyPrint lays out)."""
    return _env.get_template("fieldwork/route_sheet.html").render(**sheet_context(route))


def route_sheet_pdf(route) -> bytes:
    """The route sheet as PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a sheet is printed

    return HTML(string=route_sheet_html(route), base_url=str(TEMPLATES)).write_pdf()
