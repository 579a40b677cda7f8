"""What the leaders' pages share: the step labels, finding what a leader may see (404 otherwise), the
cycle's questionnaire, and the step page itself."""

from typing import TypeVar

from flask import abort, current_app, g, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import (
    access,
    authoring,
    cycles,
    db,
    feedback,
    goals,
    joint_analysis,
    moderation,
    organising,
    pairing,
    reports,
    sharing,
)
from ..cycles import ACTIVITY_FIELDS
from ..forms import choices
from ..models import STEP_KEYS, Activity, Measurement, Need
from ..questionnaire import text
from . import bp
from .forms import (
    ACTIVITY_STATUSES,
    SOURCES,
    ActivityForm,
    NeedForm,
    record_form,
)
from .guidance import CYCLE, GUIDES

T = TypeVar("T", Need, Activity)

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
    "cycle.goals": _l("said which of the initiative's goals the cycle works toward"),
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
def labels() -> dict:
    # The focus areas of the cycle this request is about, named in the language being rendered.
    areas = dict(focus_areas_of(g.cycle)) if g.get("cycle") is not None else {}
    return {"step_titles": STEP_TITLES, "step_states": STEP_STATES, "actions": ACTIONS, "sources": SOURCES,
            "focus_areas": areas, "activity_statuses": ACTIVITY_STATUSES, "dates": reports.dates,
            # The partners a win can be credited to: asked only by a page that lists activities.
            "win_partners": lambda: organising.organisations(db.session())}


def structure_of_cycle(cycle):
    """The structure of the questionnaire the cycle measures with (None before any is loaded); read once a
    request, however many forms and labels of the page ask."""
    known = g.setdefault("cycle_structures", {})
    if cycle.id not in known:
        used = cycles.questionnaire_of(db.session(), cycle)
        known[cycle.id] = structure_of(used.id) if used else None
    return known[cycle.id]


def focus_areas_of(cycle) -> list[tuple[str, str]]:
    """The focus areas the cycle measures, each a key and its title in the language being rendered."""
    structure = structure_of_cycle(cycle)
    language = get_locale().language
    return [(area.key, text(area.title, language)) for area in structure.areas] if structure else []


def about(cycle):
    """Note the cycle this request is about, for the labels of its focus areas."""
    g.cycle = cycle
    return cycle


def need_form_for(cycle, **kwargs) -> NeedForm:
    form = NeedForm(**kwargs)
    form.focus_area.choices = choices([("", _("None / several")), *focus_areas_of(cycle)])
    return form


def group_or_404(group_id: int):
    return access.group_for(db.session(), current_user, group_id) or abort(404)


def cycle_or_404(cycle_id: int):
    return about(access.cycle_for(db.session(), current_user, cycle_id) or abort(404))


def part_of_cycle_or_404(model: type[T], part_id: int) -> T:
    """A need or an activity of a cycle the signed-in leader leads (404 otherwise)."""
    part = db.session().get(model, part_id)
    if part is None or not access.can_lead(current_user, part.cycle.group):
        abort(404)
    about(part.cycle)
    return part


def need_or_404(need_id: int) -> Need:
    return part_of_cycle_or_404(Need, need_id)


def measurement_or_404(measurement_id: int) -> Measurement:
    measurement = db.session().get(Measurement, measurement_id)
    if measurement is None or measurement.group is None or not access.can_lead(current_user, measurement.group):
        abort(404)
    return measurement


def next_step_url(cycle, key: str) -> str:
    """Where "done" leads: the next step, or the cycle's page after the last."""
    position = STEP_KEYS.index(key)
    if position + 1 < len(STEP_KEYS):
        return url_for(".step", cycle_id=cycle.id, key=STEP_KEYS[position + 1])
    return url_for(".cycle", cycle_id=cycle.id)


def structures():
    return current_app.extensions["mina_svar.structures"]


def structure_of(questionnaire_id: int):
    return structures().get(db.session(), questionnaire_id)


def sharing_of(measurement):
    """What step 5 (Läget 1) or step 7 (Läget 2) offers to show the young people of a Läget with results."""
    if measurement is None or not measurement.closed_at:
        return None
    structure = structure_of(measurement.questionnaire_id)
    minimum = current_app.config["MIN_RESPONDENTS"]
    return {"measurement": measurement, "shared": sharing.shared(db.session(), measurement),
            "areas": [(area.key, area.title) for area in structure.areas],
            "answers": moderation.open_answers(db.session(), measurement, structure, minimum,
                                               approved_only=True) or {}}


def feedback_of(cycle, key: str) -> dict:
    """Each activity's feedback for step 6 and 7; step 6 shows each link, made the first time it is shown."""
    if key == "activities":
        for activity in cycle.activities:
            feedback.code_of(db.session(), activity)
    return feedback.summaries(db.session(), cycle.activities, current_app.config["MIN_RESPONDENTS"])


def step_page(cycle, key: str, status: int = 200, record=None, need_form=None, activity_form=None,
               conflict=None, error=None, own_error=None, share_error=None):
    session = db.session()
    step = cycles.step(cycle, key)
    measurement = cycles.measurement_of(session, cycle, key) if key in cycles.MEASURED_STEPS else None
    baseline = cycles.measurement_of(session, cycle, "baseline")
    if record is None:
        record = record_form(key, step.record, step.version, formdata=None, areas=focus_areas_of(cycle))
    read = measurement if key == "follow_up" else baseline if key == "leader_analysis" else None
    context = dict(
        cycle=cycle, steps=cycles.steps(cycle), step=step, record=record, conflict=conflict,
        guide=GUIDES[key], cycle_guide=CYCLE, next_url=next_step_url(cycle, key),
        need_form=need_form or need_form_for(cycle, formdata=None), measurement=measurement, baseline=baseline,
        activity_form=activity_form or (activity_form_for(cycle) if key == "activities" else None),
        priorities=cycles.priorities(session, cycle, structures()) if key in ("group_analysis", "activities") else [],
        ideas=cycles.ideas(cycle) if key in ("group_analysis", "activities") else [],
        needs_answered=cycles.needs_answered(cycle) if key == "activities" else [],
        joint_session=joint_analysis.latest_of(session, cycle) if key == "group_analysis" else None,
        pending=pending_of(read) if read is not None and not read.is_open else 0,
        count=cycles.response_count(session, measurement, current_app.config["MIN_RESPONDENTS"])
        if measurement else None,
        versions=cycles.questionnaire_choices(session, cycle, key) if key in cycles.MEASURED_STEPS and
        measurement is None else [], error=error, own_error=own_error,
        scales=authoring.starter_scales() if key == "first_meeting" else {},
        initiative_goals=goals.goals(session) if key == "first_meeting" else [],
        own_open=key == "first_meeting" and baseline is None,
        share=sharing_of(baseline if key == "group_analysis" else measurement if key == "follow_up" else None),
        feedback_summaries=feedback_of(cycle, key) if key in ("activities", "follow_up") else {},
        board=cycles.board(cycle, cycles.priorities(session, cycle, structures())) if key == "follow_up" else [],
        movements=pairing.report(session, cycle, structures(), current_app.config["MIN_RESPONDENTS"])
        if key == "follow_up" else None,
        share_error=share_error,
        baseline_shared=sharing.shared(session, baseline) if key == "activities" and baseline else None,
    )
    return render_template("lead/step.html", **context), status


def pending_of(measurement) -> int:
    """How many open answers of a closed Läget wait for a leader to read them."""
    return moderation.pending(db.session(), measurement, structure_of(measurement.questionnaire_id),
                              current_app.config["MIN_RESPONDENTS"])


def activity_form_for(cycle, activity: Activity | None = None, formdata=None) -> ActivityForm:
    """An activity's form, with the focus areas and indicators of the cycle's questionnaire and today's
    organisations to choose from."""
    data = {name: getattr(activity, name) for name in ACTIVITY_FIELDS} if activity else {"status": "planned"}
    form = ActivityForm(formdata=formdata, data=data)
    structure = structure_of_cycle(cycle)
    areas = structure.areas if structure else ()
    form.focus_area_keys.choices = choices(focus_areas_of(cycle))
    form.indicator_keys.choices = choices(
        (f"{area.key}.{indicator.key}", f"{text(area.title, get_locale().language)}: "
                                        f"{text(indicator.title, get_locale().language)}")
        for area in areas for indicator in area.indicators)
    form.responsible_organisation_id.choices = choices(
        [(0, _("None"))] + [(o.id, o.name) for o in organising.organisations(db.session())])
    form.need_ids.choices = [(need.id, need.text) for need in sorted(cycle.needs, key=lambda n: n.id)]
    form.goal_ids.choices = [(goal.id, goal.result) for goal in goals.goals(db.session())]
    return form
