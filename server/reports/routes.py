"""Dashboard and reports: read-only queries over the ledger, registry and field facts, with Excel and PDF exports."""
from __future__ import annotations

import uuid

from flask import Response
from flask_smorest import Blueprint

from server.http import current_actor_id, roles_required
from server.reports import errors as _errors  # noqa: F401  (Spanish messages)
from server.reports import service
from server.reports.exports import MEDIA
from server.reports.schemas import (AccountsArgs, AccountsPageOut, DashboardArgs, ExportIn,
                                    ExportRunOut, ReportArgs, params_of)

blp = Blueprint("reports", __name__, url_prefix="/reports",
                description="Tablero e informes de recuperación, rezago, deudores y facturación")
READERS = ("manager", "director")


def _file(data: bytes, filename: str, media: str) -> Response:
    return Response(data, mimetype=media, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@blp.route("/dashboard", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(DashboardArgs, location="query")
@blp.response(200, description="Cifras del tablero con su destino de detalle (drill)")
def dashboard(args):
    """Arrears and 12-month trend, recovery vs last year, indicators, delinquent accounts,
    agreements, orders and field productivity; `stale` while a refresh runs."""
    return service.dashboard(params_of(args), fresh=args["fresh"])


@blp.route("/accounts", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(AccountsArgs, location="query")
@blp.response(200, AccountsPageOut)
def accounts(args):
    """The accounts behind a figure, most owed first (filters, bucket, min_months)."""
    return service.accounts(params_of(args), bucket=args["bucket"],
                            min_months=args["min_months"], page=args["page"],
                            page_size=args["page_size"])


@blp.route("/exports", methods=["POST"])
@roles_required(*READERS)
@blp.arguments(ExportIn)
@blp.response(202, ExportRunOut)
def start_export(body):
    """Start a background export (the arrears Excel holds every account with debt)."""
    return service.start_export(params_of(body), report=body["report"], fmt=body["format"],
                                actor_id=current_actor_id())


@blp.route("/exports/<uuid:run_id>", methods=["GET"])
@roles_required(*READERS)
@blp.response(200, ExportRunOut)
def export_run(run_id: uuid.UUID):
    """An export run: status (queued, running, done, failed) and rows done / total."""
    return service.export_run(run_id)


@blp.route("/exports/<uuid:run_id>/file", methods=["GET"])
@roles_required(*READERS)
@blp.response(200, description="El archivo de la exportación")
def export_file(run_id: uuid.UUID):
    """The finished file (409 while it is being made)."""
    return _file(*service.export_file(run_id))


@blp.route("/<key>", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(ReportArgs, location="query")
@blp.response(200, description="El informe (o su archivo con ?format=xlsx|pdf)")
def report(args, key: str):
    """recovery, arrears, arrears-by-service or debtors, with filters and totals."""
    if args["format"]:
        data, name = service.report_file(key, params_of(args), args["format"])
        return _file(data, name, MEDIA[args["format"]])
    return service.report(key, params_of(args), fresh=args["fresh"])
