"""Opening and closing measurements, and counting their responses."""

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .models import Group, Measurement, Questionnaire, Response, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code(session: Session, column=Measurement.code, length: int = 6) -> str:
    """A join code that is easy to read aloud and type (no 0/O or 1/I), not yet in ``column``."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if session.scalar(select(column).where(column == code)) is None:
            return code


def open_measurement(session: Session, questionnaire: Questionnaire, group: Group | None,
                     title: str = "", cycle_id: int | None = None, step_key: str | None = None) -> Measurement:
    measurement = Measurement(questionnaire=questionnaire, group=group, title=title,
                              cycle_id=cycle_id, step_key=step_key, code=new_code(session))
    session.add(measurement)
    session.commit()
    return measurement


def close_measurement(session: Session, measurement: Measurement) -> None:
    if measurement.is_open:
        measurement.state = "closed"
        measurement.closed_at = utcnow()
        session.commit()


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
        .where(Response.completed_at.is_not(None))
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
