"""Government indicators: configurable formulas, stored monthly snapshots, the PIGOO export; strategy effectiveness and field productivity."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("indicators", __name__, url_prefix="/indicators",
                description="Indicadores de gestión, efectividad de estrategias, productividad de campo e instantáneas mensuales")
