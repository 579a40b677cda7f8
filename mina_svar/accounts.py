"""Accounts of the people who sign in: leaders and coordinators."""

from functools import cache

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from . import ids
from .models import Organisation, SignInLink, User, utcnow

MIN_PASSWORD = 10
DEFAULT_HASH_METHOD = "scrypt"


def _method() -> str:
    """How passwords are hashed (werkzeug's method): scrypt, unless the app says otherwise (the tests use a
    cheap one: each scrypt hash costs a tenth of a second, by design)."""
    return current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_HASH_METHOD) if has_app_context() \
        else DEFAULT_HASH_METHOD


def _hashed(password: str) -> str:
    return generate_password_hash(password, method=_method())


@cache
def _no_such_user(method: str) -> str:
    """A hash to check against when no account has the email, so that a wrong email takes as long as a wrong
    password."""
    return generate_password_hash("no such user", method=method)


# The password hash of an account whose owner has not chosen a password yet: no password matches it.
NO_PASSWORD = ""


class AccountError(ValueError):
    """A field that does not fit; ``field`` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: Session, email: str, name: str, password: str | None, role: str = "leader",
                organisation: Organisation | None = None) -> User:
    """An account; with no ``password`` it has none until its owner chooses one with a link (sign_in_links)."""
    if find_user(session, email) is not None:
        raise AccountError("email", _l("There is already an account with this email address."))
    user = User(email=normalise_email(email), name=name.strip(), role=role, organisation=organisation,
                password_hash=_hashed(password) if password else NO_PASSWORD)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def load_user(session: Session, user_id: str) -> User | None:
    """The signed-in user from the session's id, if its password is unchanged and the user has not
    signed out since (see :meth:`User.get_id`)."""
    number, _, rest = user_id.partition(".")
    fingerprint, _, generation = rest.partition(".")
    found = ids.row_id(number)
    user = session.get(User, found) if found is not None else None
    if (user is None or not user.active or user.password_fingerprint != fingerprint
            or str(user.session_generation) != generation):
        return None
    return user


def end_sessions(session: Session, user: User) -> None:
    """Signing out: every session of this user, in any browser or copied cookie, ends now."""
    user.session_generation += 1
    session.flush()


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if user is None or user.password_hash == NO_PASSWORD:
        check_password_hash(_no_such_user(_method()), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise AccountError("current", _l("That is not your current password."))
    set_password(session, user, new)


def long_enough(new: str) -> None:
    if len(new) < MIN_PASSWORD:
        raise AccountError("new", _l("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD))


def set_password(session: Session, user: User, new: str) -> None:
    long_enough(new)
    user.password_hash = _hashed(new)
    # A link to choose a password stops working once one is chosen, by the link or otherwise.
    session.execute(update(SignInLink).where(SignInLink.user_id == user.id, SignInLink.used_at.is_(None))
                    .values(used_at=utcnow()).execution_options(synchronize_session=False))
    session.flush()
