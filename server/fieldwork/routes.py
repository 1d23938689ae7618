"""Office API of field work: plan and assign routes, follow their progress and visits."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("fieldwork", __name__, url_prefix="/fieldwork",
                description="Rutas, paradas y visitas de campo")
