"""Arrears clean-up: suspect account lists, reclassification and write-off proposals (two-person rule), write-offs as ledger credits."""
from __future__ import annotations

from flask import Response, g
from flask_smorest import Blueprint

from server.cleanup import errors as _errors  # noqa: F401  (Spanish messages)
from server.cleanup import queries, service, xlsx
from server.cleanup.rules import SUSPECT_KINDS
from server.cleanup.schemas import (
    CleanupApproveIn, CleanupCountsArgs, CleanupCountsOut, CleanupExportArgs, CleanupOpenChargeOut, CleanupProposalListArgs,
    CleanupProposalOut, CleanupProposalPageOut, CleanupReclassificationIn, CleanupRejectIn, CleanupSuspectArgs, CleanupSuspectPageOut,
    CleanupWriteOffIn)
from server.common.clock import local_today
from server.http import OFFICE_ROLES, current_actor_id, page_envelope, roles_required
from server.registry import queries as registry_queries

blp = Blueprint("cleanup", __name__, url_prefix="/cleanup",
                description="Depuración de cartera: cuentas sospechosas, reclasificación y bajas por incobrabilidad")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/suspects", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(CleanupSuspectArgs, location="query")
@blp.response(200, CleanupSuspectPageOut)
def suspects(args):
    """One suspect list (?kind=), paged: account, holder, colonia, class, balance, why."""
    kind, as_of = args["kind"], args["as_of"] or local_today()
    page, size = args["page"], args["page_size"]
    items, total = queries.suspect_page(kind, as_of, limit=size, offset=(page - 1) * size)
    return page_envelope(items, total, page, size) | {
        "kind": kind, "kind_label": SUSPECT_KINDS[kind], "as_of": as_of}


@blp.route("/suspects/counts", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(CleanupCountsArgs, location="query")
@blp.response(200, CleanupCountsOut)
def suspect_counts(args):
    """How many accounts each suspect list holds (the tabs)."""
    as_of = args["as_of"] or local_today()
    counts = queries.suspect_counts(as_of)
    return {"as_of": as_of, "kinds": [{"kind": k, "label": label, "count": counts[k]}
                                      for k, label in SUSPECT_KINDS.items()]}


@blp.route("/suspects.xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(CleanupExportArgs, location="query")
@blp.response(200, description="Lista de cuentas sospechosas en Excel", content_type=XLSX)
def suspects_xlsx(args):
    """A whole suspect list as an Excel sheet (balances as real numbers, a totals row)."""
    kind, as_of = args["kind"], args["as_of"] or local_today()
    return Response(xlsx.suspects_xlsx(kind, as_of), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="depuracion-{kind}-{as_of}.xlsx"',
        "Cache-Control": "no-store"})


@blp.route("/accounts/<account_ref>/open-charges", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, CleanupOpenChargeOut(many=True))
def open_charges(account_ref):
    """The account's open charges, oldest due first (what a write-off may target)."""
    return queries.open_charges(registry_queries.get_account(account_ref).id)


@blp.route("/proposals", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(CleanupProposalListArgs, location="query")
@blp.response(200, CleanupProposalPageOut)
def proposals(args):
    """Clean-up proposals by status and kind (?mine=true: the ones I proposed)."""
    mine = current_actor_id() if args.pop("mine") else None
    rows, total = queries.proposals_page(proposed_by=mine, **args)
    return page_envelope(rows, total, args["page"], args["page_size"])


@blp.route("/proposals/reclassification", methods=["POST"])
@roles_required("manager")
@blp.arguments(CleanupReclassificationIn)
@blp.response(201, CleanupProposalOut)
def propose_reclassification(body):
    """Propose a new class, status or flags for an account (applied on approval)."""
    row = service.propose_reclassification(actor_id=current_actor_id(),
                                           account_ref=body.pop("account"), **body)
    return queries.proposal_view(row)


@blp.route("/proposals/write-off", methods=["POST"])
@roles_required("manager")
@blp.arguments(CleanupWriteOffIn)
@blp.response(201, CleanupProposalOut)
def propose_write_off(body):
    """Propose a write-off of uncollectible debt; a different person, a director, decides."""
    row = service.propose_write_off(actor_id=current_actor_id(),
                                    account_ref=body.pop("account"), **body)
    return queries.proposal_view(row)


@blp.route("/proposals/<uuid:proposal_id>/approve", methods=["POST"])
@roles_required("manager", "director")
@blp.arguments(CleanupApproveIn)
@blp.response(200, CleanupProposalOut)
def approve(body, proposal_id):
    """Approve: a write-off (director, not its proposer) becomes ledger credits; a
    reclassification (manager) is applied through the registry's change proposals."""
    row = service.decide(actor_id=current_actor_id(), actor_roles=g.actor_roles,
                         proposal_id=proposal_id, approve=True, reason=body["reason"])
    return queries.proposal_view(row)


@blp.route("/proposals/<uuid:proposal_id>/reject", methods=["POST"])
@roles_required("manager", "director")
@blp.arguments(CleanupRejectIn)
@blp.response(200, CleanupProposalOut)
def reject(body, proposal_id):
    """Reject with a reason (same deciders as approval)."""
    row = service.decide(actor_id=current_actor_id(), actor_roles=g.actor_roles,
                         proposal_id=proposal_id, approve=False, reason=body["reason"])
    return queries.proposal_view(row)
