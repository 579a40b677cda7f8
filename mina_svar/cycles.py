"""A group's cycle through the seven steps, and what each step records.

Every change goes through here, so that each is written to the audit log in
the same transaction, and a save made on an out-of-date page is refused.
Functions here add and flush; the request commits once (see db.py).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from . import authoring, measuring, questionnaire
from .models import (
    OWN_QUESTIONS_AT_MOST,
    STEP_KEYS,
    WIN_MAKERS,
    Activity,
    ActivityWin,
    AuditEvent,
    Conclusion,
    Cycle,
    CycleQuestion,
    CycleStep,
    Group,
    Measurement,
    Need,
    Organisation,
    Questionnaire,
    Response,
    User,
    utcnow,
)

NEED_SOURCES = ("conversation", "observation", "statistics", "survey", "other")
MEASURED_STEPS = ("baseline", "follow_up")


class Conflict(Exception):
    """The step was changed by someone else since the page was loaded."""

    def __init__(self, step: CycleStep) -> None:
        super().__init__(step.key)
        self.step = step


def audit(session: Session, user: User | None, cycle: Cycle | None, action: str, **detail: Any) -> None:
    session.add(AuditEvent(user_id=user.id if user else None, cycle_id=cycle.id if cycle else None,
                           action=action, detail=detail))


def start_cycle(session: Session, group: Group, title: str, period_start: date | None,
                period_end: date | None, user: User) -> Cycle:
    cycle = Cycle(group=group, title=title.strip(), period_start=period_start, period_end=period_end)
    cycle.steps = [CycleStep(key=key, record={}) for key in STEP_KEYS]
    session.add(cycle)
    session.flush()
    audit(session, user, cycle, "cycle.start", title=cycle.title)
    session.flush()
    return cycle


def is_done(cycle: Cycle) -> bool:
    """Every one of the seven steps is done: the cycle has ended."""
    return all(s.state == "done" for s in cycle.steps)


def cycles_of(session: Session, group: Group) -> list[Cycle]:
    return list(session.scalars(select(Cycle).where(Cycle.group_id == group.id).order_by(Cycle.created_at.desc())))


def steps(cycle: Cycle) -> list[CycleStep]:
    """The seven steps in their order."""
    by_key = {step.key: step for step in cycle.steps}
    return [by_key[key] for key in STEP_KEYS]


def step(cycle: Cycle, key: str) -> CycleStep:
    """The cycle's step ``key`` (every cycle has all seven; KeyError for a key that is none of them)."""
    found = next((s for s in cycle.steps if s.key == key), None)
    if found is None:
        raise KeyError(key)
    return found


def current_step(cycle: Cycle) -> CycleStep:
    """The first step not yet done (the last step once all are done)."""
    ordered = steps(cycle)
    return next((s for s in ordered if s.state != "done"), ordered[-1])


def _flush_step(session: Session, step_: CycleStep) -> None:
    """Write a step's change; another leader's save in between makes it a conflict (and undoes this request)."""
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        session.refresh(step_)
        raise Conflict(step_) from None


def save_record(session: Session, step_: CycleStep, values: dict[str, Any], version: int, user: User) -> None:
    """Store a step's own fields; refused with :class:`Conflict` if ``version`` is out of date.

    Out of date only by the leader's own later saves (a draft saved as they typed, still on its way when they
    pressed Save) is not a conflict: nobody else's text is lost.
    """
    if version != step_.version and step_.updated_by_id != user.id:
        raise Conflict(step_)
    try:
        _write_record(session, step_, values, user)
    except Conflict:
        # Saved in between by another request: if it was this leader's own draft, write over it once more.
        if step_.updated_by_id != user.id:
            raise
        _write_record(session, step_, values, user)


def _write_record(session: Session, step_: CycleStep, values: dict[str, Any], user: User) -> None:
    changed = {k: v for k, v in values.items() if step_.record.get(k) != v}
    if not changed:
        return
    step_.record = {**step_.record, **values}
    step_.updated_by_id = user.id
    if step_.state == "todo":
        step_.state = "started"
    _audit_save(session, step_, user, changed)
    _flush_step(session, step_)


def _audit_save(session: Session, step_: CycleStep, user: User, changed: dict[str, Any]) -> None:
    """One line in the change log for a leader's run of drafts on a step, not one per pause in typing."""
    with session.no_autoflush:  # the step's own write is checked against its version in _flush_step
        last = session.scalar(select(AuditEvent).where(AuditEvent.cycle_id == step_.cycle_id)
                              .order_by(AuditEvent.id.desc()).limit(1))
    if last is not None and (last.action, last.user_id, last.detail.get("step")) == ("step.save", user.id, step_.key):
        last.detail = {**last.detail, "fields": sorted(set(last.detail.get("fields", ())) | set(changed))}
        last.at = utcnow()
    else:
        audit(session, user, step_.cycle, "step.save", step=step_.key, fields=sorted(changed))


def set_state(session: Session, step_: CycleStep, done: bool, user: User) -> None:
    state = "done" if done else "started"
    if step_.state == state:
        return
    step_.state = state
    step_.updated_by_id = user.id
    audit(session, user, step_.cycle, "step.done" if done else "step.reopen", step=step_.key)
    _flush_step(session, step_)


def touch(session: Session, step_: CycleStep, user: User) -> None:
    """Mark a step as started when something is added to it."""
    if step_.state == "todo":
        step_.state = "started"
        step_.updated_by_id = user.id


# Needs (step 1) and activities (step 6)

ACTIVITY_FIELDS = ("title", "description", "focus_area_keys", "indicator_keys", "need_ids", "goal_ids",
                   "responsible_organisation_id", "starts_on", "ends_on", "status", "sessions", "attendance")
# What steps keep as lists: the item's name in the audit log, its step, and the field that says what it is.
LISTS = {Need: ("need", "needs", "text"), Activity: ("activity", "activities", "title")}


def _audit_item(session: Session, item: Need | Activity, user: User, verb: str) -> None:
    kind, _step_key, named_by = LISTS[type(item)]
    audit(session, user, item.cycle, f"{kind}.{verb}", id=item.id, text=getattr(item, named_by))


def add_item(session: Session, cycle: Cycle, item: Need | Activity, user: User) -> Need | Activity:
    """Add a need (step 1) or an activity (step 6) to the cycle."""
    item.cycle = cycle
    session.add(item)
    touch(session, step(cycle, LISTS[type(item)][1]), user)
    session.flush()
    _audit_item(session, item, user, "add")
    session.flush()
    return item


WIN_LONGEST = 1000


class NotAWin(ValueError):
    """A win with no words, or too many."""


def note_win(session: Session, activity: Activity, text: str, user: User, made_by: str = "group",
             organisation: Organisation | None = None) -> ActivityWin:
    """Note what came of an activity today (a small win, or how it went), credited to who made it: the group,
    the young people themselves, or a partner (``organisation``); refused when empty or too long."""
    text = text.strip()
    if not text or len(text) > WIN_LONGEST or made_by not in WIN_MAKERS or (made_by == "partner") != (
            organisation is not None):
        raise NotAWin(text[:50])
    win = ActivityWin(activity=activity, text=text, noted_on=date.today(), made_by=made_by,
                      made_by_organisation=organisation)
    session.add(win)
    audit(session, user, activity.cycle, "activity.win", id=activity.id, text=activity.title)
    session.flush()
    return win


def link_goals(session: Session, cycle: Cycle, goal_ids: list[int], user: User) -> None:
    """The initiative's goals ``cycle`` works toward (ids of goals that exist), as the first meeting agreed."""
    cycle.goal_ids = goal_ids
    touch(session, step(cycle, "first_meeting"), user)
    audit(session, user, cycle, "cycle.goals", goal_ids=sorted(set(goal_ids)))
    session.flush()


def update_item(session: Session, item: Need | Activity, values: dict[str, Any], user: User) -> None:
    for key, value in values.items():
        setattr(item, key, value)
    _audit_item(session, item, user, "edit")
    session.flush()


def remove_item(session: Session, item: Need | Activity, user: User) -> None:
    _audit_item(session, item, user, "remove")
    session.delete(item)
    session.flush()


# Measurements (steps 3 and 7)

def measurement_of(session: Session, cycle: Cycle, step_key: str) -> Measurement | None:
    return session.scalar(
        select(Measurement).where(Measurement.cycle_id == cycle.id, Measurement.step_key == step_key)
        .order_by(Measurement.opened_at.desc()).limit(1)
    )


class NotAChoice(ValueError):
    """The questionnaire version asked for is not one this step may open Läget with."""


def questionnaire_choices(session: Session, cycle: Cycle, step_key: str) -> list[Questionnaire]:
    """The published versions a leader may open Läget with at this step, the one offered first first.

    Läget 1: the newest versions of the organisation's questionnaire (the shipped Läget when it has none
    published). Läget 2: Läget 1's version, then newer versions of the same questionnaire; a newer one is
    compared with Läget 1 on the questions both asked.
    """
    baseline = measurement_of(session, cycle, "baseline") if step_key == "follow_up" else None
    asked = _base(baseline.questionnaire) if baseline is not None else None
    if asked is not None:
        key, oldest = asked.key, asked.version
    else:
        key, oldest = cycle.group.organisation.questionnaire_key or questionnaire.SHIPPED_KEY, 0
    found = list(session.scalars(
        select(Questionnaire).where(Questionnaire.key == key, Questionnaire.state == "published",
                                    Questionnaire.version >= oldest).order_by(Questionnaire.version.desc())))
    if asked is not None:
        found.sort(key=lambda version: version.id != asked.id)
    elif not found and key != questionnaire.SHIPPED_KEY:
        latest = questionnaire.latest(session)
        found = [latest] if latest else []
    return found


def open_measurement(session: Session, cycle: Cycle, step_key: str, user: User,
                     questionnaire_id: int | None = None) -> Measurement:
    """Open Läget for step 3 or 7 with the version chosen among :func:`questionnaire_choices` (the first
    when None); once open, opening again returns it as it is."""
    existing = measurement_of(session, cycle, step_key)
    if existing is not None:
        return existing
    choices = questionnaire_choices(session, cycle, step_key) or [questionnaire.load_file(session)]
    used = choices[0] if questionnaire_id is None else next(
        (version for version in choices if version.id == questionnaire_id), None)
    if used is None:
        raise NotAChoice(questionnaire_id)
    used = authoring.with_own_questions(session, used, cycle)
    label = "Läget 1" if step_key == "baseline" else "Läget 2"
    measurement = measuring.open_measurement(session, used, cycle.group, title=f"{label} – {cycle.title}",
                                             cycle_id=cycle.id, step_key=step_key)
    touch(session, step(cycle, step_key), user)
    audit(session, user, cycle, "measurement.open", step=step_key, code=measurement.code,
          questionnaire=f"{used.key} {used.version}")
    session.flush()
    return measurement


def _base(asked: Questionnaire) -> Questionnaire:
    """The published version a measurement's questionnaire is, or adds a group's own questions to."""
    return asked.based_on if asked.cycle_id is not None and asked.based_on is not None else asked


# The group's own questions (step 2)

LONGEST_OWN_QUESTION = 300


class OwnQuestionsRefused(ValueError):
    """Why a group's own question cannot be added or removed: "measuring" (Läget 1 is open: they are asked
    as they were), "too_many", "no_text" or "no_scale"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _own_questions_open(session: Session, cycle: Cycle) -> None:
    if measurement_of(session, cycle, "baseline") is not None:
        raise OwnQuestionsRefused("measuring")


def add_own_question(session: Session, cycle: Cycle, texts: dict[str, str], scale: str, user: User) -> CycleQuestion:
    """A question of the group's own, last; refused once Läget 1 is open, and after the fifth (a sixth is
    refused by the database too, as is a second with one number)."""
    _own_questions_open(session, cycle)
    texts = {code: text.strip() for code, text in texts.items() if text and text.strip()}
    if not texts:
        raise OwnQuestionsRefused("no_text")
    if any(len(text) > LONGEST_OWN_QUESTION for text in texts.values()):
        raise OwnQuestionsRefused("too_long")
    if scale not in authoring.starter_scales():
        raise OwnQuestionsRefused("no_scale")
    taken = session.execute(select(func.count()).where(CycleQuestion.cycle_id == cycle.id)).scalar_one()
    if taken >= OWN_QUESTIONS_AT_MOST:
        raise OwnQuestionsRefused("too_many")
    question = CycleQuestion(cycle=cycle, position=taken + 1, text=texts, scale=scale)
    session.add(question)
    session.flush()
    touch(session, step(cycle, "first_meeting"), user)
    audit(session, user, cycle, "own_question.add", position=question.position)
    session.flush()
    return question


def remove_own_question(session: Session, question: CycleQuestion, user: User) -> None:
    """Take a question of the group's own away; those after it move up one place."""
    cycle = question.cycle
    _own_questions_open(session, cycle)
    removed = question.position
    cycle.own_questions.remove(question)
    session.flush()
    for later in sorted(cycle.own_questions, key=lambda q: q.position):
        if later.position > removed:  # one at a time, upwards: the numbers stay unique at every row
            later.position -= 1
            session.flush()
    touch(session, step(cycle, "first_meeting"), user)
    audit(session, user, cycle, "own_question.remove", position=removed)
    session.flush()


def close_measurement(session: Session, measurement: Measurement, user: User, minimum: int) -> measuring.Release:
    """Close Läget and release its results (one transaction with its audit entry)."""
    was_open = measurement.is_open
    outcome = measuring.close_measurement(session, measurement, minimum)
    if was_open:
        audit(session, user, measurement.cycle, "measurement.close", code=measurement.code,
              released=outcome.released, withheld=outcome.withheld)
    session.flush()
    return outcome


def reopen_measurement(session: Session, measurement: Measurement, user: User) -> None:
    """Take late answers again; the results shown stay as they were until Läget is closed again."""
    if not measurement.is_open:
        measuring.reopen_measurement(session, measurement)
        audit(session, user, measurement.cycle, "measurement.reopen", code=measurement.code)
    session.flush()


# The group's priorities (step 5)

@dataclass(frozen=True)
class Priority:
    """A priority the group chose, named by its indicator in every language of the questionnaire."""

    conclusion: Conclusion
    title: questionnaire.Texts
    area: questionnaire.Texts

    @property
    def votes(self) -> int:
        return self.conclusion.votes

    @property
    def key(self) -> str:
        return f"{self.conclusion.focus_area_key}.{self.conclusion.indicator_key}"


def decisions(cycle: Cycle) -> list[str]:
    """What the group decided, as the leaders wrote it when finishing the joint analysis (or later in step 5):
    one decision a line."""
    found = step(cycle, "group_analysis")
    written = (found.record.get("decisions") if found else None) or ""
    return [line.strip() for line in written.splitlines() if line.strip()]


def _kept(cycle: Cycle) -> list[Activity]:
    """The cycle's activities but the cancelled ones: a cancelled activity answers nothing."""
    return [a for a in cycle.activities if a.status != "cancelled"]


def needs_answered(cycle: Cycle) -> list[tuple[Need, list[Activity]]]:
    """Each need of step 1 with the activities that answer it (not cancelled); an empty list: nothing yet."""
    kept = _kept(cycle)
    return [(need, [a for a in kept if need.id in (a.need_ids or [])])
            for need in sorted(cycle.needs, key=lambda n: n.id)]


@dataclass(frozen=True)
class Idea:
    """A young person's idea from the joint analysis, approved by a leader, and what became of it."""

    conclusion: Conclusion
    activities: list[Activity]  # made from it (not cancelled); none yet: still an idea


def ideas(cycle: Cycle) -> list[Idea]:
    kept = _kept(cycle)
    return [Idea(c, [a for a in kept if a.from_conclusion_id == c.id])
            for c in sorted(cycle.conclusions, key=lambda c: c.id) if c.kind == "idea"]


def board(cycle: Cycle, priorities: list[Priority]) -> list[tuple[Priority | None, list[Activity]]]:
    """"You said → we did": each priority of the group with the activities that answer it (by their
    indicators), then the other activities under None; cancelled ones left out, each list by start date."""
    kept = sorted(_kept(cycle), key=lambda a: (a.starts_on or date.max, a.id))
    rows: list[tuple[Priority | None, list[Activity]]] = [
        (priority, [a for a in kept if priority.key in a.indicator_keys]) for priority in priorities]
    answered = {a.id for _priority, activities in rows for a in activities}
    others = [a for a in kept if a.id not in answered]
    return rows + ([(None, others)] if others else [])


def questionnaire_of(session: Session, cycle: Cycle) -> Questionnaire | None:
    """The questionnaire the cycle measures with: Läget 1's, else the one Läget 1 would be opened with."""
    baseline = measurement_of(session, cycle, "baseline")
    if baseline is not None:
        return baseline.questionnaire
    return next(iter(questionnaire_choices(session, cycle, "baseline")), None)


def priorities(session: Session, cycle: Cycle, structures: questionnaire.StructureCache) -> list[Priority]:
    """The group's priorities, most votes first, named by the indicators of the cycle's questionnaire."""
    used = questionnaire_of(session, cycle)
    titles = structures.get(session, used.id).indicator_titles() if used else {}
    found = []
    for conclusion in cycle.conclusions:
        if conclusion.kind != "priority":
            continue
        # A priority from an older questionnaire keeps the name it was saved with.
        area, title = titles.get(f"{conclusion.focus_area_key}.{conclusion.indicator_key}",
                                 ({}, {"sv": conclusion.text}))
        found.append(Priority(conclusion, title, area))
    return sorted(found, key=lambda p: -p.votes)


@dataclass(frozen=True)
class ResponseCount:
    """What a leader may know of a Läget's answers.

    Until results have been shown, how many started and sent (the count in the room). Once they have, only
    how many young people the results hold: late answers are never counted aloud, or a leader who saw
    "1 more" could send answers of their own to fill the batch and subtract them from the next results.
    """

    released: int
    started: int | None = None  # None: results have been shown, late answers are not counted aloud
    completed: int | None = None

    @property
    def late(self) -> bool:
        return self.completed is None


def response_count(session: Session, measurement: Measurement, minimum: int) -> ResponseCount:
    started, completed, released = session.execute(
        select(func.count(), func.count(Response.sent_on), func.count(case((Response.released, 1))))
        .where(Response.measurement_id == measurement.id)
    ).one()
    if released >= minimum:
        return ResponseCount(released)
    return ResponseCount(released, started, completed)


def history(session: Session, cycle: Cycle, limit: int = 20) -> list[AuditEvent]:
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.cycle_id == cycle.id).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ))
