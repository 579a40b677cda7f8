"""The initiative's learning log: leaders, coordinators and partners write what they tried, what happened,
what they learned and what they change, dated and tied to a goal, an activity or a cycle. The reflections
the groups' leaders write in steps 4 (the flagged findings) and 7 (what changed) are entries too, read where
they are written. Everyone signed in reads the log across the initiative."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import access, plan
from .models import Activity, Cycle, CycleGoal, CycleStep, Goal, LearningEntry, User

LONGEST = 4000
# The steps whose reflections are entries of the log, and the field each keeps it in.
REFLECTIONS = {"leader_analysis": "findings", "follow_up": "reflection"}


class NotAnEntry(ValueError):
    """What is wrong, said for the field it is about."""

    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field = field


def may_write(user: User) -> bool:
    return user.role not in ("evaluator", "steering")


def may_tie(user: User, activity: Activity) -> bool:
    """An entry is tied only to one's own activity: a leader's groups', a partner's organisation's (or any, for
    a coordinator)."""
    return plan.may_keep(user, activity) or access.can_lead(user, activity.cycle.group)


def write(session: Session, user: User, written_on: date, learned: str, tried: str = "", happened: str = "",
          changing: str = "", goal: Goal | None = None, activity: Activity | None = None,
          cycle: Cycle | None = None) -> LearningEntry:
    """An entry by ``user``; tied only to an activity or a cycle that is theirs (a leader's groups', a
    partner's organisation's, any for a coordinator)."""
    if not may_write(user):
        raise NotAnEntry("learned", _l("Your account reads the log; it does not write in it."))
    texts = {"tried": tried.strip(), "happened": happened.strip(), "learned": learned.strip(),
             "changing": changing.strip()}
    if not texts["learned"]:
        raise NotAnEntry("learned", _l("Write what you learned."))
    for field, text in texts.items():
        if len(text) > LONGEST:
            raise NotAnEntry(field, _l("At most %(longest)s characters.", longest=LONGEST))
    if activity is not None and not may_tie(user, activity):
        raise NotAnEntry("activity", _l("Choose one of your own activities."))
    if cycle is not None and not access.can_lead(user, cycle.group):
        raise NotAnEntry("cycle", _l("Choose one of your own groups' cycles."))
    entry = LearningEntry(written_on=written_on, author=user, goal=goal, activity=activity, cycle=cycle, **texts)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Entry:
    """An entry as the log shows it: written in the log, or a step's reflection."""

    written_on: date
    who: str  # the author's name, or the group's for a step's reflection
    learned: str
    tried: str = ""
    happened: str = ""
    changing: str = ""
    goal: Goal | None = None
    activity: Activity | None = None
    cycle: Cycle | None = None
    step_key: str | None = None  # the step a reflection was written in


def entries(session: Session, goal_id: int | None = None) -> list[Entry]:
    """The log, the newest first: the entries written (of the goal, when one is given: tied to it, or to one
    of its cycles) and the steps' reflections (of the goal's cycles)."""
    query = select(LearningEntry).options(selectinload(LearningEntry.author), selectinload(LearningEntry.goal),
                                          selectinload(LearningEntry.activity), selectinload(LearningEntry.cycle))
    goal_cycles = select(CycleGoal.cycle_id).where(CycleGoal.goal_id == goal_id)
    if goal_id is not None:
        query = query.where((LearningEntry.goal_id == goal_id) | LearningEntry.cycle_id.in_(goal_cycles))
    found = [Entry(e.written_on, e.author.name if e.author else "", e.learned, e.tried, e.happened, e.changing,
                   e.goal, e.activity, e.cycle) for e in session.scalars(query)]
    steps = (select(CycleStep).where(CycleStep.key.in_(REFLECTIONS))
             .options(selectinload(CycleStep.cycle).selectinload(Cycle.group)))
    if goal_id is not None:
        steps = steps.where(CycleStep.cycle_id.in_(goal_cycles))
    for step in session.scalars(steps):
        text = str((step.record or {}).get(REFLECTIONS[step.key]) or "").strip()
        if text:
            found.append(Entry(step.updated_at.date(), step.cycle.group.name, text, cycle=step.cycle,
                               step_key=step.key))
    return sorted(found, key=lambda entry: entry.written_on, reverse=True)
