import io

import segno
from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import access, analysis, cycles, db, exports, measuring, moderation, organising, questionnaire
from ..errors import render_error
from ..extensions import htmx
from ..cycles import ACTIVITY_FIELDS
from ..forms import choices
from ..models import STEP_KEYS, Activity, Measurement, Need
from ..questionnaire import text
from . import bp
from .forms import (
    ACTIVITY_STATUSES,
    FOCUS_AREAS,
    SOURCES,
    ActivityForm,
    CycleForm,
    NeedForm,
    record_form,
    record_values,
)

STEP_TITLES = {
    "needs": _l("Needs"),
    "first_meeting": _l("First meeting"),
    "baseline": _l("Läget 1"),
    "leader_analysis": _l("Leaders' analysis"),
    "group_analysis": _l("The group's analysis"),
    "activities": _l("Activities"),
    "follow_up": _l("Läget 2"),
}
STEP_STATES = {"todo": _l("Not started"), "started": _l("Started"), "done": _l("Done")}
ACTIONS = {
    "cycle.start": _l("started the cycle"),
    "step.save": _l("saved a step"),
    "step.done": _l("marked a step as done"),
    "step.reopen": _l("opened a step again"),
    "need.add": _l("added a need"),
    "need.edit": _l("changed a need"),
    "need.remove": _l("removed a need"),
    "activity.add": _l("added an activity"),
    "activity.edit": _l("changed an activity"),
    "activity.remove": _l("removed an activity"),
    "measurement.open": _l("opened Läget"),
    "measurement.close": _l("closed Läget"),
    "answer.approved": _l("approved an open answer"),
    "answer.hidden": _l("hid an open answer"),
    "answer.pending": _l("put an open answer back to be read"),
}


@bp.context_processor
def _labels() -> dict:
    return {"step_titles": STEP_TITLES, "step_states": STEP_STATES, "actions": ACTIONS, "sources": SOURCES,
            "focus_areas": dict(FOCUS_AREAS), "activity_statuses": ACTIVITY_STATUSES}


def _group(group_id: int):
    return access.group_for(db.session(), current_user, group_id) or abort(404)


def _cycle(cycle_id: int):
    return access.cycle_for(db.session(), current_user, cycle_id) or abort(404)


def _need(need_id: int) -> Need:
    need = db.session().get(Need, need_id)
    if need is None or not access.can_lead(current_user, need.cycle.group):
        abort(404)
    return need


def _measurement(measurement_id: int) -> Measurement:
    measurement = db.session().get(Measurement, measurement_id)
    if measurement is None or measurement.group is None or not access.can_lead(current_user, measurement.group):
        abort(404)
    return measurement


@bp.get("/")
def home():
    return render_template("lead/home.html", groups=access.groups_for(db.session(), current_user))


@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group(group_id: int):
    group = _group(group_id)
    form = CycleForm()
    if form.validate_on_submit():
        cycle = cycles.start_cycle(db.session(), group, form.title.data, form.period_start.data,
                                   form.period_end.data, current_user)
        return redirect(url_for(".cycle", cycle_id=cycle.id))
    status = 400 if form.is_submitted() else 200
    return render_template("lead/group.html", group=group, form=form,
                           cycles=cycles.cycles_of(db.session(), group)), status


@bp.get("/cycles/<int:cycle_id>")
def cycle(cycle_id: int):
    cycle = _cycle(cycle_id)
    return render_template("lead/cycle.html", cycle=cycle, steps=cycles.steps(cycle),
                           current=cycles.current_step(cycle), history=cycles.history(db.session(), cycle))


def _step_page(cycle, key: str, status: int = 200, record=None, need_form=None, activity_form=None,
               conflict=None):
    step = cycles.step(cycle, key)
    measurement = cycles.measurement_of(db.session(), cycle, key) if key in cycles.MEASURED_STEPS else None
    if record is None:
        record = record_form(key, step.record, step.version, formdata=None)
    context = dict(
        cycle=cycle, steps=cycles.steps(cycle), step=step, record=record, conflict=conflict,
        need_form=need_form or NeedForm(formdata=None), measurement=measurement,
        activity_form=activity_form or (_activity_form() if key == "activities" else None),
        baseline=cycles.measurement_of(db.session(), cycle, "baseline") if key == "leader_analysis" else None,
        count=cycles.response_count(db.session(), measurement) if measurement else None,
    )
    return render_template("lead/step.html", **context), status


def _step_key(key: str) -> str:
    if key not in STEP_KEYS:
        abort(404)
    return key


@bp.get("/cycles/<int:cycle_id>/steps/<key>")
def step(cycle_id: int, key: str):
    return _step_page(_cycle(cycle_id), _step_key(key))


def _record_block(cycle, step, form, status=200, saved=False, conflict=None):
    return render_block("lead/step.html", "record", cycle=cycle, step=step, record=form, saved=saved,
                        conflict=conflict), status


@bp.post("/cycles/<int:cycle_id>/steps/<key>")
def save_step(cycle_id: int, key: str):
    cycle = _cycle(cycle_id)
    step = cycles.step(cycle, _step_key(key))
    form = record_form(key, step.record, step.version, formdata=request.form)
    if form is None:
        abort(404)
    if not form.validate():
        return _record_block(cycle, step, form, 400) if htmx else _step_page(cycle, key, 400, record=form)
    try:
        cycles.save_record(db.session(), step, record_values(form), int(form.version.data), current_user)
    except (cycles.Conflict, ValueError):
        db.session().refresh(step)
        form.version.data = step.version
        if htmx:
            return _record_block(cycle, step, form, 409, conflict=step)
        return _step_page(cycle, key, 409, record=form, conflict=step)
    if htmx:
        return _record_block(cycle, step, record_form(key, step.record, step.version, formdata=None), saved=True)
    flash(_("Saved."))
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


@bp.post("/cycles/<int:cycle_id>/steps/<key>/state")
def step_state(cycle_id: int, key: str):
    cycle = _cycle(cycle_id)
    step = cycles.step(cycle, _step_key(key))
    cycles.set_state(db.session(), step, request.form.get("done") == "1", current_user)
    if htmx:
        # The state in place, and the stepper below brought up to date with it.
        return render_block("lead/step.html", "step_state", cycle=cycle, step=step, steps=cycles.steps(cycle),
                            oob=True, **_labels())
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


# Needs: added, edited and removed in place with htmx; plain pages without it.

def _needs_block(cycle, need_form=None, status=200):
    return render_block("lead/step.html", "needs", cycle=cycle, need_form=need_form or NeedForm(formdata=None),
                        **_labels()), status


@bp.post("/cycles/<int:cycle_id>/needs")
def add_need(cycle_id: int):
    cycle = _cycle(cycle_id)
    form = NeedForm()
    if not form.validate_on_submit():
        if htmx:
            return _needs_block(cycle, form, 400)
        return _step_page(cycle, "needs", 400, need_form=form)
    cycles.add_item(db.session(), cycle, Need(**form.values()), current_user)
    if htmx:
        return _needs_block(cycle)
    return redirect(url_for(".step", cycle_id=cycle.id, key="needs"))


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
def edit_need(need_id: int):
    need = _need(need_id)
    form = NeedForm(data={"text": need.text, "source": need.source, "focus_area": need.focus_area_key or ""})
    if form.validate_on_submit():
        cycles.update_item(db.session(), need, form.values(), current_user)
        if htmx:
            return render_block("lead/need_edit.html", "need", need=need, **_labels())
        return redirect(url_for(".step", cycle_id=need.cycle_id, key="needs"))
    status = 400 if form.is_submitted() else 200
    if htmx:
        return render_block("lead/need_edit.html", "need_form", need=need, form=form), status
    return render_template("lead/need_edit.html", need=need, form=form), status


@bp.route("/needs/<int:need_id>/delete", methods=["GET", "POST"])
def delete_need(need_id: int):
    need = _need(need_id)
    cycle = need.cycle
    if request.method == "GET":
        return render_template("lead/confirm_delete.html", question=_("Remove this need?"), text=need.text,
                               back=url_for(".step", cycle_id=cycle.id, key="needs"))
    cycles.remove_item(db.session(), need, current_user)
    if htmx:
        return _needs_block(cycle)
    flash(_("The need is removed."))
    return redirect(url_for(".step", cycle_id=cycle.id, key="needs"))


# Activities: like needs, in place with htmx and as plain pages without it.

def _activity(activity_id: int) -> Activity:
    activity = db.session().get(Activity, activity_id)
    if activity is None or not access.can_lead(current_user, activity.cycle.group):
        abort(404)
    return activity


def _activity_form(activity: Activity | None = None, formdata=None) -> ActivityForm:
    """An activity's form, with today's indicators and organisations to choose from."""
    data = {name: getattr(activity, name) for name in ACTIVITY_FIELDS} if activity else {"status": "planned"}
    form = ActivityForm(formdata=formdata, data=data)
    laget = questionnaire.latest(db.session())
    areas = current_app.extensions["mina_svar.structures"].get(db.session(), laget.id).areas if laget else ()
    form.indicator_keys.choices = choices(
        (f"{area.key}.{indicator.key}", f"{text(area.title, get_locale().language)}: "
                                        f"{text(indicator.title, get_locale().language)}")
        for area in areas for indicator in area.indicators)
    form.responsible_organisation_id.choices = choices(
        [(0, _("None"))] + [(o.id, o.name) for o in organising.organisations(db.session())])
    return form


def _activities_block(cycle, activity_form=None, status=200):
    return render_block("lead/step.html", "activities", cycle=cycle,
                        activity_form=activity_form or _activity_form(), **_labels()), status


@bp.post("/cycles/<int:cycle_id>/activities")
def add_activity(cycle_id: int):
    cycle = _cycle(cycle_id)
    form = _activity_form(formdata=request.form)
    if not form.validate_on_submit():
        return _activities_block(cycle, form, 400) if htmx else _step_page(cycle, "activities", 400,
                                                                           activity_form=form)
    cycles.add_item(db.session(), cycle, Activity(**form.values()), current_user)
    if htmx:
        return _activities_block(cycle)
    return redirect(url_for(".step", cycle_id=cycle.id, key="activities"))


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def edit_activity(activity_id: int):
    activity = _activity(activity_id)
    form = _activity_form(activity, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        cycles.update_item(db.session(), activity, form.values(), current_user)
        if htmx:
            return render_block("lead/activity_edit.html", "activity", activity=activity, **_labels())
        return redirect(url_for(".step", cycle_id=activity.cycle_id, key="activities"))
    status = 400 if request.method == "POST" else 200
    if htmx:
        return render_block("lead/activity_edit.html", "activity_form", activity=activity, form=form), status
    return render_template("lead/activity_edit.html", activity=activity, form=form), status


@bp.route("/activities/<int:activity_id>/delete", methods=["GET", "POST"])
def delete_activity(activity_id: int):
    activity = _activity(activity_id)
    cycle = activity.cycle
    back = url_for(".step", cycle_id=cycle.id, key="activities")
    if request.method == "GET":
        return render_template("lead/confirm_delete.html", question=_("Remove this activity?"),
                               text=activity.title, back=back)
    cycles.remove_item(db.session(), activity, current_user)
    if htmx:
        return _activities_block(cycle)
    flash(_("The activity is removed."))
    return redirect(back)


# Measurements of steps 3 and 7

@bp.post("/cycles/<int:cycle_id>/steps/<key>/measurement")
def open_measurement(cycle_id: int, key: str):
    cycle = _cycle(cycle_id)
    if key not in cycles.MEASURED_STEPS:
        abort(404)
    cycles.open_measurement(db.session(), cycle, key, current_user)
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


@bp.post("/measurements/<int:measurement_id>/close")
def close_measurement(measurement_id: int):
    measurement = _measurement(measurement_id)
    cycles.close_measurement(db.session(), measurement, current_user)
    flash(_("Läget is closed: it takes no more answers."))
    return redirect(url_for(".step", cycle_id=measurement.cycle_id, key=measurement.step_key))


@bp.get("/measurements/<int:measurement_id>/count")
def measurement_count(measurement_id: int):
    measurement = _measurement(measurement_id)
    count = cycles.response_count(db.session(), measurement)
    if htmx:
        return render_block("lead/step.html", "count", measurement=measurement, count=count)
    return redirect(url_for(".step", cycle_id=measurement.cycle_id, key=measurement.step_key))


def _join_url(measurement: Measurement) -> str:
    return url_for("respond.welcome", code=measurement.code, _external=True)


@bp.get("/measurements/<int:measurement_id>/qr.svg")
def measurement_qr(measurement_id: int):
    measurement = _measurement(measurement_id)
    svg = io.BytesIO()
    segno.make(_join_url(measurement), error="m").save(
        svg, kind="svg", scale=8, xmldecl=False,
        title=_("QR code for joining with the code %(code)s", code=measurement.code))
    response = make_response(svg.getvalue())
    response.headers["Content-Type"] = "image/svg+xml"
    return response


@bp.get("/measurements/<int:measurement_id>/summary")
def measurement_summary(measurement_id: int):
    measurement = _measurement(measurement_id)
    structure = current_app.extensions["mina_svar.structures"].get(db.session(), measurement.questionnaire_id)
    words = moderation.open_answers(db.session(), measurement, structure, current_app.config["MIN_RESPONDENTS"])
    record = cycles.step(measurement.cycle, "leader_analysis").record if measurement.cycle else {}
    notes = {key: record.get(f"notes_{key}") for key, _label in FOCUS_AREAS}
    return render_template("lead/summary.html", measurement=measurement, result=_results(measurement),
                           open_answers=words, notes=notes, findings=record.get("findings"))


@bp.post("/answers/<int:answer_id>/moderation")
def moderate(answer_id: int):
    found = moderation.answer_of(db.session(), answer_id)
    if found is None or found[1].group is None or not access.can_lead(current_user, found[1].group):
        abort(404)
    answer, measurement = found
    state = request.form.get("state", "")
    if state not in moderation.STATES:
        abort(400)
    moderation.moderate(db.session(), answer, measurement, state, current_user)
    if htmx:
        return render_block("lead/summary.html", "open_answer", answer=answer)
    return redirect(url_for(".measurement_summary", measurement_id=measurement.id) + f"#answer-{answer.id}")


def _results(measurement: Measurement) -> analysis.MeasurementResult:
    structure = current_app.extensions["mina_svar.structures"].get(db.session(), measurement.questionnaire_id)
    return analysis.results(db.session(), measurement, structure, current_app.config["MIN_RESPONDENTS"])


@bp.get("/groups/<int:group_id>/compare")
def compare(group_id: int):
    """Two measurements of a group side by side, on the questions they share."""
    group = _group(group_id)
    measurements = measuring.of_group(db.session(), group)
    by_id = {m.id: m for m in measurements}
    before = by_id.get(request.args.get("before", type=int))
    after = by_id.get(request.args.get("after", type=int))
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


@bp.get("/measurements/<int:measurement_id>/export/<kind>.<extension>")
def export(measurement_id: int, kind: str, extension: str):
    """Results or anonymous responses of a measurement, as CSV or XLSX."""
    measurement = _measurement(measurement_id)
    if kind not in ("results", "responses") or extension not in EXPORT_TYPES:
        abort(404)
    structure = current_app.extensions["mina_svar.structures"].get(db.session(), measurement.questionnaire_id)
    minimum = current_app.config["MIN_RESPONDENTS"]
    if kind == "results":
        approved = moderation.open_answers(db.session(), measurement, structure, minimum, approved_only=True)
        table = exports.results_table(_results(measurement), get_locale().language, approved)
    else:
        table = exports.responses_table(db.session(), measurement, structure, minimum)
        if table is None:
            return render_error(409, _("Answers can be downloaded when at least %(n)s young people have "
                                       "answered, so that nobody can be recognised.", n=minimum))
    body = exports.to_csv(table) if extension == "csv" else exports.to_xlsx(table, kind)
    response = make_response(body)
    response.headers["Content-Type"] = EXPORT_TYPES[extension]
    response.headers["Content-Disposition"] = f'attachment; filename="{measurement.code}-{kind}.{extension}"'
    return response


@bp.get("/measurements/<int:measurement_id>/print")
def measurement_print(measurement_id: int):
    measurement = _measurement(measurement_id)
    return render_template("lead/join_page.html", measurement=measurement, join_url=_join_url(measurement))
