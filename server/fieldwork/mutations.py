"""Field-sync v1 handlers and row types of field work (docs/field-sync.md).

MUTATIONS: `visit.record` v2 (what the PWA sends) and v1 (older queues: applied as v2 with
the newer fields empty, flagged INCOMPLETE_LEGAL_RECORD on a formal notice), and
`stop.complete` v1; role notifier. ENTITIES: route, stop, visit and account (the account
as the field sees it: address, debt, last visits).
"""
from __future__ import annotations

import functools
from datetime import timezone

from marshmallow import Schema, ValidationError, fields, validate

from server.errors import DomainError
from server.common.sync_contract import Entity, Mutation, MutationContext, MutationResult
from server.fieldwork import visits
from server.fieldwork.models import Route, Stop, Visit
from server.fieldwork.payloads import (serialize_accounts, serialize_routes, serialize_stops,
                                       serialize_visits)
from server.notices.enums import ADDRESS_VERIFICATIONS, GPS_ERRORS, OUTCOMES
from server.registry.models import Account

IS_SHA256 = validate.Regexp(r"^[0-9a-f]{64}$", error="Huella SHA-256 no válida.")
Text = fields.String
NOTIFIER = frozenset({"notifier"})


def _opt(field_cls, *args, **kwargs):
    return field_cls(*args, load_default=None, allow_none=True, **kwargs)


class GpsIn(Schema):
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))
    accuracy_m = _opt(fields.Float, validate=validate.Range(min=0))
    at = _opt(fields.AwareDateTime, default_timezone=timezone.utc)


class AttendedByIn(Schema):
    name = _opt(Text, validate=validate.Length(max=200))
    relationship = _opt(Text, validate=validate.Length(max=100))
    id_shown = _opt(Text, validate=validate.Length(max=100))
    description = _opt(Text, validate=validate.Length(max=500))


class CitatorioIn(Schema):
    date = fields.Date(required=True)
    time = Text(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$",
                                                        error="Use HH:MM."))


class RefusalIn(Schema):
    fixed_where = Text(required=True, validate=validate.Length(min=1, max=300))


class NeighborIn(Schema):
    house = Text(required=True, validate=validate.Length(max=200))
    why = Text(required=True, validate=validate.Length(max=300))


class VisitRecordV1(Schema):
    """`visit.record` v1 args: the v2 record without the fields added in v2."""

    id = fields.UUID(required=True)
    stop_id = _opt(fields.UUID)
    notice_id = fields.UUID(required=True)
    outcome = Text(required=True, validate=validate.OneOf(list(OUTCOMES)))
    started_at = fields.AwareDateTime(required=True, default_timezone=timezone.utc)
    ended_at = _opt(fields.AwareDateTime, default_timezone=timezone.utc)
    gps = _opt(fields.Nested, GpsIn)
    gps_error = _opt(Text, validate=validate.OneOf(GPS_ERRORS))
    attended_by = _opt(fields.Nested, AttendedByIn)
    citatorio = _opt(fields.Nested, CitatorioIn)
    refusal = _opt(fields.Nested, RefusalIn)
    signature = _opt(Text, validate=IS_SHA256)
    photos = fields.List(Text(validate=IS_SHA256), load_default=list,
                         validate=validate.Length(max=20))
    notes = _opt(Text, validate=validate.Length(max=2000))

    # The legal record rules (who attended, citatorio, refusal, address verification) are
    # checked by the handler, so the rejection carries their own code, not a generic one.


class VisitRecordV2(VisitRecordV1):
    """`visit.record` v2 args (what the PWA sends)."""

    address_verification = fields.List(
        Text(validate=validate.OneOf(list(ADDRESS_VERIFICATIONS))), required=True)
    asked_for = _opt(Text, validate=validate.Length(max=200))
    neighbor = _opt(fields.Nested, NeighborIn)
    copy_delivered = fields.Boolean(load_default=False)
    signature_refused = fields.Boolean(load_default=False)


class StopCompleteV1(Schema):
    """`stop.complete` v1 args."""

    stop_id = fields.UUID(required=True)


@functools.lru_cache(maxsize=None)
def _instance(schema_cls):
    """Schemas are reusable: one instance per class, not one per mutation."""
    return schema_cls()


def load_args(schema_cls, args: dict, id_keys=("id", "stop_id", "notice_id")
              ) -> tuple[dict, dict]:
    """(loaded args, canonical JSON form) whether the engine passes raw args (ids still
    text) or args its schema already loaded; a validation error is MUTATION_ARGS_INVALID."""
    schema = _instance(schema_cls)
    if not any(isinstance(args.get(k), str) for k in id_keys):
        return args, schema.dump(args)
    try:
        loaded = schema.load(args)
    except ValidationError as exc:
        raise DomainError("MUTATION_ARGS_INVALID", errors=exc.normalized_messages()) from None
    return loaded, schema.dump(loaded)




def _record(version: int, schema_cls):
    def handler(ctx: MutationContext, args: dict) -> MutationResult:
        loaded, canonical = load_args(schema_cls, args)
        outcome = visits.record_visit(
            ctx.session, worker_id=ctx.actor_id, client_id=ctx.client_id, args=loaded,
            canonical_args=canonical, version=version,
            device_created_at=ctx.device_created_at, received_at=ctx.received_at,
            base_rv=ctx.base_rv)
        return MutationResult(flags=outcome.flags, blobs=outcome.blobs,
                              duplicate=outcome.duplicate)

    handler.__name__ = f"record_visit_v{version}"
    handler.__doc__ = f"Apply `visit.record` v{version}."
    return handler


def complete_stop(ctx: MutationContext, args: dict) -> MutationResult:
    """Apply `stop.complete` v1: the worker's stop is done without a visit."""
    loaded, _ = load_args(StopCompleteV1, args)
    changed = visits.complete_stop(ctx.session, worker_id=ctx.actor_id,
                                   stop_id=loaded["stop_id"],
                                   done_at=ctx.device_created_at or ctx.received_at)
    return MutationResult(duplicate=not changed)


record_visit_v1 = _record(1, VisitRecordV1)
record_visit_v2 = _record(2, VisitRecordV2)

MUTATIONS = [
    Mutation("visit.record", 2, VisitRecordV2, record_visit_v2, NOTIFIER,
             prefetch=visits.prefetch_visits),
    Mutation("visit.record", 1, VisitRecordV1, record_visit_v1, NOTIFIER,
             prefetch=visits.prefetch_visits),
    Mutation("stop.complete", 1, StopCompleteV1, complete_stop, NOTIFIER),
]
ENTITIES = [
    Entity("route", Route, serialize_routes),
    Entity("stop", Stop, serialize_stops),
    Entity("visit", Visit, serialize_visits),
    Entity("account", Account, serialize_accounts),
]
