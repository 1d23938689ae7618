"""Attachments (photos, signatures, signed PDFs): bytes stored by SHA-256 behind a small
storage interface (disk under instance/ by default)."""
