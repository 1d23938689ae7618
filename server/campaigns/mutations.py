"""Field-sync v1 row types of campaigns: `promotion` (shared: every device quotes with them
offline). Campaigns take no mutations from the field."""
from __future__ import annotations

from server.campaigns.models import Promotion
from server.campaigns.payloads import serialize_promotions
from server.common.sync_contract import Entity

MUTATIONS: list = []
ENTITIES = [Entity("promotion", Promotion, serialize_promotions, shared=True)]
