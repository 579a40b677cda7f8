"""What coordinators set up: the initiative, its places and partner organisations, groups, accounts, and who
leads which group."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import accounts, questionnaire, sign_in_links
from .accounts import AccountError
from .models import SECTORS, Group, Initiative, Organisation, Place, StatisticValue, User

# The sectors' names, in the order partners are listed by.
SECTOR_NAMES = {"work": _l("Work"), "housing": _l("Housing"), "health": _l("Health"), "leisure": _l("Leisure"),
                "education": _l("Education"), "democracy": _l("Democracy and influence")}


def name_taken(session: Session, column, name: str) -> bool:
    """Whether ``name`` is already used in ``column``, whatever its capitals."""
    return session.scalar(select(column).where(func.lower(column) == name.lower()).limit(1)) is not None


def initiative(session: Session) -> Initiative:
    """The initiative: made, unnamed, the first time it is asked for."""
    found = session.scalar(select(Initiative).order_by(Initiative.id).limit(1))
    if found is None:
        found = Initiative(name="", purpose="")
        session.add(found)
        session.flush()
    return found


def describe_initiative(session: Session, name: str, purpose: str) -> Initiative:
    found = initiative(session)
    found.name, found.purpose = name.strip(), purpose.strip()
    session.flush()
    return found


def create_organisation(session: Session, name: str, sector: str | None = None, contact_name: str = "",
                        contact_email: str = "") -> Organisation:
    name = name.strip()
    if name_taken(session, Organisation.name, name):
        raise AccountError("name", _l("There is already an organisation with this name."))
    organisation = Organisation(name=name)
    describe_partner(organisation, sector, contact_name, contact_email)
    session.add(organisation)
    session.flush()
    return organisation


def describe_partner(organisation: Organisation, sector: str | None, contact_name: str, contact_email: str) -> None:
    """A partner's sector (one of SECTORS, or None) and its contact person."""
    if sector is not None and sector not in SECTORS:
        raise AccountError("sector", _l("Choose one of the sectors."))
    organisation.sector = sector
    organisation.contact_name, organisation.contact_email = contact_name.strip(), contact_email.strip()


def create_place(session: Session, name: str) -> Place:
    name = name.strip()
    if name_taken(session, Place.name, name):
        raise AccountError("name", _l("There is already a place with this name."))
    place = Place(name=name)
    session.add(place)
    session.flush()
    # Public statistics imported before the place was named: their values for an area of its name are its.
    # Compared in Python: SQLite's lower() leaves Ö as it is.
    untied = session.execute(select(StatisticValue.id, StatisticValue.area).where(StatisticValue.place_id.is_(None)))
    ids = [value_id for value_id, area in untied if area.casefold() == name.casefold()]
    if ids:
        session.execute(update(StatisticValue).where(StatisticValue.id.in_(ids)).values(place_id=place.id))
    return place


def places(session: Session) -> list[Place]:
    return list(session.scalars(select(Place).order_by(Place.name)))


def create_group(session: Session, organisation: Organisation, name: str, description: str = "",
                 place: Place | None = None) -> Group:
    group = Group(organisation=organisation, name=name.strip(), description=description.strip(), place=place)
    session.add(group)
    session.flush()
    return group


def move_group(session: Session, group: Group, place: Place | None) -> None:
    """Where the group meets (None: not said)."""
    group.place = place
    session.flush()


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
