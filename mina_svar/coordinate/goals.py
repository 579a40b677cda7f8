"""The initiative's goals: each with its key figures and their curves, dated notes and partners (goals.py)."""

from datetime import date
from functools import partial

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from .. import db, goals, organising, performance, statistics
from ..forms import choices
from ..models import Goal, Organisation, Place
from . import bp
from .forms import GoalForm, GoalNoteForm, GoalPartnerForm, KeyFigureForm
from .pooled import figure_names


def _goal_form(sent: bool = False) -> GoalForm:
    form = GoalForm(prefix="goal", **({} if sent else {"formdata": None}))
    form.focus_area.choices = choices([("", _l("None in particular")), *figure_names(areas_only=True).items()])
    return form


@bp.route("/goals", methods=["GET", "POST"])
def goal_list():
    form = _goal_form(sent=True)
    if form.validate_on_submit():
        goal = goals.create_goal(db.session(), form.result.data, form.focus_area.data)
        flash(_("The goal is added. Now give it a key figure: where it starts, and where you want it by when."))
        return redirect(url_for(".goal", goal_id=goal.id))
    found = goals.goals(db.session())
    curves = goals.curves(db.session(), [figure for goal in found for figure in goal.key_figures],
                          current_app.extensions["mina_svar.structures"], current_app.config["MIN_RESPONDENTS"])
    return render_template("coordinate/goals.html", goals=found, form=form, curves=curves,
                           figure_name=partial(goals.figure_name, names=figure_names()),
                           areas={c.value: c.label for c in form.focus_area.choices}), 400 if form.errors else 200


def _forms(sent: str | None = None):
    """The goal page's forms, each empty or as sent (``sent``: which one)."""
    session = db.session()

    def made(form_class, name):
        return form_class(prefix=name, **({} if sent == name else {"formdata": None}))

    figure = made(KeyFigureForm, "figure")
    figure.figure.choices = [*(SelectChoice(key, name, optgroup=_("Läget")) for key, name in figure_names().items()),
                             *(SelectChoice(f"{goals.ACTIVITY}{key}", name, optgroup=_("Activities that answer it"))
                               for key, name in goals.MEASURE_NAMES.items()),
                             *(SelectChoice(f"{goals.SERIES}{series_id}", title, optgroup=_("Public statistics"))
                               for series_id, title in statistics.titles(session))]
    figure.place.choices = choices([(0, _l("The whole initiative")),
                                    *((p.id, p.name) for p in organising.places(session))])
    note = made(GoalNoteForm, "note")
    note.kind.choices = choices(goals.NOTE_NAMES.items())
    if sent != "note":
        note.written_on.data = date.today()
    partner = made(GoalPartnerForm, "partner")
    partner.organisation.choices = choices((o.id, o.name) for o in organising.organisations(session))
    return {"figure_form": figure, "note_form": note, "partner_form": partner}


# The activities a goal's page lists one by one, the newest first; the rest are a link away.
NEWEST_ACTIVITIES = 20


def _measured(goal: Goal):
    """The measures of every activity that answers ``goal``, and the activities read."""
    minimum = current_app.config["MIN_RESPONDENTS"]
    activities = performance.of_goal(db.session(), goal.id)
    return performance.measures(db.session(), activities, current_app.extensions["mina_svar.structures"],
                                minimum), activities


def _page(goal: Goal, status: int = 200, forms=None):
    minimum = current_app.config["MIN_RESPONDENTS"]
    structures = current_app.extensions["mina_svar.structures"]
    measured, activities = _measured(goal)
    curves = goals.curves(db.session(), goal.key_figures, structures, minimum, {goal.id: activities}).values()
    newest = sorted(measured, key=lambda m: (performance.started(m.activity), m.activity.id), reverse=True)
    return render_template("coordinate/goal.html", goal=goal, curves=curves,
                           figure_name=partial(goals.figure_name, names=figure_names()),
                           measured=newest[:NEWEST_ACTIVITIES], activity_count=len(measured),
                           total=performance.summed(measured), partners=partner_sums(measured),
                           area_names=figure_names(True), note_names=goals.NOTE_NAMES, **(forms or _forms())), status


def partner_sums(measured) -> list[tuple[str, performance.Sum]]:
    """The measures summed per partner responsible, by the partner's name (no partner last)."""
    names = {o.id: o.name for o in organising.organisations(db.session())}
    sums = performance.by_partner(measured)
    return sorted(((names[key] if key is not None else _("No partner responsible"), found)
                   for key, found in sums.items()), key=lambda pair: (pair[0] == _("No partner responsible"),
                                                                        pair[0].casefold()))


@bp.get("/goals/<int:goal_id>/activities")
def goal_activities(goal_id: int):
    goal = db.session().get(Goal, goal_id) or abort(404)
    measured, _activities = _measured(goal)
    return render_template("coordinate/goal_activities.html", goal=goal, measured=measured,
                           total=performance.summed(measured), partners=partner_sums(measured),
                           area_names=figure_names(True))


@bp.get("/goals/<int:goal_id>")
def goal(goal_id: int):
    return _page(db.session().get(Goal, goal_id) or abort(404))


@bp.post("/goals/<int:goal_id>/figures")
def add_key_figure(goal_id: int):
    def add(goal, form) -> str:
        place = db.session().get(Place, form.place.data) if form.place.data else None
        goals.add_key_figure(db.session(), goal, form.figure.data, figure_names(), place,
                             (form.baseline_value.data, form.baseline_on.data),
                             (form.target_value.data, form.target_on.data))
        return _("The key figure is added.")

    return _sent(goal_id, "figure", add)


@bp.post("/goals/<int:goal_id>/notes")
def add_goal_note(goal_id: int):
    def add(goal, form) -> str:
        goals.add_note(db.session(), goal, form.kind.data, form.text.data, form.written_on.data)
        return _("The note is added.")

    return _sent(goal_id, "note", add)


@bp.post("/goals/<int:goal_id>/partners")
def give_goal_role(goal_id: int):
    def give(goal, form) -> str:
        organisation = db.session().get_one(Organisation, form.organisation.data)
        goals.give_role(db.session(), goal, organisation, form.role.data)
        return _("%(partner)s has a role in this goal.", partner=organisation.name)

    return _sent(goal_id, "partner", give)


def _sent(goal_id: int, name: str, act):
    """One of the goal page's forms sent: ``act(goal, form)`` does it and says what was done; refused, the page
    again with what is wrong beside its field."""
    goal = db.session().get(Goal, goal_id) or abort(404)
    forms = _forms(name)
    form = forms[f"{name}_form"]
    if form.validate_on_submit():
        try:
            said = act(goal, form)
        except goals.GoalError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(said)
            return redirect(url_for(".goal", goal_id=goal.id))
    return _page(goal, 400, forms=forms)
