"""The leaders' groups and cycles, and each step's page and record."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block

from .. import (
    access,
    carrying_over,
    cycles,
    db,
    measuring,
)
from ..extensions import htmx
from ..models import STEP_KEYS
from . import bp
from .common import (
    cycle_or_404,
    focus_areas_of,
    group_or_404,
    next_step_url,
    step_page,
    structures,
)
from .forms import (
    CycleForm,
    record_form,
    record_values,
)
from .guidance import CYCLE


@bp.get("/")
def home():
    return render_template("lead/home.html", groups=access.groups_for(db.session(), current_user))


@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group(group_id: int):
    group = group_or_404(group_id)
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
    return _cycle_page(cycle_or_404(cycle_id))


def _cycle_page(cycle, next_form: CycleForm | None = None, status: int = 200):
    carried = carrying_over.carried_over(cycle)  # its needs are the ones nothing answers yet, done or not
    return render_template("lead/cycle.html", cycle=cycle, steps=cycles.steps(cycle), cycle_guide=CYCLE,
                           done=cycles.is_done(cycle), carried=carried,
                           next_form=next_form or CycleForm(formdata=None),
                           current=cycles.current_step(cycle), history=cycles.history(db.session(), cycle),
                           board=cycles.board(cycle, cycles.priorities(db.session(), cycle, structures())),
                           decisions=cycles.decisions(cycle), ideas=cycles.ideas(cycle)), status


@bp.post("/cycles/<int:cycle_id>/next")
def next_cycle(cycle_id: int):
    """Once a cycle is done: the group's next one, with what carries over."""
    previous = cycle_or_404(cycle_id)
    if not cycles.is_done(previous):
        flash(_("The next cycle starts once every step of this one is done."))
        return redirect(url_for(".cycle", cycle_id=previous.id))
    form = CycleForm()
    if not form.validate_on_submit():
        return _cycle_page(previous, form, 400)
    cycle = carrying_over.next_cycle(db.session(), previous, form.title.data, form.period_start.data,
                                     form.period_end.data, current_user)
    return redirect(url_for(".cycle", cycle_id=cycle.id))
















def _step_key(key: str) -> str:
    if key not in STEP_KEYS:
        abort(404)
    return key


@bp.get("/cycles/<int:cycle_id>/steps/<key>")
def step(cycle_id: int, key: str):
    return step_page(cycle_or_404(cycle_id), _step_key(key))


def _draft_status(cycle, step, form, status=200, conflict=None):
    """The line beside a step's notes after a draft was saved as the leader typed."""
    return render_block("lead/step.html", "draft_status", cycle=cycle, step=step, record=form, conflict=conflict,
                        saved=status == 200), status


@bp.post("/cycles/<int:cycle_id>/steps/<key>")
def save_step(cycle_id: int, key: str):
    """Save a step's notes: as a draft while typing (htmx), or with Save or Done (a plain form, so it works
    without JavaScript); Done also marks the step done and goes on to the next one."""
    cycle = cycle_or_404(cycle_id)
    step = cycles.step(cycle, _step_key(key))
    form = record_form(key, step.record, step.version, formdata=request.form, areas=focus_areas_of(cycle))
    if form is None:
        abort(404)
    if not form.validate():
        return _draft_status(cycle, step, form, 400) if htmx else step_page(cycle, key, 400, record=form)
    try:
        cycles.save_record(db.session(), step, record_values(form), form.version.data, current_user)
    except cycles.Conflict:
        db.session().refresh(step)
        if htmx:
            # The draft keeps the version it was loaded with: it is not saved over the other leader's text
            # until the leader has seen theirs and saves with the button.
            return _draft_status(cycle, step, form, 409, conflict=step)
        form.version.data = step.version
        return step_page(cycle, key, 409, record=form, conflict=step)
    if htmx:
        return _draft_status(cycle, step, form)
    if request.form.get("done") == "1":
        cycles.set_state(db.session(), step, True, current_user)
        flash(_("Saved, and step %(n)s is done.", n=STEP_KEYS.index(key) + 1))
        return redirect(next_step_url(cycle, key))
    flash(_("Saved."))
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


@bp.post("/cycles/<int:cycle_id>/steps/<key>/state")
def step_state(cycle_id: int, key: str):
    cycle = cycle_or_404(cycle_id)
    step = cycles.step(cycle, _step_key(key))
    done = request.form.get("done") == "1"
    cycles.set_state(db.session(), step, done, current_user)
    if done:
        flash(_("Step %(n)s is done.", n=STEP_KEYS.index(key) + 1))
        return redirect(next_step_url(cycle, key))
    return redirect(url_for(".step", cycle_id=cycle.id, key=key))


