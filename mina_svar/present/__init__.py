"""Joint-analysis sessions: the presenter's screen and the young people's phones."""

from flask import Blueprint

bp = Blueprint("present", __name__)

from . import phones, presenter  # noqa: E402,F401
