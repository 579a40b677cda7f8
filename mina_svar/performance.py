"""How the activities do, by the three questions of Results-Based Accountability: how much did we do (the
times it met, the young people who took part), how well (the young people's feedback faces), is anyone better
off (the group's Läget before and after in the activity's focus areas, and how the young people who gave their
code twice moved, where the group offered it). Per activity, and summed per partner and per goal.

Only figures already shown elsewhere go in: feedback once counted and shown (feedback.summaries), Läget where
the group's own results show the focus area both times (analysis.summaries), movement as published
(pairing.report). A sum adds whole activities' shown figures, so it tells nothing its parts do not.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, selectinload

from . import analysis, feedback, pairing
from .models import Activity, ActivityGoal, Cycle, Group, Measurement
from .pooling import Period

# What an activity key figure of a goal adds up, term by term (goals.py).
ACTIVITY_MEASURES = ("sessions", "attendance")


@dataclass(frozen=True)
class Measures:
    activity: Activity
    feedback: feedback.Summary
    # Focus area → the change of the group's index from Läget 1 to Läget 2, where both show it.
    changes: dict[str, float] = field(default_factory=dict)
    # Focus area → how the young people who gave their code twice moved, where offered and published.
    movements: dict[str, pairing.Movement] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        """The mean change over the focus areas compared (None when none is)."""
        return sum(self.changes.values()) / len(self.changes) if self.changes else None


@dataclass
class Sum:
    activities: int = 0
    sessions: int = 0
    attendance: int = 0
    feedback_given: int = 0  # faces counted, of activities whose feedback shows
    feedback_total: int = 0  # their sum (1–5 each)
    compared: int = 0  # activities whose group's Läget can be compared before and after
    rose: int = 0  # of those, where it rose (on average over the activity's focus areas)
    fell: int = 0

    @property
    def feedback_mean(self) -> float | None:
        return self.feedback_total / self.feedback_given if self.feedback_given else None

    def add(self, measures: Measures) -> None:
        activity = measures.activity
        self.activities += 1
        self.sessions += activity.sessions or 0
        self.attendance += activity.attendance or 0
        if measures.feedback.shown:
            self.feedback_given += measures.feedback.n
            self.feedback_total += sum(face * count for face, count in measures.feedback.counts.items())
        if (change := measures.change) is not None:
            self.compared += 1
            self.rose += change > 0
            self.fell += change < 0


def measures(session: Session, activities: list[Activity], structures, minimum: int) -> list[Measures]:
    """Each activity's measures: a few queries however many activities (and pairing's, per cycle offering it)."""
    summaries = feedback.summaries(session, activities, minimum)
    cycle_ids = {activity.cycle_id for activity in activities}
    # Each cycle's latest Läget 1 and Läget 2, released (closed at least once).
    latest: dict[tuple[int, str], Any] = {}
    for row in session.execute(
            select(Measurement.id, Measurement.cycle_id, Measurement.step_key, Measurement.questionnaire_id)
            .where(Measurement.cycle_id.in_(cycle_ids), Measurement.step_key.in_(("baseline", "follow_up")),
                   Measurement.closed_at.is_not(None))
            .order_by(Measurement.opened_at, Measurement.id)):
        latest[(row.cycle_id, row.step_key)] = row
    released = list(latest.values())
    kept = analysis.summaries(session, released, [m.id for m in released], structures, minimum) if released else {}
    reports = {cycle.id: pairing.report(session, cycle, structures, minimum)
               for cycle in {a.cycle for a in activities} if cycle.pairing_key is not None}
    found = []
    for activity in activities:
        before, after = latest.get((activity.cycle_id, "baseline")), latest.get((activity.cycle_id, "follow_up"))
        changes = {}
        if before is not None and after is not None:
            for key in activity.focus_area_keys:
                first, second = kept[before.id].areas.get(key), kept[after.id].areas.get(key)
                if first is not None and second is not None:
                    changes[key] = second - first
        report = reports.get(activity.cycle_id)
        movements = {moved.area.key: moved.movement for moved in (report.areas if report else [])
                     if moved.movement is not None and moved.area.key in activity.focus_area_keys}
        found.append(Measures(activity, summaries[activity.id], changes, movements))
    return found


def summed(found: list[Measures]) -> Sum:
    total = Sum()
    for measures_ in found:
        total.add(measures_)
    return total


def by_partner(found: list[Measures]) -> dict[int | None, Sum]:
    """The sums per responsible organisation (None: no organisation responsible)."""
    sums: dict[int | None, Sum] = {}
    for measures_ in found:
        sums.setdefault(measures_.activity.responsible_organisation_id, Sum()).add(measures_)
    return sums


def of_partner(session: Session, organisation_id: int) -> list[Activity]:
    """The activities a partner is responsible for, across every group, the newest first."""
    return _with_their_groups(session, select(Activity).where(Activity.responsible_organisation_id == organisation_id)
                              .order_by(Activity.starts_on.desc(), Activity.id.desc()))


def of_goal(session: Session, goal_id: int) -> list[Activity]:
    """The activities that answer a goal, across every group, the oldest first."""
    return _with_their_groups(session, select(Activity).join(ActivityGoal).where(ActivityGoal.goal_id == goal_id)
                              .order_by(Activity.starts_on, Activity.id))


def _with_their_groups(session: Session, query) -> list[Activity]:
    """``query``'s activities, each with its cycle and group read at once (the pages name them), only the
    columns the measures and pages read."""
    return list(session.scalars(query.options(
        load_only(Activity.cycle_id, Activity.title, Activity.focus_area_keys, Activity.responsible_organisation_id,
                  Activity.starts_on, Activity.created_at, Activity.sessions, Activity.attendance, Activity.status),
        selectinload(Activity.cycle).load_only(Cycle.group_id, Cycle.pairing_key)
        .selectinload(Cycle.group).load_only(Group.name, Group.place_id))))


def started(activity: Activity) -> date:
    """When an activity counts: the day it starts, or the day it was written down."""
    return activity.starts_on or activity.created_at.date()


def by_term(activities: list[Activity], measure: str, place_id: int | None) -> list[tuple[Period, int, int]]:
    """``measure`` ("sessions" or "attendance") summed term by term over ``activities`` (of groups of the place,
    when one is given), oldest first: (term, sum, activities with a figure)."""
    sums: dict[Period, list[int]] = {}
    for activity in activities:
        value = getattr(activity, measure)
        group: Group = activity.cycle.group
        if value is None or (place_id is not None and group.place_id != place_id):
            continue
        found = sums.setdefault(Period.of(started(activity)), [0, 0])
        found[0] += value
        found[1] += 1
    return [(period, total, n) for period, (total, n) in sorted(sums.items())]
