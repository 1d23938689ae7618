"""Field-sync handlers of the registry: a worker proposes a correction; the office decides."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from server.common.sync_contract import Mutation, MutationContext, MutationResult
from server.errors import DomainError
from server.http import FIELD_ROLES
from server.registry import queries, service
from server.registry.models import ChangeProposal


class ProposeChangeV1(Schema):
    """`registry.propose_change` v1 args (docs/field-sync.md)."""

    class Meta:
        unknown = RAISE

    id = fields.UUID(required=True)
    account_id = fields.UUID(required=True)
    field = fields.String(required=True, validate=validate.Length(min=1, max=40))
    seen = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=500))
    proposed = fields.String(load_default=None, allow_none=True,
                             validate=validate.Length(max=500))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


def _same_proposal(row: ChangeProposal, ctx: MutationContext, args: dict) -> bool:
    seen_matches = args["seen"] is None or row.seen_value == args["seen"]
    return (row.account_id == args["account_id"] and row.field == args["field"]
            and row.proposed_value == args["proposed"] and row.reason == args["reason"]
            and row.proposed_by == ctx.actor_id and seen_matches)


def propose_change(ctx: MutationContext, args: dict) -> MutationResult:
    """Store the proposal with the worker's base_rv; flag ROW_CHANGED_SINCE when the account
    changed after what she saw. The same proposal id again: duplicate, or ID_REUSED when
    its content differs."""
    existing = ctx.session.get(ChangeProposal, args["id"])
    if existing is not None:
        if _same_proposal(existing, ctx, args):
            return MutationResult(duplicate=True)
        raise DomainError("ID_REUSED", status=409)
    account = queries.get_account(args["account_id"])
    changed_since = account.rv > ctx.base_rv
    service.propose_change(actor_id=ctx.actor_id, account_ref=account.id, field=args["field"],
                           proposed_value=args["proposed"], seen_value=args["seen"],
                           reason=args["reason"], source="field", base_rv=ctx.base_rv,
                           proposal_id=args["id"])
    return MutationResult(flags=["ROW_CHANGED_SINCE"] if changed_since else [])


MUTATIONS = [
    Mutation(name="registry.propose_change", v=1, schema=ProposeChangeV1,
             handler=propose_change, roles=frozenset(FIELD_ROLES)),
]
ENTITIES: list = []
