"""registry API (being built)."""
from flask_smorest import Blueprint

blp = Blueprint("registry", __name__, url_prefix="/registry")
