"""The steering group's page: the five questions (steering.py). The steering group and coordinators read and
write notes and decisions there; an evaluator reads it."""

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("steering", __name__, url_prefix="/steering")


@bp.before_request
@login_required
def _steering_group_coordinators_and_evaluators():
    if current_user.role not in ("steering", "coordinator", "evaluator"):
        abort(403)


from . import views  # noqa: E402,F401
