"""A small demo city (built by the real generator) shared by the report tests, and the
raw ledger rows the tests reconcile against, read without the report queries."""
from __future__ import annotations

import os
from datetime import date

import pytest
import sqlalchemy as sa

from server.extensions import db

ACCOUNTS = int(os.environ.get("REPORTS_CITY_ACCOUNTS", "300"))
AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def city(app):
    """The demo city, committed; emptied after the module."""
    from tests.conftest import demo_city

    with demo_city(app, accounts=ACCOUNTS, months=36, seed=2026, as_of=AS_OF):
        yield


@pytest.fixture()
def ctx(app, city):
    """An app context on the city's committed data."""
    with app.app_context():
        yield
        db.session.remove()


def raw_ledger():
    """(charges, allocations) as plain tuples: charges (id, account, due, service, concept,
    class, amount cents, neighborhood), allocations (charge id, applied_on, is_payment,
    cents)."""
    from server.ledger.models import Allocation, Charge
    from server.registry.models import Account, Premises

    charges = [(r.id, r.account_id, r.due_date, r.service, r.concept, r.property_class,
                int(round(r.amount * 100)), r.neighborhood_id)
               for r in db.session.execute(
                   sa.select(Charge.id, Charge.account_id, Charge.due_date, Charge.service,
                             Charge.concept, Charge.property_class, Charge.amount,
                             Premises.neighborhood_id)
                   .join(Account, Account.id == Charge.account_id)
                   .join(Premises, Premises.id == Account.premises_id))]
    allocs = [(r.charge_id, r.applied_on, r.payment_id is not None, int(round(r.amount * 100)))
              for r in db.session.execute(sa.select(Allocation.charge_id, Allocation.applied_on,
                                                    Allocation.payment_id, Allocation.amount))]
    return charges, allocs


def open_at(charges, allocs, at: date) -> dict[int, int]:
    """Each charge's open centavos at the end of `at` (allocations applied up to that day)."""
    paid: dict[int, int] = {}
    for cid, applied, _, c in allocs:
        if applied <= at:
            paid[cid] = paid.get(cid, 0) + c
    return {ch[0]: ch[6] - paid.get(ch[0], 0) for ch in charges}


@pytest.fixture()
def queued(monkeypatch):
    """Jobs queued by the reports, recorded and not run."""
    from server import jobs

    calls = []
    monkeypatch.setattr(jobs, "enqueue", lambda path, *a, **kw: calls.append((path, a)) or "q")
    return calls


@pytest.fixture()
def run_jobs_now(monkeypatch):
    """Jobs run at once in the request's own thread and session."""
    from server import jobs

    ran = []

    def _now(path, *args, **kwargs):
        ran.append(path)
        jobs._resolve(path)(*args, **kwargs)
        return f"now-{len(ran)}"

    monkeypatch.setattr(jobs, "enqueue", _now)
    return ran
