"""PAE debtor list: selection, legal data per debtor, prescription horizon, payment demand drafts, sending to PAE."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("pae", __name__, url_prefix="/pae",
                description="Lista de deudores para el procedimiento administrativo de ejecución (PAE)")
