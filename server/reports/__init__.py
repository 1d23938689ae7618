"""Dashboard and reports: read-only queries over the ledger, registry and field facts, with Excel and PDF exports."""
