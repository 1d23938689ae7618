"""Disconnection fixtures: debtors with a formal notice served days ago, a cutter, a
captured web push, and a cut-list day planned for the cutter."""
from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from server.common.clock import local_today, utcnow
from server.common.sync_contract import MutationContext
from server.extensions import db
from server.notices.models import Notice
from tests import factories

TODAY = local_today()


def served_formal(acc, days_ago: int = 5) -> Notice:
    """A requerimiento delivered `days_ago` days ago to the account."""
    n = Notice(folio=f"RQ-T-{uuid.uuid4().hex[:10]}", account_id=acc.id, kind="formal",
               status="delivered", debt_amount=Decimal("100.00"), months_past_due=4,
               issued_on=TODAY - timedelta(days=days_ago + 1),
               delivered_at=utcnow() - timedelta(days=days_ago))
    db.session.add(n)
    db.session.flush()
    return n


def debtor(months=4, *, served_days_ago: int | None = 5, **kwargs):
    acc = factories.located_debtor(months, as_of=TODAY, **kwargs)
    if served_days_ago is not None:
        served_formal(acc, served_days_ago)
    return acc


def cutter(name="Chuy Cortés"):
    from server.auth.service import create_user

    n = uuid.uuid4().hex[:8]
    return create_user(username=f"cortador{n}", full_name=f"{name} {n}",
                       password="secreto-123", roles=["cutter"])


@pytest.fixture()
def pushes(monkeypatch):
    """Every web push the disconnections service asks for: (user_ids, payload, topic)."""
    from server.disconnections import service

    sent = []
    monkeypatch.setattr(service.webpush, "notify_users",
                        lambda session, user_ids, payload, **kw: sent.append(
                            (list(user_ids), payload, kw.get("topic"))))
    return sent


@pytest.fixture()
def ctx_for(db_session):
    """ctx_for(worker, **overrides) → the MutationContext the sync engine would build."""
    def _ctx(worker, **overrides):
        values = dict(session=db_session(), actor_id=worker.id,
                      actor_roles=frozenset({"cutter"}), client_id=uuid.uuid4(),
                      mutation_id=uuid.uuid4(), seq=1, base_rv=0,
                      device_created_at=utcnow(), received_at=utcnow())
        values.update(overrides)
        return MutationContext(**values)
    return _ctx


def orders_of(account_id):
    from server.disconnections.models import DisconnectionOrder

    return list(db.session.execute(sa.select(DisconnectionOrder).where(
        DisconnectionOrder.account_id == account_id).order_by(
            DisconnectionOrder.created_at, DisconnectionOrder.folio)).scalars())


@pytest.fixture()
def cut_day(db_session):
    """Three served debtors (two homes, one shop), a cut list and a route for a cutter."""
    from server.disconnections.rules import CutRules
    from server.disconnections.service import create_cut_list, plan_order_routes

    hood = factories.neighborhood("Caborca Centro", "83600", "S01")
    homes = [debtor(hood=hood, lat=30.716 + i * 0.001, lon=-112.156) for i in range(2)]
    shop = debtor(hood=hood, lat=30.719, lon=-112.157, property_class="commercial")
    worker = cutter()
    cut_list = create_cut_list(actor_id=None, name="Cortes de prueba",
                               cut_rules=CutRules(min_months_past_due=3))
    (route,) = plan_order_routes(actor_id=None, work_date=TODAY, worker_ids=[worker.id],
                                 cut_list_id=cut_list.id)
    return {"homes": homes, "shop": shop, "cutter": worker, "cut_list": cut_list,
            "route": route}


def execute_args(order, stop_id=None, **overrides) -> dict:
    args = {"id": str(uuid.uuid4()), "order_id": str(order.id),
            "stop_id": str(stop_id) if stop_id else None, "outcome": "executed",
            "seal_number": "S-0001", "meter_reading": 1234,
            "started_at": utcnow().isoformat(), "ended_at": utcnow().isoformat(),
            "gps": {"lat": 30.716, "lon": -112.156, "accuracy_m": 8},
            "photos_before": ["a" * 64], "photos_after": ["b" * 64]}
    args.update(overrides)
    return args
