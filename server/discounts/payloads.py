"""What devices hold of discounts: `discount_program` (shared) and `discount_application`
rows: the worker's own (status, the office's question when it needs more, evidence still
on the phone) and those her renewal stops renew (name, CURP, birth date and type to
pre-fill the renewal)."""
from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa

from server.attachments.models import Blob
from server.discounts.models import DiscountApplication, DiscountProgram
from server.notices.payloads import iso, keyed_ids


def serialize_programs(session, ids: Iterable) -> dict:
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = session.execute(sa.select(DiscountProgram).where(
        DiscountProgram.id.in_(list(wanted)))).scalars()
    return {wanted[p.id]: {"id": str(p.id), "name": p.name, "rules": p.rules,
                           "active": p.active} for p in rows}


def serialize_applications(session, ids: Iterable) -> dict:
    wanted = keyed_ids(ids)
    if not wanted:
        return {}
    rows = list(session.execute(sa.select(DiscountApplication).where(
        DiscountApplication.id.in_(list(wanted)))).scalars())
    needed = {a.id: evidence_hashes(a) for a in rows}
    held = set(session.execute(sa.select(Blob.sha256).where(Blob.sha256.in_(
        {h for hs in needed.values() for h in hs}))).scalars()) if rows else set()
    return {wanted[a.id]: {
        "id": str(a.id), "program_id": str(a.program_id), "account_id": str(a.account_id),
        "beneficiary_type": a.beneficiary_type, "beneficiary_name": a.beneficiary_name,
        "curp": a.curp, "birth_date": iso(a.birth_date),
        "renewal_of": str(a.renewal_of) if a.renewal_of else None,
        "answers_request": a.answers_request,
        "status": a.status, "problems": list(a.problems or []),
        "decision_note": a.decision_note, "starts_on": iso(a.starts_on),
        "ends_on": iso(a.ends_on),
        "evidence_pending": not needed[a.id] <= held} for a in rows}


def evidence_hashes(application) -> set:
    """The blobs an application needs: its document photos and the signature."""
    record = application.record or {}
    out = {d["sha256"] for d in record.get("documents") or []}
    if record.get("signature"):
        out.add(record["signature"])
    return out
