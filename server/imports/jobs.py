"""Import background jobs (run by RQ or in-process through server.jobs)."""
from __future__ import annotations

RUN_JOB = "server.imports.jobs.run_import"


def run_import(run_id: str) -> dict:
    """Run one import run (preview or apply) and record its progress and report."""
    import uuid

    from server.imports.runs import execute

    return execute(uuid.UUID(run_id))
