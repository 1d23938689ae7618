"""Demo data: a deterministic Caborca-like city (registry and ledger) and `seed-demo`."""
