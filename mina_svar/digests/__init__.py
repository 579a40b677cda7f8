"""The digest's page and PDF (digest.py), for everyone signed in: partners, the steering group, leaders,
coordinators, evaluators."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("digest", __name__, url_prefix="/digest")


@bp.before_request
@login_required
def _signed_in():
    """Read by everyone signed in."""


from . import views  # noqa: E402,F401
