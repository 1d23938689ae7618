"""Government indicators: configurable formulas, stored monthly snapshots, the PIGOO export; strategy effectiveness and field productivity."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from server.http import current_actor_id, page_envelope, roles_required
from server.indicators import errors as _errors  # noqa: F401  (Spanish messages)
from server.indicators import queries, service, xlsx
from server.indicators.schemas import (
    IndicatorCompareOut, IndicatorPeriodArgs, IndicatorProductivityOut, IndicatorRangeArgs,
    IndicatorSnapshotIn, IndicatorSnapshotListArgs, IndicatorSnapshotOut,
    IndicatorSnapshotPageOut, IndicatorStrategyOut, IndicatorValuesOut, IndicatorYearArgs)

blp = Blueprint("indicators", __name__, url_prefix="/indicators",
                description="Indicadores de gestión, efectividad de estrategias, productividad de campo e instantáneas mensuales")

READERS = ("manager", "director")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/values", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorPeriodArgs, location="query")
@blp.response(200, IndicatorValuesOut)
def values(args):
    """Live measures and indicators of a month (?period=YYYY-MM), with the formulas used."""
    return service.live_values(args["period"])


@blp.route("/snapshots", methods=["POST"])
@roles_required("manager")
@blp.arguments(IndicatorSnapshotIn)
@blp.response(201, IndicatorSnapshotOut)
def take(body):
    """Freeze the month's figures as a new version (the manager only: it is what is reported)."""
    return service.take_snapshot(body["period"], actor=current_actor_id(), note=body["note"])


@blp.route("/snapshots", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorSnapshotListArgs, location="query")
@blp.response(200, IndicatorSnapshotPageOut)
def snapshots(args):
    """Stored snapshots, newest first (?year=, ?period=)."""
    items, total = queries.snapshot_page(year=args["year"], period=args["period"],
                                         page=args["page"], page_size=args["page_size"])
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/snapshots/<int:snapshot_id>", methods=["GET"])
@roles_required(*READERS)
@blp.response(200, IndicatorSnapshotOut)
def snapshot(snapshot_id: int):
    """One snapshot with its measures, formulas and breakdowns."""
    return service.get(snapshot_id)


@blp.route("/snapshots/<int:snapshot_id>/compare", methods=["GET"])
@roles_required(*READERS)
@blp.response(200, IndicatorCompareOut)
def compare(snapshot_id: int):
    """A stored snapshot against today's live figures of the same month."""
    return service.compare(snapshot_id)


@blp.route("/pigoo.xlsx", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorYearArgs, location="query")
def pigoo(args):
    """PIGOO commercial section of a year (?year=YYYY) from the newest snapshot of each month."""
    data = xlsx.pigoo_xlsx(args["year"])
    return Response(data, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="pigoo-comercial-{args["year"]}.xlsx"'})


MAX_DAYS = 366


def _report(kind: str, args) -> dict:
    """Run one report after checking the range (at most a year, from ≤ to)."""
    from server.errors import DomainError
    from server.indicators import productivity, strategy

    if args["date_from"] > args["date_to"] or (
            args["date_to"] - args["date_from"]).days > MAX_DAYS:
        raise DomainError("INDICATORS_RANGE_INVALID", max_days=MAX_DAYS)
    if kind == "strategies":
        return strategy.effectiveness(
            date_from=args["date_from"], date_to=args["date_to"],
            property_class=args["property_class"], service=args["service"],
            neighborhood_id=args["neighborhood_id"])
    return productivity.per_worker_day(date_from=args["date_from"], date_to=args["date_to"],
                                       worker_id=args["worker_id"])


def _file(kind: str, fmt: str, args) -> Response:
    from server.indicators import exports

    report = _report(kind, args)
    name = f"{'estrategias' if kind == 'strategies' else 'productividad'}-" \
           f"{args['date_from']:%Y%m%d}-{args['date_to']:%Y%m%d}.{fmt}"
    data = exports.report_xlsx(kind, report) if fmt == "xlsx" else exports.report_pdf(kind, report)
    return Response(data, mimetype=XLSX if fmt == "xlsx" else "application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/strategies", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorRangeArgs, location="query")
@blp.response(200, IndicatorStrategyOut)
def strategies(args):
    """Strategy effectiveness: responses within 15/30/60 days and money in, per strategy."""
    return _report("strategies", args)


@blp.route("/strategies.xlsx", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorRangeArgs, location="query")
def strategies_xlsx(args):
    """Strategy effectiveness as Excel (same filters)."""
    return _file("strategies", "xlsx", args)


@blp.route("/strategies.pdf", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorRangeArgs, location="query")
def strategies_pdf(args):
    """Strategy effectiveness as PDF (same filters)."""
    return _file("strategies", "pdf", args)


@blp.route("/productivity", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorRangeArgs, location="query")
@blp.response(200, IndicatorProductivityOut)
def field_productivity(args):
    """Field productivity per worker and day (?from, ?to, ?worker_id)."""
    return _report("productivity", args)


@blp.route("/productivity.xlsx", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorRangeArgs, location="query")
def productivity_xlsx(args):
    """Field productivity as Excel (same filters)."""
    return _file("productivity", "xlsx", args)


@blp.route("/productivity.pdf", methods=["GET"])
@roles_required(*READERS)
@blp.arguments(IndicatorRangeArgs, location="query")
def productivity_pdf(args):
    """Field productivity as PDF (same filters)."""
    return _file("productivity", "pdf", args)
