"""Field-work office API shapes; unknown fields are rejected (marshmallow RAISE)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.fieldwork.queries import PROGRESS_KEYS
from server.http import PageArgs, PageOut

REQ = {"required": "Campo obligatorio."}
Dec = fields.Decimal(as_string=True, places=2)
GROUP_BY = ("neighborhood", "sector")


class PlanIn(Schema):
    campaign_id = fields.UUID(required=True, error_messages=REQ)
    work_date = fields.Date(required=True, error_messages=REQ)
    worker_ids = fields.List(fields.UUID(), required=True, error_messages=REQ,
                             validate=validate.Length(min=1, max=100))
    group_by = fields.String(load_default="neighborhood", validate=validate.OneOf(
        GROUP_BY, error="Use «neighborhood» (colonia) o «sector»."))
    max_stops_per_route = fields.Integer(load_default=None, allow_none=True, strict=True,
                                         validate=validate.Range(min=1, max=500))


class RouteListArgs(PageArgs):
    work_date = fields.Date(load_default=None)
    worker_id = fields.UUID(load_default=None)
    campaign_id = fields.UUID(load_default=None)


class AssignIn(Schema):
    worker_id = fields.UUID(required=True, error_messages=REQ)


class ReassignIn(Schema):
    route_id = fields.UUID(required=True, error_messages=REQ)


class CancelIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=3, max=255),
                           error_messages={"required": "Indique el motivo de la cancelación."})


class ProgressArgs(Schema):
    work_date = fields.Date(load_default=None)
    campaign_id = fields.UUID(load_default=None)


class VisitListArgs(PageArgs):
    route_id = fields.UUID(load_default=None)
    worker_id = fields.UUID(load_default=None)
    flagged = fields.Boolean(load_default=None)


Progress = fields.Dict(keys=fields.String(validate=validate.OneOf(PROGRESS_KEYS)),
                       values=fields.Integer())


class RouteOut(Schema):
    id = fields.UUID()
    name = fields.String()
    campaign_id = fields.UUID(allow_none=True)
    worker_id = fields.UUID(allow_none=True)
    worker_name = fields.String(allow_none=True)
    work_date = fields.Date()
    status = fields.String()
    zone = fields.String(allow_none=True)
    progress = Progress


class StopOut(Schema):
    id = fields.UUID()
    route_id = fields.UUID()
    position = fields.Integer()
    kind = fields.String()
    status = fields.String()
    cancel_reason = fields.String(allow_none=True)
    done_at = fields.DateTime(allow_none=True)
    notice_id = fields.UUID(allow_none=True)
    folio = fields.String(allow_none=True)
    notice_status = fields.String(allow_none=True)
    order_id = fields.UUID(allow_none=True)
    action = fields.String(allow_none=True)
    order_status = fields.String(allow_none=True)
    account_id = fields.UUID()
    account_number = fields.String()
    holder_name = fields.String()
    address = fields.String()
    neighborhood = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    debt_amount = fields.Decimal(as_string=True, places=2, allow_none=True)
    months_past_due = fields.Integer(allow_none=True)


class RouteDetailOut(RouteOut):
    stops = fields.List(fields.Nested(StopOut))


class RoutePageOut(PageOut):
    items = fields.List(fields.Nested(RouteOut))


class PlanOut(Schema):
    routes = fields.List(fields.Nested(RouteOut))
    unplanned_notices = fields.Integer(metadata={
        "description": "Avisos de la campaña que quedaron sin ruta (para otro día)."})


class WorkerProgressOut(Schema):
    worker_id = fields.UUID(allow_none=True)
    worker_name = fields.String(allow_none=True)
    routes = fields.Integer()
    progress = Progress


class ProgressOut(Schema):
    work_date = fields.Date()
    campaign_id = fields.UUID(allow_none=True)
    routes = fields.List(fields.Nested(RouteOut))
    by_worker = fields.List(fields.Nested(WorkerProgressOut))
    totals = Progress


class BlobRefOut(Schema):
    sha256 = fields.String()
    url = fields.String()


class GpsOut(Schema):
    lat = fields.Float()
    lon = fields.Float()
    accuracy_m = fields.Float(allow_none=True)


class VisitOut(Schema):
    id = fields.UUID()
    route_id = fields.UUID(allow_none=True)
    stop_id = fields.UUID(allow_none=True)
    notice_id = fields.UUID(allow_none=True)
    folio = fields.String(allow_none=True)
    account_id = fields.UUID()
    account_number = fields.String()
    worker_id = fields.UUID()
    worker_name = fields.String()
    outcome = fields.String()
    started_at = fields.DateTime()
    ended_at = fields.DateTime(allow_none=True)
    received_at = fields.DateTime()
    gps = fields.Nested(GpsOut, allow_none=True)
    distance_m = fields.Float(allow_none=True)
    flags = fields.List(fields.String())
    record = fields.Dict()
    notes = fields.String(allow_none=True)
    photos = fields.List(fields.Nested(BlobRefOut))
    signature = fields.Nested(BlobRefOut, allow_none=True)
    evidence_pending = fields.Boolean()


class VisitPageOut(PageOut):
    items = fields.List(fields.Nested(VisitOut))


class WorkerArgs(Schema):
    """Which field role to list (notifier by default)."""

    role = fields.String(load_default="notifier",
                         validate=validate.OneOf(["notifier", "cutter", "social_worker"]))


class WorkerOut(Schema):
    """A field worker the office may assign work to."""

    id = fields.UUID()
    username = fields.String()
    full_name = fields.String()


class WorkerListOut(Schema):
    """Field workers of one role."""

    items = fields.List(fields.Nested(WorkerOut))


class TeamArgs(Schema):
    """The day to show (today, local time, by default)."""

    date = fields.Date(load_default=None, metadata={"description": "AAAA-MM-DD"})


class TeamWorkerOut(Schema):
    """One field worker's day: stops assigned, done, pending; her phone's last sync."""

    worker_id = fields.UUID()
    full_name = fields.String()
    username = fields.String()
    active = fields.Boolean()
    roles = fields.List(fields.String())
    routes = fields.Integer()
    assigned = fields.Integer()
    done = fields.Integer()
    pending = fields.Integer()
    cancelled = fields.Integer()
    last_done_at = fields.DateTime(allow_none=True)
    last_sync_at = fields.DateTime(allow_none=True)
    last_seen_at = fields.DateTime(allow_none=True)


class TeamOut(Schema):
    date = fields.Date()
    items = fields.List(fields.Nested(TeamWorkerOut))
    totals = fields.Dict(keys=fields.String(), values=fields.Integer())


class TeamStopOut(StopOut):
    route_name = fields.String()


class WorkerDayOut(Schema):
    worker_id = fields.UUID()
    full_name = fields.String()
    work_date = fields.Date()
    routes = fields.List(fields.Nested(RouteOut))
    stops = fields.List(fields.Nested(TeamStopOut))


class TeamReassignIn(Schema):
    """Pending stops to give to another field worker, with the reason (audited)."""

    stop_ids = fields.List(fields.UUID(), required=True, error_messages=REQ,
                           validate=validate.Length(min=1, max=500, error="Elija de 1 a 500 "
                                                                          "paradas."))
    worker_id = fields.UUID(required=True, error_messages=REQ)
    reason = fields.String(required=True, validate=validate.Length(min=3, max=255),
                           error_messages={"required": "Indique el motivo de la reasignación."})


class TeamReassignOut(Schema):
    moved = fields.Integer()
    stops = fields.List(fields.Nested(TeamStopOut))
