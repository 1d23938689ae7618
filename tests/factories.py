"""Test data named by state: an account, an overdue account, a neighborhood."""
from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from server.common.clock import add_months
from server.extensions import db
from server.ledger.models import Charge
from server.ledger.rules import period_end
from server.registry import service as registry
from server.registry.models import Neighborhood

_seq = itertools.count(1)


def neighborhood(name="Caborca Centro", postal_code="83600", sector="S01") -> Neighborhood:
    from server.registry.rules import normalize

    hood = db.session.query(Neighborhood).filter_by(name_key=normalize(name),
                                                     postal_code=postal_code).first()
    if hood is None:
        hood = Neighborhood(name=name, name_key=normalize(name), postal_code=postal_code,
                            locality_type="urban", sector=sector)
        db.session.add(hood)
        db.session.flush()
    return hood


def account(*, number=None, holder="María Pérez López", street="Calle 5 de Mayo",
            exterior="123", property_class="domestic", hood=None, actor_id=None, **fields):
    """A current account (no debt) in Caborca Centro unless told otherwise."""
    hood = hood or neighborhood()
    return registry.create_account(
        actor_id=actor_id, account_number=number or f"T{next(_seq):06d}",
        holder={"name": holder}, property_class=property_class,
        premises={"street": street, "exterior_number": exterior,
                  "neighborhood_id": hood.id}, **fields)


def bill(acc, period: date, *, water="150.00", sewer="45.00", sanitation="22.50",
         due_days=10) -> list[Charge]:
    """One month's regular charges for an account, due `due_days` after the month ends."""
    due = period_end(period).toordinal() + due_days
    rows = []
    for service, concept, amount in (("water", "fixed", water), ("sewer", "sewer", sewer),
                                     ("sanitation", "sanitation", sanitation)):
        if amount is None:
            continue
        c = Charge(account_id=acc.id, period=period, service=service, concept=concept,
                   property_class=acc.property_class,
                   amount=Decimal(amount), due_date=date.fromordinal(due), origin="billing")
        db.session.add(c)
        rows.append(c)
    db.session.flush()
    return rows


def overdue_account(months: int, *, as_of: date, **kwargs):
    """OverdueAccount: `months` unpaid monthly bills, the last one billed the month before
    `as_of`'s month."""
    acc = account(**kwargs)
    last = add_months(as_of.replace(day=1), -1)
    for i in range(months, 0, -1):
        bill(acc, add_months(last, -(i - 1)))
    return acc


# --- Field work: notifiers, located debtors, campaigns (tests/campaigns, notices, fieldwork)
def notifier(name="Rosa Robles", credential="N-017"):
    """An active staff user with the notifier role."""
    from server.auth.service import create_user

    n = next(_seq)
    return create_user(username=f"notificador{n}", full_name=f"{name} {n}",
                       password="secreto-123", roles=["notifier"], credential_number=credential)


def located_debtor(months: int, *, as_of: date, lat=30.7160, lon=-112.1560, **kwargs):
    """OverdueAccount whose premises has coordinates (None for an unlocated one)."""
    acc = overdue_account(months, as_of=as_of, **kwargs)
    acc.premises.latitude, acc.premises.longitude = lat, lon
    db.session.flush()
    return acc


def campaign(*, kind="informal", actor_id=None, name="Invitación a pagar", **rules):
    """A campaign created through the service (rules default: 2+ months past due)."""
    from server.campaigns.rules import SelectionRules
    from server.campaigns.service import create_campaign

    return create_campaign(actor_id=actor_id, name=name, notice_kind=kind,
                           rules=SelectionRules.from_dict({"min_months_past_due": 2, **rules}))
