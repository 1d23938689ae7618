"""Clean-up use cases: propose a reclassification or a write-off, decide it (two-person
rule on write-offs), apply it through the registry's change proposals or as ledger credits."""
from __future__ import annotations

import uuid
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from server.audit import service as audit
from server.cleanup import rules
from server.cleanup.models import CleanupProposal
from server.common.clock import local_today, utcnow
from server.common.money import ZERO, money
from server.db import touch, transaction
from server.errors import Conflict, DomainError, Forbidden, NotFound
from server.extensions import db
from server.ledger import queries as ledger_queries
from server.ledger import service as ledger_service
from server.ledger.enums import SYSTEM_CREDIT_KINDS
from server.registry import queries as registry_queries
from server.registry import rules as registry_rules
from server.registry import service as registry_service

WRITE_OFF_KIND = "write_off"  # the ledger credit kind of an approved write-off


def propose_reclassification(*, actor_id, account_ref, changes: dict, reason: str,
                             suspect_kind: str | None = None) -> CleanupProposal:
    """Propose new class/status/flags for an account; nothing changes until approved."""
    if not changes:
        raise DomainError("RECLASSIFICATION_EMPTY", errors={"changes": [
            "Indique al menos un cambio."]})
    with transaction():
        account = registry_queries.get_account(account_ref)
        clean = {}
        for field, value in changes.items():
            if field not in rules.RECLASSIFY_FIELDS:
                raise DomainError("FIELD_NOT_PROPOSABLE", field=field,
                                  errors={"changes": {field: ["Campo no permitido."]}})
            coerced = registry_rules.coerce_proposed(field, value)
            if str(coerced) != (registry_service.current_value(account, field) or "None"):
                clean[field] = value
        if not clean:
            raise DomainError("NOTHING_TO_CHANGE")
        row = CleanupProposal(account_id=account.id, kind="reclassification", reason=reason,
                              suspect_kind=suspect_kind, changes=clean, charge_ids=[],
                              change_proposal_ids=[], proposed_by=actor_id)
        db.session.add(row)
        db.session.flush()
        audit.record(actor_id=actor_id, entity_type="cleanup_proposal", entity_id=row.id,
                     action="propose", reason=reason,
                     changes={"account": account.account_number, "kind": row.kind} | {
                         f"proposed.{k}": v for k, v in clean.items()})
    return row


def _targets(account_id, charge_ids: list[int]) -> list:
    wanted = set(charge_ids)
    return [i for i in ledger_queries.open_items(account_id) if i.charge_id in wanted]


def propose_write_off(*, actor_id, account_ref, reason: str, charge_ids: list[int] | None = None,
                      amount: Decimal | None = None,
                      suspect_kind: str | None = None) -> CleanupProposal:
    """Propose writing off open charges (the given ones, or all) as uncollectible; the
    amount defaults to what they still owe and may not exceed it. A director decides."""
    try:
        with transaction():
            account = registry_queries.get_account(account_ref, lock=True)
            items = ledger_queries.open_items(account.id)
            if charge_ids is not None:
                open_ids = {i.charge_id for i in items}
                closed = [c for c in charge_ids if c not in open_ids]
                if closed:
                    raise DomainError("WRITE_OFF_CHARGE_NOT_OPEN", charges=", ".join(
                        str(c) for c in closed), errors={"charge_ids": [
                            "Estos cargos no están abiertos en la cuenta: "
                            + ", ".join(str(c) for c in closed)]})
                items = [i for i in items if i.charge_id in set(charge_ids)]
            available = sum((i.open_amount for i in items), ZERO)
            if available <= ZERO:
                raise DomainError("WRITE_OFF_NOTHING_OPEN", account=account.account_number)
            amount = available if amount is None else money(amount)
            if amount <= ZERO or amount > available:
                raise DomainError("WRITE_OFF_AMOUNT_INVALID", available=str(available),
                                  errors={"amount": [f"Debe ser mayor que cero y no mayor "
                                                     f"que {available}."]})
            if db.session.execute(sa.select(CleanupProposal.id).where(
                    CleanupProposal.account_id == account.id,
                    CleanupProposal.kind == "write_off",
                    CleanupProposal.status == "pending")).first():
                raise Conflict("WRITE_OFF_ALREADY_PENDING", account=account.account_number)
            row = CleanupProposal(
                account_id=account.id, kind="write_off", reason=reason,
                suspect_kind=suspect_kind, all_open=charge_ids is None,
                charge_ids=sorted(i.charge_id for i in items), amount=amount, changes={},
                change_proposal_ids=[], proposed_by=actor_id)
            db.session.add(row)
            db.session.flush()
            audit.record(actor_id=actor_id, entity_type="cleanup_proposal", entity_id=row.id,
                         action="propose", reason=reason,
                         changes={"account": account.account_number, "kind": row.kind,
                                  "amount": amount, "charges": len(row.charge_ids)})
    except IntegrityError:
        # Two proposals at once: the partial unique index let only one through.
        raise Conflict("WRITE_OFF_ALREADY_PENDING", account=str(account_ref)) from None
    return row


def decide(*, actor_id, actor_roles, proposal_id: uuid.UUID, approve: bool,
           reason: str | None = None) -> CleanupProposal:
    """Approve or reject a proposal. Lock, check who decides (two-person rule on
    write-offs), apply (credits or registry changes), audit, commit. A second decision
    on the same proposal is a 409, never a second application."""
    if not approve and not (reason or "").strip():
        raise DomainError("CLEANUP_REJECTION_REASON_REQUIRED",
                          errors={"reason": ["Indique el motivo del rechazo."]})
    with transaction() as session:
        row = session.get(CleanupProposal, proposal_id, with_for_update=True)
        if row is None:
            raise NotFound("CLEANUP_PROPOSAL_NOT_FOUND")
        if row.status != "pending":
            raise Conflict("CLEANUP_PROPOSAL_ALREADY_DECIDED",
                           state=rules.PROPOSAL_STATUSES[row.status].lower())
        refusal = rules.decision_refusal(kind=row.kind, proposer_id=row.proposed_by,
                                         actor_id=actor_id, actor_roles=actor_roles)
        if refusal:
            raise Forbidden(refusal)
        if approve and row.kind == "write_off":
            _book_write_off(session, row, actor_id, reason)
        elif approve:
            _apply_reclassification(row, actor_id, reason)
        row.status = "approved" if approve else "rejected"
        row.decided_by, row.decided_at, row.decision_reason = actor_id, utcnow(), reason
        audit.record(actor_id=actor_id, entity_type="cleanup_proposal", entity_id=row.id,
                     action="approve" if approve else "reject", reason=reason,
                     changes={"status": ["pending", row.status], "kind": row.kind,
                              "amount": row.amount, "credit_id": row.credit_id})
    return row


def _book_write_off(session, row: CleanupProposal, actor_id, reason) -> None:
    """The write-off as one ledger credit on its charges; charges are never edited."""
    account = registry_queries.get_account(row.account_id, lock=True)
    still_open = sum((i.open_amount for i in _targets(account.id, row.charge_ids)), ZERO)
    if still_open < row.amount:
        # A payment or credit reached these charges since: the proposal is stale.
        raise Conflict("WRITE_OFF_DEBT_CHANGED", amount=str(row.amount),
                       available=str(still_open))
    today = local_today()
    why = f"Baja por incobrable: {row.reason}"[:500]
    (credit_id,) = ledger_service.book_credits(
        session, credits=[{"account_id": account.id, "amount": row.amount, "reason": why,
                           "charge_ids": row.charge_ids}],
        kind=WRITE_OFF_KIND, credited_on=today, actor_id=actor_id)
    row.credit_id = credit_id
    touch(session, account)  # devices holding the account see the lower debt
    audit.record(actor_id=actor_id, entity_type="credit", entity_id=credit_id,
                 action="create", reason=why,
                 changes={"account": account.account_number, "amount": row.amount,
                          "kind": WRITE_OFF_KIND, "label": SYSTEM_CREDIT_KINDS[WRITE_OFF_KIND],
                          "proposal": str(row.id),
                          "proposed_by": str(row.proposed_by), "approved_by": str(actor_id)})


def _apply_reclassification(row: CleanupProposal, actor_id, reason) -> None:
    """Each change goes through the registry's change proposals: proposed by whoever
    proposed the clean-up, approved by the decider, applied with history and audit."""
    account = registry_queries.get_account(row.account_id)
    why = f"Depuración de cartera: {row.reason}"[:500]
    made = []
    for field, value in row.changes.items():
        coerced = registry_rules.coerce_proposed(field, value)
        if str(coerced) == (registry_service.current_value(account, field) or "None"):
            continue  # already so (changed by other means since): nothing to apply
        cp = registry_service.propose_change(actor_id=row.proposed_by, account_ref=account.id,
                                             field=field, proposed_value=value, reason=why)
        registry_service.decide_proposal(actor_id=actor_id, proposal_id=cp.id, approve=True,
                                         reason=reason or why)
        made.append(str(cp.id))
    row.change_proposal_ids = made
