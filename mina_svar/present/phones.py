"""The young people's side: join with a code, follow the slides, react, vote, say something."""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

from .. import db, i18n, joint_analysis
from ..config import LANGUAGES
from ..extensions import htmx, wrong_codes
from ..models.sessions import LEVELS
from . import bp
from .common import session_or_404, slide_context, structure_of, unchanged

REFUSALS = {
    "no_votes_left": lambda: _("You have used all your votes. Take one back to vote for something else."),
    "too_long": lambda: _("That is too long: at most %(n)s characters.", n=joint_analysis.MAX_TEXT),
    "empty": lambda: _("Write something first."),
    "shown": lambda: _("The results are shown now, so guessing is over for this one."),
    "idea": lambda: _("That idea is not one to support here."),
}


def _participant(analysis_session):
    token = session.get("participations", {}).get(analysis_session.code)
    return joint_analysis.participant_by_token(db.session(), analysis_session, token) if token else None


def _phone(analysis_session, participant, status=200, message=None, written=False):
    """The phone's page, or with htmx the part that follows the screen (and, after a text was sent, the form
    to write in again, empty)."""
    context = slide_context(analysis_session)
    slide_key = context["shown"].slide.key
    context.update(participant=participant, message=message, refused=status >= 400, levels=LEVELS,
                   my_guess=joint_analysis.guess_of(db.session(), participant, slide_key),
                   my_votes=joint_analysis.votes_of(db.session(), participant),
                   my_reactions=joint_analysis.reactions_of(db.session(), participant, slide_key),
                   ideas=joint_analysis.approved_ideas(db.session(), analysis_session),
                   my_supports=joint_analysis.supported_by(db.session(), participant))
    if htmx:
        live = render_block("present/phone.html", "live", partial=True, **context)
        return (live + render_block("present/phone.html", "say", oob=True, **context) if written else live), status
    return render_template("present/phone.html", **context), status


@bp.get("/s/<code>")
@wrong_codes
def phone(code: str):
    analysis_session = session_or_404(code)
    participant = _participant(analysis_session)
    if participant is None:
        if analysis_session.state != "open":
            abort(404)  # as an unknown code, to a phone that was not there: guessing tells nothing
        return render_template("present/join.html", analysis_session=analysis_session, languages=LANGUAGES)
    return _phone(analysis_session, participant)


@bp.post("/s/<code>/join")
@wrong_codes
def join(code: str):
    analysis_session = session_or_404(code)
    language = request.form.get("lang", "")
    if language not in LANGUAGES:
        abort(400)
    if _participant(analysis_session) is None:
        try:
            participant = joint_analysis.join(db.session(), analysis_session, language)
        except joint_analysis.Closed:
            return render_template("present/finished.html"), 410
        joined = dict(session.get("participations", {}))
        joined[analysis_session.code] = participant.token
        session["participations"] = dict(list(joined.items())[-10:])
    i18n.choose(language)
    return redirect(url_for(".phone", code=analysis_session.code))


@bp.get("/s/<code>/live")
def phone_live(code: str):
    analysis_session = session_or_404(code)
    participant = _participant(analysis_session) or abort(404)
    if unchanged(analysis_session.id):
        return "", 204
    return _phone(analysis_session, participant)


@bp.post("/s/<code>/<action>")
@wrong_codes
def act(code: str, action: str):
    analysis_session = session_or_404(code)
    participant = _participant(analysis_session)
    if participant is None:
        return redirect(url_for(".phone", code=analysis_session.code))
    structure = structure_of(analysis_session)
    try:
        if action == "react":
            joint_analysis.react(db.session(), analysis_session, participant, request.form.get("kind", ""), structure)
        elif action == "guess":
            joint_analysis.guess(db.session(), analysis_session, participant, request.form.get("level", ""),
                                 structure)
        elif action == "vote":
            joint_analysis.vote(db.session(), analysis_session, participant, request.form.get("indicator", ""),
                                structure)
        elif action == "unvote":
            joint_analysis.unvote(db.session(), analysis_session, participant, request.form.get("indicator", ""))
        elif action in ("support", "unsupport"):
            idea = request.form.get("idea", "")
            joint_analysis.support(db.session(), analysis_session, participant, int(idea) if idea.isdigit() else 0,
                                   on=action == "support")
        elif action == "say":
            joint_analysis.contribute(db.session(), analysis_session, participant, request.form.get("kind", ""),
                                      request.form.get("text", ""), structure)
        else:
            abort(404)
    except joint_analysis.Closed:
        if htmx:  # the part that follows the screen says it has ended, and the form to write in goes
            return _phone(analysis_session, participant, 410)
        return render_template("present/finished.html"), 410
    except joint_analysis.Refused as refused:
        message = REFUSALS.get(refused.reason, lambda: _("That did not work. Try again."))()
        return _phone(analysis_session, participant, 400, message)
    if htmx:
        said = action == "say"
        return _phone(analysis_session, participant, written=said,
                      message=_("Sent to the leaders. If they show it, it is shown without your name.") if said
                      else None)
    return redirect(url_for(".phone", code=analysis_session.code))
