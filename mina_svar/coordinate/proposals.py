"""The young people's proposals and ideas across groups, and a coordinator adopting one (proposals.py)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import db, proposals
from ..models import Contribution
from . import bp


@bp.get("/proposals")
def proposal_list():
    return render_template("coordinate/proposals.html", proposed=proposals.proposed(db.session()))


@bp.post("/proposals/<int:contribution_id>/adopt")
def adopt_proposal(contribution_id: int):
    contribution = db.session().get(Contribution, contribution_id) or abort(404)
    try:
        made = proposals.adopt(db.session(), contribution, request.form.get("into", ""), current_user)
    except proposals.NotAdoptable:
        return render_template("coordinate/proposals.html", proposed=proposals.proposed(db.session()),
                               error=_("That cannot be adopted: it is adopted already, or not of that kind.")), 400
    flash(_("Adopted into the action plan.") if made is not None else _("Adopted: write it into the next version "
                                                                        "of the questionnaire."))
    return redirect(url_for(".proposal_list"))
