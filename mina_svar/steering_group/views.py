"""The five questions' page, and the steering group's notes and decisions on it (steering.py)."""

from datetime import date

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from .. import db, steering
from ..config import LANGUAGES
from ..forms import choices
from . import bp

KIND_NAMES = {"note": _l("Note"), "decision": _l("Decision")}


class NoteForm(FlaskForm):
    kind = SelectField(_l("What it is"), choices=choices(KIND_NAMES.items()))
    question = SelectField(_l("Question"), validate_choice=True, default="")
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=4000)], render_kw={"rows": 3})
    written_on = DateField(_l("Date"), validators=[InputRequired()])


def _form(sent: bool = False) -> NoteForm:
    form = NoteForm(**({} if sent else {"formdata": None}))
    form.question.choices = choices([("", _l("None of them")), *steering.QUESTIONS.items()])
    if not sent:
        form.written_on.data = date.today()
    return form


def _page(form: NoteForm, status: int = 200):
    session = db.session()
    found = steering.answers(session, current_app.extensions["mina_svar.structures"],
                             current_app.config["MIN_RESPONDENTS"])
    return render_template("steering/home.html", answers=found, questions=steering.QUESTIONS,
                           notes=steering.notes(session), kinds=KIND_NAMES, form=form,
                           may_write=steering.may_write(current_user), languages=LANGUAGES,
                           minimum=current_app.config["MIN_RESPONDENTS"]), status


@bp.get("/")
def home():
    return _page(_form())


@bp.post("/notes")
def write_note():
    form = _form(sent=True)
    if not steering.may_write(current_user):
        return _page(form, 403)
    if form.validate_on_submit():
        try:
            steering.write(db.session(), current_user, form.written_on.data, form.kind.data,
                           form.question.data or None, form.text.data)
        except steering.NotANote as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("Written down."))
            return redirect(url_for(".home"))
    return _page(form, 400)
