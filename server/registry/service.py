"""Registry use cases: create and edit accounts (audited, with history), change proposals."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.audit import service as audit
from server.common.clock import local_today, utcnow
from server.db import transaction
from server.errors import Conflict, DomainError, NotFound
from server.extensions import db
from server.registry import queries
from server.registry.enums import PROPOSABLE_FIELDS
from server.registry.models import (
    Account, ChangeProposal, ClassHistory, Customer, HolderHistory, Meter, Neighborhood,
    Premises)
from server.registry.rules import coerce_proposed, search_text

ACCOUNT_FIELDS = ("status", "property_class", "class_subtype", "business_line", "tariff_code",
                  "billing_type", "has_water", "has_sewer", "has_sanitation", "sector",
                  "reading_route", "is_large_consumer", "uninhabited", "self_reconnected",
                  "clandestine_connection", "vulnerable_household", "connected_on")
PREMISES_FIELDS = ("cadastral_key", "street", "exterior_number", "interior_number",
                   "neighborhood_id", "postal_code", "locality", "locality_type", "latitude",
                   "longitude", "built", "occupants", "references")
CUSTOMER_FIELDS = ("name", "person_type", "rfc", "curp", "phone", "phone_alt", "email",
                   "notification_address", "legal_representative")


def _neighborhood(neighborhood_id: int) -> Neighborhood:
    hood = db.session.get(Neighborhood, neighborhood_id)
    if hood is None:
        raise DomainError("NEIGHBORHOOD_NOT_FOUND", neighborhood=neighborhood_id,
                          errors={"neighborhood_id": ["No existe esa colonia."]})
    return hood


def refresh_search_text(account: Account) -> None:
    """Keep the search column in step with number, holder, address and colonia."""
    p = account.premises
    hood = db.session.get(Neighborhood, p.neighborhood_id)
    account.search_text = search_text(account.account_number, account.customer.name,
                                      p.street, p.exterior_number, hood.name, p.cadastral_key)


def create_account(*, actor_id, account_number: str, holder: dict, premises: dict,
                   reason: str | None = None, **fields) -> Account:
    """Register a new account with its premises and holder; the number must be unique."""
    number = account_number.strip().upper()
    premises, holder = dict(premises), dict(holder)  # callers keep their dicts as they were
    with transaction():
        if db.session.execute(sa.select(Account.id).where(
                Account.account_number == number)).first():
            raise Conflict("ACCOUNT_NUMBER_TAKEN", account_number=number,
                           errors={"account_number": ["Ya existe una cuenta con ese número."]})
        hood = _neighborhood(premises["neighborhood_id"])
        if not premises.get("postal_code"):
            premises["postal_code"] = hood.postal_code
        if not premises.get("locality_type"):
            premises["locality_type"] = hood.locality_type
        prem = Premises(**premises)
        customer = Customer(**holder)
        db.session.add_all([prem, customer])
        db.session.flush()
        if not fields.get("sector"):
            fields["sector"] = hood.sector
        if not fields.get("connected_on"):
            fields["connected_on"] = local_today()
        account = Account(account_number=number, premises_id=prem.id, customer_id=customer.id,
                          **fields)
        account.premises, account.customer = prem, customer
        refresh_search_text(account)
        db.session.add(account)
        db.session.flush()
        since = account.connected_on or local_today()
        db.session.add(HolderHistory(account_id=account.id, customer_id=customer.id,
                                     valid_from=since, reason=reason, changed_by=actor_id))
        db.session.add(ClassHistory(account_id=account.id,
                                    property_class=account.property_class,
                                    class_subtype=account.class_subtype, valid_from=since,
                                    reason=reason, changed_by=actor_id))
        audit.record(actor_id=actor_id, entity_type="account", entity_id=account.id,
                     action="create", reason=reason,
                     changes={"account_number": number, "holder": customer.name,
                              "property_class": account.property_class,
                              "street": prem.street, "neighborhood": hood.name})
    return account


def update_account(*, actor_id, account_ref, reason: str, account: dict | None = None,
                   premises: dict | None = None, holder: dict | None = None,
                   new_holder: dict | None = None, meter: dict | None = None,
                   new_meter: dict | None = None, device_id: str | None = None) -> Account:
    """Edit an account. `holder` corrects the current holder's data; `new_holder` is a
    change of titular (a new customer, the old one kept in history). `meter` corrects the
    current meter's data; `new_meter` replaces it (the old one kept, removed that day, with
    its readings) or installs the first one. Class changes keep effective-dated history.
    Every change is audited with its reason."""
    with transaction():
        acc = queries.get_account(account_ref, lock=True)
        changes: dict = {}
        today = local_today()
        if account:
            old_class = (acc.property_class, acc.class_subtype)
            changes.update(audit.diff(acc, account))
            if (acc.property_class, acc.class_subtype) != old_class:
                _close_and_open_class(acc, today, reason, actor_id)
        if premises:
            if "neighborhood_id" in premises:
                _neighborhood(premises["neighborhood_id"])
            changes.update({f"premises.{k}": v for k, v in
                            audit.diff(acc.premises, premises).items()})
        if holder:
            changes.update({f"holder.{k}": v for k, v in
                            audit.diff(acc.customer, holder).items()})
        if new_holder:
            old_name = acc.customer.name
            customer = Customer(**new_holder)
            db.session.add(customer)
            db.session.flush()
            _close_and_open_holder(acc, customer, today, reason, actor_id)
            acc.customer_id, acc.customer = customer.id, customer
            changes["holder"] = [old_name, customer.name]
        if meter:
            changes.update(_edit_meter(acc, meter))
        if new_meter:
            changes.update(_replace_meter(acc, new_meter, today))
        if not changes:
            raise DomainError("NOTHING_TO_CHANGE")
        refresh_search_text(acc)
        acc.updated_at = utcnow()
        audit.record(actor_id=actor_id, entity_type="account", entity_id=acc.id,
                     action="update", changes=changes, reason=reason, device_id=device_id)
    return acc


def _current_meter(acc: Account) -> Meter | None:
    return db.session.execute(sa.select(Meter).where(
        Meter.account_id == acc.id, Meter.removed_on.is_(None))
        .order_by(Meter.installed_on.desc())).scalars().first()


def _check_serial(serial: str, group: str, except_id=None) -> None:
    """A serial may be on one installed meter only (the error names the account holding it)."""
    taken = db.session.execute(
        sa.select(Account.account_number).join(Meter, Meter.account_id == Account.id).where(
            sa.func.upper(Meter.serial) == serial.upper(), Meter.removed_on.is_(None),
            Meter.id != except_id if except_id else sa.true())).scalars().first()
    if taken:
        raise DomainError("METER_SERIAL_TAKEN", serial=serial, account=taken,
                          errors={group: {"serial": [
                              f"El medidor {serial} ya está en la cuenta {taken}."]}})


def _edit_meter(acc: Account, fields: dict) -> dict:
    current = _current_meter(acc)
    if current is None:
        raise DomainError("ACCOUNT_HAS_NO_METER", account=acc.account_number,
                          errors={"meter": ["La cuenta no tiene medidor; use «Cambiar medidor» "
                                            "para instalar uno."]})
    fields = dict(fields)
    if "serial" in fields:
        fields["serial"] = fields["serial"].strip().upper()
        _check_serial(fields["serial"], "meter", except_id=current.id)
    return {f"meter.{k}": v for k, v in audit.diff(current, fields).items()}


def _replace_meter(acc: Account, fields: dict, today) -> dict:
    serial = fields["serial"].strip().upper()
    _check_serial(serial, "new_meter")
    old = _current_meter(acc)
    if old is not None:
        old.state, old.removed_on = "removed", today
    db.session.add(Meter(account_id=acc.id, serial=serial, brand=fields.get("brand"),
                         state="working", installed_on=fields.get("installed_on") or today))
    db.session.flush()
    return {"meter": [old.serial if old else None, serial]}


def _close_and_open_class(acc: Account, today, reason, actor_id) -> None:
    db.session.execute(sa.update(ClassHistory).where(
        ClassHistory.account_id == acc.id, ClassHistory.valid_to.is_(None)
    ).values(valid_to=today))
    db.session.add(ClassHistory(account_id=acc.id, property_class=acc.property_class,
                                class_subtype=acc.class_subtype, valid_from=today,
                                reason=reason, changed_by=actor_id))


def _close_and_open_holder(acc: Account, customer: Customer, today, reason, actor_id) -> None:
    db.session.execute(sa.update(HolderHistory).where(
        HolderHistory.account_id == acc.id, HolderHistory.valid_to.is_(None)
    ).values(valid_to=today))
    db.session.add(HolderHistory(account_id=acc.id, customer_id=customer.id, valid_from=today,
                                 reason=reason, changed_by=actor_id))


def current_value(acc: Account, field: str) -> str | None:
    """The value a proposable field holds now, as text (what the office compares)."""
    holder_of = PROPOSABLE_FIELDS[field]
    if holder_of == "account":
        value = getattr(acc, field)
    elif holder_of == "customer":
        value = acc.customer.name if field == "holder_name" else getattr(acc.customer, field)
    elif holder_of == "premises":
        value = getattr(acc.premises, field)
    else:
        meter = db.session.execute(sa.select(Meter).where(
            Meter.account_id == acc.id, Meter.removed_on.is_(None))).scalars().first()
        value = meter.serial if meter else None
    return None if value is None else str(value)


def propose_change(*, actor_id, account_ref, field: str, proposed_value: str | None,
                   seen_value: str | None = None, reason: str | None = None,
                   source: str = "office", base_rv: int | None = None,
                   proposal_id: uuid.UUID | None = None) -> ChangeProposal:
    """Record a proposed correction; master data does not change until it is approved."""
    if field not in PROPOSABLE_FIELDS:
        raise DomainError("FIELD_NOT_PROPOSABLE", field=field,
                          errors={"field": ["Campo no permitido."]})
    coerce_proposed(field, proposed_value)  # reject an impossible value now, not at approval
    with transaction():
        acc = queries.get_account(account_ref)
        proposal = ChangeProposal(
            id=proposal_id or uuid.uuid4(), account_id=acc.id, field=field,
            seen_value=seen_value if seen_value is not None else current_value(acc, field),
            proposed_value=proposed_value, reason=reason, source=source, base_rv=base_rv,
            proposed_by=actor_id)
        db.session.add(proposal)
        db.session.flush()
        audit.record(actor_id=actor_id, entity_type="change_proposal", entity_id=proposal.id,
                     action="propose", reason=reason,
                     changes={"account": acc.account_number, "field": field,
                              "seen": proposal.seen_value, "proposed": proposed_value})
    return proposal


def decide_proposal(*, actor_id, proposal_id: uuid.UUID, approve: bool,
                    reason: str | None = None) -> ChangeProposal:
    """Approve (apply through update_account, audited) or reject with a reason."""
    with transaction():
        proposal = db.session.get(ChangeProposal, proposal_id, with_for_update=True)
        if proposal is None:
            raise NotFound("PROPOSAL_NOT_FOUND")
        if proposal.status != "pending":
            raise Conflict("PROPOSAL_ALREADY_DECIDED",
                           state="aprobada" if proposal.status == "approved" else "rechazada")
        if approve:
            _apply_proposal(proposal, actor_id, reason)
        proposal.status = "approved" if approve else "rejected"
        proposal.decided_by, proposal.decided_at = actor_id, utcnow()
        proposal.decision_reason = reason
        audit.record(actor_id=actor_id, entity_type="change_proposal", entity_id=proposal.id,
                     action="approve" if approve else "reject", reason=reason,
                     changes={"status": ["pending", proposal.status]})
    return proposal


def _apply_proposal(proposal: ChangeProposal, actor_id, reason) -> None:
    field, holder_of = proposal.field, PROPOSABLE_FIELDS[proposal.field]
    value = coerce_proposed(field, proposal.proposed_value)
    why = reason or f"Propuesta {proposal.id} aprobada"
    acc_ref = proposal.account_id
    if holder_of == "account":
        update_account(actor_id=actor_id, account_ref=acc_ref, reason=why,
                       account={field: value})
    elif holder_of == "premises":
        update_account(actor_id=actor_id, account_ref=acc_ref, reason=why,
                       premises={field: value})
    elif field == "holder_name":
        update_account(actor_id=actor_id, account_ref=acc_ref, reason=why,
                       new_holder={"name": value})
    elif holder_of == "customer":
        update_account(actor_id=actor_id, account_ref=acc_ref, reason=why, holder={field: value})
    else:
        # The serial seen on site corrects the current meter, or records the first one: the
        # same path as the office's edit, so a serial on another account is refused here too.
        has_meter = _current_meter(queries.get_account(acc_ref)) is not None
        update_account(actor_id=actor_id, account_ref=acc_ref, reason=why,
                       **({"meter": {"serial": value}} if has_meter
                          else {"new_meter": {"serial": value}}))
