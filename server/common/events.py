"""In-transaction domain events: a lower capability announces a fact, higher ones react
in the same unit of work without the lower one importing them.

    events.subscribe("payment.booked", handler)       # at import of the reacting module
    events.emit("payment.booked", session, account=..., payment=...)

Handlers run synchronously inside the caller's transaction, in subscription order; an
error in one rolls the whole unit of work back (a payment that cannot cancel the cut it
makes pointless is not booked). Side effects outside the database belong after the
commit (server.db.on_commit).

Events: "payment.booked" (session, account, payment, actor_id) and "agreement.activated"
(session, account, agreement, actor_id). Questions (`collect`): "surcharge.frozen_accounts"
(session, period_end) → account ids whose debt is frozen ("congela tu adeudo").
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

_HANDLERS: dict[str, list[Callable]] = defaultdict(list)


def subscribe(name: str, handler: Callable) -> None:
    """Call `handler(session, **data)` on every `emit(name, ...)`; idempotent."""
    if handler not in _HANDLERS[name]:
        _HANDLERS[name].append(handler)


def emit(name: str, session, **data) -> None:
    """Run every handler of `name` now, inside the caller's transaction."""
    for handler in list(_HANDLERS.get(name, ())):
        handler(session, **data)


def collect(name: str, session, **data) -> set:
    """Ask every handler of `name` and return the union of what they answer (e.g. the
    accounts a lower capability must leave alone)."""
    out: set = set()
    for handler in list(_HANDLERS.get(name, ())):
        out.update(handler(session, **data) or ())
    return out
