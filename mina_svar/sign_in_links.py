"""One-time links to choose a password: a coordinator's invitation, or a forgotten password.

A link works once, until it expires; choosing a password with it ends every other link of the account.
Nobody reads a password aloud: the new leader chooses their own on their first sign-in.
"""

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import accounts
from .models import SignInLink, User, utcnow

# An invitation waits for someone to read their mail; a forgotten password is asked for by its owner, now.
LIFETIMES = {"invitation": timedelta(days=7), "reset": timedelta(hours=2)}
LIFETIME_WORDS = {"invitation": _l("within 7 days"), "reset": _l("within 2 hours")}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make(session: Session, user: User, purpose: str) -> str:
    """A new link's token (the link is ``/sign-in/link/<token>``); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    session.add(SignInLink(user=user, token_hash=_hash(token), purpose=purpose,
                           expires_at=utcnow() + LIFETIMES[purpose]))
    session.flush()
    return token


def _usable(token: str):
    return (SignInLink.token_hash == _hash(token), SignInLink.used_at.is_(None), SignInLink.expires_at > utcnow())


def owner(session: Session, token: str) -> User | None:
    """Whose link this is, while it still works."""
    user = session.scalar(select(User).join(SignInLink, SignInLink.user_id == User.id).where(*_usable(token)))
    return user if user is not None and user.active else None


def use(session: Session, token: str, password: str) -> User | None:
    """Choose ``password`` with the link: the account, or None when the link no longer works.

    The link is spent by the statement that checks it, so two tabs sending it at once choose one password.
    """
    accounts.long_enough(password)
    user_id = session.execute(update(SignInLink).where(*_usable(token)).values(used_at=utcnow())
                              .returning(SignInLink.user_id).execution_options(synchronize_session=False)
                              ).scalar_one_or_none()
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        return None
    accounts.set_password(session, user, password)
    return user

