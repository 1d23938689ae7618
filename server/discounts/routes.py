"""Office API of social discounts: programs, the applications queue and its decisions,
and the posting of a period's discounts."""
from __future__ import annotations

from flask_smorest import Blueprint

from server.common.clock import parse_period
from server.db import transaction
from server.discounts import queries, service
from server.discounts.schemas import (ApplicationListArgs, ApplicationOut, ApplicationPageOut,
                                      DecisionIn, PostIn, PostOut, ProgramListOut)
from server.http import OFFICE_ROLES, current_actor_id, page_envelope, roles_required

blp = Blueprint("discounts", __name__, url_prefix="/discounts",
                description="Descuentos sociales (adultos mayores, discapacidad, pensionados)")


@blp.route("/programs", methods=["GET"])
@roles_required(*OFFICE_ROLES, "social_worker")
@blp.response(200, ProgramListOut)
def programs():
    """The discount programs and their rules."""
    return {"items": queries.programs()}


@blp.route("/applications", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ApplicationListArgs, location="query")
@blp.response(200, ApplicationPageOut)
def applications(args):
    """The applications queue, oldest first, with the problems found on arrival and the
    other accounts that use the same CURP."""
    items, total = queries.applications(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/applications/<uuid:application_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, ApplicationOut)
def application(application_id):
    """One application with its documents (blob hashes), checklist, GPS and signature."""
    return queries.get_application(application_id)


@blp.route("/applications/<uuid:application_id>/decide", methods=["POST"])
@roles_required("manager")
@blp.arguments(DecisionIn)
@blp.response(200, ApplicationOut)
def decide(body, application_id):
    """Approve (valid from today for the program's term), reject with a reason, or ask the
    social worker for more information."""
    with transaction() as session:
        service.decide(session, actor_id=current_actor_id(), application_id=application_id,
                       **body)
    return queries.get_application(application_id)


@blp.route("/postings", methods=["POST"])
@roles_required("manager")
@blp.arguments(PostIn)
@blp.response(200, PostOut)
def post(body):
    """Credit a month's discounts on the approved accounts' water charges (idempotent)."""
    with transaction() as session:
        return service.post_discounts(session, period=parse_period(body["period"]),
                                      actor_id=current_actor_id())
