"""Office API of field work: plan and assign routes, follow their progress and visits."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from server.common.clock import local_today
from server.fieldwork import queries, service
from server.fieldwork.pdf import route_sheet_pdf
from server.fieldwork.schemas import (
    AssignIn, CancelIn, PlanIn, PlanOut, ProgressArgs, ProgressOut, ReassignIn,
    RouteDetailOut, RouteListArgs, RouteOut, RoutePageOut, StopOut, TeamArgs, TeamOut,
    TeamReassignIn, TeamReassignOut, VisitListArgs, VisitPageOut, WorkerArgs, WorkerDayOut,
    WorkerListOut)
from server.http import (OFFICE_ROLES, OFFICE_WRITERS, current_actor_id, page_envelope,
                         roles_required)

blp = Blueprint("fieldwork", __name__, url_prefix="/fieldwork",
                description="Rutas, paradas y visitas de campo")


@blp.route("/routes/plan", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(PlanIn)
@blp.response(201, PlanOut)
def plan(body):
    """Plan one route per notifier for a day over a campaign's unassigned notices,
    grouped by colonia or sector, balanced, in walking order."""
    routes = service.plan_routes(actor_id=current_actor_id(), **body)
    return {"routes": queries.route_rows(routes),
            "unplanned_notices": queries.unplanned_count(body["campaign_id"])}


@blp.route("/routes", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(RouteListArgs, location="query")
@blp.response(200, RoutePageOut)
def list_routes(args):
    """Routes by day, notifier or campaign, with progress."""
    items, total = queries.list_routes(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/routes/<uuid:route_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, RouteDetailOut)
def route_detail(route_id):
    """A route with its stops in walking order."""
    return queries.route_detail(queries.get_route(route_id))


@blp.route("/routes/<uuid:route_id>/assign", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(AssignIn)
@blp.response(200, RouteOut)
def assign(body, route_id):
    """Give the route to a notifier (it moves between their devices on the next sync)."""
    route = service.assign_route(actor_id=current_actor_id(), route_id=route_id, **body)
    return queries.route_rows([route])[0]


@blp.route("/stops/<uuid:stop_id>/reassign", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(ReassignIn)
@blp.response(200, StopOut)
def reassign(body, stop_id):
    """Move a pending stop to the end of another route."""
    stop = service.reassign_stop(actor_id=current_actor_id(), stop_id=stop_id, **body)
    return _stop_out(stop)


@blp.route("/stops/<uuid:stop_id>/cancel", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(CancelIn)
@blp.response(200, StopOut)
def cancel(body, stop_id):
    """Cancel a pending stop with a reason; its notice can be planned again."""
    stop = service.cancel_stop(actor_id=current_actor_id(), stop_id=stop_id, **body)
    return _stop_out(stop)


@blp.route("/routes/<uuid:route_id>/sheet.pdf", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, description="Hoja de ruta en PDF (A4 vertical)",
              content_type="application/pdf")
def sheet(route_id):
    """The printable route sheet: ordered stops with blank outcome, time and signature."""
    route = queries.get_route(route_id)
    return Response(route_sheet_pdf(route), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="ruta-{route.name.replace(" ", "-")}.pdf"',
        "Cache-Control": "no-store"})


@blp.route("/progress", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ProgressArgs, location="query")
@blp.response(200, ProgressOut)
def progress(args):
    """Per route and notifier for a day (today by default): delivered, citatorio,
    refused, not found, absent, pending."""
    return queries.progress(work_date=args["work_date"] or local_today(),
                            campaign_id=args["campaign_id"])


@blp.route("/visits", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(VisitListArgs, location="query")
@blp.response(200, VisitPageOut)
def visits(args):
    """Visits with GPS, distance, flags, photo and signature hashes, evidence pending."""
    items, total = queries.list_visits(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


def _stop_out(stop) -> dict:
    row = next(s for s in queries.route_stops(stop.route_id) if s["id"] == stop.id)
    return row | {"route_id": stop.route_id}


@blp.route("/workers", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(WorkerArgs, location="query")
@blp.response(200, WorkerListOut)
def workers(args):
    """Active field workers of a role (notifiers by default), for planning and reassigning."""
    return {"items": queries.field_workers(args["role"])}


@blp.route("/team", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(TeamArgs, location="query")
@blp.response(200, TeamOut)
def team(args):
    """The team's day: each field worker's stops assigned, done, pending, and last sync."""
    day = args["date"] or local_today()
    items = queries.team_day(day)
    totals = {k: sum(i[k] for i in items) for k in ("assigned", "done", "pending",
                                                    "cancelled")}
    return {"date": day, "items": items, "totals": totals}


@blp.route("/team/<uuid:worker_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(TeamArgs, location="query")
@blp.response(200, WorkerDayOut)
def team_worker(args, worker_id):
    """One worker's routes and stops of the day (the drill from the team table)."""
    return queries.worker_day(worker_id, args["date"] or local_today())


@blp.route("/stops/reassign", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(TeamReassignIn)
@blp.response(200, TeamReassignOut)
def reassign_many(body):
    """Give pending stops to another field worker (moves them between phones at next pull)."""
    stops = service.reassign_stops(actor_id=current_actor_id(), **body)
    day = queries.worker_day(body["worker_id"], queries.get_route(stops[0].route_id).work_date)
    moved = {s.id for s in stops}
    return {"moved": len(stops), "stops": [s for s in day["stops"] if s["id"] in moved]}
