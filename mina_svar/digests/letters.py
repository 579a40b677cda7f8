"""The digest by e-mail to the partners' people and the steering group, each in the language they last chose
on the site (the default language when they never chose)."""

from functools import partial

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import digest, mailing
from ..config import DEFAULT_LANGUAGE
from ..coordinate.pooled import figure_names
from ..goals import figure_name
from ..models import User


def readers(session: Session) -> list[User]:
    """Who gets the digest: every active partner's person and steering-group member."""
    return list(session.scalars(select(User).where(User.role.in_(("partner", "steering")), User.active)
                                .order_by(User.id)))


def letter(user: User, found: digest.Digest) -> mailing.Letter:
    language = user.language or DEFAULT_LANGUAGE
    with force_locale(language):
        named = partial(figure_name, names=figure_names())  # the focus areas' names in the reader's language
        return mailing.Letter(
            user.email, _("The digest of Mina Svar: %(period)s", period=found.span.label),
            render_template("email/digest.txt", user=user, digest=found, figure_name=named,
                            page=mailing.address("digest.page", period=found.span.key),
                            pdf=mailing.address("digest.pdf", period=found.span.key, lang=language)))


def send(session: Session, found: digest.Digest) -> tuple[int, int]:
    """Send ``found`` to every reader: (how many the mail server took, how many readers)."""
    sent = [mailing.send(letter(user, found)) for user in readers(session)]
    return sum(sent), len(sent)
