"""Arrears clean-up: suspect account lists, reclassification and write-off proposals (two-person rule), write-offs as ledger credits."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("cleanup", __name__, url_prefix="/cleanup",
                description="Depuración de cartera: cuentas sospechosas, reclasificación y bajas por incobrabilidad")
