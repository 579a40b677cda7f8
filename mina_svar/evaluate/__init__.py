"""The evaluator's pages: the initiative's data to read and download, nothing to change. Coordinators and the
steering group see them too."""

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("evaluate", __name__, url_prefix="/evaluate")


@bp.before_request
@login_required
def _evaluators_and_coordinators_only():
    if not (current_user.is_evaluator or current_user.is_coordinator or current_user.role == "steering"):
        abort(403)


from . import views  # noqa: E402,F401
