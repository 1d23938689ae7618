"""Read side of disconnections: the cut list's selection (the campaigns' aggregate over
open charges plus the cut exclusions), its preview, lists, orders and the day's board."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.campaigns.queries import (Candidate, neighborhood_names, select_candidates,
                                      summarize_selection)
from server.campaigns.rules import SelectionRules
from server.common.clock import local_today, utcnow
from server.common.settings import get_setting
from server.disconnections.enums import CUT_ACTIONS, OPEN_STATUSES
from server.disconnections.models import CutList, DisconnectionOrder, OrderAlert
from server.disconnections.rules import CutRules, action_for, exclusions_not_applied
from server.discounts import queries as discount_queries
from server.errors import NotFound
from server.extensions import db
from server.fieldwork.models import Route, Stop, Visit
from server.notices.enums import SERVED_OUTCOMES
from server.notices.models import Notice
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.registry.rules import address_line

__all__ = ["emergency_protected", "neighborhood_names", "select_cut_candidates", "preview"]


def _cut_filters(rules: CutRules):
    """Conditions on the candidate (its account id, and its Account row joined by the
    campaigns' selection): a formal notice served long enough ago,
    no open cut order, not already restricted or cut, not protected."""
    def where(account_col, now: datetime) -> list:
        out = [
            ~sa.exists().where(DisconnectionOrder.account_id == account_col,
                               DisconnectionOrder.action.in_(CUT_ACTIONS),
                               DisconnectionOrder.status.in_(OPEN_STATUSES),
                               DisconnectionOrder.deleted_at.is_(None)),
            # The outer statement joins the candidate's Account row.
            Account.status.not_in(("limited", "suspended", "closed", "temporarily_closed")),
            Account.vulnerable_household.is_(False),
            *([] if rules.include_public_services else
              [Account.property_class != "public_services"]),
        ]
        if rules.exclude_agreement_in_good_standing:
            out.append(~sa.exists().where(PaymentAgreement.account_id == account_col,
                                          PaymentAgreement.status.in_(GOOD_STANDING)))
        if rules.formal_notice_min_days is not None:
            before = now - timedelta(days=rules.formal_notice_min_days)
            breached = ([sa.exists().where(PaymentAgreement.account_id == account_col,
                                           PaymentAgreement.status == "breached")]
                        if rules.include_breached_agreements else [])
            out.append(sa.or_(*breached,
                sa.exists().where(Notice.account_id == account_col, Notice.kind == "formal",
                                  Notice.delivered_at.is_not(None),
                                  Notice.delivered_at <= before),
                sa.exists().where(Visit.account_id == account_col,
                                  Visit.outcome.in_(SERVED_OUTCOMES),
                                  Visit.started_at <= before,
                                  Visit.notice_id.in_(sa.select(Notice.id).where(
                                      Notice.kind == "formal")))))
        return out
    return where


def emergency_protected(session, account_ids, on: date) -> set:
    """The accounts (of these) protected by a declared emergency: social-discount
    beneficiaries with a discount current on `on`, while `social_emergency_declared`."""
    if not get_setting("social_emergency_declared"):
        return set()
    return discount_queries.beneficiary_accounts(session, on, account_ids)


def select_cut_candidates(rules: CutRules, *, as_of: date | None = None,
                          now: datetime | None = None) -> list[Candidate]:
    """The accounts a cut list with these rules would get an order for (the preview and
    the list itself: both leave out beneficiaries protected by a declared emergency)."""
    as_of = as_of or local_today()
    found = select_candidates(SelectionRules.from_dict(rules.selection()), as_of=as_of,
                              now=now or utcnow(), extra_where=_cut_filters(rules))
    sheltered = emergency_protected(db.session, [c.account_id for c in found], as_of)
    return [c for c in found if c.account_id not in sheltered]


def preview(rules: CutRules, *, as_of: date | None = None) -> dict:
    """Count, total debt, by colonia and by action, and the top debtors."""
    as_of = as_of or local_today()
    found = select_cut_candidates(rules, as_of=as_of)
    by_action: dict[str, int] = {}
    for c in found:
        action = action_for(c.property_class, rules.non_domestic_action)
        by_action[action] = by_action.get(action, 0) + 1
    return {**summarize_selection(found, as_of), "by_action": by_action,
            "exclusions_not_applied": exclusions_not_applied(rules)}


def get_cut_list(cut_list_id: uuid.UUID) -> CutList:
    cut_list = db.session.get(CutList, cut_list_id)
    if cut_list is None:
        raise NotFound("CUT_LIST_NOT_FOUND", cut_list=str(cut_list_id))
    return cut_list


def cut_list_out(cut_list: CutList, *, with_counts: bool = False) -> dict:
    out = {c: getattr(cut_list, c) for c in ("id", "folio", "name", "rules", "order_count",
                                              "total_debt", "created_by", "created_at")}
    out["exclusions_not_applied"] = exclusions_not_applied(CutRules.from_dict(cut_list.rules))
    if with_counts:
        out["orders_by_status"] = dict(db.session.execute(
            sa.select(DisconnectionOrder.status, sa.func.count()).where(
                DisconnectionOrder.cut_list_id == cut_list.id,
                DisconnectionOrder.deleted_at.is_(None))
            .group_by(DisconnectionOrder.status)).all())
    return out


def list_cut_lists(*, page: int, page_size: int):
    total = db.session.execute(sa.select(sa.func.count()).select_from(CutList)).scalar()
    rows = db.session.execute(sa.select(CutList).order_by(CutList.created_at.desc(),
                                                          CutList.folio.desc())
                              .limit(page_size).offset((page - 1) * page_size)).scalars()
    return [cut_list_out(c) for c in rows], total


def orders(*, cut_list_id: uuid.UUID | None = None, status: str | None = None,
           action: str | None = None, page: int = 1, page_size: int = 50,
           limit_all: bool = False):
    """Orders in folio order with account, holder, address and colonia."""
    filters = [DisconnectionOrder.deleted_at.is_(None)]
    if cut_list_id is not None:
        get_cut_list(cut_list_id)
        filters.append(DisconnectionOrder.cut_list_id == cut_list_id)
    if status:
        filters.append(DisconnectionOrder.status == status)
    if action:
        filters.append(DisconnectionOrder.action == action)
    total = db.session.execute(sa.select(sa.func.count()).select_from(DisconnectionOrder)
                               .where(*filters)).scalar()
    stmt = (sa.select(DisconnectionOrder, Account.account_number, Account.property_class,
                      Customer.name, Premises.street, Premises.exterior_number,
                      Premises.interior_number, Neighborhood.name.label("neighborhood"))
            .join(Account, Account.id == DisconnectionOrder.account_id)
            .join(Customer, Customer.id == Account.customer_id)
            .join(Premises, Premises.id == Account.premises_id)
            .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
            .where(*filters).order_by(Neighborhood.name, DisconnectionOrder.folio))
    if not limit_all:
        stmt = stmt.limit(page_size).offset((page - 1) * page_size)
    items = [{"id": o.id, "folio": o.folio, "action": o.action, "status": o.status,
              "urgent": o.urgent, "account_id": o.account_id, "account_number": number,
              "property_class": klass, "holder_name": holder,
              "address": address_line(street, ext, inner), "neighborhood": hood,
              "debt_amount": o.debt_amount, "months_past_due": o.months_past_due,
              "issued_on": o.issued_on, "not_before": o.not_before,
              "cancel_reason": o.cancel_reason, "executed_at": o.executed_at,
              "not_executed_reason": o.not_executed_reason, "flags": list(o.flags or [])}
             for o, number, klass, holder, street, ext, inner, hood
             in db.session.execute(stmt).all()]
    return items, total


def day_board(work_date: date | None = None) -> dict:
    """The day's orders per cutter: pending, executed, not executed by reason, cancelled;
    unacknowledged alerts (executed after cancellation first) on top."""
    work_date = work_date or local_today()
    rows = db.session.execute(
        sa.select(Route.worker_id, DisconnectionOrder.action, DisconnectionOrder.status,
                  DisconnectionOrder.not_executed_reason, sa.func.count())
        .join(Stop, Stop.route_id == Route.id)
        .join(DisconnectionOrder, DisconnectionOrder.id == Stop.order_id)
        .where(Route.work_date == work_date, Route.deleted_at.is_(None),
               Stop.deleted_at.is_(None))
        .group_by(Route.worker_id, DisconnectionOrder.action, DisconnectionOrder.status,
                  DisconnectionOrder.not_executed_reason)).all()
    workers: dict = {}
    for worker_id, action, status, reason, n in rows:
        w = workers.setdefault(worker_id, {"worker_id": worker_id, "pending": 0,
                                           "executed": 0, "not_executed": {},
                                           "cancelled": 0, "executed_after_cancellation": 0})
        if status in OPEN_STATUSES:
            w["pending"] += n
        elif status == "not_executed":
            w["not_executed"][reason or "other"] = w["not_executed"].get(reason or "other",
                                                                         0) + n
        else:
            w[status] += n
    alerts = db.session.execute(
        sa.select(OrderAlert, DisconnectionOrder.folio)
        .join(DisconnectionOrder, DisconnectionOrder.id == OrderAlert.order_id)
        .where(OrderAlert.acknowledged_at.is_(None))
        .order_by(sa.case((OrderAlert.kind.in_(("CROSSED_IN_FLIGHT",
                                                "IGNORED_CANCELLATION")), 0), else_=1),
                  OrderAlert.created_at.desc()).limit(100)).all()
    return {"work_date": work_date, "workers": list(workers.values()),
            "alerts": [{"id": a.id, "kind": a.kind, "order_id": a.order_id, "folio": folio,
                        "account_id": a.account_id, "message": a.message,
                        "created_at": a.created_at} for a, folio in alerts]}
