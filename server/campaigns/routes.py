"""Office API of campaigns: preview a selection, create it with its notices, list them."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("campaigns", __name__, url_prefix="/campaigns",
                description="Programas de cobranza y sus avisos")
