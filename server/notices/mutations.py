"""Notices as devices hold them: the `notice` row type (field-sync v1). Visits, which move
a notice's status, arrive through `server.fieldwork.mutations`."""
from __future__ import annotations

from server.common.sync_contract import Entity
from server.notices import errors  # noqa: F401  (registers the Spanish messages)
from server.notices.models import Notice
from server.notices.payloads import serialize_notices

MUTATIONS: list = []
ENTITIES = [Entity(type="notice", model=Notice, serialize=serialize_notices)]
