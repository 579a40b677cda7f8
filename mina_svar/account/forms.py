from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ..accounts import MIN_PASSWORD


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


TOO_SHORT = _l("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD)


class ForgotForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)],
                       render_kw={"autocomplete": "username"})


class ChoosePasswordForm(FlaskForm):
    new = PasswordField(_l("New password"),
                        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200, message=TOO_SHORT)],
                        render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("New password again"),
                           validators=[DataRequired(), EqualTo("new", _l("The two new passwords differ."))],
                           render_kw={"autocomplete": "new-password"})


class PasswordForm(ChoosePasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
