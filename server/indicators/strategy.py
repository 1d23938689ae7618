"""Strategy effectiveness: of the accounts notified, restricted or cut, or that signed an
agreement (with a promotion or without) in a period, how many paid or signed within
15/30/60 days and how much came in."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from server.agreements.models import PaymentAgreement
from server.disconnections.models import DisconnectionOrder
from server.common.clock import LOCAL_TZ
from server.extensions import db
from server.indicators import rules
from server.ledger.models import Payment
from server.notices.models import Notice
from server.registry.models import Account, Premises

KINDS = {"notice": "Notificación entregada", "cut": "Restricción o corte ejecutado",
         "agreement": "Convenio firmado", "promotion": "Convenio con promoción"}
SERVICES = ("water", "sewer", "sanitation")


def _actions(date_from: date, date_to: date, filters: list) -> list[tuple]:
    """(account_id, day, kind, ref) of every action from date_from to date_to (inclusive)."""
    hi = date_to + timedelta(days=1)
    sources = (
        ("notice", Notice.id, Notice.account_id, Notice.delivered_at,
         [Notice.delivered_at.is_not(None)]),
        ("cut", DisconnectionOrder.id, DisconnectionOrder.account_id,
         DisconnectionOrder.executed_at, [DisconnectionOrder.executed_at.is_not(None)]),
    )
    out = []
    for kind, ref, account, at, where in sources:
        stmt = (sa.select(ref, account, at).join(Account, Account.id == account)
                .join(Premises, Premises.id == Account.premises_id)
                .where(at >= date_from, at < hi, *where, *filters))
        out += [(r[1], _as_day(r[2]), kind, str(r[0])) for r in db.session.execute(stmt)]
    # An agreement whose signed terms applied a promotion is the promotion's strategy.
    stmt = (sa.select(PaymentAgreement.id, PaymentAgreement.account_id,
                      PaymentAgreement.signed_at, PaymentAgreement.terms)
            .join(Account, Account.id == PaymentAgreement.account_id)
            .join(Premises, Premises.id == Account.premises_id)
            .where(PaymentAgreement.signed_at >= date_from, PaymentAgreement.signed_at < hi,
                   *filters))
    out += [(r[1], _as_day(r[2]),
             "promotion" if (r[3] or {}).get("promotions") else "agreement", str(r[0]))
            for r in db.session.execute(stmt)]
    return out


def _as_day(value) -> date:
    """A timestamp as its day in Caborca (when the act happened for the person)."""
    if hasattr(value, "astimezone"):
        return value.astimezone(LOCAL_TZ).date()
    return value


def effectiveness(*, date_from: date, date_to: date, property_class: str | None = None,
                  service: str | None = None, neighborhood_id: int | None = None) -> dict:
    """Rows per strategy: actions, accounts, responded within 15/30/60 days, money in."""
    filters = []
    if property_class:
        filters.append(Account.property_class == property_class)
    if service in SERVICES:
        filters.append(getattr(Account, f"has_{service}").is_(True))
    if neighborhood_id is not None:
        filters.append(Premises.neighborhood_id == neighborhood_id)
    actions = _actions(date_from, date_to, filters)
    accounts = {a[0] for a in actions}
    horizon = date_to + timedelta(days=max(rules.WINDOWS))
    # Later actions of the same accounts (up to the horizon) can take a payment over.
    later = _actions(date_to + timedelta(days=1), horizon, [Account.id.in_(accounts)]) \
        if accounts else []
    in_range = {a[3] for a in actions}
    per_account = defaultdict(lambda: {"actions": [], "payments": [], "signings": []})
    for acc, day, kind, ref in actions + later:
        per_account[acc]["actions"].append((day, kind, ref))
        if kind in rules.SIGNING_KINDS:
            per_account[acc]["signings"].append(day)
    if accounts:
        for acc, day, amount in db.session.execute(
                sa.select(Payment.account_id, Payment.paid_on, Payment.amount)
                .where(Payment.account_id.in_(accounts), Payment.paid_on >= date_from,
                       Payment.paid_on <= horizon)):
            per_account[acc]["payments"].append((day, amount))
    rows = {k: {"strategy": k, "label": label, "actions": 0, "accounts": set(),
                **{f"responded_{w}": 0 for w in rules.WINDOWS},
                **{f"amount_{w}": Decimal("0.00") for w in rules.WINDOWS}}
            for k, label in KINDS.items()}
    for acc, data in per_account.items():
        result = rules.attribute(data["actions"], data["payments"], data["signings"])
        for day, kind, ref in data["actions"]:
            if ref not in in_range:
                continue
            row = rows[kind]
            row["actions"] += 1
            row["accounts"].add(acc)
            got = result[ref]
            # An agreement is itself the signing: it answers with payments only.
            d = (got["days_to_payment"] if kind in rules.SIGNING_KINDS
                 else got["days_to_response"])
            for w in rules.WINDOWS:
                if d is not None and d <= w:
                    row[f"responded_{w}"] += 1
                row[f"amount_{w}"] += got["amount"][w]
    out = []
    for row in rows.values():
        row["accounts"] = len(row["accounts"])
        for w in rules.WINDOWS:
            row[f"rate_{w}"] = rules.ratio(row[f"responded_{w}"], row["actions"])
        out.append(row)
    totals = {k: sum(r[k] for r in out) for k in out[0] if k not in (
        "strategy", "label") and not k.startswith("rate_")}
    return {"date_from": date_from, "date_to": date_to, "rows": out, "totals": totals}

