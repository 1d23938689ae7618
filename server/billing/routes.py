"""Billing analysis and authorization: billing periods draft → authorized, month-to-month comparison, large consumers validated before authorizing."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("billing", __name__, url_prefix="/billing",
                description="Análisis y autorización de la facturación; grandes consumidores")
