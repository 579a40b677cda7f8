"""Open answers: leaders read them first, and only approved ones go further.

Answers are listed by focus area in the order of their text, never in the
order they were given, and called by a random public id, never by their
database id, so that two answers from the same young person cannot be told
to belong together. Only answers of released responses are read.
"""

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from .cycles import audit
from .models import Answer, Measurement, Response, User
from .question_kinds import kind_of
from .questionnaire import Structure

STATES = ("pending", "approved", "hidden")


@dataclass(frozen=True)
class OpenAnswer:
    id: str  # the answer's public id
    text: str
    moderation: str


def _shown(session: Session, measurement: Measurement, minimum: int) -> bool:
    """Open answers are read only when at least the minimum young people's answers are released."""
    return session.execute(
        select(func.count()).where(Response.measurement_id == measurement.id, Response.released)
    ).scalar_one() >= minimum


def _open_of(measurement: Measurement, area_of: dict[int, str], *columns) -> Select:
    return (select(*columns).select_from(Answer).join(Response, Answer.response_id == Response.id)
            .where(Response.measurement_id == measurement.id, Response.released,
                   Answer.question_id.in_(list(area_of)), Answer.text.is_not(None)))


def _areas_of_open_questions(session: Session, measurement: Measurement, structure: Structure,
                             minimum: int) -> dict[int, str]:
    """Each open question's focus area, but for one asked only after answers whose figure the results hide:
    how many wrote there would tell how many gave them (skip_logic.py)."""
    found = {q.id: area.key for area in structure.areas for q in area.questions if kind_of(q).words}
    conditional = [q for q in structure.questions.values() if q.id in found and q.shown_if]
    if conditional:
        from . import analysis, skip_logic

        figures = analysis.figures(analysis.results(session, measurement, structure, minimum))
        hidden = {key.split(":", 1)[1] for key, shown in figures.items() if not shown}
        for question in conditional:
            if {atom["key"] for atom in skip_logic.atoms(question.shown_if)} & hidden:
                del found[question.id]
    return found


def open_answers(session: Session, measurement: Measurement, structure: Structure, minimum: int,
                 approved_only: bool = False) -> dict[str, list[OpenAnswer]] | None:
    """The sent open answers per focus area key; None when too few have answered to show any."""
    if not _shown(session, measurement, minimum):
        return None
    area_of = _areas_of_open_questions(session, measurement, structure, minimum)
    query = _open_of(measurement, area_of, Answer.public_id, Answer.question_id, Answer.text, Answer.moderation) \
        .order_by(Answer.text, Answer.public_id)
    if approved_only:
        query = query.where(Answer.moderation == "approved")
    found: dict[str, list[OpenAnswer]] = {area.key: [] for area in structure.areas}
    for answer_id, question_id, text, moderation in session.execute(query):
        found[area_of[question_id]].append(OpenAnswer(answer_id, text, moderation))
    return found


def pending(session: Session, measurement: Measurement, structure: Structure, minimum: int) -> int:
    """How many of the open answers :func:`open_answers` shows wait for a leader to read them."""
    if not _shown(session, measurement, minimum):
        return 0
    return session.scalar(_open_of(measurement, _areas_of_open_questions(session, measurement, structure, minimum),
                                   func.count())
                          .where(Answer.moderation == "pending"))


def answer_of(session: Session, public_id: str) -> tuple[Answer, Measurement] | None:
    row = session.execute(
        select(Answer, Measurement).join(Response, Answer.response_id == Response.id)
        .join(Measurement, Response.measurement_id == Measurement.id)
        .where(Answer.public_id == public_id, Answer.text.is_not(None), Response.released)
    ).first()
    return (row[0], row[1]) if row else None


def moderate(session: Session, answer: Answer, measurement: Measurement, state: str, user: User) -> None:
    if state not in STATES:
        raise ValueError(state)
    if answer.moderation != state:
        answer.moderation = state
        audit(session, user, measurement.cycle, f"answer.{state}", answer=answer.public_id)
        session.flush()
