"""Office API of surveys: the manager's forms editor (draft, publish, retire), asking a
route's stops, the results and their Excel, the complaints inbox and the requests."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from server.db import transaction
from server.http import OFFICE_ROLES, current_actor_id, page_envelope, roles_required
from server.surveys import queries, service
from server.surveys.results import results as version_results
from server.surveys.schemas import (CloseIn, ComplaintListArgs, ComplaintOut, ComplaintPageOut,
                                    DraftIn, FormDetailOut, FormIn, FormSummaryOut,
                                    RequestListArgs, RequestPageOut, ResultsArgs, ResultsOut,
                                    SurveyAssignIn, SurveyAssignOut, VersionOut)
from server.surveys.xlsx import results_xlsx

blp = Blueprint("surveys", __name__, url_prefix="/surveys",
                description="Encuestas de opinión: formularios, resultados y quejas")
MANAGERS = ("manager",)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _version(form) -> dict:
    return queries.version_row(form)


@blp.route("/forms", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, FormSummaryOut(many=True))
def forms():
    """Every form: its published version, whether a draft waits, how many answers."""
    return queries.forms()


@blp.route("/forms", methods=["POST"])
@roles_required(*MANAGERS)
@blp.arguments(FormIn)
@blp.response(201, VersionOut)
def create_form(body):
    """A new form, as a draft (version 1); 422 with each question's problems."""
    with transaction() as session:
        form = service.create_form(session, actor_id=current_actor_id(), body=body)
    return _version(form)


@blp.route("/forms/<uuid:form_key>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, FormDetailOut)
def form(form_key):
    """The draft (if any) and the published and retired versions, newest first."""
    return queries.form_detail(form_key)


@blp.route("/forms/<uuid:form_key>/draft", methods=["PUT"])
@roles_required(*MANAGERS)
@blp.arguments(DraftIn)
@blp.response(200, VersionOut)
def save_draft(body, form_key):
    """Create or replace the form's draft (the newest version copied for what is left
    out)."""
    with transaction() as session:
        draft = service.save_draft(session, actor_id=current_actor_id(), form_key=form_key,
                                   body=body)
    return _version(draft)


@blp.route("/forms/<uuid:form_key>/publish", methods=["POST"])
@roles_required(*MANAGERS)
@blp.response(200, VersionOut)
def publish(form_key):
    """Publish the draft as the next version (the previous one is retired; answers to it
    are still accepted)."""
    with transaction() as session:
        version = service.publish(session, actor_id=current_actor_id(), form_key=form_key)
    return _version(version)


@blp.route("/forms/<uuid:form_key>/retire", methods=["POST"])
@roles_required(*MANAGERS)
@blp.response(200, VersionOut)
def retire(form_key):
    """Stop offering the published version on the phones (answers still accepted)."""
    with transaction() as session:
        version = service.retire(session, actor_id=current_actor_id(), form_key=form_key)
    return _version(version)


@blp.route("/forms/<uuid:form_key>/assign", methods=["POST"])
@roles_required(*MANAGERS)
@blp.arguments(SurveyAssignIn)
@blp.response(200, SurveyAssignOut)
def assign(body, form_key):
    """Ask the pending stops of these routes (every one, or a fixed sample); again on the
    same routes adds only the stops not asked yet."""
    with transaction() as session:
        return service.assign(session, actor_id=current_actor_id(), form_key=form_key, **body)


@blp.route("/forms/<uuid:form_key>/results", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ResultsArgs, location="query")
@blp.response(200, ResultsOut)
def results(args, form_key):
    """Counts, percentages, averages and texts per question of one version (the
    published one unless `version`), by date, colonia and field worker."""
    return version_results(form_key, **args)


@blp.route("/forms/<uuid:form_key>/results.xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ResultsArgs, location="query")
@blp.response(200, description="Resultados en Excel", content_type=XLSX)
def results_excel(args, form_key):
    """The same results in Excel, with one row per response in «Respuestas»."""
    data, name = results_xlsx(form_key, **args)
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@blp.route("/complaints", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ComplaintListArgs, location="query")
@blp.response(200, ComplaintPageOut)
def complaints(args):
    """The complaints inbox, newest first."""
    items, total = queries.complaints(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/complaints/<uuid:complaint_id>/close", methods=["POST"])
@roles_required(*MANAGERS)
@blp.arguments(CloseIn)
@blp.response(200, ComplaintOut)
def close_complaint(body, complaint_id):
    """Close a complaint with a note of what was done."""
    with transaction() as session:
        service.close_complaint(session, actor_id=current_actor_id(),
                                complaint_id=complaint_id, note=body["note"])
    items, _ = queries.complaints(status=None, page=1, page_size=1, complaint_id=complaint_id)
    return items[0]


@blp.route("/requests", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(RequestListArgs, location="query")
@blp.response(200, RequestPageOut)
def requests(args):
    """The surveys asked of accounts (a route's stops, approved discounts) and their
    state."""
    items, total = queries.requests(**args)
    return page_envelope(items, total, args["page"], args["page_size"])
