"""A routine Läget, opened for every group at once and closed for all (rounds.py)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import db, organising, rounds
from ..models import Round
from . import bp
from .forms import RoundForm
from .pooled import pooled_page
from .views import added_by_name


@bp.post("/rounds")
def open_round():
    form = RoundForm(prefix="round")
    groups = organising.groups(db.session())

    def opened() -> str:
        return ngettext("%(title)s is open in %(num)d group: its leaders find the join code on the group's page.",
                        "%(title)s is open in %(num)d groups: each group's leaders find its join code on the "
                        "group's page.", len(groups), title=form.title.data.strip())

    if not groups:
        form.title.errors = [_("Add a group first.")]
        return pooled_page(round_form=form, status=400)
    return added_by_name(form, lambda: rounds.open_round(db.session(), form.title.data, groups), opened,
                         ".pooled", lambda: pooled_page(round_form=form, status=400), field="title")


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
def close_round(round_id: int):
    found = db.session().get(Round, round_id) or abort(404)
    if request.method == "GET":
        still_open = sum(m.is_open for m in found.measurements)
        return render_template(
            "lead/confirm.html", question=_("Close %(title)s?", title=found.title),
            explanation=ngettext("It is open in %(num)d group. Closing shows each group's results and takes no "
                                 "more answers; a leader can open their group's Läget again for late answers.",
                                 "It is open in %(num)d groups. Closing shows each group's results and takes no "
                                 "more answers; a leader can open their group's Läget again for late answers.",
                                 still_open),
            yes=_("Close it for every group"), no=_("Keep it open"), back=url_for(".pooled"))
    closed = rounds.close_round(db.session(), found, current_app.config["MIN_RESPONDENTS"])
    flash(ngettext("%(title)s is closed in %(num)d group.", "%(title)s is closed in %(num)d groups.", closed,
                   title=found.title))
    return redirect(url_for(".pooled"))
