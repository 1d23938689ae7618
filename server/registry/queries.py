"""Read side of the registry: account search and detail."""
from __future__ import annotations

import uuid
from decimal import Decimal

import sqlalchemy as sa

from server.audit.models import AuditEvent
from server.errors import DomainError, NotFound
from server.extensions import db
from server.ledger.models import Charge
from server.ledger.queries import balances_for
from server.ledger.sql import from_cents, sum_cents
from server.registry import errors as _errors  # noqa: F401  (registers CLASS_EFFECT_*)
from server.registry import rules
from server.registry.enums import PROPERTY_CLASSES
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


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_accounts(q: str | None, *, neighborhood_id: int | None = None,
                    sector: str | None = None, property_class: str | None = None,
                    status: str | None = None, page: int = 1, page_size: int = 25):
    """Accounts matching every word of `q` (accent/case-insensitive, partial) in number,
    holder, address, colonia or cadastral key, or a one-word `q` that begins a meter
    serial; an exact account number comes first, then meter matches. Each result carries
    its balance and months past due (one grouped query for the whole page).

    The page is read in account-number order so PostgreSQL can walk that index and stop
    after one page even when a word matches half the city; the trigram index serves the
    rare words and the count.
    """
    place = []
    terms = search_terms(q)
    if q and not terms and not (neighborhood_id or sector or property_class or status):
        return [], 0
    filters = [Account.search_text.like(f"%{_like(term)}%", escape="\\") for term in terms]
    if neighborhood_id is not None:
        place.append(Premises.neighborhood_id == neighborhood_id)
    if sector:
        place.append(Account.sector == sector)
    if property_class:
        place.append(Account.property_class == property_class)
    if status:
        place.append(Account.status == status)
    columns = (Account.id, Account.account_number, Account.status, Account.property_class,
               Account.sector, Customer.name, Premises.street, Premises.exterior_number,
               Premises.interior_number, Neighborhood.name.label("neighborhood"))

    def select_rows(*cols):
        return (sa.select(*columns, *cols)
                .join(Premises, Premises.id == Account.premises_id)
                .join(Customer, Customer.id == Account.customer_id)
                .join(Neighborhood, Neighborhood.id == Premises.neighborhood_id))

    # Counting every match of a common word costs more than the page; past COUNT_CAP the
    # clerk refines the search anyway, so the count stops there ("1000 o más").
    matches = sa.select(sa.literal(1)).select_from(Account)
    if neighborhood_id is not None:  # the only filter that needs the premises
        matches = matches.join(Premises, Premises.id == Account.premises_id)
    matches = matches.where(*filters, *place).limit(COUNT_CAP).subquery()
    total = db.session.execute(sa.select(sa.func.count()).select_from(matches)).scalar()
    rows = db.session.execute(select_rows().where(*filters, *place)
                              .order_by(Account.account_number)
                              .limit(page_size).offset((page - 1) * page_size)).all()
    exact_number = (q or "").strip().upper()
    if page == 1 and rows and rows[0].account_number != exact_number:
        exact = db.session.execute(select_rows().where(
            Account.account_number == exact_number, *filters, *place)).first()
        if exact is not None:
            rows = [exact] + [r for r in rows if r.id != exact.id][:page_size - 1]
    if _may_be_serial(terms):
        rows, by_meter = _with_meter_matches(rows, terms[0], place, select_rows, page,
                                             page_size)
        total += by_meter
    money = balances_for([r.id for r in rows])
    items = [{
        "id": str(r.id), "account_number": r.account_number, "status": r.status,
        "property_class": r.property_class, "sector": r.sector, "holder_name": r.name,
        "address": address_line(r.street, r.exterior_number, r.interior_number),
        "neighborhood": r.neighborhood, "balance": money[r.id]["balance"],
        "months_past_due": money[r.id]["months_past_due"],
    } for r in rows]
    return items, total


def _may_be_serial(terms: list[str]) -> bool:
    """One word with a digit in it: a meter serial is looked up too (serials always carry
    digits, so a name or a street never pays for it)."""
    return len(terms) == 1 and len(terms[0]) >= MIN_TERM and any(c.isdigit() for c in terms[0])


def _with_meter_matches(rows, term: str, place, select_rows, page: int, page_size: int):
    """Add the accounts whose meter serial begins with `term` (and that the text did not
    already match) after the first row of page 1; returns the rows and how many such
    accounts there are. Two short reads: the meters first (a scan of one narrow table), then
    their accounts by id; in one joined statement PostgreSQL walks every account in number
    order looking for a meter."""
    ids = db.session.execute(
        sa.select(Meter.account_id).where(
            sa.func.lower(Meter.serial).like(f"{_like(term)}%", escape="\\"))
        .limit(page_size)).scalars().all()
    if not ids:
        return rows, 0
    found = db.session.execute(
        select_rows(Account.search_text).where(Account.id.in_(ids), *place)
        .order_by(Account.account_number)).all()
    meter_only = [r for r in found if term not in r.search_text]
    if page == 1 and meter_only:
        seen = {r.id for r in rows}
        rows = (rows[:1] + [r for r in meter_only if r.id not in seen] + rows[1:])[:page_size]
    return rows, len(meter_only)


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


# What the water tariff bills every month (not surcharges, fines or extraordinary charges).
_WATER_TARIFF = (Charge.service == "water", Charge.concept.in_(("consumption", "fixed")),
                 Charge.origin.in_(("billing", "import")))


def class_effect(account: Account, new_class: str, *, months: int = 6,
                 class_periods: int = 3) -> dict:
    """The estimated effect on the monthly water bill of moving `account` to `new_class`:
    its last `months` billed months against the new class's average price per m³ (metered
    accounts) or average fixed fee, from that class's last `class_periods` billed periods.
    Two grouped queries; the arithmetic is rules.class_effect."""
    own = db.session.execute(
        sa.select(Charge.period, sum_cents(Charge.amount).label("c"),
                  sa.func.sum(Charge.consumption_m3).label("m3"))
        .where(Charge.account_id == account.id, *_WATER_TARIFF)
        .group_by(Charge.period).order_by(Charge.period.desc()).limit(months)).all()
    if not own:
        raise DomainError("CLASS_EFFECT_NO_HISTORY", account=account.account_number)
    basis = ("consumo" if account.billing_type == "metered" and any(r.m3 for r in own)
             else "cuota")
    concept = Charge.concept == ("consumption" if basis == "consumo" else "fixed")
    of_class = (Charge.property_class == new_class, concept, *_WATER_TARIFF)
    if basis == "consumo":
        of_class += (Charge.consumption_m3 > 0,)
    recent = (sa.select(Charge.period).where(*of_class).group_by(Charge.period)
              .order_by(Charge.period.desc()).limit(class_periods).subquery())
    agg = db.session.execute(
        sa.select(sum_cents(Charge.amount).label("c"), sa.func.count().label("n"),
                  sa.func.sum(Charge.consumption_m3).label("m3"))
        .where(*of_class, Charge.period.in_(sa.select(recent.c.period)))).one()
    if not agg.n:
        raise DomainError("CLASS_EFFECT_NO_DATA", property_class=PROPERTY_CLASSES[new_class])
    total = from_cents(agg.c)
    out = rules.class_effect(
        months=[(from_cents(r.c), r.m3) for r in own], basis=basis,
        new_price_per_m3=total / Decimal(agg.m3) if basis == "consumo" else None,
        new_avg_fee=total / agg.n if basis == "cuota" else None)
    return out | {"current_class": account.property_class, "new_class": new_class}
