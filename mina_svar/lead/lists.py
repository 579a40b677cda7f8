"""Needs (step 1) and activities (step 6): added, edited and removed in place with htmx, as plain pages without it.
The group's own questions (step 2): added and removed with plain forms."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block
from sqlalchemy.exc import IntegrityError

from .. import access, cycles, db, goals, pairing, problems, statistics
from ..config import LANGUAGES
from ..coordinate.pooled import figure_names
from ..extensions import htmx
from ..forms import choices
from ..models import Activity, Conclusion, CycleQuestion, Need, Organisation, StatisticSeries
from ..questionnaire import text
from . import bp
from .common import (
    activity_form_for,
    cycle_or_404,
    labels,
    need_form_for,
    need_or_404,
    part_of_cycle_or_404,
    step_page,
    structures,
)
from .forms import AnalysisForm

TITLE_LONGEST = Activity.__table__.c.title.type.length  # type: ignore[attr-defined]


def _with_the_state(cycle, key: str, part: str) -> str:
    """A step's part after an item was added or removed, with the step's state and the stepper as they are now
    (the first item starts the step)."""
    step = cycles.step(cycle, key)
    return (part + render_block("lead/step.html", "step_state", step=step, oob=True, **labels())
            + render_template("lead/_stepper.html", cycle=cycle, step=step, steps=cycles.steps(cycle), oob=True,
                              **labels()))


def _needs_block(cycle, need_form=None, status=200):
    return _with_the_state(cycle, "needs", render_block(
        "lead/step.html", "needs", cycle=cycle, need_form=need_form or need_form_for(cycle, formdata=None),
        **labels())), status


def _own_refusals() -> dict[str, str]:
    return {
        "measuring": _("Läget 1 is open: the group's own questions are asked as they are, in Läget 2 too."),
        "too_many": _("A group asks five questions of its own at most: remove one to add another."),
        "no_text": _("Write the question first, in one language at least."),
        "too_long": _("A question is %(longest)s characters at most.", longest=cycles.LONGEST_OWN_QUESTION),
        "no_scale": _("Choose one of the answers listed."),
    }


def _own_change(cycle, change, done: str):
    """Make a change to the group's own questions; back to them with ``done``, or the step with why not."""
    try:
        change()
    except cycles.OwnQuestionsRefused as refused:
        status = 409 if refused.reason == "measuring" else 400
        return step_page(cycle, "first_meeting", status, own_error=_own_refusals()[refused.reason])
    flash(done)
    return redirect(url_for(".step", cycle_id=cycle.id, key="first_meeting") + "#own-questions")


@bp.post("/cycles/<int:cycle_id>/own-questions")
def add_own_question(cycle_id: int):
    """A question of the group's own (step 2), asked after the common ones in Läget 1 and 2."""
    cycle = cycle_or_404(cycle_id)
    texts = {code: request.form.get(f"own-{code}", "") for code in LANGUAGES}
    return _own_change(cycle, lambda: cycles.add_own_question(db.session(), cycle, texts,
                                                              request.form.get("own-scale", ""), current_user),
                       _("The question is added: Läget 1 and Läget 2 ask it after the common ones."))


@bp.post("/own-questions/<int:question_id>/remove")
def remove_own_question(question_id: int):
    question = db.session().get(CycleQuestion, question_id) or abort(404)
    cycle = cycle_or_404(question.cycle_id)
    return _own_change(cycle, lambda: cycles.remove_own_question(db.session(), question, current_user),
                       _("The question is removed."))


@bp.post("/cycles/<int:cycle_id>/needs")
def add_need(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form = need_form_for(cycle)
    if not form.validate_on_submit():
        if htmx:
            return _needs_block(cycle, form, 400)
        return step_page(cycle, "needs", 400, need_form=form)
    cycles.add_item(db.session(), cycle, Need(**form.values()), current_user)
    if htmx:
        return _needs_block(cycle)
    return redirect(url_for(".step", cycle_id=cycle.id, key="needs"))


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
def edit_need(need_id: int):
    need = need_or_404(need_id)
    form = need_form_for(need.cycle, data={"text": need.text, "source": need.source,
                                        "focus_area": need.focus_area_key or ""})
    if form.validate_on_submit():
        cycles.update_item(db.session(), need, form.values(), current_user)
        if htmx:
            return render_block("lead/need_edit.html", "need", need=need, **labels())
        return redirect(url_for(".step", cycle_id=need.cycle_id, key="needs"))
    status = 400 if form.is_submitted() else 200
    if htmx:
        return render_block("lead/need_edit.html", "need_form", need=need, form=form), status
    return render_template("lead/need_edit.html", need=need, form=form), status


@bp.route("/needs/<int:need_id>/analysis", methods=["GET", "POST"])
def analyse_need(need_id: int):
    """A need's joint problem analysis, and its chain to the initiative's goals."""
    need = need_or_404(need_id)
    figures = figure_names()
    form = AnalysisForm(obj=need)
    # No evidence yet is a choice too ("None"), not a missing one.
    form.evidence_figure.data = form.evidence_figure.data or ""
    form.evidence_series_id.data = form.evidence_series_id.data or 0
    form.evidence_figure.choices = choices([("", _("None")), *figures.items()])
    form.evidence_series_id.choices = choices([(0, _("None")), *statistics.titles(db.session())])
    if form.validate_on_submit():
        chosen = form.evidence_series_id.data
        series = db.session().get(StatisticSeries, chosen) if chosen else None
        problems.analyse(db.session(), need, {name: getattr(form, name).data for name in problems.ANALYSIS_FIELDS},
                         form.evidence_figure.data or None, series, figures, current_user)
        flash(_("Saved."))
        return redirect(url_for(".analyse_need", need_id=need.id))
    found = problems.chain(db.session(), need, structures(), current_app.config["MIN_RESPONDENTS"])
    return render_template("lead/need_analysis.html", need=need, form=form, chain=found, figures=figures
                           ), 400 if form.errors else 200


@bp.route("/needs/<int:need_id>/delete", methods=["GET", "POST"])
def delete_need(need_id: int):
    need = need_or_404(need_id)
    cycle = need.cycle
    if request.method == "GET":
        return render_template("lead/confirm.html", question=_("Remove this need?"), text=need.text,
                               back=url_for(".step", cycle_id=cycle.id, key="needs"))
    cycles.remove_item(db.session(), need, current_user)
    if htmx:
        return _needs_block(cycle)
    flash(_("The need is removed."))
    return redirect(url_for(".step", cycle_id=cycle.id, key="needs"))


# Activities: like needs, in place with htmx and as plain pages without it.

def _activity(activity_id: int) -> Activity:
    return part_of_cycle_or_404(Activity, activity_id)


def _needs_answered(cycle) -> str:
    """Step 6's needs, each with the activities that answer it, as they are now (out of band)."""
    return render_block("lead/step.html", "needs_answered", cycle=cycle, needs_answered=cycles.needs_answered(cycle),
                        oob=True, **labels())


def _activities_block(cycle, activity_form=None, status=200):
    return _with_the_state(cycle, "activities", render_block(
        "lead/step.html", "activities", cycle=cycle, activity_form=activity_form or activity_form_for(cycle),
        **labels()) + _needs_answered(cycle)), status


@bp.post("/cycles/<int:cycle_id>/activities")
def add_activity(cycle_id: int):
    cycle = cycle_or_404(cycle_id)
    form = activity_form_for(cycle, formdata=request.form)
    if not form.validate_on_submit():
        return _activities_block(cycle, form, 400) if htmx else step_page(cycle, "activities", 400,
                                                                           activity_form=form)
    cycles.add_item(db.session(), cycle, Activity(**form.values()), current_user)
    if htmx:
        return _activities_block(cycle)
    return redirect(url_for(".step", cycle_id=cycle.id, key="activities"))


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def edit_activity(activity_id: int):
    activity = _activity(activity_id)
    form = activity_form_for(activity.cycle, activity, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        cycles.update_item(db.session(), activity, form.values(), current_user)
        if htmx:
            return (render_block("lead/activity_edit.html", "activity", activity=activity, **labels())
                    + _needs_answered(activity.cycle))
        return redirect(url_for(".step", cycle_id=activity.cycle_id, key="activities"))
    status = 400 if request.method == "POST" else 200
    if htmx:
        return render_block("lead/activity_edit.html", "activity_form", activity=activity, form=form), status
    return render_template("lead/activity_edit.html", activity=activity, form=form), status


@bp.post("/cycles/<int:cycle_id>/pairing")
def offer_pairing(cycle_id: int):
    """Offer the young people a personal key to follow their own change, or stop (forgetting the keys)."""
    cycle = cycle_or_404(cycle_id)
    pairing.offer(db.session(), cycle, request.form.get("on") == "1", current_user)
    flash(_("The young people are offered a personal key.") if cycle.pairing_key
          else _("The young people are no longer offered the personal key, and the keys given are forgotten."))
    return redirect(url_for(".step", cycle_id=cycle.id, key="first_meeting") + "#pairing-heading")


@bp.post("/cycles/<int:cycle_id>/goals")
def link_goals(cycle_id: int):
    """Say which of the initiative's goals the cycle works toward (none: it stands on its own)."""
    cycle = cycle_or_404(cycle_id)
    known = {goal.id for goal in goals.goals(db.session())}
    sent = request.form.getlist("goal")
    if not all(value.isdigit() and int(value) in known for value in sent):
        return step_page(cycle, "first_meeting", 400, error=_("Choose among the initiative's goals."))
    cycles.link_goals(db.session(), cycle, [int(value) for value in sent], current_user)
    flash(_("Saved: the initiative's goals this cycle works toward."))
    return redirect(url_for(".step", cycle_id=cycle.id, key="first_meeting") + "#initiative-goals-heading")


@bp.post("/activities/<int:activity_id>/wins")
def note_win(activity_id: int):
    """What came of an activity, noted as it happens: back to the activity, or the step saying what is wrong."""
    activity = _activity(activity_id)
    made_by, _sep, organisation_id = request.form.get("made_by", "group").partition(":")
    organisation = db.session().get(Organisation, int(organisation_id)) if organisation_id.isdigit() else None
    try:
        cycles.note_win(db.session(), activity, request.form.get("text", ""), current_user, made_by, organisation)
    except cycles.NotAWin:
        return step_page(activity.cycle, "activities", 400,
                          error=_("Write what came of it first, in %(longest)s characters at most.",
                                  longest=cycles.WIN_LONGEST))
    flash(_("Saved."))
    return redirect(url_for(".step", cycle_id=activity.cycle_id, key="activities") + f"#activity-{activity.id}")


@bp.route("/activities/<int:activity_id>/delete", methods=["GET", "POST"])
def delete_activity(activity_id: int):
    activity = _activity(activity_id)
    cycle = activity.cycle
    back = url_for(".step", cycle_id=cycle.id, key="activities")
    if request.method == "GET":
        return render_template("lead/confirm.html", question=_("Remove this activity?"),
                               text=activity.title, back=back)
    cycles.remove_item(db.session(), activity, current_user)
    if htmx:
        return _activities_block(cycle)
    flash(_("The activity is removed."))
    return redirect(back)




def _made_from(conclusion_id: int):
    """A priority or an idea of a cycle this leader leads, with its words in the leader's language."""
    conclusion = db.session().get(Conclusion, conclusion_id)
    if conclusion is None or conclusion.kind not in ("priority", "idea") \
            or not access.can_lead(current_user, conclusion.cycle.group):
        abort(404)
    if conclusion.kind == "idea":
        return conclusion, None, conclusion.text
    priority = next(p for p in cycles.priorities(db.session(), conclusion.cycle, structures())
                    if p.conclusion is conclusion)
    return conclusion, priority, text(priority.title, get_locale().language)


def _naming_page(conclusion, words: str, title: str, status: int = 200, error: str | None = None):
    return render_template("lead/name_activity.html", conclusion=conclusion, words=words, title=title,
                           error=error), status


@bp.get("/conclusions/<int:conclusion_id>/activity")
def name_activity(conclusion_id: int):
    """Turn one of the group's priorities or the young people's ideas into an activity: first its name, starting
    from their own words."""
    conclusion, _priority, words = _made_from(conclusion_id)
    return _naming_page(conclusion, words, words[:TITLE_LONGEST])


@bp.post("/conclusions/<int:conclusion_id>/activity")
def activity_from_conclusion(conclusion_id: int):
    conclusion, priority, words = _made_from(conclusion_id)
    title = request.form.get("title", "").strip()
    if not title or len(title) > TITLE_LONGEST:
        return _naming_page(conclusion, words, title[:TITLE_LONGEST], 400,
                            _("Give the activity a name of at most %(n)s characters.", n=TITLE_LONGEST))
    cycle = conclusion.cycle
    activity = Activity(title=title, from_conclusion_id=conclusion.id,
                        focus_area_keys=[conclusion.focus_area_key] if priority else [],
                        indicator_keys=[priority.key] if priority else [])
    made = False
    try:
        with db.session().begin_nested():
            cycles.add_item(db.session(), cycle, activity, current_user)
    except IntegrityError:  # sent again: one activity is made from a priority or an idea (a unique constraint)
        db.session().expire(cycle, ["activities"])
        made = True
    flash(_("An activity is made from it already: it is below.") if made
          else _("“%(title)s” is now an activity: plan it below.", title=title))
    return redirect(url_for(".step", cycle_id=cycle.id, key="activities"))
