"""An activity's feedback page: its own link and QR code, five faces and maybe a word, without signing in."""

import secrets

from flask import abort, current_app, render_template, request, session
from flask_babel import gettext as _

from .. import db, feedback
from . import bp

REMEMBERED = 20


def _activity(code: str):
    found = feedback.find(db.session(), code)
    if found is None:
        abort(404)
    return found


def _token(activity) -> str | None:
    """This phone's secret for its feedback on the activity, kept in its cookie only."""
    return session.get("feedback", {}).get(activity.feedback_code)


def _token_made(activity) -> str:
    """This phone's secret for the activity, made the first time it gives feedback."""
    token = _token(activity)
    if token is None:
        token = secrets.token_urlsafe(24)
        tokens = {**session.get("feedback", {}), activity.feedback_code: token}
        session["feedback"] = dict(list(tokens.items())[-REMEMBERED:])
    return token


def _page(activity, status: int = 200, message: str | None = None, thanks: bool = False, face=None, word="",
          counted: bool = False):
    return render_template("respond/feedback.html", activity=activity, message=message, thanks=thanks,
                           face=face, word=word, longest=feedback.WORD_LONGEST, counted=counted), status


@bp.get("/a/<code>")
def activity_feedback(code: str):
    activity = _activity(code)
    token = _token(activity)
    found = feedback.given(db.session(), activity, token) if token else None
    return _page(activity, face=found.face if found else None, word=found.word or "" if found else "",
                 counted=bool(found and found.released))


@bp.post("/a/<code>")
def give_feedback(code: str):
    activity = _activity(code)
    face, word = request.form.get("face", ""), request.form.get("word", "")
    try:
        given = feedback.give(db.session(), activity, _token_made(activity), face, word,
                              current_app.config["MIN_RESPONDENTS"])
    except feedback.NotFeedback as refused:
        if refused.reason == "counted":
            return _page(activity, 409, counted=True)
        message = (_("Choose one of the faces.") if refused.reason == "face"
                   else _("That is too long: at most %(n)s characters.", n=feedback.WORD_LONGEST))
        return _page(activity, 400, message, word=word[:feedback.WORD_LONGEST])
    return _page(activity, thanks=True, face=given.face, word=given.word or "", counted=given.released)
