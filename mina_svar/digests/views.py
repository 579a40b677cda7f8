"""The digest of a month or a quarter, as a page and as a PDF in any of the languages."""

from datetime import date
from functools import partial

from flask import abort, current_app, render_template, request
from flask_babel import force_locale

from .. import db, digest, printing
from ..coordinate.pooled import figure_names
from ..goals import figure_name
from . import bp


def _digest() -> digest.Digest:
    try:
        asked = digest.span(request.args.get("period"), date.today())
    except digest.NotAPeriod:
        abort(400)
    return digest.digest(db.session(), asked, current_app.extensions["mina_svar.structures"],
                         current_app.config["MIN_RESPONDENTS"])


@bp.get("/")
def page():
    found = _digest()
    return render_template("digest/page.html", digest=found, figure_name=partial(figure_name, names=figure_names()))


@bp.get("/digest.pdf")
def pdf():
    found = _digest()
    language = printing.asked_language()
    with force_locale(language):
        header = f"Mina Svar · {found.span.label} · {date.today().isoformat()}"
        names = figure_names()
    return printing.send("print/digest.html", language, f"digest-{found.span.key}", header, digest=found,
                         figure_name=partial(figure_name, names=names))
