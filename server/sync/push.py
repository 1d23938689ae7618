"""POST /push (SYNC.md "Push"): apply a client's numbered mutations in one transaction.

Every mutation ends `applied`, `flagged`, `duplicate` or `rejected`, stored in
`sync_mutations`. A business rejection consumes its number and the queue goes on; a gap
stops at the gap (409) and an infrastructure fault stops at the fault (503), in both cases
after committing what went before, so a retry resumes exactly there.
"""
from __future__ import annotations

import functools
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa
from marshmallow import RAISE, ValidationError

from server.attachments import service as attachments
from server.audit import service as audit
from server.common.clock import utcnow
from server.common.sync_contract import MutationContext, MutationResult
from server.db import current_rv, transaction
from server.errors import DomainError
from server.sync.clients import bind_client
from server.sync.models import SyncMutation
from server.sync.registry import Registry

log = logging.getLogger(__name__)

# Rows for a mutation id already used by another (client, seq) get an id of their own.
_REPEAT_NS = uuid.UUID("7c1d0f0e-5b1a-4d7e-9a53-6f1b9b0c2e11")


@dataclass
class PushOutcome:
    """What the route answers: `stop` is None, "SEQ_GAP", "SYNC_FAULT" or
    "CLIENT_STATE_NOT_FOUND"."""

    last_seq: int
    results: list[dict] = field(default_factory=list)
    missing_blobs: list[str] = field(default_factory=list)
    stop: str | None = None
    expected_seq: int | None = None


def parse_device_time(value) -> datetime | None:
    """The device's `created_at` (ISO 8601; naive means UTC). None stays None; anything
    unparsable raises ValueError (that mutation is rejected, the queue goes on)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


@functools.lru_cache(maxsize=None)
def _schema(schema_cls):
    """One strict instance per args schema: building a marshmallow schema per mutation
    cost more than validating with it."""
    return schema_cls(unknown=RAISE)


def _rejected(code: str, errors: dict | None = None, **params) -> dict:
    out = {"status": "rejected", "code": code, "message": DomainError(code, **params).message}
    if errors:
        out["errors"] = errors
    return out


class _Isolate(Exception):
    """A handler refused a mutation during the optimistic pass: redo one by one."""


def _run(session, registry: Registry, ctx: MutationContext, m: dict, isolated: bool = True,
         ) -> tuple[dict, list[str]]:
    """Validate and run one mutation; returns its outcome and blob hashes.

    Isolated: in its own savepoint, so a business rejection undoes only its own writes.
    Not isolated (the optimistic pass): a rejection raises `_Isolate`, because what the
    handler wrote before refusing cannot be undone alone. Exceptions other than
    DomainError propagate: they are infrastructure faults."""
    mutation, code = registry.lookup(m["name"], m["v"])
    if mutation is None:
        return _rejected(code, name=m["name"]), []
    if not ctx.actor_roles & mutation.roles:
        return _rejected("FORBIDDEN_MUTATION", name=m["name"]), []
    if not isinstance(m["args"], dict):
        return _rejected("VALIDATION_ERROR", {"args": ["Debe ser un objeto."]}), []
    try:
        args = _schema(mutation.schema).load(m["args"])
    except ValidationError as exc:
        return _rejected("VALIDATION_ERROR", {"args": exc.messages}), []
    if not isolated:
        try:
            result = mutation.handler(ctx, args) or MutationResult()
        except DomainError as exc:
            raise _Isolate from exc
        return _outcome(result)
    try:
        with session.begin_nested():
            result = mutation.handler(ctx, args) or MutationResult()
    except DomainError as exc:
        return _rejected(exc.code, exc.errors, **exc.params), []
    return _outcome(result)


def _outcome(result: MutationResult) -> tuple[dict, list[str]]:
    if result.duplicate:
        return {"status": "duplicate"}, list(result.blobs)
    if result.flags:
        flags = list(dict.fromkeys(result.flags))
        return {"status": "flagged", "flags": flags}, list(result.blobs)
    return {"status": "applied"}, list(result.blobs)


def _repeat_of(session, m: dict, known: set, records: dict) -> dict | None:
    """The outcome when this mutation id was already recorded under another (client, seq):
    the same command again is a duplicate; other content under that id is ID_REUSED.
    `known` holds the batch's ids already on record (one query for the whole batch),
    `records` the rows this batch is about to write."""
    if m["id"] not in known:
        return None
    prior = records.get(m["id"]) or session.get(SyncMutation, m["id"])
    if prior is None:
        return None
    if (prior.name, prior.v, prior.args) == (m["name"], m["v"], m["args"]):
        return {"status": "duplicate"}
    return _rejected("ID_REUSED")


def _record(*, client, actor_id, m: dict, outcome: dict, device_time, received_at,
            rv: int, repeated: bool) -> SyncMutation:
    row_id = uuid.uuid5(_REPEAT_NS, f"{client.id}:{m['seq']}") if repeated else m["id"]
    return (SyncMutation(
        id=row_id, client_id=client.id, user_id=actor_id, seq=m["seq"], name=m["name"],
        v=m["v"], args=m["args"], base_rv=m["base_rv"], device_created_at=device_time,
        received_at=received_at, status=outcome["status"], code=outcome.get("code"),
        flags=outcome.get("flags"), rv=rv))


def _process(session, registry, client, actor_id, actor_roles, m, received_at, known,
             records: dict, isolated: bool = True) -> tuple[dict, list[str]]:
    repeat = _repeat_of(session, m, known, records)
    device_time, blobs = None, []
    if repeat is not None:
        outcome = repeat
    else:
        try:
            device_time = parse_device_time(m.get("created_at"))
        except ValueError:
            outcome = _rejected("VALIDATION_ERROR", {"created_at": ["Fecha y hora no válida."]})
        else:
            ctx = MutationContext(
                session=session, actor_id=actor_id, actor_roles=frozenset(actor_roles),
                client_id=client.id, mutation_id=m["id"], seq=m["seq"], base_rv=m["base_rv"],
                device_created_at=device_time, received_at=received_at)
            outcome, blobs = _run(session, registry, ctx, m, isolated)
    row = _record(client=client, actor_id=actor_id, m=m, outcome=outcome,
                  device_time=device_time, received_at=received_at, rv=0,
                  repeated=repeat is not None)
    records.setdefault(m["id"], row) if repeat is None else records.setdefault(row.id, row)
    known.add(m["id"])
    return {"seq": m["seq"], **outcome}, blobs


def _all_at_once(run, session, registry, client, actor_id, actor_roles, received_at, known,
                 records):
    """The optimistic pass: the whole run in one savepoint and one flush, so the writes
    of a hundred visits go out as a few multi-row statements. Returns None (everything
    undone, bookkeeping restored) if any handler refuses or anything fails."""
    if not run:
        return [], [], [], False
    saved_known, saved_records = set(known), dict(records)
    results, found = [], []
    try:
        with session.begin_nested():
            for m in run:
                result, blobs = _process(session, registry, client, actor_id, actor_roles,
                                         m, received_at, known, records, isolated=False)
                results.append(result)
                found.extend(blobs)
            session.flush()
    except Exception:  # noqa: BLE001 - redone one by one, where each ends in its outcome
        known.clear()
        known.update(saved_known)
        records.clear()
        records.update(saved_records)
        return None
    return results, found, run, False


def _one_by_one(run, session, registry, client, actor_id, actor_roles, received_at, known,
                records):
    """Each mutation in its own savepoint: a refusal consumes its number, a fault stops
    the run there (what went before is kept)."""
    results, found, applied = [], [], []
    for m in run:
        try:
            result, blobs = _process(session, registry, client, actor_id, actor_roles, m,
                                     received_at, known, records)
        except Exception:
            log.exception("sync push: fault in %s v%s (client %s seq %s)",
                          m["name"], m["v"], client.id, m["seq"])
            return results, found, applied, True
        results.append(result)
        found.extend(blobs)
        applied.append(m)
    return results, found, applied, False


def push(*, actor_id: uuid.UUID, actor_roles, client_id: uuid.UUID, schema_version: int,
         acked_seq: int, mutations: list[dict], registry: Registry) -> PushOutcome:
    """Apply a batch (SYNC.md algorithm). The client row is locked first; the batch's
    version is taken at the end, right before the commit, so the global version lock is
    held for milliseconds, not for the whole batch."""
    received_at = utcnow()
    out = PushOutcome(last_seq=0)
    blobs: list[str] = []
    with transaction() as session:
        client = bind_client(session, client_id=client_id, actor_id=actor_id,
                             schema_version=schema_version, now=received_at)
        out.last_seq = client.last_seq
        if acked_seq > client.last_seq:
            # The device dropped work we no longer have (restore from backup): apply
            # nothing, leave a trace for the office; the device keeps its outbox.
            audit.record(actor_id=actor_id, entity_type="sync_client", entity_id=client.id,
                         action="client_state_not_found",
                         changes={"acked_seq": acked_seq, "last_seq": client.last_seq})
            out.stop = "CLIENT_STATE_NOT_FOUND"
            return out
        known = set(session.execute(sa.select(SyncMutation.id).where(
            SyncMutation.id.in_([m["id"] for m in mutations]))).scalars()) if mutations else set()
        last_seq, records = client.last_seq, {}
        registry.prefetch(session, mutations)
        run: list[dict] = []  # the mutations to apply: consecutive after last_seq
        for m in sorted(mutations, key=lambda m: m["seq"]):
            if m["seq"] <= last_seq:
                out.results.append({"seq": m["seq"], "status": "duplicate"})
            elif m["seq"] == last_seq + len(run) + 1:
                run.append(m)
            else:
                out.stop, out.expected_seq = "SEQ_GAP", last_seq + len(run) + 1
                break
        args = (session, registry, client, actor_id, actor_roles, received_at, known, records)
        done = _all_at_once(run, *args)
        if done is None:  # a refusal or a fault somewhere: one savepoint per mutation
            done = _one_by_one(run, *args)
        results, found, applied, fault = done
        out.results.extend(results)
        blobs.extend(found)
        if applied:
            last_seq = applied[-1]["seq"]
        if fault:
            out.stop = "SYNC_FAULT"
        # Once per batch, not per mutation: the client's position and the batch's records
        # (one multi-row INSERT at commit).
        client.last_seq = out.last_seq = last_seq
        if records:
            rv = current_rv(session)  # the version lock, from here to the commit
            for row in records.values():
                row.rv = rv
            for result in out.results:
                if result["status"] in ("applied", "flagged"):
                    result["rv"] = rv
        session.add_all(records.values())
        out.missing_blobs = attachments.missing(blobs)
    return out


def alert_office(*, actor_id: uuid.UUID, client_id: uuid.UUID, acked_seq: int,
                 last_seq: int) -> None:
    """After the commit: tell the office a device holds work the server lost."""
    log.warning("sync: client %s of user %s acked seq %s but the server has %s "
                "(CLIENT_STATE_NOT_FOUND; restore from backup?)", client_id, actor_id,
                acked_seq, last_seq)
