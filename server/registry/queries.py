"""Read side of the registry: account search and detail."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.errors import NotFound
from server.extensions import db
from server.registry.models import (
    Account, ChangeProposal, ClassHistory, Customer, HolderHistory, Meter, Neighborhood,
    Premises)
from server.registry.rules import address_line, normalize


def get_account(ref: str | uuid.UUID, *, lock: bool = False) -> Account:
    """An account by UUID or by account number; NotFound otherwise."""
    stmt = sa.select(Account)
    try:
        stmt = stmt.where(Account.id == (ref if isinstance(ref, uuid.UUID) else uuid.UUID(ref)))
    except ValueError:
        stmt = stmt.where(Account.account_number == str(ref).strip().upper())
    if lock:
        stmt = stmt.with_for_update(of=Account)
    account = db.session.execute(stmt).scalars().first()
    if account is None:
        raise NotFound("ACCOUNT_NOT_FOUND", account=str(ref))
    return account


MIN_TERM = 3
COUNT_CAP = 1000


def search_terms(q: str | None) -> list[str]:
    """Normalised words of a query (at most 6); none when every word is shorter than 3
    characters, which would match most of the city."""
    if not q:
        return []
    words = normalize(q).split()
    # Short words narrow nothing on their own but refine a longer one ("calle 5").
    return words[:6] if any(len(w) >= MIN_TERM for w in words) else []


def search_accounts(q: str | None, *, neighborhood_id: int | None = None,
                    sector: str | None = None, property_class: str | None = None,
                    status: str | None = None, page: int = 1, page_size: int = 25):
    """Accounts matching every word of `q` (accent/case-insensitive, partial) in number,
    holder, address, colonia or cadastral key; an exact account number comes first.

    The page is read in account-number order so PostgreSQL can walk that index and stop
    after one page even when a word matches half the city; the trigram index serves the
    rare words and the count.
    """
    filters = []
    terms = search_terms(q)
    if q and not terms and not (neighborhood_id or sector or property_class or status):
        return [], 0
    for term in terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        filters.append(Account.search_text.like(f"%{escaped}%", escape="\\"))
    if neighborhood_id is not None:
        filters.append(Premises.neighborhood_id == neighborhood_id)
    if sector:
        filters.append(Account.sector == sector)
    if property_class:
        filters.append(Account.property_class == property_class)
    if status:
        filters.append(Account.status == status)
    columns = (Account.id, Account.account_number, Account.status, Account.property_class,
               Account.sector, Customer.name, Premises.street, Premises.exterior_number,
               Premises.interior_number, Neighborhood.name.label("neighborhood"))

    def select_rows():
        return (sa.select(*columns)
                .join(Premises, Premises.id == Account.premises_id)
                .join(Customer, Customer.id == Account.customer_id)
                .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id))

    # Counting every match of a common word costs more than the page; past COUNT_CAP the
    # clerk refines the search anyway, so the count stops there ("1000 o más").
    matches = sa.select(sa.literal(1)).select_from(Account)
    if neighborhood_id is not None:  # the only filter that needs the premises
        matches = matches.join(Premises, Premises.id == Account.premises_id)
    matches = matches.where(*filters).limit(COUNT_CAP).subquery()
    total = db.session.execute(sa.select(sa.func.count()).select_from(matches)).scalar()
    rows = db.session.execute(select_rows().where(*filters).order_by(Account.account_number)
                              .limit(page_size).offset((page - 1) * page_size)).all()
    exact_number = (q or "").strip().upper()
    if page == 1 and rows and rows[0].account_number != exact_number:
        exact = db.session.execute(select_rows().where(
            Account.account_number == exact_number, *filters)).first()
        if exact is not None:
            rows = [exact] + [r for r in rows if r.id != exact.id][:page_size - 1]
    items = [{
        "id": str(r.id), "account_number": r.account_number, "status": r.status,
        "property_class": r.property_class, "sector": r.sector, "holder_name": r.name,
        "address": address_line(r.street, r.exterior_number, r.interior_number),
        "neighborhood": r.neighborhood,
    } for r in rows]
    return items, total


def account_detail(account: Account) -> dict:
    """Everything the registry knows about an account, with its histories."""
    p, c = account.premises, account.customer
    meters = db.session.execute(sa.select(Meter).where(Meter.account_id == account.id)
                                .order_by(Meter.installed_on.desc())).scalars().all()
    holders = db.session.execute(
        sa.select(HolderHistory, Customer.name).join(Customer,
                                                     Customer.id == HolderHistory.customer_id)
        .where(HolderHistory.account_id == account.id)
        .order_by(HolderHistory.valid_from.desc(), HolderHistory.id.desc())).all()
    classes = db.session.execute(
        sa.select(ClassHistory).where(ClassHistory.account_id == account.id)
        .order_by(ClassHistory.valid_from.desc(), ClassHistory.id.desc())).scalars().all()
    return {
        "id": str(account.id), "account_number": account.account_number,
        "status": account.status, "property_class": account.property_class,
        "class_subtype": account.class_subtype, "business_line": account.business_line,
        "tariff_code": account.tariff_code, "billing_type": account.billing_type,
        "services": {"water": account.has_water, "sewer": account.has_sewer,
                     "sanitation": account.has_sanitation},
        "sector": account.sector, "reading_route": account.reading_route,
        "flags": {"large_consumer": account.is_large_consumer,
                  "uninhabited": account.uninhabited,
                  "self_reconnected": account.self_reconnected,
                  "clandestine_connection": account.clandestine_connection,
                  "vulnerable_household": account.vulnerable_household},
        "connected_on": account.connected_on,
        "holder": {"id": str(c.id), "name": c.name, "person_type": c.person_type,
                   "rfc": c.rfc, "curp": c.curp, "phone": c.phone, "phone_alt": c.phone_alt,
                   "email": c.email, "notification_address": c.notification_address,
                   "legal_representative": c.legal_representative},
        "premises": {"id": str(p.id), "cadastral_key": p.cadastral_key, "street": p.street,
                     "exterior_number": p.exterior_number,
                     "interior_number": p.interior_number,
                     "address": address_line(p.street, p.exterior_number, p.interior_number),
                     "neighborhood_id": p.neighborhood_id,
                     "neighborhood": p.neighborhood.name, "postal_code": p.postal_code,
                     "locality": p.locality, "locality_type": p.locality_type,
                     "latitude": p.latitude, "longitude": p.longitude, "built": p.built,
                     "occupants": p.occupants, "references": p.references},
        "meters": [{"id": str(m.id), "serial": m.serial, "brand": m.brand, "state": m.state,
                    "installed_on": m.installed_on, "removed_on": m.removed_on}
                   for m in meters],
        "holder_history": [{"customer_id": str(h.customer_id), "name": name,
                            "valid_from": h.valid_from, "valid_to": h.valid_to,
                            "reason": h.reason} for h, name in holders],
        "class_history": [{"property_class": h.property_class,
                           "class_subtype": h.class_subtype, "valid_from": h.valid_from,
                           "valid_to": h.valid_to, "reason": h.reason} for h in classes],
        "updated_at": account.updated_at,
    }


def list_neighborhoods() -> list[Neighborhood]:
    return db.session.execute(sa.select(Neighborhood).order_by(Neighborhood.name)
                              ).scalars().all()


def list_proposals(*, status: str | None, account_id: uuid.UUID | None, page: int,
                   page_size: int):
    """Change proposals, newest first, with the value the record holds now."""
    stmt = sa.select(ChangeProposal, Account.account_number).join(
        Account, Account.id == ChangeProposal.account_id)
    if status:
        stmt = stmt.where(ChangeProposal.status == status)
    if account_id:
        stmt = stmt.where(ChangeProposal.account_id == account_id)
    total = db.session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar()
    rows = db.session.execute(stmt.order_by(ChangeProposal.created_at.desc())
                              .limit(page_size).offset((page - 1) * page_size)).all()
    return rows, total


def audit_trail(entity_ids: list[str], limit: int = 200) -> list[AuditEvent]:
    return db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.entity_id.in_(entity_ids))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(limit)
    ).scalars().all()
