"""Campaign use cases: create a campaign with one numbered notice per selected account."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from server.audit import service as audit
from server.campaigns import queries
from server.campaigns.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.campaigns.models import Campaign, Promotion
from server.campaigns.rules import SelectionRules, campaign_folio
from server.common.clock import local_today
from server.db import current_rv, transaction
from server.errors import DomainError, NotFound
from server.extensions import db
from server.ledger.sql import from_cents
from server.notices import service as notices


def _next_campaign_folio(session, year: int) -> str:
    last = session.execute(sa.select(sa.func.max(Campaign.folio)).where(
        Campaign.folio.like(f"CP-{year}-%"))).scalar()
    return campaign_folio(year, int(last.rsplit("-", 1)[1]) + 1 if last else 1)


def create_campaign(*, actor_id, name: str, notice_kind: str, rules: SelectionRules,
                    starts_on: date | None = None, ends_on: date | None = None,
                    approving_act: str | None = None) -> Campaign:
    """Freeze the rules, select the accounts and issue one notice each, with the debt,
    months past due and oldest period they show today; audited.

    Folios follow the colonia and the account number, so a printed list reads in order.
    The selection runs inside the unit of work, after the version lock, so what is
    selected is what gets notified.
    """
    if starts_on and ends_on and starts_on > ends_on:
        raise DomainError("CAMPAIGN_DATES_INVERTED",
                          errors={"ends_on": ["Es anterior a la fecha de inicio."]})
    today = local_today()
    with transaction() as session:
        current_rv(session)  # the version lock now: it serializes folio numbering
        found = queries.select_candidates(rules, as_of=today)
        if not found:
            raise DomainError("CAMPAIGN_SELECTION_EMPTY")
        hoods = queries.neighborhood_names(c.neighborhood_id for c in found)
        found.sort(key=lambda c: (hoods[c.neighborhood_id].name_key, c.account_number))
        total_c = sum(c.debt_c for c in found)
        campaign = Campaign(folio=_next_campaign_folio(session, today.year), name=name,
                            notice_kind=notice_kind, rules=rules.to_json(), status="active",
                            starts_on=starts_on, ends_on=ends_on, approving_act=approving_act,
                            notice_count=len(found), total_debt=from_cents(total_c),
                            created_by=actor_id)
        db.session.add(campaign)
        db.session.flush()
        folios = notices.issue_notices(session, campaign_id=campaign.id, kind=notice_kind,
                                       issued_on=today, rows=[{
                                           "account_id": c.account_id,
                                           "debt_amount": from_cents(c.debt_c),
                                           "months_past_due": c.months_past_due,
                                           "oldest_period": c.oldest_period} for c in found])
        audit.record(actor_id=actor_id, entity_type="campaign", entity_id=campaign.id,
                     action="created", changes={
                         "folio": campaign.folio, "notice_kind": notice_kind,
                         "notice_count": len(found), "total_debt": campaign.total_debt,
                         "first_folio": folios[0], "last_folio": folios[-1],
                         "rules": rules.to_json()})
    return campaign


def create_promotion(*, actor_id, **values) -> Promotion:
    """A promotion, devices receive it on their next pull; audited with its act."""
    with transaction() as session:
        eligibility = dict(values.pop("eligibility") or {})
        for key in ("min_debt", "max_debt"):
            if eligibility.get(key) is not None:
                eligibility[key] = str(eligibility[key])
        promotion = Promotion(eligibility=eligibility, created_by=actor_id, active=True,
                              **values)
        session.add(promotion)
        session.flush()
        audit.record(actor_id=actor_id, entity_type="promotion", entity_id=promotion.id,
                     action="created", changes={"name": promotion.name, "kind": promotion.kind,
                                                "pct": promotion.pct,
                                                "approving_act": promotion.approving_act})
    return promotion


def deactivate_promotion(*, actor_id, promotion_id) -> Promotion:
    with transaction() as session:
        promotion = session.get(Promotion, promotion_id)
        if promotion is None:
            raise NotFound("PROMOTION_NOT_FOUND", promotion=str(promotion_id))
        if promotion.active:
            promotion.active = False
            audit.record(actor_id=actor_id, entity_type="promotion", entity_id=promotion.id,
                         action="deactivated")
    return promotion
