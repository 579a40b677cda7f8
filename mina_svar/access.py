"""Who may see and change what: a leader their own groups, a coordinator everything."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Cycle, Group, User, group_leaders


def can_lead(user: User, group: Group) -> bool:
    return user.is_coordinator or any(leader.id == user.id for leader in group.leaders)


def groups_for(session: Session, user: User) -> list[Group]:
    query = select(Group).order_by(Group.name)
    if not user.is_coordinator:
        query = query.join(group_leaders).where(group_leaders.c.user_id == user.id)
    return list(session.scalars(query))


def group_for(session: Session, user: User, group_id: int) -> Group | None:
    """The group, if it exists and the user may lead it."""
    group = session.get(Group, group_id)
    return group if group is not None and can_lead(user, group) else None


def cycle_for(session: Session, user: User, cycle_id: int) -> Cycle | None:
    cycle = session.get(Cycle, cycle_id)
    return cycle if cycle is not None and can_lead(user, cycle.group) else None
