
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import (
    access,
    authoring,
    carrying_over,
    cycles,
    db,
    feedback,
    joint_analysis,
    measuring,
    moderation,
    organising,
    pairing,
    reports,
    sharing,
)
from ..cycles import ACTIVITY_FIELDS
from ..extensions import htmx
from ..forms import choices
from ..models import STEP_KEYS, Activity, Measurement, Need
from ..questionnaire import text
from . import bp
from .forms import (
    ACTIVITY_STATUSES,
    SOURCES,
    ActivityForm,
    CycleForm,
    NeedForm,
    record_form,
    record_values,
)
from .guidance import CYCLE, GUIDES

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
    "cycle.carry_over": _l("started it with what carried over from the cycle before"),
    "step.save": _l("saved a step"),
    "step.done": _l("marked a step as done"),
    "step.reopen": _l("opened a step again"),
    "need.add": _l("added a need"),
    "need.edit": _l("changed a need"),
    "need.remove": _l("removed a need"),
    "own_question.add": _l("added a question of the group's own"),
    "own_question.remove": _l("removed a question of the group's own"),
    "activity.add": _l("added an activity"),
    "activity.edit": _l("changed an activity"),
    "activity.remove": _l("removed an activity"),
    "activity.win": _l("noted what came of an activity"),
    "pairing.on": _l("offered the young people a personal key"),
    "pairing.off": _l("stopped offering the personal key"),
    "measurement.open": _l("opened Läget"),
    "measurement.close": _l("closed Läget"),
    "measurement.reopen": _l("opened Läget again"),
    "session.start": _l("started a joint analysis"),
    "session.finish": _l("finished a joint analysis"),
    "answer.approved": _l("approved an open answer"),
    "answer.hidden": _l("hid an open answer"),
    "answer.pending": _l("put an open answer back to be read"),
    "results.share": _l("showed the results to the young people"),
    "results.withdraw": _l("withdrew the results from the young people"),
}


@bp.context_processor
def _labels() -> dict:
    # The focus areas of the cycle this request is about, named in the language being rendered.
    areas = dict(_areas(g.cycle)) if g.get("cycle") is not None else {}
    return {"step_titles": STEP_TITLES, "step_states": STEP_STATES, "actions": ACTIONS, "sources": SOURCES,
            "focus_areas": areas, "activity_statuses": ACTIVITY_STATUSES, "dates": reports.dates}


def _cycle_structure(cycle):
    """The structure of the questionnaire the cycle measures with (None before any is loaded); read once a
    request, however many forms and labels of the page ask."""
    known = g.setdefault("cycle_structures", {})
    if cycle.id not in known:
        used = cycles.questionnaire_of(db.session(), cycle)
        known[cycle.id] = _structure(used.id) if used else None
    return known[cycle.id]


def _areas(cycle) -> list[tuple[str, str]]:
    """The focus areas the cycle measures, each a key and its title in the language being rendered."""
    structure = _cycle_structure(cycle)
    language = get_locale().language
    return [(area.key, text(area.title, language)) for area in structure.areas] if structure else []


def _about(cycle):
    """Note the cycle this request is about, for the labels of its focus areas."""
    g.cycle = cycle
    return cycle


def _need_form(cycle, **kwargs) -> NeedForm:
    form = NeedForm(**kwargs)
    form.focus_area.choices = choices([("", _("None / several")), *_areas(cycle)])
    return form


def _group(group_id: int):
    return access.group_for(db.session(), current_user, group_id) or abort(404)


def _cycle(cycle_id: int):
    return _about(access.cycle_for(db.session(), current_user, cycle_id) or abort(404))


def _need(need_id: int) -> Need:
    need = db.session().get(Need, need_id)
    if need is None or not access.can_lead(current_user, need.cycle.group):
        abort(404)
    _about(need.cycle)
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
    minimum = current_app.config["MIN_RESPONDENTS"]
    measurements = [(m, cycles.response_count(db.session(), m, minimum))
                    for m in measuring.of_group(db.session(), group)]
    return render_template("lead/group.html", group=group, form=form, cycles=cycles.cycles_of(db.session(), group),
                           measurements=measurements), status


@bp.get("/cycles/<int:cycle_id>")
def cycle(cycle_id: int):
    return _cycle_page(_cycle(cycle_id))


def _cycle_page(cycle, next_form: CycleForm | None = None, status: int = 200):
    carried = carrying_over.carried_over(cycle)  # its needs are the ones nothing answers yet, done or not
    return render_template("lead/cycle.html", cycle=cycle, steps=cycles.steps(cycle), cycle_guide=CYCLE,
                           done=cycles.is_done(cycle), carried=carried,
                           next_form=next_form or CycleForm(formdata=None),
                           current=cycles.current_step(cycle), history=cycles.history(db.session(), cycle),
                           board=cycles.board(cycle, cycles.priorities(db.session(), cycle, _structures())),
                           decisions=cycles.decisions(cycle), ideas=cycles.ideas(cycle)), status


@bp.post("/cycles/<int:cycle_id>/next")
def next_cycle(cycle_id: int):
    """Once a cycle is done: the group's next one, with what carries over."""
    previous = _cycle(cycle_id)
    if not cycles.is_done(previous):
        flash(_("The next cycle starts once every step of this one is done."))
        return redirect(url_for(".cycle", cycle_id=previous.id))
    form = CycleForm()
    if not form.validate_on_submit():
        return _cycle_page(previous, form, 400)
    cycle = carrying_over.next_cycle(db.session(), previous, form.title.data, form.period_start.data,
                                     form.period_end.data, current_user)
    return redirect(url_for(".cycle", cycle_id=cycle.id))


def _next_url(cycle, key: str) -> str:
    """Where "done" leads: the next step, or the cycle's page after the last."""
    position = STEP_KEYS.index(key)
    if position + 1 < len(STEP_KEYS):
        return url_for(".step", cycle_id=cycle.id, key=STEP_KEYS[position + 1])
    return url_for(".cycle", cycle_id=cycle.id)


def _structures():
    return current_app.extensions["mina_svar.structures"]


def _structure(questionnaire_id: int):
    return _structures().get(db.session(), questionnaire_id)


def _sharing(measurement):
    """What step 5 (Läget 1) or step 7 (Läget 2) offers to show the young people of a Läget with results."""
    if measurement is None or not measurement.closed_at:
        return None
    structure = _structure(measurement.questionnaire_id)
    minimum = current_app.config["MIN_RESPONDENTS"]
    return {"measurement": measurement, "shared": sharing.shared(db.session(), measurement),
            "areas": [(area.key, area.title) for area in structure.areas],
            "answers": moderation.open_answers(db.session(), measurement, structure, minimum,
                                               approved_only=True) or {}}


def _feedback(cycle, key: str) -> dict:
    """Each activity's feedback for step 6 and 7; step 6 shows each link, made the first time it is shown."""
    if key == "activities":
        for activity in cycle.activities:
            feedback.code_of(db.session(), activity)
    return feedback.summaries(db.session(), cycle.activities, current_app.config["MIN_RESPONDENTS"])


def _step_page(cycle, key: str, status: int = 200, record=None, need_form=None, activity_form=None,
               conflict=None, error=None, own_error=None, share_error=None):
    session = db.session()
    step = cycles.step(cycle, key)
    measurement = cycles.measurement_of(session, cycle, key) if key in cycles.MEASURED_STEPS else None
    baseline = cycles.measurement_of(session, cycle, "baseline")
    if record is None:
        record = record_form(key, step.record, step.version, formdata=None, areas=_areas(cycle))
    read = measurement if key == "follow_up" else baseline if key == "leader_analysis" else None
    context = dict(
        cycle=cycle, steps=cycles.steps(cycle), step=step, record=record, conflict=conflict,
        guide=GUIDES[key], cycle_guide=CYCLE, next_url=_next_url(cycle, key),
        need_form=need_form or _need_form(cycle, formdata=None), measurement=measurement, baseline=baseline,
        activity_form=activity_form or (_activity_form(cycle) if key == "activities" else None),
        priorities=cycles.priorities(session, cycle, _structures()) if key in ("group_analysis", "activities") else [],
        ideas=cycles.ideas(cycle) if key in ("group_analysis", "activities") else [],
        needs_answered=cycles.needs_answered(cycle) if key == "activities" else [],
        joint_session=joint_analysis.latest_of(session, cycle) if key == "group_analysis" else None,
        pending=_pending(read) if read is not None and not read.is_open else 0,
        count=cycles.response_count(session, measurement, current_app.config["MIN_RESPONDENTS"])
        if measurement else None,
        versions=cycles.questionnaire_choices(session, cycle, key) if key in cycles.MEASURED_STEPS and
        measurement is None else [], error=error, own_error=own_error,
        scales=authoring.starter_scales() if key == "first_meeting" else {},
        own_open=key == "first_meeting" and baseline is None,
        share=_sharing(baseline if key == "group_analysis" else measurement if key == "follow_up" else None),
        feedback_summaries=_feedback(cycle, key) if key in ("activities", "follow_up") else {},
        board=cycles.board(cycle, cycles.priorities(session, cycle, _structures())) if key == "follow_up" else [],
        movements=pairing.report(session, cycle, _structures(), current_app.config["MIN_RESPONDENTS"])
        if key == "follow_up" else None,
        share_error=share_error,
        baseline_shared=sharing.shared(session, baseline) if key == "activities" and baseline else None,
    )
    return render_template("lead/step.html", **context), status


def _pending(measurement) -> int:
    """How many open answers of a closed Läget wait for a leader to read them."""
    return moderation.pending(db.session(), measurement, _structure(measurement.questionnaire_id),
                              current_app.config["MIN_RESPONDENTS"])


def _step_key(key: str) -> str:
    if key not in STEP_KEYS:
        abort(404)
    return key


@bp.get("/cycles/<int:cycle_id>/steps/<key>")
def step(cycle_id: int, key: str):
    return _step_page(_cycle(cycle_id), _step_key(key))


def _draft_status(cycle, step, form, status=200, conflict=None):
    """The line beside a step's notes after a draft was saved as the leader typed."""
    return render_block("lead/step.html", "draft_status", cycle=cycle, step=step, record=form, conflict=conflict,
                        saved=status == 200), status


@bp.post("/cycles/<int:cycle_id>/steps/<key>")
def save_step(cycle_id: int, key: str):
    """Save a step's notes: as a draft while typing (htmx), or with Save or Done (a plain form, so it works
    without JavaScript); Done also marks the step done and goes on to the next one."""
    cycle = _cycle(cycle_id)
    step = cycles.step(cycle, _step_key(key))
    form = record_form(key, step.record, step.version, formdata=request.form, areas=_areas(cycle))
    if form is None:
        abort(404)
    if not form.validate():
        return _draft_status(cycle, step, form, 400) if htmx else _step_page(cycle, key, 400, record=form)
    try:
        cycles.save_record(db.session(), step, record_values(form), form.version.data, current_user)
    except cycles.Conflict:
        db.session().refresh(step)
        if htmx:
            # The draft keeps the version it was loaded with: it is not saved over the other leader's text
            # until the leader has seen theirs and saves with the button.
            return _draft_status(cycle, step, form, 409, conflict=step)
        form.version.data = step.version
        return _step_page(cycle, key, 409, record=form, conflict=step)
    if htmx:
        return _draft_status(cycle, step, form)
    if request.form.get("done") == "1":
        cycles.set_state(db.session(), step, True, current_user)
        flash(_("Saved, and step %(n)s is done.", n=STEP_KEYS.index(key) + 1))
        return redirect(_next_url(cycle, key))
    flash(_("Saved."))
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


@bp.post("/cycles/<int:cycle_id>/steps/<key>/state")
def step_state(cycle_id: int, key: str):
    cycle = _cycle(cycle_id)
    step = cycles.step(cycle, _step_key(key))
    done = request.form.get("done") == "1"
    cycles.set_state(db.session(), step, done, current_user)
    if done:
        flash(_("Step %(n)s is done.", n=STEP_KEYS.index(key) + 1))
        return redirect(_next_url(cycle, key))
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


def _activity_form(cycle, activity: Activity | None = None, formdata=None) -> ActivityForm:
    """An activity's form, with the focus areas and indicators of the cycle's questionnaire and today's
    organisations to choose from."""
    data = {name: getattr(activity, name) for name in ACTIVITY_FIELDS} if activity else {"status": "planned"}
    form = ActivityForm(formdata=formdata, data=data)
    structure = _cycle_structure(cycle)
    areas = structure.areas if structure else ()
    form.focus_area_keys.choices = choices(_areas(cycle))
    form.indicator_keys.choices = choices(
        (f"{area.key}.{indicator.key}", f"{text(area.title, get_locale().language)}: "
                                        f"{text(indicator.title, get_locale().language)}")
        for area in areas for indicator in area.indicators)
    form.responsible_organisation_id.choices = choices(
        [(0, _("None"))] + [(o.id, o.name) for o in organising.organisations(db.session())])
    form.need_ids.choices = [(need.id, need.text) for need in sorted(cycle.needs, key=lambda n: n.id)]
    return form
