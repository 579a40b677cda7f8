"""Demo data: an organisation, a group, a leader and an open measurement."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import accounts, measuring, questionnaire
from .models import Group, Measurement, Organisation

ORGANISATION = "Demoföreningen"
GROUP = "Demogruppen"
LEADER_EMAIL = "ledare@example.org"
LEADER_PASSWORD = "demo-ledare"


@dataclass(frozen=True)
class Demo:
    code: str
    leader_email: str
    leader_password: str


def create(session: Session) -> Demo:
    """Create the demo once; running it again finds what is there."""
    organisation = session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
    if organisation is None:
        organisation = Organisation(name=ORGANISATION)
        session.add(organisation)
    group = session.scalar(select(Group).where(Group.name == GROUP, Group.organisation == organisation))
    if group is None:
        group = Group(name=GROUP, organisation=organisation, description="En grupp att prova Mina Svar med.")
        session.add(group)
    leader = accounts.find_user(session, LEADER_EMAIL)
    if leader is None:
        leader = accounts.create_user(session, LEADER_EMAIL, "Demoledare", LEADER_PASSWORD,
                                      organisation=organisation)
    if leader not in group.leaders:
        group.leaders.append(leader)
    session.commit()
    measurement = session.scalar(
        select(Measurement).where(Measurement.group_id == group.id, Measurement.state == "open").limit(1)
    )
    if measurement is None:
        laget = questionnaire.latest(session) or questionnaire.load_file(session)
        measurement = measuring.open_measurement(session, laget, group, title="Läget – demo")
    return Demo(measurement.code, LEADER_EMAIL, LEADER_PASSWORD)
