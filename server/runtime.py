"""Process tuning for the web workers (called by gunicorn.conf.py and the benchmarks)."""
from __future__ import annotations

import gc

# A first pull builds ~70,000 small objects per page; with CPython's default threshold of
# 700 that sets off several full collections, each walking every object of the app, and
# they made the slow tail of pulls (p95 ~1.5x the median). Fewer young collections, and
# the app's start-up objects frozen out of the collector, keep the tail near the median.
GEN0_THRESHOLD = 50_000


def tune_gc() -> None:
    """Freeze what exists now (the loaded app) and collect young objects less often."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
