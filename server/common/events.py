"""In-transaction domain events: a lower capability announces a fact, higher ones react
in the same unit of work without the lower one importing them.

    events.subscribe("payment.booked", handler)       # at import of the reacting module
    events.emit("payment.booked", session, account=..., payment=...)

Handlers run synchronously inside the caller's transaction, in subscription order; an
error in one rolls the whole unit of work back (a payment that cannot cancel the cut it
makes pointless is not booked). Side effects outside the database belong after the
commit (server.db.on_commit).

Events: "payment.booked" (session, account, payment), "credit.granted" (session,
account, credit), "agreement.activated" (session, account, agreement).
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
