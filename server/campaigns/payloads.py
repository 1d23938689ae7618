"""What devices hold of promotions (row type `promotion`, shared by every field device)."""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

from server.campaigns.models import Promotion
from server.notices.payloads import iso, keyed_ids


def promotion_payload(p) -> dict:
    return {"id": str(p.id), "name": p.name, "kind": p.kind, "pct": f"{p.pct:.2f}",
            "concepts": p.concepts, "valid_from": iso(p.valid_from),
            "valid_until": iso(p.valid_until), "active": p.active,
            "eligibility": p.eligibility or {}, "approving_act": p.approving_act}


def serialize_promotions(session, ids: Iterable) -> dict:
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(Promotion).where(Promotion.id.in_(list(wanted)))).scalars()
    return {wanted[p.id]: promotion_payload(p) for p in rows}
