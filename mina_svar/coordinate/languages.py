"""The coordinator's languages: how far each is written, whether a native speaker has read it, and one
language's texts out to a reviewer and back as a PO file."""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import authoring, db, ids, reviewing
from ..config import LANGUAGES
from ..models import Questionnaire
from . import bp
from .questionnaires import versions_with_completeness

LARGEST_PO = 2 * 1024 * 1024


def _page(status: int = 200, error: str | None = None):
    return render_template("coordinate/languages.html", states=reviewing.states(), **versions_with_completeness(),
                           error=error), status


@bp.get("/languages")
def languages():
    return _page()


def _version(code: str) -> Questionnaire:
    if code not in LANGUAGES:
        abort(404)
    found = db.session().get(Questionnaire, ids.row_id(request.values.get("questionnaire")) or 0)
    if found is None or found.cycle_id is not None or code not in found.languages:
        abort(404)
    return found


@bp.get("/languages/<code>.po")
def export_language(code: str):
    """The interface's texts in ``code`` and a questionnaire version's, beside what each translates."""
    version = _version(code)
    source = request.args.get("from") or next((c for c in version.languages if c != code), code)
    if source not in version.languages:
        abort(404)
    response = make_response(reviewing.export(version, code, source))
    response.headers["Content-Type"] = "text/x-gettext-translation; charset=utf-8"
    name = f"mina-svar-{version.key}-{version.version}-{code}.po"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.post("/languages/<code>")
def import_language(code: str):
    """A reviewed PO file: its questionnaire texts into the draft they came from, in one transaction."""
    version = _version(code)
    sent = request.files.get("po")
    data = sent.read(LARGEST_PO + 1) if sent else b""
    if not data or len(data) > LARGEST_PO:
        return _page(400, _("Choose the PO file of at most 2 MB that was downloaded here."))
    try:
        imported = reviewing.import_texts(db.session(), version, code, data)
    except authoring.NotADraft:
        return _page(409, _("That version is published: it no longer changes. Make a new draft from it, download "
                            "its file and have that one read."))
    except (reviewing.NotItsFile, KeyError):
        db.session().rollback()
        return _page(400, _("This file is not the one downloaded here for that version and language. Nothing "
                            "was saved."))
    flash(ngettext("%(num)s text of the questionnaire changed.", "%(num)s texts of the questionnaire changed.",
                   imported.questionnaire_texts))
    if imported.interface_texts:
        flash(ngettext("%(num)s text of the app itself differs from its own: send the file to the developers, who "
                       "take it into translations/%(code)s.",
                       "%(num)s texts of the app itself differ from its own: send the file to the developers, who "
                       "take them into translations/%(code)s.", imported.interface_texts, code=code))
    return redirect(url_for(".languages"))
