"""Ledger background jobs (run by RQ or in-process through server.jobs)."""
from __future__ import annotations


def post_surcharges(period: str) -> dict:
    """Monthly surcharge posting as a job; idempotent per period like the command."""
    from server.ledger.surcharges import post_surcharges as _post

    result = _post(period)
    return {k: str(v) for k, v in result.items()}
