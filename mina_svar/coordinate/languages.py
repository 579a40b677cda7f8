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
CHANGES_LISTED = 20  # the changed texts named after a file is taken in


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
    except reviewing.NotItsLanguage as wrong:
        db.session().rollback()
        named = _("no language it names")
        if wrong.found:
            named = LANGUAGES[wrong.found][0] if wrong.found in LANGUAGES else wrong.found
        return _page(400, _("This file's texts are in %(found)s, not in %(language)s: nothing was saved.",
                            found=named, language=LANGUAGES[code][0]))
    except (reviewing.NotItsFile, KeyError):
        db.session().rollback()
        return _page(400, _("This file is not the one downloaded here for that version and language. Nothing "
                            "was saved."))
    flash(ngettext("%(num)s text of the questionnaire changed.", "%(num)s texts of the questionnaire changed.",
                   imported.questionnaire_texts))
    if imported.changed:
        shown = imported.changed[:CHANGES_LISTED]
        more = len(imported.changed) - len(shown)
        flash(_("Changed: %(texts)s", texts=" · ".join(f"«{text}»" for text in shown))
              + (" " + ngettext("and %(num)s more.", "and %(num)s more.", more) if more else ""))
    if imported.fuzzy:
        flash(ngettext("%(num)s text marked fuzzy was left out: it is not yet a translation.",
                       "%(num)s texts marked fuzzy were left out: they are not yet translations.", imported.fuzzy))
    if imported.interface_texts:
        flash(ngettext("%(num)s text of the app itself differs from its own: send the file to the developers, who "
                       "take it into translations/%(code)s.",
                       "%(num)s texts of the app itself differ from its own: send the file to the developers, who "
                       "take them into translations/%(code)s.", imported.interface_texts, code=code))
    return redirect(url_for(".languages"))
