"""The group leaders' workspace: their groups, and each cycle's seven steps."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("lead", __name__, url_prefix="/lead")


@bp.before_request
@login_required
def _signed_in():
    """Every page here is for signed-in leaders and coordinators."""


from . import lists, printouts, results, views  # noqa: E402,F401
