"""Field-sync v1 handlers and row types of disconnections (docs/field-sync.md).

MUTATIONS: `order.execute` v1 (role cutter): what the cutter did at an order's stop:
executed (seal, meter reading, photos before/after) or not executed with a reason; for an
inspection, whether the connection was found reconnected. ENTITIES: `order`.
"""
from __future__ import annotations

from datetime import timezone

from marshmallow import Schema, fields, validate

from server.common.sync_contract import Entity, Mutation, MutationContext, MutationResult
from server.disconnections import execution
from server.disconnections.enums import NOT_EXECUTED_REASONS, OUTCOMES
from server.disconnections.models import DisconnectionOrder
from server.disconnections.payloads import serialize_orders
from server.fieldwork.mutations import IS_SHA256, GpsIn, load_args
from server.notices.enums import GPS_ERRORS

CUTTER = frozenset({"cutter"})
Text = fields.String


def _opt(field_cls, *args, **kwargs):
    return field_cls(*args, load_default=None, allow_none=True, **kwargs)


class OrderExecuteV1(Schema):
    """`order.execute` v1 args."""

    id = fields.UUID(required=True)  # the fact's id, made on the device
    order_id = fields.UUID(required=True)
    stop_id = _opt(fields.UUID)
    outcome = Text(required=True, validate=validate.OneOf(list(OUTCOMES)))
    reason = _opt(Text, validate=validate.OneOf(list(NOT_EXECUTED_REASONS)))
    reason_detail = _opt(Text, validate=validate.Length(max=500))
    receipt_number = _opt(Text, validate=validate.Length(max=40))
    seal_number = _opt(Text, validate=validate.Length(max=40))
    meter_reading = _opt(fields.Integer, validate=validate.Range(min=0, max=99_999_999))
    self_reconnection = _opt(fields.Boolean)
    started_at = fields.AwareDateTime(required=True, default_timezone=timezone.utc)
    ended_at = _opt(fields.AwareDateTime, default_timezone=timezone.utc)
    gps = _opt(fields.Nested, GpsIn)
    gps_error = _opt(Text, validate=validate.OneOf(GPS_ERRORS))
    photos_before = fields.List(Text(validate=IS_SHA256), load_default=list,
                                validate=validate.Length(max=10))
    photos_after = fields.List(Text(validate=IS_SHA256), load_default=list,
                               validate=validate.Length(max=10))
    # How old the device's data was when the cutter confirmed (seconds since last pull).
    data_age_s = _opt(fields.Integer, validate=validate.Range(min=0))
    notes = _opt(Text, validate=validate.Length(max=2000))


def execute_order_v1(ctx: MutationContext, args: dict) -> MutationResult:
    """Apply `order.execute` v1."""
    loaded, canonical = load_args(OrderExecuteV1, args, id_keys=("id", "order_id"))
    outcome = execution.execute_order(
        ctx.session, worker_id=ctx.actor_id, client_id=ctx.client_id, args=loaded,
        canonical_args=canonical, version=1, device_created_at=ctx.device_created_at,
        received_at=ctx.received_at, base_rv=ctx.base_rv)
    return MutationResult(flags=outcome.flags, blobs=outcome.blobs,
                          duplicate=outcome.duplicate)


MUTATIONS = [Mutation("order.execute", 1, OrderExecuteV1, execute_order_v1, CUTTER)]
ENTITIES = [Entity("order", DisconnectionOrder, serialize_orders)]
