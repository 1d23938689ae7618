"""Read side of campaigns: the selection (one SQL aggregate over open charges), its
preview, and the campaigns with their notices."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from server.agreements.models import GOOD_STANDING, PaymentAgreement
from server.campaigns import errors  # noqa: F401  (registers the Spanish messages)
from server.campaigns.models import Campaign, Promotion
from server.campaigns.rules import SelectionRules, due_bounds, exclusions_not_applied
from server.common.clock import local_today, utcnow
from server.errors import NotFound
from server.extensions import db
from server.fieldwork.models import Visit
from server.ledger.enums import ACCESSORY_CONCEPTS
from server.ledger.models import Charge
from server.ledger.queries import OPEN, unapplied_cents
from server.ledger.rules import months_past_due
from server.ledger.sql import from_cents, sum_cents
from server.notices.enums import OPEN_NOTICE_STATUSES, SERVED_OUTCOMES
from server.notices.models import Notice
from server.registry.models import Account, Customer, Neighborhood, Premises
from server.registry.rules import address_line

SAMPLE_SIZE = 20


@dataclass(frozen=True)
class Candidate:
    """An account the rules select, with the debt its notice will state."""

    account_id: uuid.UUID
    account_number: str
    neighborhood_id: int
    debt_c: int
    months_past_due: int
    oldest_period: date | None
    property_class: str = ""


def _account_filters(rules: SelectionRules) -> list:
    out = []
    if rules.property_classes:
        out.append(Account.property_class.in_(rules.property_classes))
    if rules.sectors:
        out.append(Account.sector.in_(rules.sectors))
    if rules.neighborhood_ids:
        out.append(Premises.neighborhood_id.in_(rules.neighborhood_ids))
    return out


def _exclusions(rules: SelectionRules, account_col, now: datetime) -> list:
    out = []
    if rules.exclude_notified_within_days:
        since = now - timedelta(days=rules.exclude_notified_within_days)
        out.append(~sa.exists().where(Notice.account_id == account_col,
                                      Notice.delivered_at >= since))
        out.append(~sa.exists().where(Visit.account_id == account_col,
                                      Visit.outcome.in_(SERVED_OUTCOMES),
                                      Visit.started_at >= since))
    if rules.exclude_open_notice:
        out.append(~sa.exists().where(Notice.account_id == account_col,
                                      Notice.status.in_(OPEN_NOTICE_STATUSES),
                                      Notice.deleted_at.is_(None)))
    if rules.exclude_agreement_in_good_standing:
        out.append(~sa.exists().where(PaymentAgreement.account_id == account_col,
                                      PaymentAgreement.status.in_(GOOD_STANDING)))
    # exclude_open_dispute: no disputes table exists yet; rules.exclusions_not_applied()
    # reports it instead of pretending.
    return out


def select_candidates(rules: SelectionRules, *, as_of: date | None = None,
                      now: datetime | None = None, extra_where=None) -> list[Candidate]:
    """Accounts with debt whose oldest open charge is in the rules' months past due
    range, within the debt range and places, minus the exclusions.

    One aggregate per account over the open items (the covering index the balances read),
    money summed in integer centavos with the ledger's helpers, less unapplied credit:
    the same debt an account's balance shows. `extra_where(account_id_column, now)`
    adds a caller's conditions (a cut list's: formal notice served, not protected...).
    """
    as_of, now = as_of or local_today(), now or utcnow()
    earliest, latest = due_bounds(rules, as_of)
    oldest_due = sa.func.min(Charge.due_date)
    overdue_principal = sa.and_(Charge.concept.not_in(ACCESSORY_CONCEPTS),
                                Charge.due_date < as_of)
    agg = (sa.select(Charge.account_id.label("account_id"),
                     sum_cents(Charge.amount).label("amount_c"),
                     sum_cents(Charge.allocated).label("allocated_c"),
                     oldest_due.label("oldest_due"),
                     sa.func.min(sa.case((overdue_principal, Charge.period)))
                     .label("oldest_period"))
           .where(OPEN).group_by(Charge.account_id))
    if latest is not None:
        agg = agg.having(oldest_due <= latest)
    if earliest is not None:
        agg = agg.having(oldest_due >= earliest)
    place = _account_filters(rules)
    if place:
        agg = agg.where(Charge.account_id.in_(
            sa.select(Account.id).join(Premises, Premises.id == Account.premises_id)
            .where(*place)))
    agg = agg.subquery()
    credit = unapplied_cents().subquery()
    credit_by = (sa.select(credit.c.account_id, sa.func.sum(credit.c.c).label("c"))
                 .group_by(credit.c.account_id).subquery())
    debt_c = (agg.c.amount_c - agg.c.allocated_c - sa.func.coalesce(credit_by.c.c, 0))
    stmt = (sa.select(agg.c.account_id, Account.account_number, Premises.neighborhood_id,
                      debt_c.label("debt_c"), agg.c.oldest_due, agg.c.oldest_period,
                      Account.property_class)
            .join(Account, Account.id == agg.c.account_id)
            .join(Premises, Premises.id == Account.premises_id)
            .outerjoin(credit_by, credit_by.c.account_id == agg.c.account_id)
            .where(debt_c > 0, *_exclusions(rules, agg.c.account_id, now)))
    if extra_where is not None:
        stmt = stmt.where(*extra_where(agg.c.account_id, now))
    if rules.min_debt is not None:
        stmt = stmt.where(debt_c >= int(rules.min_debt * 100))
    if rules.max_debt is not None:
        stmt = stmt.where(debt_c <= int(rules.max_debt * 100))
    return [Candidate(r.account_id, r.account_number, r.neighborhood_id, int(r.debt_c),
                      months_past_due(_as_date(r.oldest_due), as_of),
                      _as_date(r.oldest_period), r.property_class)
            for r in db.session.execute(stmt)]


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def neighborhood_names(ids) -> dict[int, Neighborhood]:
    """Colonias by id (for the breakdown and the order of folios)."""
    ids = list(set(ids))
    if not ids:
        return {}
    return {h.id: h for h in db.session.execute(
        sa.select(Neighborhood).where(Neighborhood.id.in_(ids))).scalars()}


def preview(rules: SelectionRules, *, as_of: date | None = None,
            sample_size: int = SAMPLE_SIZE) -> dict:
    """What a campaign with these rules would select: count, total debt, breakdown by
    colonia (largest debt first) and the accounts that owe most."""
    as_of = as_of or local_today()
    return {**summarize_selection(select_candidates(rules, as_of=as_of), as_of, sample_size),
            "exclusions_not_applied": exclusions_not_applied(rules)}


def summarize_selection(found: list[Candidate], as_of: date,
                        sample_size: int = SAMPLE_SIZE) -> dict:
    """Count, total debt, by colonia (largest debt first) and the top debtors of a
    selection: the preview of a campaign or of a cut list."""
    by_hood: dict[int, list[int]] = {}
    for c in found:
        cell = by_hood.setdefault(c.neighborhood_id, [0, 0])
        cell[0] += 1
        cell[1] += c.debt_c
    hoods = neighborhood_names(by_hood)
    top = sorted(found, key=lambda c: (-c.debt_c, c.account_number))[:sample_size]
    return {
        "as_of": as_of, "count": len(found),
        "total_debt": from_cents(sum(c.debt_c for c in found)),
        "by_neighborhood": [
            {"neighborhood_id": hid, "neighborhood": hoods[hid].name,
             "sector": hoods[hid].sector, "count": n, "total_debt": from_cents(debt)}
            for hid, (n, debt) in sorted(by_hood.items(), key=lambda kv: -kv[1][1])],
        "sample": sample_rows(top),
    }


def sample_rows(candidates: list[Candidate]) -> list[dict]:
    """Holder, address and colonia of a few candidates, in the order given."""
    if not candidates:
        return []
    rows = {r.id: r for r in db.session.execute(
        sa.select(Account.id, Customer.name, Premises.street, Premises.exterior_number,
                  Premises.interior_number, Neighborhood.name.label("neighborhood"))
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(Account.id.in_([c.account_id for c in candidates])))}
    return [{"account_id": str(c.account_id), "account_number": c.account_number,
             "holder_name": rows[c.account_id].name,
             "address": address_line(rows[c.account_id].street,
                                     rows[c.account_id].exterior_number,
                                     rows[c.account_id].interior_number),
             "neighborhood": rows[c.account_id].neighborhood,
             "debt": from_cents(c.debt_c), "months_past_due": c.months_past_due,
             "oldest_period": c.oldest_period} for c in candidates]


def get_campaign(campaign_id: uuid.UUID) -> Campaign:
    """A campaign by id; NotFound otherwise."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("CAMPAIGN_NOT_FOUND", campaign=str(campaign_id))
    return campaign


def campaign_out(campaign: Campaign, *, with_counts: bool = False) -> dict:
    """A campaign as the office API shows it; with_counts adds notices by status."""
    rules = SelectionRules.from_dict(campaign.rules)
    out = {c: getattr(campaign, c) for c in (
        "id", "folio", "name", "notice_kind", "status", "rules", "starts_on", "ends_on",
        "approving_act", "notice_count", "total_debt", "created_by", "created_at")}
    out["exclusions_not_applied"] = exclusions_not_applied(rules)
    if with_counts:
        out["notices_by_status"] = dict(db.session.execute(
            sa.select(Notice.status, sa.func.count()).where(
                Notice.campaign_id == campaign.id, Notice.deleted_at.is_(None))
            .group_by(Notice.status)).all())
    return out


def list_campaigns(*, status: str | None, page: int, page_size: int):
    """Campaigns, newest first."""
    stmt = sa.select(Campaign)
    if status:
        stmt = stmt.where(Campaign.status == status)
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    rows = db.session.execute(stmt.order_by(Campaign.created_at.desc(), Campaign.folio.desc())
                              .limit(page_size).offset((page - 1) * page_size)).scalars()
    return [campaign_out(c) for c in rows], total


def campaign_notices(campaign_id: uuid.UUID, *, status: str | None, page: int,
                     page_size: int):
    """A campaign's notices in folio order, with account, holder and address."""
    get_campaign(campaign_id)
    filters = [Notice.campaign_id == campaign_id, Notice.deleted_at.is_(None)]
    if status:
        filters.append(Notice.status == status)
    total = db.session.execute(sa.select(sa.func.count()).select_from(Notice)
                               .where(*filters)).scalar()
    rows = db.session.execute(
        sa.select(Notice, Account.account_number, Customer.name, Premises.street,
                  Premises.exterior_number, Premises.interior_number,
                  Neighborhood.name.label("neighborhood"))
        .join(Account, Account.id == Notice.account_id)
        .join(Customer, Customer.id == Account.customer_id)
        .join(Premises, Premises.id == Account.premises_id)
        .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id)
        .where(*filters).order_by(Notice.folio)
        .limit(page_size).offset((page - 1) * page_size)).all()
    items = [{"id": n.id, "folio": n.folio, "kind": n.kind, "status": n.status,
              "account_id": n.account_id, "account_number": number, "holder_name": holder,
              "address": address_line(street, ext, inner), "neighborhood": hood,
              "debt_amount": n.debt_amount, "months_past_due": n.months_past_due,
              "oldest_period": n.oldest_period, "issued_on": n.issued_on,
              "delivered_at": n.delivered_at}
             for n, number, holder, street, ext, inner, hood in rows]
    return items, total


def list_promotions() -> list:
    """Promotions, active first, newest first."""
    return list(db.session.execute(sa.select(Promotion).order_by(
        Promotion.active.desc(), Promotion.created_at.desc())).scalars())


def promotion_rules(promotions) -> list[dict]:
    """Promotion rows as the pure rules take them (the devices' payload)."""
    from server.campaigns.payloads import promotion_payload

    return [promotion_payload(p) for p in promotions]
