"""The manager's discount programs: a new program, and the edit of one (its name, rules,
whether it is offered, the act that approved it). The rules are checked whole
(program_rules.program_problems: a 422 with each field's Spanish messages under
`rules.<field>`); every change is audited with what it was and what it became.

Editing never rewrites what was already decided: approved applications keep their
starts_on/ends_on, and the next posting, renewal run or application reads the program as it
is then. The row is a shared sync entity (`discount_program`): the write stamps it with the
transaction's version (server.db, the Versioned hook), so every device's next pull brings
it. A program made inactive is no longer offered for new registrations on the phones; the
applications made under it stay valid.
"""
from __future__ import annotations

import copy
import uuid
from typing import Any

import sqlalchemy as sa

from server.audit import service as audit
from server.discounts.errors import MESSAGES  # noqa: F401  (registers the Spanish messages)
from server.discounts.models import DiscountProgram
from server.discounts.program_rules import program_problems
from server.errors import DomainError, NotFound


def check_rules(rules: Any) -> None:
    """422 DISCOUNT_PROGRAM_INVALID with {"rules.<field>": [Spanish message]} when the rules
    are not a program the rules can work with."""
    problems = program_problems(rules)
    if problems:
        raise DomainError("DISCOUNT_PROGRAM_INVALID", errors={
            "rules" if field == "_schema" else f"rules.{field}": messages
            for field, messages in problems.items()})


def _clean(values: dict) -> dict:
    out = {}
    if "name" in values:
        out["name"] = values["name"].strip()
    if "active" in values:
        out["active"] = bool(values["active"])
    if "approving_act" in values:
        out["approving_act"] = (values["approving_act"] or "").strip() or None
    return out


def create_program(session, *, actor_id, name: str, rules: dict, active: bool = True,
                   approving_act: str | None = None) -> DiscountProgram:
    """A new program (offered on the phones from their next pull when active)."""
    check_rules(rules)
    values = _clean({"name": name, "active": active, "approving_act": approving_act})
    program = DiscountProgram(id=uuid.uuid4(), rules=copy.deepcopy(rules), **values)
    session.add(program)
    session.flush()
    audit.record(actor_id=actor_id, entity_type="discount_program", entity_id=program.id,
                 action="created", changes={**values, "rules": program.rules})
    return program


def update_program(session, *, actor_id, program_id: uuid.UUID, values: dict
                   ) -> DiscountProgram:
    """Change what `values` gives (name, rules: the whole rules, active, approving_act);
    audited with {field: [before, after]} (a rules key as `rules.<key>`) for what
    actually changed. Nothing changed: nothing written."""
    program = session.execute(sa.select(DiscountProgram).where(
        DiscountProgram.id == program_id).with_for_update()).scalars().first()
    if program is None:
        raise NotFound("DISCOUNT_PROGRAM_NOT_FOUND", program=str(program_id))
    changes = {}
    if "rules" in values:
        check_rules(values["rules"])
        before, after = program.rules or {}, copy.deepcopy(values["rules"])
        changes = {f"rules.{key}": [before.get(key), after.get(key)]
                   for key in sorted({*before, *after}) if before.get(key) != after.get(key)}
        if changes:
            program.rules = after  # a new dict: the JSON column is written, the row stamped
    changes.update(audit.diff(program, _clean(values)))
    if changes:
        audit.record(actor_id=actor_id, entity_type="discount_program", entity_id=program.id,
                     action="updated", changes=changes)
    return program
