"""Opening and closing measurements, and counting their responses."""

import secrets
from dataclasses import dataclass

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from . import answering
from .models import AreaSummary, Group, Measurement, Questionnaire, Response, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code(session: Session, column=Measurement.code, length: int = 6) -> str:
    """A join code that is easy to read aloud and type (no 0/O or 1/I), not yet in ``column``."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if session.scalar(select(column).where(column == code)) is None:
            return code


def open_measurement(session: Session, questionnaire: Questionnaire, group: Group | None,
                     title: str = "", cycle_id: int | None = None, step_key: str | None = None) -> Measurement:
    if questionnaire.is_draft:
        raise ValueError("a draft is never asked: publish it first")
    measurement = Measurement(questionnaire=questionnaire, group=group, title=title,
                              cycle_id=cycle_id, step_key=step_key, code=new_code(session))
    session.add(measurement)
    session.flush()
    return measurement


@dataclass(frozen=True)
class Release:
    """What closing a measurement published: responses counted now, and responses still held back."""

    released: int
    withheld: int


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
    releases would be one young person's answers.
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
    answering.add_tallies(session, waiting)
    session.execute(delete(AreaSummary).where(AreaSummary.measurement_id == measurement.id))
    session.execute(update(Response).where(Response.id.in_(waiting.scalar_subquery()))
                    .values(released=True).execution_options(synchronize_session=False))
    return Release(pending, 0)


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
