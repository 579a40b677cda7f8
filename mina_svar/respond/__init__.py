"""The young people's pages: join with a code, answer Läget, finish."""

from flask import Blueprint

from ..extensions import wrong_codes

bp = Blueprint("respond", __name__)
# Nearly every page here carries a code in its address and answers a code that exists differently from one
# that does not: so every wrong code counts, wherever it is tried (the others never answer 404).
wrong_codes(bp)

from . import feedback, views  # noqa: E402,F401  (registers the routes)
