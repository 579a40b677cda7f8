"""Feedback on each activity: one tap on five faces and maybe a word, from any phone with the activity's link.

Anonymous and without signing in, as answers are: a phone's feedback is known only by the token in its own
cookie, one per phone and activity (giving it again changes it, so it cannot be stuffed from one phone more
easily than answers can), and kept with the day only. Feedback is counted in batches of at least the
minimum, as answers are released, so that leaders watching the figures never learn one phone's face; once
counted, a phone's feedback is final.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from . import codes
from .models import Activity, ActivityFeedback, Cycle
from .models.cycles import FEEDBACK_FACES

WORD_LONGEST = 300


class NotFeedback(ValueError):
    """``reason``: "face" (not one of the five), "word" (too long) or "counted" (final: already counted)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def code_of(session: Session, activity: Activity) -> str:
    """The code of the activity's feedback link, made the first time it is asked for.

    Two leaders opening step 6 at once get the same code: only the first statement to find none sets one
    (the other then reads it), so a QR code printed by either keeps working.
    """
    if activity.feedback_code is None:
        session.execute(update(Activity).where(Activity.id == activity.id, Activity.feedback_code.is_(None))
                        .values(feedback_code=codes.unused(session, Activity.feedback_code)))
        session.refresh(activity, ["feedback_code"])
    assert activity.feedback_code is not None
    return activity.feedback_code


def find(session: Session, code: str) -> Activity | None:
    """The activity a feedback link names; None for an unknown code or a cancelled activity."""
    normalised = codes.normalise(code)
    found = session.scalar(select(Activity).where(Activity.feedback_code == normalised)) if normalised else None
    return found if found is not None and found.status != "cancelled" else None


def given(session: Session, activity: Activity, token: str) -> ActivityFeedback | None:
    return session.scalar(select(ActivityFeedback).where(ActivityFeedback.activity_id == activity.id,
                                                         ActivityFeedback.token == token))


def give(session: Session, activity: Activity, token: str, face: str, word: str, minimum: int) -> ActivityFeedback:
    """This phone's feedback on the activity, replacing what it gave before until it is counted.

    Feedback waits until at least ``minimum`` phones' feedback waits, then all of it is counted at once: a
    leader watching the figures sees them move by the minimum at least, never by one phone's face.
    """
    if face not in {str(value) for value in FEEDBACK_FACES}:
        raise NotFeedback("face")
    word = word.strip()
    if len(word) > WORD_LONGEST:
        raise NotFeedback("word")
    found = given(session, activity, token)
    if found is not None and found.released:
        raise NotFeedback("counted")
    if found is None:
        found = ActivityFeedback(activity_id=activity.id, token=token)
        session.add(found)
    found.face, found.word = int(face), word or None
    session.flush()
    waiting = ActivityFeedback.activity_id == activity.id, ActivityFeedback.released.is_(False)
    if session.execute(select(func.count()).where(*waiting)).scalar_one() >= minimum:
        session.execute(update(ActivityFeedback).where(*waiting).values(released=True))
        session.refresh(found)
    return found


@dataclass(frozen=True)
class Summary:
    n: int  # counted
    shown: bool  # False: none counted yet, nothing more is said
    counts: dict[int, int] = field(default_factory=dict)  # face → how many
    mean: float | None = None
    words: list[str] = field(default_factory=list)


def summaries(session: Session, activities: list[Activity], minimum: int) -> dict[int, Summary]:
    """Each activity's counted feedback, in two queries however many activities. How much waits to be counted
    is not part of it: knowing that one face waits, a leader could fill the batch and subtract their own."""
    ids = [activity.id for activity in activities]
    counts: dict[int, dict[int, int]] = {activity_id: {} for activity_id in ids}
    if ids:
        rows = session.execute(select(ActivityFeedback.activity_id, ActivityFeedback.face, func.count())
                               .where(ActivityFeedback.activity_id.in_(ids), ActivityFeedback.released)
                               .group_by(ActivityFeedback.activity_id, ActivityFeedback.face))
        for activity_id, face, count in rows:
            counts[activity_id][face] = count
    shown = {activity_id for activity_id, by_face in counts.items() if sum(by_face.values()) >= minimum}
    words: dict[int, list[str]] = {activity_id: [] for activity_id in shown}
    if shown:
        for activity_id, word in session.execute(
                select(ActivityFeedback.activity_id, ActivityFeedback.word)
                .where(ActivityFeedback.activity_id.in_(shown), ActivityFeedback.released,
                       ActivityFeedback.word.is_not(None))
                .order_by(ActivityFeedback.word)):
            if word:
                words[activity_id].append(word)
    found = {}
    for activity_id, by_face in counts.items():
        n = sum(by_face.values())
        if activity_id not in shown:
            found[activity_id] = Summary(n, False)
            continue
        mean = sum(face * count for face, count in by_face.items()) / n
        found[activity_id] = Summary(n, True, {face: by_face.get(face, 0) for face in FEEDBACK_FACES}, mean,
                                     words[activity_id])
    return found


@dataclass(frozen=True)
class Rated:
    activity: Activity
    summary: Summary


def by_satisfaction(session: Session, group_ids: list[int], area_keys: list[str],
                    minimum: int) -> list[tuple[str | None, list[Rated]]]:
    """The activities of these groups that at least the minimum gave feedback on, per focus area in the order
    given (an activity of two areas is under both; None: of none), by group and title: never ranked by how
    well liked across groups (the overview is for learning, not a league table)."""
    activities = session.scalars(
        select(Activity).join(Cycle).where(Cycle.group_id.in_(group_ids), Activity.status != "cancelled")
        .options(joinedload(Activity.cycle).joinedload(Cycle.group))).unique().all() if group_ids else []
    found = summaries(session, list(activities), minimum)
    by_area: dict[str | None, list[Rated]] = {}
    for activity in activities:
        if found[activity.id].shown:
            keys: list[str | None] = [*(activity.focus_area_keys or [])] or [None]
            for key in keys:
                by_area.setdefault(key if key in area_keys else None, []).append(Rated(activity, found[activity.id]))
    order = [*area_keys, None]
    return [(key, sorted(by_area[key], key=lambda rated: (rated.activity.cycle.group.name, rated.activity.title)))
            for key in order if key in by_area]
