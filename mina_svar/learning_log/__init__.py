"""The learning log's page: read by everyone signed in, written by leaders, coordinators and partners."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("learning", __name__, url_prefix="/learning")


@bp.before_request
@login_required
def _signed_in():
    """Who may write, and tie an entry to what, is checked by learning.write."""


from . import views  # noqa: E402,F401
