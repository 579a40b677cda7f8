"""Error pages: a clear message and the right status, for pages and for htmx."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_htmx import make_response
from flask_wtf.csrf import CSRFError
from jinja2_fragments.flask import render_block
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from . import db
from .extensions import htmx


def _messages() -> dict[int, str]:
    return {
        400: _("Something in what was sent did not look right, so nothing was saved."),
        403: _("You do not have access to this page."),
        404: _("We could not find that page."),
        405: _("That does not work on this page."),
        409: _("That has already been done."),
        410: _("This is no longer open."),
        413: _("That was too much to send at once."),
        429: _("Too many tries. Wait a moment and try again."),
    }


def render_error(status: int, message: str | None = None):
    message = message or _messages().get(status) or _("Something went wrong on our side. Please try again.")
    if htmx:
        return make_response(render_block("error.html", "message", message=message, status=status),
                             status, reswap="innerHTML")
    return render_template("error.html", message=message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(400, _("This form had expired, so nothing was saved. "
                                   "Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500, getattr(error, "user_message", None))

    @app.errorhandler(IntegrityError)
    def clash(_error):
        # Two requests made the same new thing at the same moment (a version number, a key): the database's
        # unique rule refused the second, and nothing of it is kept.
        db.session().rollback()
        return render_error(409, _("Someone else did the same thing at the same moment, so nothing was saved. "
                                   "Reload the page to see what is there now."))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)
