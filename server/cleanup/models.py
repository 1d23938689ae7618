"""cleanup: tables (none yet)."""
from __future__ import annotations
