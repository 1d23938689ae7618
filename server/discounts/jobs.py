"""Discount background jobs (run by RQ or in-process through server.jobs)."""
from __future__ import annotations


def post_discounts(period: str) -> dict:
    """The monthly discount posting as a job; idempotent per period like the command."""
    from server.common.clock import parse_period
    from server.db import transaction
    from server.discounts.service import post_discounts as _post

    with transaction() as session:
        return _post(session, period=parse_period(period))
