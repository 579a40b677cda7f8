"""What coordinators set up: organisations, groups, accounts, and who leads which group."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import accounts, questionnaire, sign_in_links
from .accounts import AccountError
from .models import Group, Organisation, User


def create_organisation(session: Session, name: str) -> Organisation:
    name = name.strip()
    if session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())):
        raise AccountError("name", _l("There is already an organisation with this name."))
    organisation = Organisation(name=name)
    session.add(organisation)
    session.flush()
    return organisation


def create_group(session: Session, organisation: Organisation, name: str, description: str = "") -> Group:
    group = Group(organisation=organisation, name=name.strip(), description=description.strip())
    session.add(group)
    session.flush()
    return group


def create_account(session: Session, email: str, name: str, role: str,
                   organisation: Organisation | None) -> tuple[User, str]:
    """A new account with no password, and the token of the invitation its owner chooses one with."""
    user = accounts.create_user(session, email, name, None, role, organisation)
    return user, sign_in_links.make(session, user, "invitation")


def assign_leader(session: Session, group: Group, user: User) -> None:
    if user not in group.leaders:
        group.leaders.append(user)
        session.flush()


def unassign_leader(session: Session, group: Group, user: User) -> None:
    if user in group.leaders:
        group.leaders.remove(user)
        session.flush()


def organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def people(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.name)))


def groups(session: Session) -> list[Group]:
    return list(session.scalars(select(Group).order_by(Group.name)))


def use_questionnaire(session: Session, organisation: Organisation, key: str) -> None:
    """Let the organisation's groups open Läget with the newest published version of the questionnaire
    ``key``; LookupError when it has none published."""
    if questionnaire.latest(session, key) is None:
        raise LookupError(key)
    organisation.questionnaire_key = key
    session.flush()
