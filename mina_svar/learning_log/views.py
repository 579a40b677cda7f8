"""The learning log (learning.py): the entries across the initiative, and a form to write one."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .. import access, cycles, db, goals, learning, plan
from ..forms import choices
from ..lead.common import STEP_TITLES
from ..models import Activity, Cycle, Goal
from . import bp


class EntryForm(FlaskForm):
    tried = TextAreaField(_l("What we tried"), validators=[Optional(), Length(max=learning.LONGEST)],
                          render_kw={"rows": 2})
    happened = TextAreaField(_l("What happened"), validators=[Optional(), Length(max=learning.LONGEST)],
                             render_kw={"rows": 2})
    learned = TextAreaField(_l("What we learned"), validators=[DataRequired(), Length(max=learning.LONGEST)],
                            render_kw={"rows": 3})
    changing = TextAreaField(_l("What we change"), validators=[Optional(), Length(max=learning.LONGEST)],
                             render_kw={"rows": 2})
    written_on = DateField(_l("Date"), validators=[InputRequired()])
    goal = SelectField(_l("Goal"), coerce=int, validate_choice=True, default=0)
    activity = SelectField(_l("Activity"), coerce=int, validate_choice=True, default=0)
    cycle = SelectField(_l("Cycle"), coerce=int, validate_choice=True, default=0)


class LogFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    goal = SelectField(_l("Goal"), coerce=int, validate_choice=True, default=0)


def _form(sent: bool = False) -> EntryForm:
    session = db.session()
    form = EntryForm(**({} if sent else {"formdata": None}))
    if not sent:
        form.written_on.data = date.today()
    form.goal.choices = choices([(0, _l("None")), *((g.id, g.result) for g in goals.goals(session))])
    mine = [a for a in plan.activities(session) if learning.may_tie(current_user, a)]
    form.activity.choices = choices([(0, _l("None")), *((a.id, f"{a.title} ({a.cycle.group.name})") for a in mine)])
    groups = [] if current_user.leads_nothing else access.groups_for(session, current_user)
    form.cycle.choices = choices([(0, _l("None")), *(
        (c.id, f"{c.title} ({g.name})") for g in groups for c in cycles.cycles_of(session, g))])
    return form


def _page(form: EntryForm, status: int = 200):
    session = db.session()
    chosen = LogFilter(request.args)
    chosen.goal.choices = choices([(0, _l("Every goal")), *((g.id, g.result) for g in goals.goals(session))])
    valid = chosen.validate()
    return render_template("learning/log.html", form=form, chosen=chosen, step_titles=STEP_TITLES,
                           entries=learning.entries(session, chosen.goal.data or None) if valid else [],
                           may_write=learning.may_write(current_user)), status if valid else 400


@bp.get("/")
def log():
    return _page(_form())


@bp.post("/")
def write():
    form = _form(sent=True)
    if not learning.may_write(current_user):
        return _page(form, 403)
    if form.validate_on_submit():
        session = db.session()
        try:
            learning.write(session, current_user, form.written_on.data, form.learned.data, form.tried.data or "",
                           form.happened.data or "", form.changing.data or "",
                           session.get(Goal, form.goal.data) if form.goal.data else None,
                           session.get(Activity, form.activity.data) if form.activity.data else None,
                           session.get(Cycle, form.cycle.data) if form.cycle.data else None)
        except learning.NotAnEntry as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("The entry is in the log."))
            return redirect(url_for(".log"))
    return _page(form, 400)
