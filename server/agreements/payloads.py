"""What devices hold of the agreement policy (row type `agreement_policy`, shared)."""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

from server.agreements.models import AgreementPolicy


def serialize_policies(session, ids: Iterable) -> dict:
    wanted = {int(i): i for i in ids}
    if not wanted:
        return {}
    rows = session.execute(sa.select(AgreementPolicy).where(
        AgreementPolicy.id.in_(list(wanted)))).scalars()
    return {wanted[p.id]: {"version": p.id, "rules": p.rules} for p in rows}
