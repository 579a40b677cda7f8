"""Läget from the leaders' side: opening and closing it, following it live, its results, comparisons and exports."""

import io

import segno
from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import (
    access,
    analysis,
    cycles,
    db,
    exports,
    feedback,
    ids,
    measuring,
    moderation,
    sharing,
)
from ..extensions import htmx
from ..models import Measurement
from . import bp
from .common import cycle_or_404, group_or_404, measurement_or_404, step_page, structure_of
from .lists import _activity


@bp.post("/cycles/<int:cycle_id>/steps/<key>/measurement")
def open_measurement(cycle_id: int, key: str):
    cycle = cycle_or_404(cycle_id)
    if key not in cycles.MEASURED_STEPS:
        abort(404)
    chosen = request.form.get("questionnaire", "")
    try:
        cycles.open_measurement(db.session(), cycle, key, current_user,
                               ids.required_row_id(chosen) if chosen else None)
    except (ValueError, cycles.NotAChoice):
        return step_page(cycle, key, 400, error=_("Choose one of the versions listed: Läget was not opened."))
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


@bp.route("/measurements/<int:measurement_id>/close", methods=["GET", "POST"])
def close_measurement(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    minimum = current_app.config["MIN_RESPONDENTS"]
    count = cycles.response_count(db.session(), measurement, minimum)
    if request.method == "GET":
        if count.late:
            told = _late_answers(minimum)
        else:
            told = " ".join([
                ngettext("%(num)s young person has sent their answers.",
                         "%(num)s young people have sent their answers.", count.completed),
                _("Closing shows the results and takes no more answers; answers not yet sent are not counted. "
                  "You can open Läget again for late answers.")])
        return render_template(
            "lead/confirm.html", question=_("Close %(title)s?", title=measurement.title), explanation=told,
            yes=_("Close Läget"), no=_("Keep it open"), back=_measurement_page(measurement))
    cycles.close_measurement(db.session(), measurement, current_user, minimum)
    flash(_("Läget is closed: it takes no more answers."))
    if count.late:  # said whether or not any late answer waits: that one waits is itself a signal
        flash(_late_answers(minimum))
    return redirect(_measurement_page(measurement))


def _late_answers(minimum: int) -> str:
    return ngettext(
        "Late answers are added to the results when at least %(num)s have come in since the results were last "
        "published, and a figure changes only when at least %(num)s new answers to it have come in; until then "
        "it keeps its value. How many have come in is not shown, so that nobody's answers can be picked out.",
        "Late answers are added to the results when at least %(num)s have come in since the results were last "
        "published, and a figure changes only when at least %(num)s new answers to it have come in; until then "
        "it keeps its value. How many have come in is not shown, so that nobody's answers can be picked out.",
        minimum)


@bp.post("/measurements/<int:measurement_id>/reopen")
def reopen_measurement(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    cycles.reopen_measurement(db.session(), measurement, current_user)
    flash(_("Läget takes answers again. The results stay as they were until you close it again."))
    return redirect(_measurement_page(measurement))


def _measurement_page(measurement: Measurement) -> str:
    if measurement.cycle_id and measurement.step_key:
        return url_for(".step", cycle_id=measurement.cycle_id, key=measurement.step_key)
    return url_for(".measurement_summary", measurement_id=measurement.id)


# The results back to the young people (step 5 for Läget 1, step 7 for Läget 2)

SHARED_ON = {"baseline": "group_analysis", "follow_up": "follow_up"}


def _shareable(measurement_id: int) -> tuple[Measurement, str]:
    """A Läget of a cycle whose results can be shown to the young people, and the step that shows them."""
    measurement = measurement_or_404(measurement_id)
    shown_on = SHARED_ON.get(measurement.step_key or "")
    if measurement.cycle is None or shown_on is None:
        abort(404)
    return measurement, shown_on


@bp.post("/measurements/<int:measurement_id>/share")
def share_results(measurement_id: int):
    measurement, key = _shareable(measurement_id)
    try:
        sharing.share(db.session(), measurement, structure_of(measurement.questionnaire_id),
                      request.form.getlist("area"), request.form.getlist("answer"), current_user,
                      current_app.config["MIN_RESPONDENTS"])
    except sharing.NotShareable as refused:
        message = {"nothing_released": _("Close Läget first: the young people see only results a leader "
                                         "has seen."),
                   "area": _("Choose among the focus areas listed."),
                   "answer": _("Choose among the approved open answers listed.")}[refused.reason]
        return step_page(measurement.cycle, key, 400, share_error=message)
    flash(_("The young people see what you chose, with Läget's link or code."))
    return redirect(url_for(".step", cycle_id=measurement.cycle_id, key=key) + "#share-heading")


@bp.post("/measurements/<int:measurement_id>/withdraw")
def withdraw_results(measurement_id: int):
    measurement, key = _shareable(measurement_id)
    if sharing.withdraw(db.session(), measurement, current_user):
        flash(_("The young people no longer see the results."))
    return redirect(url_for(".step", cycle_id=measurement.cycle_id, key=key) + "#share-heading")


@bp.get("/measurements/<int:measurement_id>/count")
def measurement_count(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    count = cycles.response_count(db.session(), measurement, current_app.config["MIN_RESPONDENTS"])
    if htmx:
        return render_block("lead/step.html", "count", measurement=measurement, count=count)
    return redirect(_measurement_page(measurement))  # a Läget outside a cycle has no step to go back to


def _join_url(measurement: Measurement) -> str:
    return url_for("respond.welcome", code=measurement.code, _external=True)


def qr_svg(url: str, code: str):
    """A QR code for ``url`` as an SVG image, titled with the code it carries."""
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, xmldecl=False,
                                    title=_("QR code for joining with the code %(code)s", code=code))
    response = make_response(svg.getvalue())
    response.headers["Content-Type"] = "image/svg+xml"
    return response


@bp.get("/activities/<int:activity_id>/qr.svg")
def activity_qr(activity_id: int):
    activity = _activity(activity_id)
    code = feedback.code_of(db.session(), activity)
    return qr_svg(url_for("respond.activity_feedback", code=code, _external=True), code)


@bp.get("/measurements/<int:measurement_id>/qr.svg")
def measurement_qr(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    return qr_svg(_join_url(measurement), measurement.code)


@bp.get("/measurements/<int:measurement_id>/summary")
def measurement_summary(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    structure = structure_of(measurement.questionnaire_id)
    words = moderation.open_answers(db.session(), measurement, structure, current_app.config["MIN_RESPONDENTS"])
    record = cycles.step(measurement.cycle, "leader_analysis").record if measurement.cycle else {}
    notes = {area.key: record.get(f"notes_{area.key}") for area in structure.areas}
    return render_template("lead/summary.html", measurement=measurement, result=_results(measurement),
                           open_answers=words, notes=notes, findings=record.get("findings"))


@bp.post("/answers/<answer_id>/moderation")
def moderate(answer_id: str):
    found = moderation.answer_of(db.session(), answer_id)
    if found is None or found[1].group is None or not access.can_lead(current_user, found[1].group):
        abort(404)
    answer, measurement = found
    state = request.form.get("state", "")
    if state not in moderation.STATES:
        abort(400)
    moderation.moderate(db.session(), answer, measurement, state, current_user)
    shown = moderation.OpenAnswer(answer.public_id, answer.text or "", answer.moderation)
    if htmx:
        return render_block("lead/summary.html", "open_answer", answer=shown)
    return redirect(url_for(".measurement_summary", measurement_id=measurement.id) + f"#answer-{shown.id}")


def _results(measurement: Measurement) -> analysis.MeasurementResult:
    structure = structure_of(measurement.questionnaire_id)
    return analysis.results(db.session(), measurement, structure, current_app.config["MIN_RESPONDENTS"])


@bp.get("/groups/<int:group_id>/compare")
def compare(group_id: int):
    """Two measurements of a group side by side, on the questions they share."""
    group = group_or_404(group_id)
    measurements = measuring.of_group(db.session(), group)
    by_id = {m.id: m for m in measurements}
    before = by_id.get(request.args.get("before", 0, type=int))
    after = by_id.get(request.args.get("after", 0, type=int))
    if (request.args.get("before") and before is None) or (request.args.get("after") and after is None):
        abort(404)
    if before is None and after is None and len(measurements) >= 2:
        after, before = measurements[0], measurements[1]
    comparison = None
    if before is not None and after is not None:
        comparison = analysis.compare(_results(before), _results(after))
    return render_template("lead/compare.html", group=group, measurements=measurements, before=before,
                           after=after, comparison=comparison)


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.get("/measurements/<int:measurement_id>/export/results.<extension>")
def export(measurement_id: int, extension: str):
    """A measurement's results, as CSV or XLSX. Leaders get no rows per young person: in a group of five to
    seven every such row is unique, and one answer a leader happens to know singles out the rest."""
    measurement = measurement_or_404(measurement_id)
    if extension not in EXPORT_TYPES:
        abort(404)
    structure = structure_of(measurement.questionnaire_id)
    minimum = current_app.config["MIN_RESPONDENTS"]
    approved = moderation.open_answers(db.session(), measurement, structure, minimum, approved_only=True)
    table = exports.results_table(_results(measurement), get_locale().language, approved)
    body = exports.to_csv(table) if extension == "csv" else exports.to_xlsx(table, "results")
    response = make_response(body)
    response.headers["Content-Type"] = EXPORT_TYPES[extension]
    response.headers["Content-Disposition"] = f'attachment; filename="{measurement.code}-results.{extension}"'
    return response


@bp.get("/measurements/<int:measurement_id>/print")
def measurement_print(measurement_id: int):
    measurement = measurement_or_404(measurement_id)
    return render_template("lead/join_page.html", measurement=measurement, join_url=_join_url(measurement))

