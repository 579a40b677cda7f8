from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import choices

ROLES = (("leader", _l("Group leader")), ("coordinator", _l("Coordinator")))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])


class GroupForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=True)
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
