"""The steering group's page: the five questions it asks of the backbone, each with what the tool holds, and
its own dated notes and decisions.

1. Are we spending our time where it serves the change we want? The effort by goal.
2. Do we have the skills and real connections to the people we meet? The reach: groups, young people and
   their languages, term by term.
3. Do we keep every central actor, also when interests pull apart? The partners active term by term, and who
   dropped out.
4. Do we create successes that others make their own, with recognition? The wins, and who made them.
5. Are we still learning something new that improves what we built? The learning log, and what changes.

Every figure is one the other pages show (pooled Läget's young people, counts of activities); a language is
named with how many answered in it only once at least the minimum did.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from . import learning, organising, performance, pooling
from .models import (
    STEERING_NOTE_KINDS,
    STEERING_QUESTIONS,
    Activity,
    ActivityGoal,
    ActivityWin,
    Goal,
    Measurement,
    Response,
    SteeringNote,
    User,
)
from .pooling import Period

QUESTIONS = {
    "time": _l("Are we spending our time where it serves the change we want?"),
    "connections": _l("Do we have the right skills, and real connections to the people we meet and between them?"),
    "actors": _l("Do we keep every central actor in the community, also when interests pull apart?"),
    "successes": _l("Do we create successes that others make their own, with recognition?"),
    "learning": _l("Are we still learning something new that improves what we built?"),
}
RECENT = 5  # the newest wins and learnings shown


@dataclass(frozen=True)
class Effort:
    goal: Goal | None  # None: the activities that answer no goal
    activities: int
    sessions: int
    attendance: int


@dataclass
class Term:
    period: Period
    groups: int = 0  # with a released Läget
    young_people: int = 0  # who answered, in the groups whose results show
    partners: set[int] = field(default_factory=set)  # responsible for an activity starting in the term
    wins: int = 0
    learnings: int = 0


@dataclass(frozen=True)
class Answers:
    effort: list[Effort]
    terms: list[Term]
    languages: list[tuple[str, int]]  # languages at least the minimum answered in, with how many
    partners: dict[int, str]
    dropped: list[str]  # partners active in the term before the latest, and not in the latest
    never: list[str]  # partners with no activity at all
    wins_by: list[tuple[str, int]]  # who made the wins ("group", "young_people", a partner's name), how many
    recent_wins: list[ActivityWin]
    recent_learnings: list[learning.Entry]


def answers(session: Session, structures, minimum: int) -> Answers:
    terms: dict[Period, Term] = {}

    def term(period: Period) -> Term:
        return terms.setdefault(period, Term(period))

    for pooled in pooling.pooled(session, organising.groups(session), structures, minimum):
        found = term(pooled.period)
        found.groups, found.young_people = pooled.groups, pooled.young_people
    kept = select(Activity).where(Activity.status != "cancelled")
    activities = list(session.scalars(kept))
    for activity in activities:
        if activity.responsible_organisation_id is not None:
            term(Period.of(performance.started(activity))).partners.add(activity.responsible_organisation_id)
    wins = list(session.scalars(select(ActivityWin).options(selectinload(ActivityWin.made_by_organisation),
                                                            selectinload(ActivityWin.activity))
                                .order_by(ActivityWin.noted_on.desc(), ActivityWin.id.desc())))
    for win in wins:
        term(Period.of(win.noted_on)).wins += 1
    entries = learning.entries(session)
    for entry in entries:
        term(Period.of(entry.written_on)).learnings += 1
    partners = {o.id: o.name for o in organising.organisations(session)}
    ordered = [terms[p] for p in sorted(terms)]
    active = [t.partners for t in ordered]
    dropped = sorted(partners[p] for p in (active[-2] - active[-1])) if len(active) >= 2 else []
    ever = set().union(*active) if active else set()
    return Answers(
        _effort(session, activities), ordered, _languages(session, minimum), partners, dropped,
        sorted(name for pid, name in partners.items() if pid not in ever),
        Counter(partners.get(w.made_by_organisation_id or 0, w.made_by) if w.made_by == "partner" else w.made_by
                for w in wins).most_common(),
        wins[:RECENT], [e for e in entries if e.changing or e.step_key][:RECENT])


def _effort(session: Session, activities: list[Activity]) -> list[Effort]:
    by_goal: dict[int | None, list[Activity]] = {}
    linked = session.execute(select(ActivityGoal.activity_id, ActivityGoal.goal_id)).all()
    goals_of: dict[int, list[int | None]] = {}
    for activity_id, goal_id in linked:
        goals_of.setdefault(activity_id, []).append(goal_id)
    for activity in activities:
        for answered in goals_of.get(activity.id) or [None]:
            by_goal.setdefault(answered, []).append(activity)
    def effort(goal: Goal | None) -> Effort:
        done = by_goal.get(goal.id if goal else None, [])
        return Effort(goal, len(done), sum(a.sessions or 0 for a in done), sum(a.attendance or 0 for a in done))

    return [effort(goal) for goal in session.scalars(select(Goal).order_by(Goal.id))] + [effort(None)]


def _languages(session: Session, minimum: int) -> list[tuple[str, int]]:
    """The languages of the young people's released answers over every closed Läget: each with how many, once
    at least ``minimum`` answered in it."""
    counted = session.execute(select(Response.language, func.count()).join(Measurement)
                              .where(Response.released, Measurement.closed_at.is_not(None))
                              .group_by(Response.language))
    return sorted(((language, n) for language, n in counted if n >= minimum), key=lambda pair: -pair[1])


class NotANote(ValueError):
    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field = field


def may_write(user: User) -> bool:
    return user.is_coordinator or user.role == "steering"


def write(session: Session, user: User, written_on: date, kind: str, question: str | None, text: str
          ) -> SteeringNote:
    if not may_write(user):
        raise NotANote("text", _l("Only the steering group and coordinators write here."))
    if kind not in STEERING_NOTE_KINDS:
        raise NotANote("kind", _l("Choose a note or a decision."))
    if question is not None and question not in STEERING_QUESTIONS:
        raise NotANote("question", _l("Choose one of the five questions, or none."))
    if not text.strip():
        raise NotANote("text", _l("Write the note."))
    note = SteeringNote(written_on=written_on, kind=kind, question=question, text=text.strip(), author=user)
    session.add(note)
    session.flush()
    return note


def notes(session: Session) -> list[SteeringNote]:
    return list(session.scalars(select(SteeringNote).options(selectinload(SteeringNote.author))
                                .order_by(SteeringNote.written_on.desc(), SteeringNote.id.desc())))
