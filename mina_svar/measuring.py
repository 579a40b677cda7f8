"""Opening and closing measurements, and counting their responses."""

from dataclasses import dataclass, replace

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from . import analysis, codes, late_answers, questionnaire
from .models import Answer, Group, HiddenFigure, Measurement, Questionnaire, Response, utcnow


def open_measurement(session: Session, questionnaire: Questionnaire, group: Group | None,
                     title: str = "", cycle_id: int | None = None, step_key: str | None = None) -> Measurement:
    if questionnaire.is_draft:
        raise ValueError("a draft is never asked: publish it first")
    measurement = Measurement(questionnaire=questionnaire, group=group, title=title,
                              cycle_id=cycle_id, step_key=step_key, code=codes.unused(session, Measurement.code))
    session.add(measurement)
    session.flush()
    return measurement


@dataclass(frozen=True)
class Release:
    """What closing a measurement published: responses counted now, responses still held back, and questions
    whose late answers wait for more (late_answers.py)."""

    released: int
    withheld: int
    waiting_questions: int = 0


def close_measurement(session: Session, measurement: Measurement, minimum: int) -> Release:
    """Stop taking answers and release what may be shown (see :func:`release`)."""
    if measurement.is_open:
        measurement.state = "closed"
        measurement.closed_at = utcnow()
        # Written first: a send still under way waits for this, or is refused (answering.finish).
        session.flush()
    return release(session, measurement, minimum)


def reopen_measurement(session: Session, measurement: Measurement) -> None:
    """Take late answers again; the results stay as released until it is closed again."""
    if not measurement.is_open:
        measurement.state = "open"
        session.flush()


def release(session: Session, measurement: Measurement, minimum: int) -> Release:
    """Count the sent responses not yet counted, when that reveals nobody.

    Figures come only from released responses, so two downloads made while a
    measurement takes answers show the same thing. Responses sent after a
    release are released with the next close only when at least ``minimum`` of
    them have come in (or nothing was shown before, because fewer than the
    minimum had been released): otherwise the difference between the two
    releases would be one young person's answers. Even then a question's late
    answers are counted only when every figure they change changes by enough
    (late_answers.py); the others wait for a later release.
    """
    released, pending = session.execute(
        select(func.count(case((Response.released, 1))),
               func.count(case((~Response.released, 1))))
        .where(*_sent(measurement))
    ).one()
    if pending == 0:
        return Release(0, 0)
    if released >= minimum and pending < minimum:
        return Release(0, pending)
    waiting = select(Response.id).where(*_sent(measurement), ~Response.released)
    before = analysis.answer_counts(session, measurement.id)
    session.execute(update(Response).where(Response.id.in_(waiting.scalar_subquery()))
                    .values(released=True).execution_options(synchronize_session=False))
    uncounted = select(Answer.id).join(Response).where(Response.measurement_id == measurement.id, Response.released,
                                                       ~Answer.counted)
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    if released >= minimum:  # results were shown: late answers are counted question by question
        rows = _late_rows(session, measurement)
        decision = late_answers.countable(structure, before, released + pending, rows, minimum)
        waiting_questions = len({q for _r, q, _v, done in rows if not done} - decision.questions)
        uncounted = uncounted.where(or_(Answer.question_id.in_(decision.questions), Answer.text.is_not(None)))
        kept = before.kept_hidden - decision.renewed
    else:  # nothing was shown: everything counts, as at a first release
        waiting_questions, kept = 0, frozenset()
    session.execute(update(Answer).where(Answer.id.in_(uncounted.scalar_subquery()))
                    .values(counted=True).execution_options(synchronize_session=False))
    analysis.recount(session, measurement.id)
    after = replace(analysis.answer_counts(session, measurement.id), kept_hidden=kept)
    hidden = {key for key, shown in analysis.figures(analysis.compile_results(structure, after, minimum)).items()
              if not shown}
    session.execute(delete(HiddenFigure).where(HiddenFigure.measurement_id == measurement.id))
    session.add_all(HiddenFigure(measurement_id=measurement.id, key=key) for key in sorted(hidden))
    session.flush()
    return Release(pending, 0, waiting_questions)


def _late_rows(session: Session, measurement: Measurement) -> list[late_answers.Row]:
    """Every answer on a scale or a background question of the released responses holding one not counted."""
    holding = (select(Answer.response_id).join(Response)
               .where(Response.measurement_id == measurement.id, Response.released, ~Answer.counted,
                      Answer.text.is_(None)))
    return [(response_id, question_id, "dk" if dont_know else value, counted)
            for response_id, question_id, value, dont_know, counted in session.execute(
                select(Answer.response_id, Answer.question_id, Answer.value, Answer.dont_know, Answer.counted)
                .where(Answer.response_id.in_(holding), Answer.text.is_(None),
                       or_(Answer.value.is_not(None), Answer.dont_know)))]


def _sent(measurement: Measurement) -> tuple:
    """The conditions of a sent response of ``measurement``."""
    return Response.measurement_id == measurement.id, Response.sent_on.is_not(None)


@dataclass(frozen=True)
class MeasurementLine:
    code: str
    state: str
    completed: int
    title: str
    group: str | None


def overview(session: Session) -> list[MeasurementLine]:
    """Every measurement with its number of completed responses, newest first."""
    completed = (
        select(Response.measurement_id, func.count().label("n"))
        .where(Response.sent_on.is_not(None))
        .group_by(Response.measurement_id)
        .subquery()
    )
    rows = session.execute(
        select(Measurement, func.coalesce(completed.c.n, 0))
        .outerjoin(completed, completed.c.measurement_id == Measurement.id)
        .options(selectinload(Measurement.group))
        .order_by(Measurement.opened_at.desc(), Measurement.id.desc())
    )
    return [
        MeasurementLine(m.code, m.state, n, m.title, m.group.name if m.group else None)
        for m, n in rows
    ]


def of_group(session: Session, group: Group) -> list[Measurement]:
    """A group's measurements, newest first."""
    return list(session.scalars(
        select(Measurement).where(Measurement.group_id == group.id)
        .order_by(Measurement.opened_at.desc(), Measurement.id.desc())
    ))
