"""What devices hold of field work (docs/field-sync.md row types `route`, `stop`, `visit`,
`account`), serialized in batch: one query per type for a list of ids."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timezone
from typing import Iterable

import sqlalchemy as sa

from server.agreements.models import PaymentAgreement
from server.attachments.models import Blob
from server.auth.models import StaffUser
from server.common.clock import local_today
from server.common.money import fmt
from server.common.settings import get_setting
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment
from server.ledger.models import Charge
from server.ledger.queries import OPEN, OPEN_AMOUNT, summarize_balance, unapplied_cents
from server.ledger.sql import from_cents, sum_cents
from server.notices.payloads import iso, keyed_ids
from server.registry.models import Account, Customer, Meter, Neighborhood, Premises

LAST_VISITS = 3
SERVICES = ("water", "sewer", "sanitation", "other")


def utc_iso(value: datetime | None) -> str | None:
    """An instant as ISO 8601 UTC ('2026-03-05T17:04:00Z')."""
    if value is None:
        return None
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def serialize_routes(session, ids: Iterable) -> dict:
    """{id: route payload}."""
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(Route).where(Route.id.in_(list(wanted)),
                                                  Route.deleted_at.is_(None))).scalars()
    return {wanted[r.id]: {"id": str(r.id), "name": r.name, "work_date": iso(r.work_date),
                           "status": r.status, "zone": r.zone,
                           "campaign_id": str(r.campaign_id) if r.campaign_id else None}
            for r in rows}


def serialize_stops(session, ids: Iterable) -> dict:
    """{id: stop payload}."""
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(
        Stop.id, Stop.route_id, Stop.position, Stop.kind, Stop.status, Stop.notice_id,
        Stop.order_id, Stop.discount_application_id, Stop.account_id, Stop.cancel_reason).where(
        Stop.id.in_(list(wanted)), Stop.deleted_at.is_(None))).all()
    return {wanted[r.id]: {"id": str(r.id), "route_id": str(r.route_id),
                           "position": r.position, "kind": r.kind, "status": r.status,
                           "notice_id": str(r.notice_id) if r.notice_id else None,
                           "order_id": str(r.order_id) if r.order_id else None,
                           "application_id": (str(r.discount_application_id)
                                              if r.discount_application_id else None),
                           "account_id": str(r.account_id), "cancel_reason": r.cancel_reason}
            for r in rows}


def pending_evidence(session, visit_ids) -> set:
    """Visits with an attachment whose blob has not been uploaded yet."""
    if not visit_ids:
        return set()
    return set(session.execute(
        sa.select(VisitAttachment.visit_id).outerjoin(Blob, Blob.sha256 ==
                                                      VisitAttachment.sha256)
        .where(VisitAttachment.visit_id.in_(list(visit_ids)), Blob.sha256.is_(None))
        .distinct()).scalars())


def serialize_visits(session, ids: Iterable) -> dict:
    """{id: visit payload}, with evidence_pending while a photo or signature is missing."""
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(
        Visit.id, Visit.stop_id, Visit.notice_id, Visit.order_id, Visit.account_id,
        Visit.outcome,
        Visit.started_at, Visit.ended_at, Visit.flags).where(Visit.id.in_(list(wanted)))).all()
    pending = pending_evidence(session, [r.id for r in rows])
    return {wanted[r.id]: {"id": str(r.id), "stop_id": str(r.stop_id) if r.stop_id else None,
                           "notice_id": str(r.notice_id) if r.notice_id else None,
                           "order_id": str(r.order_id) if r.order_id else None,
                           "account_id": str(r.account_id), "outcome": r.outcome,
                           "started_at": utc_iso(r.started_at),
                           "ended_at": utc_iso(r.ended_at), "flags": list(r.flags or []),
                           "evidence_pending": r.id in pending}
            for r in rows}


def balances(session, account_ids: list, as_of: date | None = None) -> dict:
    """Each account's debt as ledger.queries.account_balance computes it, for many accounts
    at once, folded by the ledger's own summarize_balance.

    The open items are grouped per (account, service, concept) with the oldest due date
    and the oldest overdue period (a route of chronic debtors has ~100 open items each):
    totals by service, principal, accessories, months past due and the oldest unpaid
    period (what devices hold) come out exactly; aging and the count of periods, which
    the payload does not carry, are not meaningful here.
    """
    as_of = as_of or local_today()
    if not account_ids:
        return {}
    rows = defaultdict(list)
    for r in session.execute(
            sa.select(Charge.account_id, Charge.service, Charge.concept,
                      sa.func.min(Charge.due_date).label("due_date"),
                      sa.func.min(sa.case((Charge.due_date < as_of, Charge.period)))
                      .label("period"),
                      sum_cents(OPEN_AMOUNT).label("open_c"))
            .where(OPEN, Charge.account_id.in_(account_ids))
            .group_by(Charge.account_id, Charge.service, Charge.concept)):
        rows[r.account_id].append(r)
    credit = unapplied_cents(account_ids).subquery()
    unapplied = dict(session.execute(sa.select(credit.c.account_id, sa.func.sum(credit.c.c))
                                     .group_by(credit.c.account_id)).all())
    buckets = get_setting("aging_buckets")
    out = {}
    for a in account_ids:
        found = rows.get(a, [])
        out[a] = summarize_balance(found, int(unapplied.get(a) or 0), buckets, as_of)
        # What an agreement's snapshot starts from: open amounts by service and concept.
        out[a]["lines"] = [{"service": r.service, "concept": r.concept,
                            "amount": fmt(from_cents(r.open_c))}
                           for r in sorted(found, key=lambda r: (r.service, r.concept))
                           if r.open_c]
    return out


def _prior_promotions(session, account_ids: list) -> dict:
    """Promotions each account already benefited from (agreements not annulled)."""
    out: dict = defaultdict(list)
    for account_id, terms in session.execute(
            sa.select(PaymentAgreement.account_id, PaymentAgreement.terms).where(
                PaymentAgreement.account_id.in_(account_ids),
                PaymentAgreement.status != "annulled")):
        for promo in (terms or {}).get("promotions") or []:
            if promo not in out[account_id]:
                out[account_id].append(promo)
    return out


def _last_visits(session, account_ids: list) -> dict:
    rank = sa.func.row_number().over(partition_by=Visit.account_id, order_by=(
        Visit.started_at.desc(), Visit.id.desc())).label("rank")
    ranked = sa.select(Visit.account_id, Visit.started_at, Visit.outcome, Visit.worker_id,
                       rank).where(Visit.account_id.in_(account_ids)).subquery()
    out = defaultdict(list)
    for r in session.execute(
            sa.select(ranked.c.account_id, ranked.c.started_at, ranked.c.outcome,
                      StaffUser.full_name).join(StaffUser, StaffUser.id == ranked.c.worker_id)
            .where(ranked.c.rank <= LAST_VISITS)
            .order_by(ranked.c.account_id, ranked.c.rank)):
        out[r.account_id].append({"started_at": utc_iso(r.started_at), "outcome": r.outcome,
                                  "worker_name": r.full_name})
    return out


def _meters(session, account_ids: list) -> dict:
    out = {}
    for r in session.execute(sa.select(Meter.account_id, Meter.serial).where(
            Meter.account_id.in_(account_ids), Meter.removed_on.is_(None))
            .order_by(Meter.account_id, Meter.installed_on.desc(), Meter.serial)):
        out.setdefault(r.account_id, r.serial)
    return out


def serialize_accounts(session, ids: Iterable) -> dict:
    """{id: account payload}: registry data, debt by service (principal/accessories),
    months past due, oldest unpaid period and the last three visits."""
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(
        Account.id, Account.account_number, Account.property_class, Account.status,
        Customer.name, Premises.street, Premises.exterior_number, Premises.interior_number,
        Premises.locality, Premises.postal_code, Premises.references, Premises.latitude,
        Premises.longitude, Premises.neighborhood_id, Neighborhood.name.label("neighborhood"))
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(Account.id.in_(list(wanted)))).all()
    found = [r.id for r in rows]
    debt, visits, meters = (balances(session, found), _last_visits(session, found),
                            _meters(session, found))
    prior = _prior_promotions(session, found)
    out = {}
    for r in rows:
        b = debt[r.id]
        out[wanted[r.id]] = {
            "id": str(r.id), "account_number": r.account_number, "holder_name": r.name,
            "address": {"street": r.street, "exterior_number": r.exterior_number,
                        "interior_number": r.interior_number,
                        "neighborhood": r.neighborhood, "locality": r.locality,
                        "postal_code": r.postal_code, "references": r.references},
            "latitude": r.latitude, "longitude": r.longitude,
            "property_class": r.property_class, "status": r.status,
            "meter_serial": meters.get(r.id),
            "debt": {"total": fmt(b["balance"]), "principal": fmt(b["principal"]),
                     "accessories": fmt(b["accessories"]),
                     "by_service": {s: fmt(b["by_service"].get(s, {}).get("total", 0))
                                    for s in SERVICES}},
            "months_past_due": b["months_past_due"],
            "oldest_unpaid_period": iso(b["oldest_unpaid_period"]),
            "last_visits": visits.get(r.id, []),
            "neighborhood_id": r.neighborhood_id, "debt_lines": b["lines"],
            "prior_promotions": prior.get(r.id, []),
        }
    return out
