"""Report background jobs (run by RQ or in-process through server.jobs)."""
from __future__ import annotations

REFRESH_JOB = "server.reports.jobs.refresh"
EXPORT_JOB = "server.reports.jobs.run_export"


def refresh(report: str, params: dict) -> None:
    """Recompute a cached report whose ledger watermark moved."""
    from server.reports.cache import cache_key, store
    from server.reports.figures import compute
    from server.reports.queries_ops import watermark

    store(cache_key(report, params), watermark(), lambda: compute(report, params))


def run_export(run_id: str) -> dict:
    """Make one export run's file, recording its progress."""
    import uuid

    from server.reports.exports import execute

    return execute(uuid.UUID(run_id))
