"""Dashboard and reports: read-only queries over the ledger, registry and field facts, with Excel and PDF exports."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("reports", __name__, url_prefix="/reports",
                description="Tablero e informes de recuperación, rezago, deudores y facturación")
