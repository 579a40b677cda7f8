from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import accounts, db, i18n, mailing, sign_in_links
from ..extensions import limiter
from ..redirects import same_site_path
from . import bp, letters, lifetime
from .forms import ChoosePasswordForm, ForgotForm, PasswordForm, SignInForm


def _safe_next(target: str | None) -> str:
    return same_site_path(target) or url_for("lead.home")


def _account_tried() -> str:
    return "account:" + accounts.normalise_email(request.form.get("email", ""))[:320]


def _failed(response) -> bool:
    return response.status_code == 401


# Wrong passwords are counted per account (guessing one leader's password) and, more loosely,
# per address (guessing many): a school's shared address does not lock its leaders out, and a
# leader whose account is tried by someone else can still sign in from elsewhere after a while.
@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes; 30 per day", key_func=_account_tried, methods=["POST"], deduct_when=_failed)
@limiter.limit("30 per minute; 300 per hour", methods=["POST"], deduct_when=_failed)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session(), form.email.data, form.password.data)
        if user is not None:
            _begin(user)
            return redirect(_safe_next(request.args.get("next")))
        # One message, whether the email or the password was wrong.
        form.form_errors.append(_("That email and password do not match an account."))
        return render_template("account/sign_in.html", form=form), 401
    status = 400 if form.is_submitted() else 200
    return render_template("account/sign_in.html", form=form), status


def _begin(user) -> None:
    login_user(user)
    lifetime.begin()
    if user.language:
        i18n.choose(user.language)  # the language they chose last time, on any device


# Every request counts, not just the failed ones: each may send a letter to someone's inbox. The count per
# address asked for is kept whether or not it has an account, so a refusal tells nothing either.
@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per hour; 10 per day", key_func=_account_tried, methods=["POST"])
@limiter.limit("30 per minute; 300 per hour", methods=["POST"])
def forgot_password():
    form = ForgotForm()
    if not mailing.configured():
        return render_template("account/forgot.html", form=None)
    if form.validate_on_submit():
        response = make_response(render_template("account/forgot.html", form=None, sent=True))
        user = accounts.find_user(db.session(), form.email.data)
        if user is not None and user.active:
            mailing.send_after(response, letters.reset(user, sign_in_links.make(db.session(), user, "reset")))
        return response
    status = 400 if form.is_submitted() else 200
    return render_template("account/forgot.html", form=form), status


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    """An invitation's or forgotten password's link: the owner chooses a password and is signed in."""
    owner = sign_in_links.owner(db.session(), token)
    if owner is None:
        return _spent()
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            user = sign_in_links.use(db.session(), token, form.new.data)
        except accounts.AccountError as error:
            form.new.errors.append(str(error))
        else:
            if user is None:  # spent a moment ago, in another tab
                return _spent()
            _begin(user)
            flash(_("Your password is chosen. Welcome, %(name)s.", name=user.name))
            return redirect(url_for("lead.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/choose_password.html", form=form, owner=owner), status


def _spent():
    return render_template("account/link_spent.html", mail=mailing.configured()), 404


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        # Every copy of this sign-in ends, not just the cookie in this browser.
        accounts.end_sessions(db.session(), current_user)
    logout_user()
    flash(_("You are signed out."))
    return redirect(url_for("account.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(db.session(), current_user, form.current.data, form.new.data)
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            login_user(current_user)  # the session's id carries the new password's fingerprint
            flash(_("Your password is changed."))
            return redirect(url_for("lead.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/password.html", form=form), status
