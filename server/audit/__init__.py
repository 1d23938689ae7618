"""Append-only audit events: who changed what, when, from which device, and why."""
