"""PDFs to take to a meeting, in the language of that meeting: a Läget report, a comparison, a cycle summary,
a join page, and a poster of what the young people were shown."""

from datetime import date

from flask import abort, current_app, request, url_for
from flask_babel import gettext as _

from .. import cycles, db, feedback, measuring, printing, reports, sharing
from ..errors import render_error
from ..models import Measurement
from . import bp
from .common import cycle_or_404, group_or_404, measurement_or_404, structures
from .lists import _activity
from .results import _join_url

_language = printing.asked_language


def _pdf(template: str, language: str, filename: str, header_parts: list[str | None], **context):
    """Render ``template`` in ``language`` and send it as a PDF to open or print."""
    return printing.send(template, language, filename, reports.header(*header_parts, on=date.today()),
                         dates=reports.dates, **context)


@bp.get("/measurements/<int:measurement_id>/report.pdf")
def measurement_pdf(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    report = reports.measurement_report(db.session(), measurement, structures(),
                                        current_app.config["MIN_RESPONDENTS"])
    return _pdf("print/measurement.html", _language(), f"report-{measurement.code}",
                [_group_name(measurement), measurement.title], measurement=measurement, result=report.result,
                open_answers=report.open_answers)


@bp.get("/groups/<int:group_id>/compare.pdf")
def compare_pdf(group_id: int):
    group = group_or_404(group_id)
    language = _language()
    by_id = {m.id: m for m in measuring.of_group(db.session(), group)}
    before = by_id.get(request.args.get("before", 0, type=int))
    after = by_id.get(request.args.get("after", 0, type=int))
    if before is None or after is None:
        abort(404)
    comparison = reports.comparison(db.session(), before, after, structures(),
                                    current_app.config["MIN_RESPONDENTS"])
    return _pdf("print/comparison.html", language, f"comparison-{before.code}-{after.code}",
                [group.name, f"{before.title} → {after.title}"], group=group, before=before, after=after,
                comparison=comparison)


@bp.get("/cycles/<int:cycle_id>/summary.pdf")
def cycle_pdf(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    language = _language()
    report = reports.cycle_report(db.session(), cycle, structures(), current_app.config["MIN_RESPONDENTS"])
    return _pdf("print/cycle.html", language, f"cycle-{cycle.id}", [cycle.group.name, cycle.title],
                cycle=cycle, report=report, board=cycles.board(cycle, report.priorities),
                feedback_summaries=feedback.summaries(db.session(), cycle.activities,
                                                      current_app.config["MIN_RESPONDENTS"]))


@bp.get("/measurements/<int:measurement_id>/join.pdf")
def join_pdf(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    if measurement.state != "open":
        return render_error(409, _("This Läget is closed, so there is nothing to join."))
    return _pdf("print/join.html", _language(), f"join-{measurement.code}",
                [_group_name(measurement), measurement.title], measurement=measurement,
                join_url=_join_url(measurement))


@bp.get("/measurements/<int:measurement_id>/poster.pdf")
def poster_pdf(measurement_id: int):
    """What the young people see of their results, for the wall of the youth centre, with the link's QR code."""
    measurement = measurement_or_404(measurement_id)
    page = sharing.for_the_group(db.session(), measurement, structures(), current_app.config["MIN_RESPONDENTS"])
    if page is None:
        return render_error(409, _("Show the young people the results first: the poster shows what they see."))
    return _pdf("print/poster.html", _language(), f"poster-{measurement.code}", [measurement.title],
                measurement=measurement, page=page, minimum=current_app.config["MIN_RESPONDENTS"],
                link=url_for("respond.results", code=measurement.code, _external=True))


@bp.get("/activities/<int:activity_id>/feedback.pdf")
def feedback_pdf(activity_id: int):
    """The activity's feedback link and QR code in large type, to put up where it happens."""
    activity = _activity(activity_id)
    code = feedback.code_of(db.session(), activity)
    return _pdf("print/feedback.html", _language(), f"feedback-{code}", [activity.title], activity=activity,
                link=url_for("respond.activity_feedback", code=code, _external=True))


def _group_name(measurement: Measurement) -> str:
    return measurement.group.name if measurement.group else ""
