"""The contract between capabilities and field-sync v1 (SYNC.md), without importing `sync`.

A capability publishes, in its own `mutations.py`:
- `MUTATIONS`: the named, versioned commands a device may send (`Mutation`), each with the
  marshmallow schema of its `args` and a handler `fn(ctx, args) -> MutationResult | None`;
- `ENTITIES`: the row types a device may hold (`Entity`), each with a serializer.
`server.sync` discovers both by importing every `server.<capability>.mutations`. Handlers
raise `DomainError` for a business rejection (the mutation ends `rejected` with that code);
any other exception is an infrastructure fault (the batch stops, the prefix commits, 503).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable


@dataclass(frozen=True)
class MutationContext:
    """Who sent a mutation, from which device, knowing what (`base_rv`), and when."""

    session: Any
    actor_id: uuid.UUID
    actor_roles: frozenset[str]
    client_id: uuid.UUID
    mutation_id: uuid.UUID
    seq: int
    base_rv: int
    device_created_at: datetime | None
    received_at: datetime
    rv: int = 0  # the batch's version is assigned at commit; 0 while handlers run


@dataclass
class MutationResult:
    """What a handler reports: extra flags (the mutation ends `flagged`) and blob hashes
    its facts reference (the server answers with those still missing)."""

    flags: list[str] = field(default_factory=list)
    blobs: list[str] = field(default_factory=list)
    duplicate: bool = False  # the same fact was already recorded with the same args


@dataclass(frozen=True)
class Mutation:
    """A command `(name, v)` a device may send; kept until no client of its schema remains."""

    name: str
    v: int
    schema: type  # marshmallow Schema class for `args` (unknown = RAISE)
    handler: Callable[[MutationContext, dict], MutationResult | None]
    roles: frozenset[str]
    # Optional: load, in a few queries, the rows a whole batch of these mutations will
    # touch (raw args, not yet validated: skip what does not parse), so each handler
    # finds them in the session instead of asking the database one by one.
    prefetch: Callable[[Any, list[dict]], None] | None = None


@dataclass(frozen=True)
class Entity:
    """A row type devices hold. `serialize(session, ids)` returns {id: payload} for the ids
    that still exist (missing or soft-deleted ids are sent as `del`). `shared` types (the
    catalog) reach every worker; the others only through `scope_memberships`."""

    type: str
    model: Any
    serialize: Callable[[Any, Iterable[uuid.UUID]], dict]
    shared: bool = False
