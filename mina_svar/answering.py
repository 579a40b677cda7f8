"""The respondent's side: joining a measurement, saving answers, finishing.

Nothing here knows about a respondent beyond a random token, the chosen
language and the answers themselves.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    Select,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import Answer, AnswerTally, Measurement, Response, utcnow
from .questionnaire import Structure

MAX_OPEN_ANSWER = 2000
DONT_KNOW = "dk"


class AnswerError(ValueError):
    """Input that does not fit the questionnaire; nothing was saved."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown_question", "off_scale" or "too_long"


class NotAnswerable(Exception):
    """The response can no longer take answers."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "finished" or "closed"


@dataclass(frozen=True)
class Given:
    """One answer as given: a scale value, "don't know", or a text (None removes it)."""

    value: int | None = None
    dont_know: bool = False
    text: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and not self.dont_know and not self.text


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_measurement(session: Session, code: str) -> Measurement | None:
    normalised = normalise_code(code)
    if not normalised:
        return None
    return session.scalar(select(Measurement).where(Measurement.code == normalised))


@dataclass(frozen=True)
class Respondent:
    """One phone's response to one measurement, as read at the start of a request."""

    response_id: int
    token: str
    measurement_id: int
    code: str
    questionnaire_id: int
    language: str
    page: int
    finished: bool
    measurement_open: bool


_RESPONSES = Response.__table__
_MEASUREMENTS = Measurement.__table__
_ANSWERS = Answer.__table__
_TALLIES = AnswerTally.__table__
_FIND_RESPONDENT = (
    select(_RESPONSES.c.id, _RESPONSES.c.token, _MEASUREMENTS.c.id, _MEASUREMENTS.c.code,
           _MEASUREMENTS.c.questionnaire_id, _RESPONSES.c.language, _RESPONSES.c.page,
           _RESPONSES.c.completed_at.is_not(None), _MEASUREMENTS.c.state == "open")
    .select_from(_RESPONSES.join(_MEASUREMENTS))
    .where(_RESPONSES.c.token == bindparam("token"), _MEASUREMENTS.c.code == bindparam("code"))
)


def _connection(database: Session | Connection) -> Connection:
    return database.connection() if isinstance(database, Session) else database


def find_respondent(database: Session | Connection, code: str, token: str) -> Respondent | None:
    """The response with ``token``, if it belongs to the measurement with ``code``.

    One plain query: this runs on every tap a respondent makes, so it also
    takes a bare connection, which costs less than an ORM session.
    """
    row = _connection(database).execute(_FIND_RESPONDENT, {"token": token, "code": normalise_code(code)}).first()
    return Respondent(*row) if row else None


def start(session: Session, measurement: Measurement, language: str) -> Respondent:
    if not measurement.is_open:
        raise NotAnswerable("closed")
    response = Response(measurement_id=measurement.id, token=secrets.token_urlsafe(24), language=language)
    session.add(response)
    session.commit()
    return Respondent(response.id, response.token, measurement.id, measurement.code,
                      measurement.questionnaire_id, language, 0, False, True)


def parse(structure: Structure, form: Mapping[str, str]) -> dict[int, Given]:
    """Read answers from form fields named ``q-<question id>``.

    Raises :class:`AnswerError` for a question that is not in this
    questionnaire, a value off its scale, or a text that is too long.
    """
    given: dict[int, Given] = {}
    for name, raw in form.items():
        if not name.startswith("q-"):
            continue
        try:
            question = structure.questions[int(name[2:])]
        except (ValueError, KeyError):
            raise AnswerError("unknown_question") from None
        raw = raw.strip()
        if question.kind == "open":
            if len(raw) > MAX_OPEN_ANSWER:
                raise AnswerError("too_long")
            given[question.id] = Given(text=raw or None)
        elif raw == DONT_KNOW and question.allows_dont_know:
            given[question.id] = Given(dont_know=True)
        elif raw == "":
            continue
        else:
            try:
                value = int(raw)
            except ValueError:
                raise AnswerError("off_scale") from None
            if value not in question.values:
                raise AnswerError("off_scale")
            given[question.id] = Given(value=value)
    return given


def check_answerable(respondent: Respondent) -> None:
    if respondent.finished:
        raise NotAnswerable("finished")
    if not respondent.measurement_open:
        raise NotAnswerable("closed")


def _upsert(dialect: str):
    """INSERT an answer, or UPDATE the stored one when it differs: one statement."""
    statement = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](_ANSWERS)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[_ANSWERS.c.response_id, _ANSWERS.c.question_id],
        set_={"value": new.value, "dont_know": new.dont_know, "text": new.text, "moderation": new.moderation},
        # The same answer again writes nothing, and a text keeps its moderation.
        where=or_(_ANSWERS.c.value.is_distinct_from(new.value),
                  _ANSWERS.c.dont_know.is_distinct_from(new.dont_know),
                  _ANSWERS.c.text.is_distinct_from(new.text)),
    ).returning(_ANSWERS.c.id)  # a row back for each answer written, on both databases


_UPSERTS = {dialect: _upsert(dialect) for dialect in ("postgresql", "sqlite")}


def save(database: Session | Connection, respondent: Respondent, given: Mapping[int, Given]) -> int:
    """Store the answers in one transaction, writing only what changed.

    Returns how many answers were written or removed.
    """
    check_answerable(respondent)
    connection = _connection(database)
    upsert = _UPSERTS[connection.dialect.name]
    changed = 0
    for question_id, new in given.items():
        if new.empty:
            changed += connection.execute(
                delete(_ANSWERS).where(_ANSWERS.c.response_id == respondent.response_id,
                                       _ANSWERS.c.question_id == question_id)
            ).rowcount
        else:
            changed += len(connection.execute(upsert, {
                "response_id": respondent.response_id, "question_id": question_id, "value": new.value,
                "dont_know": new.dont_know, "text": new.text, "moderation": "pending",
            }).all())
    database.commit()
    return changed


def answers_of(session: Session, respondent: Respondent) -> dict[int, Given]:
    rows = session.connection().execute(
        select(_ANSWERS.c.question_id, _ANSWERS.c.value, _ANSWERS.c.dont_know, _ANSWERS.c.text)
        .where(_ANSWERS.c.response_id == respondent.response_id)
    )
    return {row.question_id: Given(row.value, row.dont_know, row.text) for row in rows}


def _update_response(session: Session, respondent: Respondent, **values) -> None:
    session.connection().execute(
        update(_RESPONSES).where(_RESPONSES.c.id == respondent.response_id).values(**values)
    )
    session.commit()


def move_to(session: Session, respondent: Respondent, page: int) -> None:
    """Remember the page the respondent is on, so that they can resume there."""
    if respondent.page != page and not respondent.finished:
        _update_response(session, respondent, page=page)


def set_language(session: Session, respondent: Respondent, language: str) -> None:
    if respondent.language != language:
        _update_response(session, respondent, language=language)


def tallied(responses: Select) -> Select:
    """Per measurement, question, language and value, how many of ``responses`` gave that answer.

    ``responses`` selects the ids of completed responses; "don't know" is value 0.
    """
    value = case((_ANSWERS.c.dont_know, 0), else_=_ANSWERS.c.value)
    return (
        select(_RESPONSES.c.measurement_id, _ANSWERS.c.question_id, _RESPONSES.c.language, value, func.count())
        .select_from(_ANSWERS.join(_RESPONSES, _RESPONSES.c.id == _ANSWERS.c.response_id))
        .where(_RESPONSES.c.id.in_(responses), _ANSWERS.c.text.is_(None),
               or_(_ANSWERS.c.value.is_not(None), _ANSWERS.c.dont_know))
        .group_by(_RESPONSES.c.measurement_id, _ANSWERS.c.question_id, _RESPONSES.c.language, value)
    )


def add_tallies(session: Session | Connection, responses: Select) -> None:
    """Add the answers of ``responses`` to the tallies analysis reads."""
    connection = _connection(session)
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[connection.dialect.name](_TALLIES)
    statement = insert.from_select(["measurement_id", "question_id", "language", "value", "n"], tallied(responses))
    connection.execute(statement.on_conflict_do_update(
        index_elements=[_TALLIES.c.measurement_id, _TALLIES.c.question_id, _TALLIES.c.language, _TALLIES.c.value],
        set_={"n": _TALLIES.c.n + statement.excluded.n},
    ))


def finish(session: Session, respondent: Respondent) -> None:
    """Send the answers: the response is complete, and its answers are tallied, in one transaction."""
    check_answerable(respondent)
    sent = _connection(session).execute(
        update(_RESPONSES).where(_RESPONSES.c.id == respondent.response_id, _RESPONSES.c.completed_at.is_(None))
        .values(completed_at=utcnow())
    )
    if sent.rowcount == 1:  # sent twice at once, it is tallied once
        add_tallies(session, select(_RESPONSES.c.id).where(_RESPONSES.c.id == respondent.response_id))
    session.commit()
