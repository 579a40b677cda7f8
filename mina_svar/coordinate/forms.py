from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from .. import organising
from ..forms import choices

ROLE_NAMES = {"leader": _l("Group leader"), "coordinator": _l("Coordinator"), "evaluator": _l("Evaluator"),
              "partner": _l("Partner"), "steering": _l("Steering group")}
ROLES = (("leader", _l("Group leader")), ("coordinator", _l("Coordinator")),
         ("evaluator", _l("Evaluator (reads the initiative's data)")),
         ("partner", _l("Partner (keeps its organisation's activities in the action plan)")),
         ("steering", _l("Steering group (reads)")))


class PartnerForm(FlaskForm):
    """A partner's sector and contact person."""

    sector = SelectField(_l("Sector"), validate_choice=True, default="")
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_email = EmailField(_l("The contact person's email"),
                               validators=[Optional(), Email(check_deliverability=False), Length(max=320)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sector.choices = choices([("", _l("Not said")), *organising.SECTOR_NAMES.items()])


class OrganisationForm(PartnerForm):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])


class PlaceForm(FlaskForm):
    name = StringField(_l("Name of the place"), validators=[DataRequired(), Length(max=200)])


class GroupPlaceForm(FlaskForm):
    place = SelectField(_l("Place"), coerce=int, validate_choice=True, default=0)


class InitiativeForm(FlaskForm):
    name = StringField(_l("Name of the initiative"), validators=[DataRequired(), Length(max=200)])
    purpose = TextAreaField(_l("What the initiative wants to change"), validators=[Optional(), Length(max=4000)],
                            render_kw={"rows": 3})


class RoundForm(FlaskForm):
    title = StringField(_l("Name of the routine Läget"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: Läget spring 2027. Every group gets it, with its own join code."))


class GroupForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=True)
    place = SelectField(_l("Place"), coerce=int, validate_choice=True, default=0)
    name = StringField(_l("Name of the group"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)],
                                render_kw={"rows": 2})


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False),
                                                 Length(max=320)])
    role = SelectField(_l("Role"), choices=choices(ROLES))
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=True)
    group = SelectField(_l("Leads the group"), coerce=int, validate_choice=True)


class AssignForm(FlaskForm):
    leader = SelectField(_l("Leader"), coerce=int, validate_choice=True)


class GoalForm(FlaskForm):
    result = TextAreaField(_l("The result, in plain words"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 2})
    focus_area = SelectField(_l("Focus area"), validate_choice=True, default="")


class KeyFigureForm(FlaskForm):
    figure = SelectField(_l("What the figure follows"), validate_choice=True)
    place = SelectField(_l("Where"), coerce=int, validate_choice=True, default=0)
    # An index from 0 to 100 for Läget, any number in a series' unit (goals.add_key_figure checks).
    baseline_value = FloatField(_l("Baseline value"), validators=[InputRequired()])
    baseline_on = DateField(_l("Baseline measured on"), validators=[InputRequired()])
    target_value = FloatField(_l("Target value"), validators=[InputRequired()])
    target_on = DateField(_l("Target date"), validators=[InputRequired()])


class GoalNoteForm(FlaskForm):
    kind = SelectField(_l("What the note tells"), validate_choice=True)
    text = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=4000)], render_kw={"rows": 3})
    written_on = DateField(_l("Date"), validators=[InputRequired()])


class GoalPartnerForm(FlaskForm):
    organisation = SelectField(_l("Partner"), coerce=int, validate_choice=True)
    role = StringField(_l("Its role"), validators=[DataRequired(), Length(max=500)])
