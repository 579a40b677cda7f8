"""Open answers: leaders read them first, and only approved ones go further.

Answers are listed by focus area in the order of their text, never in the
order they were given, so that two answers from the same young person
cannot be told to belong together.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .cycles import audit
from .models import Answer, Measurement, Response, User
from .questionnaire import Structure

STATES = ("pending", "approved", "hidden")


@dataclass(frozen=True)
class OpenAnswer:
    id: int
    text: str
    moderation: str


def open_answers(session: Session, measurement: Measurement, structure: Structure, minimum: int,
                 approved_only: bool = False) -> dict[str, list[OpenAnswer]] | None:
    """The sent open answers per focus area key; None when too few have answered to show any."""
    respondents = session.scalar(
        select(func.count()).where(Response.measurement_id == measurement.id, Response.completed_at.is_not(None))
    )
    if respondents < minimum:
        return None
    area_of = {q.id: area.key for area in structure.areas for q in area.questions if q.kind == "open"}
    query = (
        select(Answer.id, Answer.question_id, Answer.text, Answer.moderation)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.measurement_id == measurement.id, Response.completed_at.is_not(None),
               Answer.question_id.in_(list(area_of)), Answer.text.is_not(None))
        .order_by(Answer.text)
    )
    if approved_only:
        query = query.where(Answer.moderation == "approved")
    found: dict[str, list[OpenAnswer]] = {area.key: [] for area in structure.areas}
    for answer_id, question_id, text, moderation in session.execute(query):
        found[area_of[question_id]].append(OpenAnswer(answer_id, text, moderation))
    return found


def answer_of(session: Session, answer_id: int) -> tuple[Answer, Measurement] | None:
    row = session.execute(
        select(Answer, Measurement).join(Response, Answer.response_id == Response.id)
        .join(Measurement, Response.measurement_id == Measurement.id)
        .where(Answer.id == answer_id, Answer.text.is_not(None), Response.completed_at.is_not(None))
    ).first()
    return (row[0], row[1]) if row else None


def moderate(session: Session, answer: Answer, measurement: Measurement, state: str, user: User) -> None:
    if state not in STATES:
        raise ValueError(state)
    if answer.moderation != state:
        answer.moderation = state
        audit(session, user, measurement.cycle, f"answer.{state}", answer=answer.id)
        session.commit()
