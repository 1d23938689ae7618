"""Billing use cases: the manager's review of each large consumer of a period (validate,
explain, or send an inspection to the field), the authorization of a period (refused while
any deviating large consumer is pending), and flagging and filing large consumers by hand.
Every change is audited."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from server.audit import service as audit
from server.billing import queries
from server.billing.enums import CATEGORIES
from server.billing.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.billing.models import BillingPeriod, LargeConsumerCategory, LargeConsumerReview
from server.common.clock import local_today, utcnow
from server.errors import Conflict, DomainError, NotFound
from server.fieldwork import planning
from server.fieldwork import service as fieldwork
from server.fieldwork.models import Route, Stop
from server.fieldwork.scoping import refresh_worker_scope
from server.registry import queries as registry_queries
from server.registry import service as registry
from server.registry.models import Account

INSPECTION_PREFIX = "INSP"
PENDING_LISTED = 10  # account numbers named in the refusal; the count says the rest


def _open_period(session, period: date) -> BillingPeriod | None:
    """The period's row, locked; NotFound when nothing was billed, Conflict when authorized."""
    if not queries.is_billed(period):
        raise NotFound("BILLING_PERIOD_NOT_BILLED", period=f"{period:%Y-%m}")
    row = session.execute(sa.select(BillingPeriod).where(BillingPeriod.period == period)
                          .with_for_update()).scalars().first()
    if row is not None and row.status == "authorized":
        raise Conflict("BILLING_PERIOD_ALREADY_AUTHORIZED", period=f"{period:%Y-%m}")
    return row


def authorize(session, *, period: date, note: str | None, actor_id) -> dict:
    """Authorize a billed period: refused (409) while any deviating large consumer is not
    validated or explained on its current consumption (an inspection sent still counts as
    pending); audited with the large-consumer counts it was authorized on."""
    row = _open_period(session, period)
    items = queries.large_consumers(period)
    summary = queries.large_consumer_summary(items)
    pending = [i["account_number"] for i in items if i["pending"]]
    if pending:
        listed = ", ".join(pending[:PENDING_LISTED]) + ("…" if len(pending) > PENDING_LISTED
                                                        else "")
        raise Conflict("BILLING_PERIOD_PENDING", period=f"{period:%Y-%m}",
                       pending=len(pending), accounts=listed)
    if row is None:
        row = BillingPeriod(period=period, status="draft")
        session.add(row)
    row.status, row.authorized_by, row.authorized_at = "authorized", actor_id, utcnow()
    row.note = note
    audit.record(actor_id=actor_id, entity_type="billing_period", entity_id=f"{period:%Y-%m}",
                 action="authorized", changes={"status": ["draft", "authorized"], **summary},
                 reason=note)
    session.flush()
    return queries.period_detail(period)


def review(session, *, period: date, account_id: uuid.UUID, action: str,
           note: str | None = None, worker_id: uuid.UUID | None = None,
           work_date: date | None = None, actor_id) -> dict:
    """Record the manager's decision on one large consumer of a draft period: `validated`,
    `explained` (with the explanation) or `inspection_sent` (a stop of kind `inspection`
    on a route of its own for a notifier and day; the case stays pending until validated
    or explained afterwards). The decision holds for the consumption it was made on."""
    _open_period(session, period)
    listed = queries.large_consumers(period, account_ids=[account_id])
    if not listed:
        raise NotFound("LARGE_CONSUMER_NOT_LISTED", account=str(account_id),
                       period=f"{period:%Y-%m}")
    item = listed[0]
    note = (note or "").strip() or None
    if action == "explained" and not note:
        raise DomainError("LARGE_CONSUMER_NOTE_REQUIRED",
                          errors={"note": ["Escriba la explicación."]})
    existing = session.execute(sa.select(LargeConsumerReview).where(
        LargeConsumerReview.period == period, LargeConsumerReview.account_id == account_id)
        .with_for_update()).scalars().first()
    stop_id = existing.stop_id if existing else None
    if action == "inspection_sent":
        if existing and existing.action == "inspection_sent" and \
                item["review"]["stop_status"] == "pending":
            raise Conflict("LARGE_CONSUMER_INSPECTION_PENDING", account=item["account_number"])
        stop_id = _send_inspection(session, account_id=account_id, worker_id=worker_id,
                                   work_date=work_date, actor_id=actor_id)
    if existing is None:
        existing = LargeConsumerReview(period=period, account_id=account_id)
        session.add(existing)
    before = existing.action
    existing.action, existing.note, existing.stop_id = action, note, stop_id
    existing.consumption_m3, existing.average_m3 = item["consumption_m3"], item["average_m3"]
    existing.decided_by = actor_id
    audit.record(actor_id=actor_id, entity_type="large_consumer_review",
                 entity_id=f"{period:%Y-%m}/{item['account_number']}", action=action,
                 changes={"action": [before, action], "consumption_m3": item["consumption_m3"],
                          "average_m3": item["average_m3"], "deviation": item["deviation"],
                          "stop_id": stop_id}, reason=note)
    session.flush()
    return queries.large_consumers(period, account_ids=[account_id])[0]


def _send_inspection(session, *, account_id, worker_id, work_date, actor_id) -> uuid.UUID:
    """One route (`INSP-YYYYMMDD Rnn`) with the account's inspection stop for a notifier;
    her device pulls it with the account on its next sync."""
    if worker_id is None or work_date is None:
        raise DomainError("LARGE_CONSUMER_WORKER_REQUIRED", errors={
            "worker_id": ["Elija quién hará la inspección."] if worker_id is None else [],
            "work_date": ["Elija la fecha."] if work_date is None else []})
    if work_date < local_today():
        raise DomainError("WORK_DATE_IN_PAST", work_date=work_date.isoformat(),
                          errors={"work_date": ["La fecha ya pasó."]})
    fieldwork.field_workers(session, [worker_id], "notifier", field="worker_id")
    tasks = fieldwork.plan_stops(session, Account, [Account.id == account_id], "neighborhood")
    prefix = f"{INSPECTION_PREFIX}-{work_date:%Y%m%d}"
    taken = session.execute(sa.select(sa.func.count()).select_from(Route).where(
        Route.name.like(f"{prefix} %"))).scalar()
    (route,) = fieldwork.create_routes(
        session, actor_id=actor_id, planned=[planning.PlannedRoute(worker_id, tasks)],
        name_prefix=prefix, first_number=taken + 1, work_date=work_date,
        stop_kind="inspection", accounts={account_id: account_id})
    session.flush()
    refresh_worker_scope(session, [worker_id])
    return session.execute(sa.select(Stop.id).where(Stop.route_id == route.id)).scalar_one()


def set_large_consumer(session, *, account_ref: str, flagged: bool, category: str | None,
                       reason: str, actor_id) -> dict:
    """Flag or unflag an account as a large consumer by hand and file it under a category
    (None clears it); audited with the reason."""
    if category is not None and category not in CATEGORIES:
        raise DomainError("LARGE_CONSUMER_CATEGORY_UNKNOWN", category=category,
                          errors={"category": ["Categoría desconocida."]})
    account = registry_queries.get_account(account_ref, lock=True)
    row = session.get(LargeConsumerCategory, account.id)
    old = row.category if row else None
    if account.is_large_consumer == flagged and old == category:
        raise DomainError("NOTHING_TO_CHANGE")
    if account.is_large_consumer != flagged:
        registry.update_account(actor_id=actor_id, account_ref=account.id, reason=reason,
                                account={"is_large_consumer": flagged})
    if category != old:
        if category is None:
            session.delete(row)
        elif row is None:
            session.add(LargeConsumerCategory(account_id=account.id, category=category,
                                              updated_by=actor_id))
        else:
            row.category, row.updated_by, row.updated_at = category, actor_id, utcnow()
        audit.record(actor_id=actor_id, entity_type="account", entity_id=account.id,
                     action="large_consumer_category", changes={"category": [old, category]},
                     reason=reason)
    session.flush()
    return {"account_id": account.id, "account_number": account.account_number,
            "flagged": flagged, "category": category}
