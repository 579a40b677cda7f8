"""The letters that let someone choose a password: an invitation, and a forgotten password."""

from flask import render_template
from flask_babel import gettext as _

from ..mailing import Letter, address
from ..models import Group, User
from ..sign_in_links import LIFETIME_WORDS


def link(token: str) -> str:
    return address("account.choose_password", token=token)


def invitation(user: User, inviter: User, group: Group | None, token: str) -> Letter:
    return Letter(user.email, _("Your account on Mina Svar"),
                  render_template("email/invitation.txt", user=user, inviter=inviter, group=group, link=link(token),
                                  within=LIFETIME_WORDS["invitation"]))


def reset(user: User, token: str) -> Letter:
    return Letter(user.email, _("Choose a new password for Mina Svar"),
                  render_template("email/reset.txt", user=user, link=link(token), within=LIFETIME_WORDS["reset"]))
