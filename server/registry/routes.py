"""Registry API for the office: search, detail, create, edit, change proposals, audit."""
from __future__ import annotations

from flask_smorest import Blueprint

from server.http import (ALL_ROLES, OFFICE_ROLES, OFFICE_WRITERS, current_actor_id,
                         page_envelope, roles_required)
from server.registry import dossier, queries, service
from server.registry.schemas import (
    AccountCreateIn, AccountDetailOut, AccountPageOut, AccountPatchIn, AccountSearchArgs,
    AuditEventOut, ClassEffectArgs, ClassEffectOut, DossierOut, NeighborhoodOut,
    ProposalDecisionIn, ProposalIn, ProposalListArgs, ProposalOut, ProposalPageOut, RejectIn)

blp = Blueprint("registry", __name__, url_prefix="/registry",
                description="Padrón de usuarios: cuentas, predios, titulares")


@blp.route("/accounts", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(AccountSearchArgs, location="query")
@blp.response(200, AccountPageOut)
def search(args):
    """Search accounts by number, holder, address, colonia or cadastral key (paginated)."""
    page, size = args.pop("page"), args.pop("page_size")
    items, total = queries.search_accounts(args.pop("q"), page=page, page_size=size, **args)
    return page_envelope(items, total, page, size) | {
        "total_is_lower_bound": total >= queries.COUNT_CAP}


@blp.route("/accounts", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(AccountCreateIn)
@blp.response(201, AccountDetailOut)
def create(body):
    """Register a new account with its premises and holder."""
    account = service.create_account(actor_id=current_actor_id(), **body)
    return queries.account_detail(account)


@blp.route("/accounts/<account_ref>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, AccountDetailOut)
def detail(account_ref):
    """An account by id or number, with premises, holder, meters and histories."""
    return queries.account_detail(queries.get_account(account_ref))


@blp.route("/accounts/<account_ref>", methods=["PATCH"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(AccountPatchIn)
@blp.response(200, AccountDetailOut)
def edit(body, account_ref):
    """Edit an account; a reason is required and the change is audited."""
    account = service.update_account(actor_id=current_actor_id(), account_ref=account_ref,
                                     **body)
    return queries.account_detail(account)


@blp.route("/accounts/<account_ref>/class-effect", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ClassEffectArgs, location="query")
@blp.response(200, ClassEffectOut)
def class_effect(args, account_ref):
    """Estimated effect on the monthly water bill of a change of class (no tariff table:
    averages of the new class's last billed periods)."""
    return queries.class_effect(queries.get_account(account_ref), args["property_class"])


@blp.route("/accounts/<account_ref>/audit", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, AuditEventOut(many=True))
def audit_trail(account_ref):
    """Who changed what on this account, newest first."""
    account = queries.get_account(account_ref)
    ids = [str(account.id), str(account.premises_id), str(account.customer_id)]
    return queries.audit_trail(ids)


@blp.route("/accounts/<account_ref>/dossier", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, DossierOut)
def account_dossier(account_ref):
    """The account page: registry, readings, flags, balance and aging, collection actions
    (notices and orders with their visits and evidence, agreements, discounts), audit."""
    return dossier.account_dossier(queries.get_account(account_ref))


@blp.route("/accounts/<account_ref>/proposals", methods=["POST"])
@roles_required(*ALL_ROLES)
@blp.arguments(ProposalIn)
@blp.response(201, ProposalOut)
def propose(body, account_ref):
    """Propose a correction (any staff role); the office approves or rejects it."""
    proposal_id = body.pop("id")
    proposal = service.propose_change(actor_id=current_actor_id(), account_ref=account_ref,
                                      proposal_id=proposal_id, **body)
    return _proposal_out(proposal)


@blp.route("/proposals", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ProposalListArgs, location="query")
@blp.response(200, ProposalPageOut)
def proposals(args):
    """Change proposals by status, with the value the record holds now."""
    rows, total = queries.list_proposals(**args)
    return page_envelope([_proposal_out(p, number) for p, number in rows], total,
                         args["page"], args["page_size"])


@blp.route("/proposals/<uuid:proposal_id>/approve", methods=["POST"])
@roles_required("manager")
@blp.arguments(ProposalDecisionIn)
@blp.response(200, ProposalOut)
def approve(body, proposal_id):
    """Approve a proposal: the change is applied and audited."""
    return _proposal_out(service.decide_proposal(actor_id=current_actor_id(),
                                                 proposal_id=proposal_id, approve=True,
                                                 reason=body.get("reason")))


@blp.route("/proposals/<uuid:proposal_id>/reject", methods=["POST"])
@roles_required("manager")
@blp.arguments(RejectIn)
@blp.response(200, ProposalOut)
def reject(body, proposal_id):
    """Reject a proposal with a reason."""
    return _proposal_out(service.decide_proposal(actor_id=current_actor_id(),
                                                 proposal_id=proposal_id, approve=False,
                                                 reason=body["reason"]))


@blp.route("/neighborhoods", methods=["GET"])
@roles_required(*ALL_ROLES)
@blp.response(200, NeighborhoodOut(many=True))
def neighborhoods():
    """Colonias and localities with postal code and sector."""
    return queries.list_neighborhoods()


def _proposal_out(p, account_number: str | None = None) -> dict:
    from server.auth.models import StaffUser
    from server.extensions import db

    account = queries.get_account(p.account_id)
    current = service.current_value(account, p.field)
    proposer = db.session.get(StaffUser, p.proposed_by) if p.proposed_by else None
    return {"id": str(p.id), "account_id": str(p.account_id),
            "account_number": account_number or account.account_number, "field": p.field,
            "seen_value": p.seen_value, "proposed_value": p.proposed_value,
            "current_value": current,
            "changed_since": p.status == "pending" and current != p.seen_value,
            "reason": p.reason, "source": p.source, "status": p.status,
            "proposed_by": str(p.proposed_by) if p.proposed_by else None,
            "proposed_by_name": proposer.full_name if proposer else None,
            "created_at": p.created_at, "decided_at": p.decided_at,
            "decision_reason": p.decision_reason}
