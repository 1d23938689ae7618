"""Office API of disconnections: cut lists (preview, create), orders, the cutters' routes,
the day's board with its alerts, cancelling one order."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from server.disconnections import queries, service
from server.disconnections.pdf import cut_list_pdf, cut_list_xlsx
from server.disconnections.schemas import (
    AckOut, BoardArgs, BoardOut, CancelOrderIn, CutListIn, CutListOut, CutListPageOut,
    CutPreviewIn, CutPreviewOut, OrderListArgs, OrderPageOut, OrderRoutesIn, OrderStateOut, RouteOut)
from server.http import (OFFICE_ROLES, PageArgs, current_actor_id, page_envelope,
                         roles_required)

blp = Blueprint("disconnections", __name__, url_prefix="/disconnections",
                description="Limitaciones, cortes, reconexiones y reinspecciones")
MANAGERS = ("manager",)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/cut-lists/preview", methods=["POST"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(CutPreviewIn)
@blp.response(200, CutPreviewOut)
def preview(body):
    """What a cut list with these rules would hold: count, total debt, by colonia and by
    action (restricción/corte), the largest debtors. Changes nothing."""
    return queries.preview(body["rules"])


@blp.route("/cut-lists", methods=["POST"])
@roles_required(*MANAGERS)
@blp.arguments(CutListIn)
@blp.response(201, CutListOut)
def create(body):
    """Create a cut list: one numbered order (OL-/OC-año-número) per selected account."""
    cut_list = service.create_cut_list(actor_id=current_actor_id(), name=body["name"],
                                       cut_rules=body["rules"])
    return queries.cut_list_out(cut_list, with_counts=True)


@blp.route("/cut-lists", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PageArgs, location="query")
@blp.response(200, CutListPageOut)
def list_cut_lists(args):
    """Cut lists, newest first."""
    items, total = queries.list_cut_lists(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/cut-lists/<uuid:cut_list_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, CutListOut)
def detail(cut_list_id):
    """A cut list with its frozen rules, totals and orders by status."""
    return queries.cut_list_out(queries.get_cut_list(cut_list_id), with_counts=True)


@blp.route("/cut-lists/<uuid:cut_list_id>/sheet.pdf", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, description="Lista de cortes en PDF (A4 horizontal, por colonia)",
              content_type="application/pdf")
def sheet(cut_list_id):
    """The printable cut list, by colonia, with the signatures."""
    cut_list = queries.get_cut_list(cut_list_id)
    return Response(cut_list_pdf(cut_list), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="cortes-{cut_list.folio}.pdf"',
        "Cache-Control": "no-store"})


@blp.route("/cut-lists/<uuid:cut_list_id>/export.xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, description="Lista de cortes en Excel", content_type=XLSX)
def export(cut_list_id):
    """The cut list's orders as an Excel sheet (money as numbers, header frozen)."""
    cut_list = queries.get_cut_list(cut_list_id)
    return Response(cut_list_xlsx(cut_list), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="cortes-{cut_list.folio}.xlsx"',
        "Cache-Control": "no-store"})


@blp.route("/orders", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(OrderListArgs, location="query")
@blp.response(200, OrderPageOut)
def orders(args):
    """Orders by colonia and folio (optionally of a list, by status or action)."""
    items, total = queries.orders(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/routes", methods=["POST"])
@roles_required(*MANAGERS)
@blp.arguments(OrderRoutesIn)
@blp.response(201, RouteOut(many=True))
def plan(body):
    """One route per cutter for a day over issued orders (of a list and/or of some
    actions), in walking order; the orders become assigned."""
    actions = tuple(body.pop("actions") or ()) or None
    return service.plan_order_routes(actor_id=current_actor_id(), actions=actions, **body)


@blp.route("/orders/<uuid:order_id>/cancel", methods=["POST"])
@roles_required(*MANAGERS)
@blp.arguments(CancelOrderIn)
@blp.response(200, OrderStateOut)
def cancel(body, order_id):
    """Cancel one open order with a reason; its cutter's phone is told at once."""
    return service.cancel_order(actor_id=current_actor_id(), order_id=order_id,
                                reason=body["reason"])


@blp.route("/board", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(BoardArgs, location="query")
@blp.response(200, BoardOut)
def board(args):
    """The day per cutter (pending, executed, not executed by reason, cancelled) and the
    alerts nobody has acknowledged, cuts after cancellation first."""
    return queries.day_board(args["work_date"])


@blp.route("/alerts/<int:alert_id>/acknowledge", methods=["POST"])
@roles_required(*MANAGERS)
@blp.response(200, AckOut)
def acknowledge(alert_id):
    """The manager has seen the alert (who and when are kept)."""
    return service.acknowledge_alert(actor_id=current_actor_id(), alert_id=alert_id)
