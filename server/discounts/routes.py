"""Office API of social discounts: programs (the manager creates and edits them), the
applications queue and its decisions, the posting of a period's discounts, the renewal tasks,
the registration visits, the beneficiaries of a month (list and Excel) and the declared
emergency that protects them from cuts."""
from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from server.common.clock import first_of_month, local_today, parse_period
from server.db import transaction
from server.discounts import programs as program_service
from server.discounts import queries, service
from server.discounts.schemas import (ApplicationListArgs, ApplicationOut, ApplicationPageOut,
                                      BeneficiaryArgs, BeneficiaryFilters, BeneficiaryPageOut,
                                      DecisionIn, EmergencyIn, EmergencyOut, PostIn, PostOut,
                                      ProgramEditIn, ProgramIn, ProgramListOut, ProgramOut,
                                      RenewalsIn, RenewalsOut, VisitsIn, VisitsOut)
from server.discounts.xlsx import beneficiaries_xlsx
from server.errors import DomainError
from server.http import OFFICE_ROLES, current_actor_id, page_envelope, roles_required

blp = Blueprint("discounts", __name__, url_prefix="/discounts",
                description="Descuentos sociales (adultos mayores, discapacidad, pensionados)")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/programs", methods=["GET"])
@roles_required(*OFFICE_ROLES, "social_worker")
@blp.response(200, ProgramListOut)
def programs():
    """The discount programs and their rules."""
    return {"items": queries.programs()}


@blp.route("/programs", methods=["POST"])
@roles_required("manager")
@blp.arguments(ProgramIn)
@blp.response(201, ProgramOut)
def create_program(body):
    """A new program: its rules are checked whole (422 with each field's messages under
    `rules.<field>`); the phones receive it on their next pull."""
    with transaction() as session:
        return program_service.create_program(session, actor_id=current_actor_id(), **body)


@blp.route("/programs/<uuid:program_id>", methods=["PUT"])
@roles_required("manager")
@blp.arguments(ProgramEditIn)
@blp.response(200, ProgramOut)
def edit_program(body, program_id):
    """Change a program's name, rules (whole), whether it is offered or its approving act.
    Approved discounts keep their dates; the next posting uses the new rules; every phone
    receives the change on its next pull."""
    with transaction() as session:
        return program_service.update_program(session, actor_id=current_actor_id(),
                                              program_id=program_id, values=body)


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


@blp.route("/renewals", methods=["POST"])
@roles_required("manager")
@blp.arguments(RenewalsIn)
@blp.response(200, RenewalsOut)
def renewals(body):
    """Renewal tasks for the discounts entering their renewal window: one route per social
    worker for the day (as_of, today by default), each colonia with one worker, colonias
    balanced by count. Running it again creates nothing new."""
    if not request.is_json:  # every field is optional: an empty JSON object, not nothing
        raise DomainError("UNSUPPORTED_MEDIA_TYPE", status=415)
    with transaction() as session:
        return service.generate_renewals(session, as_of=body["as_of"] or local_today(),
                                         actor_id=current_actor_id())


@blp.route("/visits", methods=["POST"])
@roles_required("manager", "clerk")
@blp.arguments(VisitsIn)
@blp.response(200, VisitsOut)
def visits(body):
    """Registration visits: the accounts whose customers asked for the discount at the
    counter become one route of stops of kind `discount_visit` for a social worker and day
    (today by default), in walking order; an account with a visit still pending is skipped
    (`skipped`, its number)."""
    with transaction() as session:
        ids = service.accounts_by_number(session, body["account_numbers"])
        return service.assign_visits(session, account_ids=ids, worker_id=body["worker_id"],
                                     work_date=body["work_date"] or local_today(),
                                     actor_id=current_actor_id())


def _month(args) -> dict:
    month = args.pop("month", None)
    return {**args, "month": parse_period(month) if month else first_of_month(local_today())}


@blp.route("/beneficiaries", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(BeneficiaryArgs, location="query")
@blp.response(200, BeneficiaryPageOut)
def beneficiaries(args):
    """The beneficiaries of a month (approved, their validity overlapping it) by colonia,
    with what each was credited that month; the summary by type × colonia and the totals
    cover every row matching the filters."""
    data = queries.beneficiaries(**_month(args))
    return {**page_envelope(data["items"], data["total"], args["page"], args["page_size"]),
            "month": data["month"], "summary": data["summary"], "totals": data["totals"]}


@blp.route("/beneficiaries.xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(BeneficiaryFilters, location="query")
@blp.response(200, description="Beneficiarios del mes en Excel", content_type=XLSX)
def beneficiaries_export(args):
    """The same list (every row) and its summary by type × colonia in Excel."""
    data = queries.beneficiaries(**_month(args), page_size=None)
    return Response(beneficiaries_xlsx(data), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="beneficiarios-{data["month"]}.xlsx"',
        "Cache-Control": "no-store"})


@blp.route("/emergency", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, EmergencyOut)
def emergency():
    """Whether an emergency is declared (beneficiaries are then never restricted or cut)."""
    return queries.emergency_state()


@blp.route("/emergency", methods=["PUT"])
@roles_required("manager")
@blp.arguments(EmergencyIn)
@blp.response(200, EmergencyOut)
def declare_emergency(body):
    """Declare or lift the emergency that protects social-discount beneficiaries from
    restriction and disconnection (checked at the cut list and at execution)."""
    with transaction() as session:
        service.set_emergency(session, declared=body["declared"], actor_id=current_actor_id())
    return queries.emergency_state()
