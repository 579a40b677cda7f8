"""The group's results back to the young people: what a leader shares of a Läget, and what its link shows.

A leader chooses which focus areas and which approved open answers of a Läget the young people see; anyone
with the Läget's link, QR code or code then sees them on a phone, without signing in, beside what the group
decided together and what happens next. The figures are the released ones under the same minimum as every
other view, so the page never shows more than a leader's; a withdrawn share leaves nothing shown.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import analysis, cycles, moderation, questionnaire
from .analysis import AreaResult
from .models import Activity, Measurement, Response, SharedResults, User
from .questionnaire import Structure


class NotShareable(Exception):
    """A share refused: ``reason`` is "nothing_released", "area" or "answer"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shared(session: Session, measurement: Measurement) -> SharedResults | None:
    return session.scalar(select(SharedResults).where(SharedResults.measurement_id == measurement.id))


def _approved(session: Session, measurement: Measurement, structure: Structure, minimum: int) -> dict[str, list]:
    """The approved open answers per focus area, as a leader may show them (none under the minimum)."""
    return moderation.open_answers(session, measurement, structure, minimum, approved_only=True) or {}


def share(session: Session, measurement: Measurement, structure: Structure, area_keys: list[str],
          answer_ids: list[str], user: User, minimum: int) -> SharedResults:
    """Show these focus areas and approved open answers to the young people (replacing what was shown)."""
    released = session.scalar(select(func.count()).where(Response.measurement_id == measurement.id,
                                                         Response.released))
    if not released:
        raise NotShareable("nothing_released")
    if not set(area_keys) <= {area.key for area in structure.areas}:
        raise NotShareable("area")
    approved = {answer.id for answers in _approved(session, measurement, structure, minimum).values()
                for answer in answers}
    if not set(answer_ids) <= approved:
        raise NotShareable("answer")
    found = shared(session, measurement)
    if found is None:
        found = SharedResults(measurement_id=measurement.id)
        session.add(found)
    found.focus_area_keys = [area.key for area in structure.areas if area.key in area_keys]
    found.answer_ids = sorted(set(answer_ids))
    cycles.audit(session, user, measurement.cycle, "results.share", code=measurement.code,
                 areas=found.focus_area_keys, answers=len(found.answer_ids))
    session.flush()
    return found


def withdraw(session: Session, measurement: Measurement, user: User) -> bool:
    """Show the young people nothing of this Läget any more; False when nothing was shown."""
    found = shared(session, measurement)
    if found is None:
        return False
    session.delete(found)
    cycles.audit(session, user, measurement.cycle, "results.withdraw", code=measurement.code)
    session.flush()
    return True


@dataclass(frozen=True)
class ForTheGroup:
    """What the young people's page shows of a shared Läget."""

    measurement: Measurement
    shown: bool  # False: too few answered for any figure
    areas: list[AreaResult]
    words: dict[str, list[str]]  # focus area key → the approved open answers shared
    decisions: list[str]
    ideas: list[cycles.Idea]
    board: list[tuple[cycles.Priority | None, list[Activity]]]  # "you said → we did" (cycles.board)
    # Läget 2 shared: each focus area's change since Läget 1, as honest about chance as the leaders' comparison.
    changes: dict[str, analysis.Compared] = field(default_factory=dict)


def for_the_group(session: Session, measurement: Measurement, structures: questionnaire.StructureCache,
                  minimum: int) -> ForTheGroup | None:
    """The shared results of a Läget, what the group decided and what happens next; None when not shared."""
    found = shared(session, measurement)
    if found is None:
        return None
    structure = structures.get(session, measurement.questionnaire_id)
    result = analysis.results(session, measurement, structure, minimum)
    chosen = set(found.answer_ids)
    words = {key: [answer.text for answer in answers if answer.id in chosen]
             for key, answers in _approved(session, measurement, structure, minimum).items()}
    cycle = measurement.cycle
    changes = {}
    baseline = cycles.measurement_of(session, cycle, "baseline") if cycle and measurement.step_key == "follow_up" \
        else None
    if baseline is not None and result.shown:
        before = analysis.results(session, baseline, structures.get(session, baseline.questionnaire_id), minimum)
        changes = analysis.compare(before, result).areas if before.shown else {}
    return ForTheGroup(
        measurement=measurement, shown=result.shown,
        areas=[area for area in result.areas if area.area.key in found.focus_area_keys],
        words={key: texts for key, texts in words.items() if texts},
        decisions=cycles.decisions(cycle) if cycle else [],
        ideas=cycles.ideas(cycle) if cycle else [],
        board=cycles.board(cycle, cycles.priorities(session, cycle, structures)) if cycle else [],
        changes=changes,
    )
