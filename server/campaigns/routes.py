"""Office API of campaigns: preview a selection, create it with its notices, list them."""
from __future__ import annotations

from flask_smorest import Blueprint

from server.campaigns import queries, service
from server.campaigns.schemas import (
    CampaignIn, CampaignListArgs, CampaignOut, CampaignPageOut, NoticeListArgs,
    NoticePageOut, PreviewIn, PreviewOut, PromotionIn, PromotionListOut, PromotionOut)
from server.http import (OFFICE_ROLES, OFFICE_WRITERS, current_actor_id, page_envelope,
                         roles_required)

blp = Blueprint("campaigns", __name__, url_prefix="/campaigns",
                description="Programas de cobranza y sus avisos")


@blp.route("/preview", methods=["POST"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(PreviewIn)
@blp.response(200, PreviewOut)
def preview(body):
    """What the rules would select: count, total debt, by colonia, a sample. Changes
    nothing. `exclusions_not_applied` lists exclusions whose data does not exist yet."""
    return queries.preview(body["rules"])


@blp.route("", methods=["POST"])
@roles_required(*OFFICE_WRITERS)
@blp.arguments(CampaignIn)
@blp.response(201, CampaignOut)
def create(body):
    """Create a campaign and one numbered notice (AV-/RQ-año-número) per selected account."""
    campaign = service.create_campaign(actor_id=current_actor_id(), **body)
    return queries.campaign_out(campaign, with_counts=True)


@blp.route("", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(CampaignListArgs, location="query")
@blp.response(200, CampaignPageOut)
def list_campaigns(args):
    """Campaigns, newest first (optionally by status)."""
    items, total = queries.list_campaigns(**args)
    return page_envelope(items, total, args["page"], args["page_size"])


@blp.route("/promotions", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, PromotionListOut)
def promotions():
    """Every promotion, newest first (active and not)."""
    return {"items": queries.list_promotions()}


@blp.route("/promotions", methods=["POST"])
@roles_required("manager")
@blp.arguments(PromotionIn)
@blp.response(201, PromotionOut)
def create_promotion(body):
    """A promotion (discount on surcharges, on principal, or "congela tu adeudo") with its
    eligibility and the board's approving act; devices quote with it on their next pull."""
    return service.create_promotion(actor_id=current_actor_id(), **body)


@blp.route("/promotions/<uuid:promotion_id>/deactivate", methods=["POST"])
@roles_required("manager")
@blp.response(200, PromotionOut)
def deactivate_promotion(promotion_id):
    """Stop offering a promotion (agreements already signed keep it)."""
    return service.deactivate_promotion(actor_id=current_actor_id(), promotion_id=promotion_id)


@blp.route("/<uuid:campaign_id>", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.response(200, CampaignOut)
def detail(campaign_id):
    """A campaign with its frozen rules, totals and notices by status."""
    return queries.campaign_out(queries.get_campaign(campaign_id), with_counts=True)


@blp.route("/<uuid:campaign_id>/notices", methods=["GET"])
@roles_required(*OFFICE_ROLES)
@blp.arguments(NoticeListArgs, location="query")
@blp.response(200, NoticePageOut)
def notices(args, campaign_id):
    """A campaign's notices in folio order (optionally by status)."""
    items, total = queries.campaign_notices(campaign_id, **args)
    return page_envelope(items, total, args["page"], args["page_size"])
