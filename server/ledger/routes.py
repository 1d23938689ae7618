"""ledger API (being built)."""
from flask_smorest import Blueprint

blp = Blueprint("ledger", __name__, url_prefix="/ledger")
