"""The coordinators' pages: the initiative, its places and partners, groups, accounts and who leads what."""

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("coordinate", __name__, url_prefix="/coordinate")


@bp.before_request
@login_required
def _coordinators_only():
    if not current_user.is_coordinator:
        abort(403)


from . import (  # noqa: E402,F401
    goals,
    initiative,
    languages,
    overview,
    pooled,
    proposals,
    questionnaires,
    rounds,
    statistics,
    views,
)
