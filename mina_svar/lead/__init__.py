"""The group leaders' workspace: their groups, and each cycle's seven steps."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required

bp = Blueprint("lead", __name__, url_prefix="/lead")


@bp.before_request
@login_required
def _signed_in():
    """Every page here is for signed-in leaders and coordinators. Who leads nothing (an evaluator, a partner's
    person, the steering group) is sent on from here, where signing in lands them, and refused the rest."""
    if current_user.leads_nothing:
        if request.endpoint == "lead.home":
            home = {"evaluator": "evaluate.home", "steering": "steering.home"}.get(current_user.role,
                                                                                 "partners.action_plan")
            return redirect(url_for(home))
        abort(403)
    return None


from . import lists, printouts, results, views  # noqa: E402,F401
