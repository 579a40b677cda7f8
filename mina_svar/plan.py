"""The partners' action plan: every activity of the initiative, across cycles and groups, by goal, focus area,
indicator, place and partner, with who is responsible, when, its status and its measures; **overlaps** (two
partners on the same indicator in the same place at the same time) and **gaps** (a goal, or a group's need,
that nothing answers) flagged. Partners read the whole plan and keep their own organisation's activities in it.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, selectinload

from . import performance
from .models import Activity, ActivityGoal, Cycle, Goal, Group, Need, User
from .pooling import Period


@dataclass(frozen=True)
class Filter:
    """What the plan is narrowed to; None: everything."""

    goal_id: int | None = None
    area_key: str | None = None
    indicator_key: str | None = None  # "work.ways_in"
    place_id: int | None = None
    organisation_id: int | None = None


def activities(session: Session, chosen: Filter = Filter()) -> list[Activity]:
    """The initiative's activities, ``chosen`` ones, by when they start (those without a date last), each with
    its cycle and group read at once."""
    query = (select(Activity).join(Cycle).join(Group)
             .options(load_only(Activity.cycle_id, Activity.title, Activity.focus_area_keys, Activity.indicator_keys,
                                Activity.responsible_organisation_id, Activity.responsible_person,
                                Activity.starts_on, Activity.ends_on, Activity.created_at, Activity.status,
                                Activity.sessions, Activity.attendance),
                      selectinload(Activity.cycle).load_only(Cycle.group_id, Cycle.pairing_key)
                      .selectinload(Cycle.group).load_only(Group.name, Group.place_id))
             .order_by(Activity.starts_on.is_(None), Activity.starts_on, Activity.id))
    if chosen.goal_id is not None:
        query = query.where(Activity.id.in_(select(ActivityGoal.activity_id)
                                            .where(ActivityGoal.goal_id == chosen.goal_id)))
    if chosen.place_id is not None:
        query = query.where(Group.place_id == chosen.place_id)
    if chosen.organisation_id is not None:
        query = query.where(Activity.responsible_organisation_id == chosen.organisation_id)
    found = list(session.scalars(query))
    # Focus areas and indicators are kept as JSON lists: chosen here, alike on every database.
    if chosen.area_key is not None:
        found = [a for a in found if chosen.area_key in (a.focus_area_keys or [])]
    if chosen.indicator_key is not None:
        found = [a for a in found if chosen.indicator_key in (a.indicator_keys or [])]
    return found


def _period(activity: Activity) -> tuple[date, date]:
    """When an activity runs: its dates, or the term it starts in when it has no end."""
    starts = performance.started(activity)
    if activity.ends_on is not None:
        return starts, max(starts, activity.ends_on)
    term = Period.of(starts)
    return starts, date(term.year, 6, 30) if term.half == 1 else date(term.year, 12, 31)


def overlaps(found: list[Activity]) -> dict[int, list[Activity]]:
    """Each activity's overlaps, by its id: another partner's activity on one of its indicators, for a group of
    the same place, at a time that meets its own (cancelled ones and those without a partner or a place aside)."""
    buckets: dict[tuple[int, str], list[tuple[Activity, date, date]]] = {}
    for activity in found:
        place_id = activity.cycle.group.place_id
        if activity.status == "cancelled" or activity.responsible_organisation_id is None or place_id is None:
            continue
        starts, ends = _period(activity)
        for indicator in activity.indicator_keys or []:
            buckets.setdefault((place_id, indicator), []).append((activity, starts, ends))
    flagged: dict[int, dict[int, Activity]] = {}
    for bucket in buckets.values():
        for index, (first, a_start, a_end) in enumerate(bucket):
            for second, b_start, b_end in bucket[index + 1:]:
                if first.responsible_organisation_id != second.responsible_organisation_id \
                        and a_start <= b_end and b_start <= a_end:
                    flagged.setdefault(first.id, {})[second.id] = second
                    flagged.setdefault(second.id, {})[first.id] = first
    return {activity_id: list(others.values()) for activity_id, others in flagged.items()}


@dataclass(frozen=True)
class Gaps:
    goals: list[Goal] = field(default_factory=list)  # no activity (not cancelled) answers them
    needs: list[Need] = field(default_factory=list)  # a group's need no activity of its cycle answers


def gaps(session: Session, goals: list[Goal]) -> Gaps:
    """What nothing answers: goals without an activity, needs without an activity of their own cycle."""
    answered_goals = set(session.scalars(
        select(ActivityGoal.goal_id).join(Activity).where(Activity.status != "cancelled")))
    answered_needs: set[int] = set()
    for need_ids in session.scalars(select(Activity.need_ids).where(Activity.status != "cancelled")):
        answered_needs.update(need_ids or [])
    needs = session.scalars(select(Need).options(selectinload(Need.cycle).selectinload(Cycle.group))
                            .order_by(Need.cycle_id, Need.id))
    return Gaps([g for g in goals if g.id not in answered_goals], [n for n in needs if n.id not in answered_needs])


class NotYours(PermissionError):
    """The activity is another partner's."""


def may_keep(user: User, activity: Activity) -> bool:
    """A coordinator keeps every activity in the plan; a partner's person, their organisation's."""
    return user.is_coordinator or (user.role == "partner" and user.organisation_id is not None
                                   and user.organisation_id == activity.responsible_organisation_id)


PLAN_FIELDS = ("responsible_person", "starts_on", "ends_on", "status", "sessions", "attendance")


def keep(activity: Activity, user: User, values: dict) -> None:
    """What a partner keeps in the plan of an activity (``PLAN_FIELDS``); refused when not theirs."""
    if not may_keep(user, activity):
        raise NotYours(activity.id)
    for name in PLAN_FIELDS:
        setattr(activity, name, values[name] if name != "responsible_person" else (values[name] or "").strip())
