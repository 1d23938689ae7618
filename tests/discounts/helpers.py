"""Discount test data: the program in force, a valid CURP, the args of `discount.apply`, a
social worker's registered device, and an approved discount put straight in the table."""
from __future__ import annotations

import hashlib
import uuid
from datetime import date

import sqlalchemy as sa

from server.common.clock import local_today, utcnow
from server.discounts.models import DiscountApplication, DiscountProgram
from server.extensions import db
from tests.sync.conftest import Device

TODAY = local_today()
API = "/api/v1/discounts"
BIRTH = date(1958, 3, 14)


def program():
    """The program in force: the migration seeds DOMAIN.md's default; tests that commit
    empty every table, so make it again when it is gone."""
    from server.discounts.defaults import DEFAULT_PROGRAM_NAME, DEFAULT_PROGRAM_RULES

    found = db.session.execute(sa.select(DiscountProgram)).scalars().first()
    if found is None:
        found = DiscountProgram(name=DEFAULT_PROGRAM_NAME, rules=DEFAULT_PROGRAM_RULES)
        db.session.add(found)
        db.session.commit()  # as the factories do: a request that fails must not undo it
    return found


def valid_curp(homoclave: str = "0") -> str:
    """A CURP of a woman born 14/03/1958 in Sonora (a digit before the check digit: born
    in the 1900s) with its right check digit."""
    from server.discounts.rules import curp_problems

    for digit in "0123456789":
        value = f"PELM580314MSRRPT{homoclave}{digit}"
        if not curp_problems(value, BIRTH):
            return value
    raise AssertionError("no check digit fits")


def apply_args(account, prog, *, curp=None,
               docs=("id", "pension_receipt", "proof_of_address"), **extra) -> dict:
    return {"id": str(uuid.uuid4()), "program_id": str(prog.id),
            "account_id": str(account.id), "beneficiary_type": "pensioner",
            "beneficiary_name": "Martha Pérez López", "curp": curp or valid_curp(),
            "birth_date": BIRTH.isoformat(), "lives_there": True,
            "checklist": {"lives_there": True, "id_matches": True},
            "documents": [{"kind": k, "sha256": hashlib.sha256(k.encode()).hexdigest()}
                          for k in docs],
            "signature": "f" * 64, "started_at": utcnow().isoformat(), **extra}


def social_worker_device(app, client, make_user, user=None) -> Device:
    user = user or make_user("social_worker")
    d = Device(client, app, user.id, roles=["social_worker"])
    assert d.register().status_code == 200
    return d


def approved(account, worker_id, *, ends_on: date, starts_on: date | None = None,
             name: str = "Rosario Félix Soto", kind: str = "senior",
             curp_: str | None = None) -> DiscountApplication:
    """An approved discount of the program in force, as the office's approval leaves it."""
    prog = program()
    row = DiscountApplication(
        id=uuid.uuid4(), program_id=prog.id, account_id=account.id, beneficiary_type=kind,
        beneficiary_name=name, curp=curp_ or f"FESR500101MSRLTS{uuid.uuid4().int % 100:02d}",
        birth_date=date(1950, 1, 1), record={}, problems=[], status="approved",
        worker_id=worker_id, args_hash="0" * 64, decided_at=utcnow(),
        starts_on=starts_on or date(ends_on.year - 1, ends_on.month, 1), ends_on=ends_on)
    db.session.add(row)
    db.session.flush()
    return row
