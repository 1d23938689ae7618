"""PAE debtor list: selection, legal data per debtor, prescription horizon, payment demand drafts, sending to PAE."""
from __future__ import annotations

import uuid

from flask import Response
from flask_smorest import Blueprint

from server.common.clock import local_today
from server.http import OFFICE_ROLES, current_actor_id, page_envelope, roles_required
from server.pae import dossier, queries, service
from server.pae.schemas import (
    PaeDossierArgs, PaeDossierOut, PaeReferralCloseIn, PaeReferralIn, PaeReferralListArgs,
    PaeReferralOut, PaeReferralPageOut, PaeReferralsOut, PaeSelectionArgs, PaeSelectionOut,
    PaeSelectionPageArgs, PaeDemandsIn)
from server.registry import queries as registry_queries

blp = Blueprint("pae", __name__, url_prefix="/pae",
                description="Lista de deudores para el procedimiento administrativo de ejecución (PAE)")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(args: dict) -> queries.Filters:
    args = {k: v for k, v in args.items() if k not in ("page", "page_size") and v is not None}
    return queries.Filters(**(args | {"as_of": args.get("as_of") or local_today()}))


@blp.route("/debtors", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PaeSelectionPageArgs, location="query")
@blp.response(200, PaeSelectionOut)
def debtors(args):
    """Debtors for PAE by amount, age, class and colonia, highest priority first, with the
    prescription horizon of each and the totals of the selection."""
    return queries.selection(_filters(args), page=args["page"], page_size=args["page_size"])


@blp.route("/debtors.xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PaeSelectionArgs, location="query")
@blp.response(200, description="La selección en Excel", content_type=XLSX)
def debtors_xlsx(args):
    """The whole selection in Excel (real number and date cells, totals)."""
    from server.pae.xlsx import selection_xlsx

    f = _filters(args)
    return Response(selection_xlsx(f), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="deudores-pae-{f.as_of}.xlsx"',
        "Cache-Control": "no-store"})


@blp.route("/debtors/<account_ref>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PaeDossierArgs, location="query")
@blp.response(200, PaeDossierOut)
def debtor(args, account_ref):
    """The legal data of one debtor: identification, address, periods owed, accessories,
    formal acts and how they were served, agreements, cuts, prescription, referral."""
    return dossier.debtor_dossier(registry_queries.get_account(account_ref), args["as_of"])


@blp.route("/debtors/<account_ref>/demand.pdf", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PaeDossierArgs, location="query")
@blp.response(200, description="Borrador del requerimiento de pago (PDF)",
              content_type="application/pdf")
def demand_pdf(args, account_ref):
    """The payment demand draft of one debtor, for the executing officer to review."""
    from server.pae.pdf import demand_pdf as make_pdf

    account = registry_queries.get_account(account_ref)
    return Response(make_pdf(account, args["as_of"]), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="requerimiento-{account.account_number}.pdf"',
        "Cache-Control": "no-store"})


@blp.route("/demands.pdf", methods=["POST"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PaeDemandsIn)
@blp.response(200, description="Borradores de requerimiento de varias cuentas (un PDF)",
              content_type="application/pdf")
def demands_pdf(body):
    """The demand drafts of up to 25 selected debtors in one PDF, in the order given."""
    from server.pae.pdf import demands_pdf as make_pdf

    accounts = [registry_queries.get_account(i) for i in dict.fromkeys(body["account_ids"])]
    return Response(make_pdf(accounts, body["as_of"]), mimetype="application/pdf", headers={
        "Content-Disposition": 'inline; filename="requerimientos-pae.pdf"',
        "Cache-Control": "no-store"})


@blp.route("/referrals", methods=["POST"])
@roles_required("manager")
@blp.arguments(PaeReferralIn)
@blp.response(201, PaeReferralsOut)
def send(body):
    """Mark debtors as sent to PAE with the mandate number and the officer (manager)."""
    refs = service.send_to_pae(actor_id=current_actor_id(), **body)
    return {"items": [dossier.referral_view(r) for r in refs]}


@blp.route("/referrals", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PaeReferralListArgs, location="query")
@blp.response(200, PaeReferralPageOut)
def referrals(args):
    """Referrals to PAE, newest first (?status=open|closed&mandate_number=)."""
    rows, total = queries.referrals_page(**args)
    items = [dossier.referral_view(r) | {"account_number": n, "holder_name": h}
             for r, n, h in rows]
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/referrals/<uuid:referral_id>/close", methods=["POST"])
@roles_required("manager")
@blp.arguments(PaeReferralCloseIn)
@blp.response(200, PaeReferralOut)
def close(body, referral_id: uuid.UUID):
    """Close an open referral with a reason (paid, agreement, returned by the officer)."""
    return dossier.referral_view(service.close_referral(
        actor_id=current_actor_id(), referral_id=referral_id, **body))
