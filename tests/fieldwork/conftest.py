"""Field-work fixtures: a small located city with a campaign, notifiers, scope reader."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from server.common.clock import local_today, utcnow
from server.common.sync_contract import MutationContext
from server.db import current_rv
from server.scope import ScopeMembership
from tests import factories

TODAY = local_today()
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture()
def town(db_session):
    """Eight debtors in two colonias (one without coordinates), an informal campaign."""
    centro = factories.neighborhood("Caborca Centro", "83600", "S01")
    aviacion = factories.neighborhood("Aviación", "83640", "S02")
    accounts = [factories.located_debtor(4, as_of=TODAY, hood=centro, lat=30.716 + i * 0.001,
                                         lon=-112.156 + (i % 2) * 0.001) for i in range(5)]
    accounts += [factories.located_debtor(4, as_of=TODAY, hood=aviacion,
                                          lat=30.70 + i * 0.001, lon=-112.17) for i in range(2)]
    accounts.append(factories.located_debtor(4, as_of=TODAY, hood=aviacion, lat=None,
                                             lon=None, street="Calle Sin Mapa"))
    campaign = factories.campaign(min_months_past_due=2)
    return {"accounts": accounts, "campaign": campaign}


@pytest.fixture()
def notifiers(db_session):
    return factories.notifier("Rosa"), factories.notifier("Beto")


def active(session, worker_id, entity_type) -> set:
    """The ids of `entity_type` the worker's device should hold now."""
    return set(session.execute(sa.select(ScopeMembership.entity_id).where(
        ScopeMembership.worker_id == worker_id, ScopeMembership.entity_type == entity_type,
        ScopeMembership.active.is_(True))).scalars())


@pytest.fixture()
def ctx_for(db_session):
    """ctx_for(worker, **overrides) → the MutationContext the sync engine would build."""
    def _ctx(worker, **overrides):
        session = db_session()
        values = dict(session=session, actor_id=worker.id, actor_roles=frozenset({"notifier"}),
                      client_id=uuid.uuid4(), mutation_id=uuid.uuid4(), seq=1, base_rv=0,
                      device_created_at=utcnow(), received_at=utcnow(),
                      rv=current_rv(session))
        values.update(overrides)
        return MutationContext(**values)

    return _ctx
