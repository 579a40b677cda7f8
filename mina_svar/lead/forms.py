"""Forms of the leaders' workspace; each step's own fields are listed in STEP_FIELDS."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..cycles import ACTIVITY_FIELDS, NEED_SOURCES
from ..forms import choices
from ..models.cycles import ACTIVITY_STATES

SOURCES = dict(zip(NEED_SOURCES, (_l("Conversation"), _l("Observation"), _l("Statistics"),
                                   _l("Survey"), _l("Other")), strict=True))
ACTIVITY_STATUSES = dict(zip(ACTIVITY_STATES, (_l("Planned"), _l("Running"), _l("Carried out"), _l("Cancelled")),
                             strict=True))
TEXT = [Optional(), Length(max=5000)]


class CycleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    period_start = DateField(_l("From"), validators=[Optional()])
    period_end = DateField(_l("To"), validators=[Optional()])

    def validate_period_end(self, field):
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period cannot end before it starts."))


class NeedForm(FlaskForm):
    text = TextAreaField(_l("Need"), validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 2})
    source = SelectField(_l("Source"), choices=choices(SOURCES.items()))
    focus_area = SelectField(_l("Focus area"), choices=[])  # the cycle's questionnaire's, set by the view

    def values(self) -> dict:
        return {"text": self.text.data.strip(), "source": self.source.data,
                "focus_area_key": self.focus_area.data or None}


class AnalysisForm(FlaskForm):
    """A need's joint problem analysis (problems.py)."""

    root_causes = TextAreaField(_l("Its root causes"), validators=TEXT, render_kw={"rows": 3})
    known = TextAreaField(_l("What we know"), validators=TEXT, render_kw={"rows": 2})
    unknown = TextAreaField(_l("What we do not know"), validators=TEXT, render_kw={"rows": 2})
    part_of_problem = TextAreaField(_l("Who is part of the problem (and so of its answer)"), validators=TEXT,
                                    render_kw={"rows": 2})
    evidence_figure = SelectField(_l("Evidence in Läget"), validate_choice=True, default="")
    evidence_series_id = SelectField(_l("Evidence in public statistics"), coerce=int, validate_choice=True,
                                     default=0)
    evidence_words = TextAreaField(_l("Evidence from conversations"), validators=TEXT, render_kw={"rows": 2})


class ActivityPlanForm(FlaskForm):
    """When an activity runs, its status and how much it did: on the group's page and in the action plan."""

    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(ACTIVITY_STATUSES.items()))
    sessions = IntegerField(_l("Times it met"), validators=[Optional(), NumberRange(min=0, max=1000)])
    attendance = IntegerField(_l("Attendance (number of young people)"),
                              validators=[Optional(), NumberRange(min=0, max=1000)])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("An activity cannot end before it starts."))


class ActivityForm(ActivityPlanForm):
    title = StringField(_l("Activity"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=TEXT, render_kw={"rows": 2})
    focus_area_keys = SelectMultipleField(_l("Focus areas"), choices=[],
                                          widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    indicator_keys = SelectMultipleField(_l("Indicators"), choices=[], widget=ListWidget(prefix_label=False),
                                         option_widget=CheckboxInput())
    need_ids = SelectMultipleField(_l("The needs it answers"), choices=[], coerce=int,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    goal_ids = SelectMultipleField(_l("The initiative's goals it answers"), choices=[], coerce=int,
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    responsible_organisation_id = SelectField(_l("Responsible organisation"), coerce=int, choices=[])

    def values(self) -> dict:
        values = {name: getattr(self, name).data for name in ACTIVITY_FIELDS}
        values["responsible_organisation_id"] = values["responsible_organisation_id"] or None
        values["description"] = values["description"] or ""
        return values


def _attendance():
    return IntegerField(_l("Attendance (number of young people)"),
                        validators=[Optional(), NumberRange(min=0, max=1000)])


STEP_FIELDS = {
    "first_meeting": lambda _areas: {
        "held_on": DateField(_l("Date of the meeting"), validators=[Optional()]),
        "attendance": _attendance(),
        "expectations": TextAreaField(_l("The group's expectations"), validators=TEXT),
        "goals": TextAreaField(_l("Overall goals"), validators=TEXT),
        "measurement_plan": TextAreaField(_l("How measuring will be done"), validators=TEXT),
    },
    "baseline": lambda _areas: {"attendance": _attendance()},
    "leader_analysis": lambda areas: {
        **{f"notes_{key}": TextAreaField(_l("Notes: %(area)s", area=label), validators=TEXT) for key, label in areas},
        "findings": TextAreaField(_l("Flagged findings"), validators=TEXT),
    },
    "group_analysis": lambda _areas: {
        "interpretations": TextAreaField(_l("The group's interpretations"), validators=TEXT),
        "priorities": TextAreaField(_l("Priorities"), validators=TEXT),
        "decisions": TextAreaField(_l("Decisions"), validators=TEXT),
    },
    "activities": lambda _areas: {"notes": TextAreaField(_l("Notes on the activities"), validators=TEXT)},
    "follow_up": lambda _areas: {
        "attendance": _attendance(),
        "reflection": TextAreaField(_l("What changed? A reflection"), validators=TEXT),
    },
}


def record_form(step_key: str, record: dict, version: int, formdata,
                areas: list[tuple[str, str]]) -> FlaskForm | None:
    """The form of a step's own fields, filled from its record; None for a step with none. ``areas``
    are the focus areas of the cycle's questionnaire, each a key and its title."""
    if step_key not in STEP_FIELDS:
        return None
    fields = STEP_FIELDS[step_key](areas)

    class RecordForm(FlaskForm):
        # What the page was loaded with; a bad one is a 400, never taken for another leader's save.
        version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 2**31 - 1)])

    for name, unbound in fields.items():
        setattr(RecordForm, name, unbound)
    data = {name: _from_record(record.get(name), unbound) for name, unbound in fields.items()}
    form = RecordForm(formdata=formdata, data={**data, "version": version})
    form.record_fields = list(fields)
    return form


def _from_record(value, unbound):
    if value and unbound.field_class is DateField:
        return date.fromisoformat(value)
    return value


def record_values(form) -> dict:
    """The form's step fields as JSON-ready values."""
    values = {}
    for name in form.record_fields:
        value = getattr(form, name).data
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values
