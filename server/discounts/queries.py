"""Read side of discounts: programs, the applications queue (documents side by side, the
same CURP on other accounts shown, never silently accepted)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from server.discounts import rules
from server.discounts.models import DiscountApplication, DiscountProgram
from server.errors import NotFound
from server.extensions import db
from server.registry.models import Account


def programs() -> list:
    return list(db.session.execute(sa.select(DiscountProgram).order_by(
        DiscountProgram.active.desc(), DiscountProgram.name)).scalars())


def application_row(a: DiscountApplication, number: str) -> dict:
    others = db.session.execute(sa.select(Account.account_number).join(
        DiscountApplication, DiscountApplication.account_id == Account.id).where(
        DiscountApplication.curp == a.curp, DiscountApplication.account_id != a.account_id,
        DiscountApplication.status != "rejected").distinct()).scalars().all()
    return {**{c: getattr(a, c) for c in (
        "id", "program_id", "account_id", "beneficiary_type", "beneficiary_name", "curp",
        "birth_date", "status", "record", "worker_id", "created_at", "decision_note",
        "starts_on", "ends_on")},
        "account_number": number, "problems": list(a.problems or []),
        "problem_labels": [rules.REASON_LABELS.get(p, p) for p in a.problems or []],
        "other_accounts_with_curp": list(others)}


def applications(*, status: str | None, page: int, page_size: int):
    filters = [DiscountApplication.status == status] if status else []
    total = db.session.execute(sa.select(sa.func.count()).select_from(DiscountApplication)
                               .where(*filters)).scalar()
    rows = db.session.execute(
        sa.select(DiscountApplication, Account.account_number)
        .join(Account, Account.id == DiscountApplication.account_id).where(*filters)
        .order_by(DiscountApplication.created_at, DiscountApplication.id)
        .limit(page_size).offset((page - 1) * page_size)).all()
    return [application_row(a, n) for a, n in rows], total


def get_application(application_id: uuid.UUID) -> dict:
    row = db.session.execute(
        sa.select(DiscountApplication, Account.account_number)
        .join(Account, Account.id == DiscountApplication.account_id)
        .where(DiscountApplication.id == application_id)).first()
    if row is None:
        raise NotFound("DISCOUNT_APPLICATION_NOT_FOUND", application=str(application_id))
    return application_row(*row)
