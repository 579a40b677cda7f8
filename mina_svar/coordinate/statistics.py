"""Public statistics beside Läget: the series imported, and a page to upload one (statistics.py)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import db, statistics
from . import bp
from .pooled import figure_names


def _page(status: int = 200, problem: str | None = None):
    return render_template("coordinate/statistics.html", series=statistics.all_series(db.session()),
                           areas=figure_names(areas_only=True),
                           latest=statistics.latest_by_area, problem=problem), status


@bp.get("/statistics")
def statistics_page():
    return _page()


@bp.post("/statistics")
def upload_statistics():
    sent = request.files.get("series")
    data = sent.read(statistics.MOST_BYTES + 1) if sent else b""
    focus_area = request.form.get("focus_area") or None
    if focus_area is not None and focus_area not in figure_names(areas_only=True):
        return _page(400, _("Choose one of the focus areas, or none."))
    if not data:
        return _page(400, _("Choose a JSON-stat file or a Frictionless descriptor (.json) of at most 1 MB."))
    beside = request.files.get("data")
    csv = beside.read(statistics.MOST_BYTES + 1) if beside and beside.filename else None
    try:
        series = statistics.import_text(db.session(), data.decode("utf-8"), sent.filename or "", focus_area, csv)
    except UnicodeDecodeError:
        return _page(400, _("The file is not text (UTF-8)."))
    except statistics.StatisticsError as error:
        db.session().rollback()
        return _page(400, str(error))
    flash(_("%(title)s is imported: %(num)s values.", title=series.title, num=len(series.values)))
    return redirect(url_for(".statistics_page"))
