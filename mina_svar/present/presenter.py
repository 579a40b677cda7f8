"""The leader's side: start a session, run the slides on a projector, moderate, finish."""

from collections.abc import Callable

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block

from .. import access, db, i18n, joint_analysis
from ..errors import render_error
from ..extensions import htmx
from ..lead.results import qr_svg
from ..models import AnalysisSession, Contribution, Measurement
from . import bp
from .common import session_or_404, slide_context, structure_of, unchanged


def _led(code: str):
    analysis_session = session_or_404(code)
    group = analysis_session.measurement.group
    if group is None or not access.can_lead(current_user, group):
        abort(404)
    return analysis_session


@bp.post("/lead/measurements/<int:measurement_id>/session")
@login_required
def start(measurement_id: int):
    measurement = db.session().get(Measurement, measurement_id)
    if measurement is None or measurement.group is None or not access.can_lead(current_user, measurement.group):
        abort(404)
    analysis_session = joint_analysis.start(db.session(), measurement, current_user)
    return redirect(url_for(".presenter", code=analysis_session.code))


@bp.get("/present/<code>")
@login_required
def screen(code: str):
    """What the room sees on the projector: the slide and how to join, nothing to press."""
    return render_template("present/screen.html", **slide_context(_led(code)))


@bp.get("/present/<code>/qr.svg")
@login_required
def qr(code: str):
    analysis_session = _led(code)
    return qr_svg(url_for(".phone", code=analysis_session.code, _external=True), analysis_session.code)


def _news(code: str, template: str, context):
    """The part of a page that follows the session, or an empty 204 when nothing changed since ``v``."""
    analysis_session = _led(code)
    if unchanged(analysis_session.id):
        return "", 204
    return render_block(template, "live", **context(analysis_session))


@bp.get("/present/<code>/live")
@login_required
def screen_live(code: str):
    return _news(code, "present/screen.html", slide_context)


def _presenter_context(analysis_session) -> dict:
    return dict(contributions=joint_analysis.contributions(db.session(), analysis_session),
                **slide_context(analysis_session))


@bp.get("/present/<code>/presenter")
@login_required
def presenter(code: str):
    """The leader's remote, on a laptop or a phone: reveal, next, back, approve texts, finish."""
    return render_template("present/presenter.html", **_presenter_context(_led(code)))


@bp.get("/present/<code>/presenter/live")
@login_required
def presenter_live(code: str):
    return _news(code, "present/presenter.html", _presenter_context)


def _steer(code: str, change: Callable[[AnalysisSession], None]):
    """Change what the room sees; the remote shows it (in place with htmx)."""
    analysis_session = _led(code)
    try:
        change(analysis_session)
    except joint_analysis.Closed:
        abort(410)
    if htmx:
        return render_block("present/presenter.html", "live", **_presenter_context(analysis_session))
    return redirect(url_for(".presenter", code=analysis_session.code))


@bp.post("/present/<code>/next")
@login_required
def next_slide(code: str):
    return _steer(code, lambda shown: joint_analysis.move(db.session(), shown, shown.slide + 1, structure_of(shown)))


@bp.post("/present/<code>/back")
@login_required
def previous_slide(code: str):
    return _steer(code, lambda shown: joint_analysis.move(db.session(), shown, shown.slide - 1, structure_of(shown)))


@bp.post("/present/<code>/results")
@login_required
def show_or_hide_results(code: str):
    return _steer(code, lambda shown: joint_analysis.reveal(db.session(), shown, not shown.revealed))


@bp.post("/present/<code>/texts/<int:contribution_id>")
@login_required
def moderate(code: str, contribution_id: int):
    analysis_session = _led(code)
    contribution = db.session().get(Contribution, contribution_id)
    if contribution is None or contribution.session_id != analysis_session.id:
        abort(404)
    try:
        joint_analysis.moderate(db.session(), analysis_session, contribution, request.form.get("state", ""))
    except joint_analysis.Refused:
        abort(400)
    if htmx:
        return render_block("present/presenter.html", "live", **_presenter_context(analysis_session))
    return redirect(url_for(".presenter", code=analysis_session.code) + "#texts")


@bp.route("/present/<code>/finish", methods=["GET", "POST"])
@login_required
def finish(code: str):
    """What the group chose, from the votes as they stand, written into step 5; reachable from every slide."""
    analysis_session = _led(code)
    if request.method == "GET":
        return render_template("present/finish.html", max_decisions=joint_analysis.MAX_DECISIONS,
                               **slide_context(analysis_session))
    try:
        joint_analysis.finish(db.session(), analysis_session, request.form.getlist("priority"),
                              request.form.get("decisions", ""), current_user, structure_of(analysis_session),
                              i18n.current_language())
    except joint_analysis.Closed:
        abort(410)
    except joint_analysis.Refused:
        return render_error(400, _("What the group decided is too long: at most %(max)s characters. "
                                   "Nothing was saved.", max=joint_analysis.MAX_DECISIONS))
    if analysis_session.cycle_id:
        return redirect(url_for("lead.step", cycle_id=analysis_session.cycle_id, key="group_analysis"))
    return redirect(url_for(".presenter", code=analysis_session.code))
