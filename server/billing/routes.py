"""Billing analysis and authorization: billing periods draft → authorized, month-to-month
comparison, large consumers validated before authorizing. The manager decides; the clerk
and the director read."""
from __future__ import annotations

from datetime import date

from flask import Response
from flask_smorest import Blueprint

from server.billing import queries, service
from server.billing.pdf import comparison_pdf
from server.billing.schemas import (BillingAuthorizeIn, ComparisonArgs, ComparisonOut, LargeConsumerFlagIn,
                                    LargeConsumerFlagOut, LargeConsumerArgs, LargeConsumerOut,
                                    LargeConsumerPageOut, BillingPeriodListOut, BillingPeriodOut, LargeConsumerReviewIn)
from server.billing.xlsx import comparison_xlsx
from server.common.clock import parse_period
from server.common.settings import get_setting
from server.db import transaction
from server.errors import DomainError
from server.http import OFFICE_ROLES, current_actor_id, page_envelope, roles_required

blp = Blueprint("billing", __name__, url_prefix="/billing",
                description="Análisis y autorización de la facturación; grandes consumidores")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(text: str) -> date:
    try:
        return parse_period(text)
    except ValueError:
        raise DomainError("BILLING_PERIOD_INVALID", period=text[:20],
                          errors={"period": ["Use AAAA-MM."]}) from None


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@blp.route("/periods", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, BillingPeriodListOut)
def periods():
    """Every billed month, newest first: draft until the manager authorizes it."""
    return {"items": queries.periods()}


@blp.route("/periods/<period>/comparison", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ComparisonArgs, location="query")
@blp.response(200, ComparisonOut)
def comparison(args, period):
    """Billed m³ and amount by class and by service/concept: this month, the previous one
    and the same month last year, with variations (filters: colonia, class)."""
    return queries.comparison(_period(period), **args)


@blp.route("/periods/<period>/comparison/xlsx", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ComparisonArgs, location="query")
@blp.response(200, description="Comparativo de facturación en Excel", content_type=XLSX)
def comparison_export(args, period):
    """The comparison and the period's large consumers in Excel."""
    p = _period(period)
    return _download(comparison_xlsx(p, **args), XLSX, f"facturacion-{p:%Y-%m}.xlsx")


@blp.route("/periods/<period>/comparison/pdf", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(ComparisonArgs, location="query")
@blp.response(200, description="Comparativo de facturación en PDF",
              content_type="application/pdf")
def comparison_print(args, period):
    """The comparison and the large consumers that need validation, printable."""
    p = _period(period)
    return _download(comparison_pdf(p, **args), "application/pdf", f"facturacion-{p:%Y-%m}.pdf")


@blp.route("/periods/<period>/large-consumers", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(LargeConsumerArgs, location="query")
@blp.response(200, LargeConsumerPageOut)
def large_consumers(args, period):
    """The period's large consumers against their average; pending ones first."""
    p = _period(period)
    items = queries.large_consumers(p)
    shown = items if args["only"] == "all" else [i for i in items if i[args["only"]]]
    start = (args["page"] - 1) * args["page_size"]
    return {**page_envelope(shown[start:start + args["page_size"]], len(shown), args["page"],
                            args["page_size"]),
            "summary": queries.large_consumer_summary(items),
            "period": queries.period_detail(p), "settings": get_setting("large_consumer")}


@blp.route("/periods/<period>/large-consumers/<uuid:account_id>/review", methods=["POST"])
@roles_required("manager")
@blp.arguments(LargeConsumerReviewIn)
@blp.response(200, LargeConsumerOut)
def review(body, period, account_id):
    """Validate, explain (note required) or send an inspection (notifier and date)."""
    p = _period(period)
    with transaction() as session:
        return service.review(session, period=p, account_id=account_id,
                              actor_id=current_actor_id(), **body)


@blp.route("/periods/<period>/authorize", methods=["POST"])
@roles_required("manager")
@blp.arguments(BillingAuthorizeIn)
@blp.response(200, BillingPeriodOut)
def authorize(body, period):
    """Authorize the period; 409 while any deviating large consumer is pending."""
    p = _period(period)
    with transaction() as session:
        return service.authorize(session, period=p, note=body["note"],
                                 actor_id=current_actor_id())


@blp.route("/accounts/<account_ref>/large-consumer", methods=["PUT"])
@roles_required("manager")
@blp.arguments(LargeConsumerFlagIn)
@blp.response(200, LargeConsumerFlagOut)
def flag(body, account_ref):
    """Flag or unflag an account as a large consumer by hand, with its category."""
    with transaction() as session:
        return service.set_large_consumer(session, account_ref=account_ref,
                                          actor_id=current_actor_id(), **body)
