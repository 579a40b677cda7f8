"""What the young people put on the initiative's agenda from their joint analyses: proposals of what Läget
should ask about (a focus area or a question) and ideas for activities, with how many phones support each.
Coordinators see them across groups and adopt one: into the next questionnaire version (to be written into a
draft), or into the action plan (an activity of the group's cycle, made from the idea)."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from . import cycles
from .models import Activity, AnalysisSession, Contribution, Cycle, IdeaSupport, User


class NotAdoptable(ValueError):
    """Not a proposal or an idea the leaders approved, or adopted already, or into something unknown."""


@dataclass(frozen=True)
class Proposed:
    contribution: Contribution
    supported: int  # phones that support it (ideas)
    group: str


def proposed(session: Session) -> list[Proposed]:
    """Every approved proposal and idea across the initiative's joint analyses, the most supported first."""
    supported = (select(func.count()).where(IdeaSupport.contribution_id == Contribution.id)
                 .correlate(Contribution).scalar_subquery())
    rows = session.execute(
        select(Contribution, supported).where(Contribution.kind.in_(("proposal", "idea")),
                                              Contribution.moderation == "approved")
        .options(selectinload(Contribution.analysis_session).selectinload(AnalysisSession.cycle)
                 .selectinload(Cycle.group)))
    found = [Proposed(c, n, c.analysis_session.cycle.group.name if c.analysis_session.cycle else "")
             for c, n in rows]
    return sorted(found, key=lambda p: (p.contribution.kind, -p.supported, p.contribution.text.casefold()))


def adopt(session: Session, contribution: Contribution, into: str, user: User) -> Activity | None:
    """Take ``contribution`` up: ``into`` "questionnaire" (a proposal, to be written into the next version) or
    "plan" (an idea, made an activity of the group's cycle). Adopted once."""
    allowed = {"proposal": "questionnaire", "idea": "plan"}
    if contribution.moderation != "approved" or allowed.get(contribution.kind) != into or \
            contribution.adopted_into is not None:
        raise NotAdoptable(contribution.id)
    contribution.adopted_into = into
    made = None
    cycle = contribution.analysis_session.cycle
    if into == "plan" and cycle is not None:
        made = Activity(title=contribution.text[:200], status="planned")
        cycles.add_item(session, cycle, made, user)
    session.flush()
    return made


def adopted_for_questionnaire(session: Session) -> list[Contribution]:
    return list(session.scalars(select(Contribution).where(Contribution.adopted_into == "questionnaire")
                                .order_by(Contribution.text)))
