"""A routine Läget: a coordinator opens one Läget for every group at once, outside the cycles, two or three
times a year, and closes it for all; each group answers its own, with its own join code, which its leaders
find on the group's page. Its results count like any Läget's: the group's own, and the initiative's pooled
(pooling.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import measuring, organising, questionnaire
from .accounts import AccountError
from .models import Group, Round, utcnow


def open_round(session: Session, title: str, groups: list[Group]) -> Round:
    """A round named ``title`` with an open Läget for each of ``groups``, each in the version its organisation
    measures with. A name is used once (a unique rule: the second of two at once is refused by the database)."""
    title = title.strip()
    if organising.name_taken(session, Round.title, title):
        raise AccountError("title", _l("There is already a routine Läget with this name."))
    found = Round(title=title)
    session.add(found)
    session.flush()
    for group in groups:
        asked = (questionnaire.latest(session, group.organisation.questionnaire_key or questionnaire.SHIPPED_KEY)
                 or questionnaire.latest(session) or questionnaire.load_file(session))
        measurement = measuring.open_measurement(session, asked, group, title=title)
        measurement.round = found
    session.flush()
    return found


def close_round(session: Session, found: Round, minimum: int) -> int:
    """Close every Läget of the round that is still open (each releases its answers); how many were open."""
    still_open = [m for m in found.measurements if m.is_open]
    for measurement in still_open:
        measuring.close_measurement(session, measurement, minimum)
    found.closed_at = found.closed_at or utcnow()
    session.flush()
    return len(still_open)


def rounds(session: Session) -> list[Round]:
    """Every round, the newest first, with its Läget."""
    return list(session.scalars(select(Round).options(selectinload(Round.measurements))
                                .order_by(Round.opened_at.desc(), Round.id.desc())))
