from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from ..lead.forms import ActivityPlanForm


class PlanFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    goal = SelectField(_l("Goal"), coerce=int, validate_choice=True, default=0)
    area = SelectField(_l("Focus area"), validate_choice=True, default="")
    indicator = SelectField(_l("Indicator"), validate_choice=True, default="")
    place = SelectField(_l("Place"), coerce=int, validate_choice=True, default=0)
    organisation = SelectField(_l("Partner"), coerce=int, validate_choice=True, default=0)


class KeepForm(ActivityPlanForm):
    """What a partner keeps of an activity in the plan: who at the partner, with when, status and how much."""

    responsible_person = StringField(_l("Person responsible"), validators=[Optional(), Length(max=200)])
