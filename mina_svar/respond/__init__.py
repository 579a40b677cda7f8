"""The young people's pages: join with a code, answer Läget, finish."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from . import feedback, views  # noqa: E402,F401  (registers the routes)
