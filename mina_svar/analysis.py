"""Results of a measurement, never for fewer young people than the minimum.

A first, simple summary per question (issue "Analysis" builds the full one):
how many answered on the scale, the mean, and how many did not know.
Only completed responses count, and answers in every language count together.
"""

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .models import Answer, Measurement, Response
from .questionnaire import AreaView, QuestionView, Structure


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionView
    answered: int
    mean: float | None  # None when too few answered to show it
    dont_know: int | None


@dataclass(frozen=True)
class Summary:
    respondents: int
    shown: bool  # False: too few respondents, nothing is shown
    areas: list[tuple[AreaView, list[QuestionResult]]]


def summary(session: Session, measurement: Measurement, structure: Structure, minimum: int) -> Summary:
    respondents = session.scalar(
        select(func.count()).where(Response.measurement_id == measurement.id, Response.completed_at.is_not(None))
    )
    if respondents < minimum:
        return Summary(respondents, False, [])
    rows = session.execute(
        select(Answer.question_id, func.count(Answer.value), func.avg(Answer.value),
               func.sum(case((Answer.dont_know, 1), else_=0)))
        .join(Response, Answer.response_id == Response.id)
        .where(Response.measurement_id == measurement.id, Response.completed_at.is_not(None))
        .group_by(Answer.question_id)
    )
    figures = {question_id: (n, mean, dont_know) for question_id, n, mean, dont_know in rows}
    areas = []
    for area in structure.areas:
        results = []
        for question in area.questions:
            if question.kind != "scale":
                continue
            n, mean, dont_know = figures.get(question.id, (0, None, 0))
            enough = n >= minimum
            results.append(QuestionResult(question, n if enough else 0, float(mean) if enough else None,
                                          int(dont_know or 0) if enough else None))
        areas.append((area, results))
    return Summary(respondents, True, areas)
