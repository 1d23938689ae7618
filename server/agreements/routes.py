"""Office API of agreements: the policy (versioned), the payoff quote, signing at the
counter, the manager's list and figures, one agreement, its PDF, review, verification."""
from __future__ import annotations

from flask import Response, g
from flask_smorest import Blueprint

from server.agreements import queries, service
from server.agreements.mutations import AgreementSignV1
from server.agreements.pdf import agreement_pdf, verification_code
from server.agreements.schemas import (AgreementDetailOut, AgreementListArgs, AgreementOut,
                                       AgreementPageOut, PolicyIn, PolicyOut, QuoteOut,
                                       ReviewIn, ScannedCopyIn, SummaryOut)
from server.db import transaction
from server.errors import NotFound
from server.fieldwork.mutations import load_args
from server.http import (ALL_ROLES, OFFICE_ROLES, OFFICE_WRITERS, current_actor_id, page_envelope,
                         roles_required)
from server.registry import queries as registry_queries

blp = Blueprint("agreements", __name__, url_prefix="/agreements",
                description="Convenios de pago")


def _detail(agreement) -> dict:
    return {**queries.detail(agreement),
            "verification_code": verification_code(agreement.terms_hash)}


@blp.route("/policy", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, PolicyOut)
def policy():
    """The policy in force (minimum down payment, installments and grace by class,
    waivable concepts, waiver limits by role)."""
    with transaction() as session:
        return service.current_policy(session)


@blp.route("/policy", methods=["PUT"])
@roles_required("manager")
@blp.arguments(PolicyIn)
@blp.response(201, PolicyOut)
def new_policy(body):
    """A new policy version; agreements keep the version they were signed under."""
    with transaction() as session:
        return service.new_policy_version(session, actor_id=current_actor_id(),
                                          rules_=body["rules"], note=body["note"])


@blp.route("/quote/<account_ref>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, QuoteOut)
def quote(account_ref):
    """The exact amount that settles the account today, by service and concept."""
    account = registry_queries.get_account(account_ref)
    with transaction() as session:
        return service.quote(session, account)


@blp.route("", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(AgreementSignV1)
@blp.response(201, AgreementDetailOut)
def sign(body):
    """Sign an agreement at the counter (same terms as the field's `agreement.sign`). It is
    activated when it adds up and is within the signer's authority; otherwise it is kept in
    pending_review for the manager, with flags saying why."""
    role = "manager" if "manager" in g.actor_roles else "clerk"
    _, canonical = load_args(AgreementSignV1, body, id_keys=())
    with transaction() as session:
        outcome = service.sign(session, actor_id=current_actor_id(), actor_role=role,
                               origin="counter", client_id=None, args=body,
                               canonical=canonical, version=1)
    return _detail(outcome.agreement)


@blp.route("", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(AgreementListArgs, location="query")
@blp.response(200, AgreementPageOut)
def list_agreements(args):
    """Agreements, newest first, with what was paid and the next due date."""
    items, total = queries.list_agreements(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/summary", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, SummaryOut)
def summary():
    """By status, compliance rate, money recovered through agreements, next 7 days."""
    return queries.summary()


@blp.route("/<uuid:agreement_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, AgreementDetailOut)
def detail(agreement_id):
    """One agreement: terms as signed, flags, parts and payments, verification code."""
    return _detail(queries.get_agreement(agreement_id))


@blp.route("/<uuid:agreement_id>/document.pdf", methods=["GET"])
@roles_required(*ALL_ROLES)
@blp.response(200, description="El convenio en PDF", content_type="application/pdf")
def document(agreement_id):
    """The agreement document: folio, schedule, signatures, policy version, verification
    code. The office reads any; a field worker only the agreements she signed."""
    agreement = queries.get_agreement(agreement_id)
    if not set(g.actor_roles) & set(OFFICE_ROLES) and agreement.signed_by != current_actor_id():
        raise NotFound("AGREEMENT_NOT_FOUND", agreement=str(agreement_id))
    return Response(agreement_pdf(agreement), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="convenio-{agreement.folio}.pdf"',
        "Cache-Control": "no-store"})


@blp.route("/<uuid:agreement_id>/review", methods=["POST"])
@roles_required("manager")
@blp.arguments(ReviewIn)
@blp.response(200, AgreementDetailOut)
def review(body, agreement_id):
    """Approve (activate) or annul an agreement parked for review, with a note."""
    with transaction() as session:
        agreement = service.review(session, actor_id=current_actor_id(),
                                   agreement_id=agreement_id, **body)
    return _detail(agreement)


@blp.route("/<uuid:agreement_id>/restructure", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(AgreementSignV1)
@blp.response(201, AgreementDetailOut)
def restructure(body, agreement_id):
    """A new agreement from the current debt replacing an active, late or breached one;
    the old one ends as restructured once the new one is activated."""
    role = "manager" if "manager" in g.actor_roles else "clerk"
    _, canonical = load_args(AgreementSignV1, body, id_keys=())
    with transaction() as session:
        outcome = service.restructure(session, actor_id=current_actor_id(), actor_role=role,
                                      agreement_id=agreement_id, args=body,
                                      canonical=canonical)
    return _detail(outcome.agreement)


@blp.route("/<uuid:agreement_id>/scanned-copy", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(ScannedCopyIn)
@blp.response(200, AgreementDetailOut)
def scanned_copy(body, agreement_id):
    """Attach the scanned paper signed with a pen (upload it first with PUT
    /api/sync/v1/blobs/<sha256>: JPEG, PNG, WebP or PDF, 10 MB at most)."""
    with transaction() as session:
        agreement = service.attach_scanned_copy(session, actor_id=current_actor_id(),
                                                agreement_id=agreement_id, **body)
    return _detail(agreement)


@blp.route("/verify/<code>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, AgreementOut)
def verify(code):
    """The agreement a printed verification code belongs to (XXXX-XXXX-XXXX)."""
    agreement = queries.find_by_code(code)
    if agreement is None:
        raise NotFound("AGREEMENT_CODE_UNKNOWN", verification=code[:20])
    return queries.detail(agreement)
