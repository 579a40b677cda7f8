"""The partners' action plan: every signed-in member of staff reads it; a partner's person keeps their own
organisation's activities in it, a coordinator every one."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("partners", __name__, url_prefix="/plan")


@bp.before_request
@login_required
def _signed_in():
    """Read by everyone signed in; what may be changed is checked per activity (plan.may_keep)."""


from . import views  # noqa: E402,F401
