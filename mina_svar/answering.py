"""The respondent's side: joining a measurement, saving answers, finishing.

Nothing here knows about a respondent beyond a random token, the chosen
language and the answers themselves.
"""

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    literal,
    not_,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from . import codes, db
from .models import (
    Answer,
    AnswerOption,
    AnswerTally,
    ContributorTally,
    FocusArea,
    Indicator,
    Measurement,
    Question,
    Response,
)
from .models.measurements import public_id
from .question_kinds import MULTIPLE, AnswerError, Given, kind_of
from .questionnaire import Structure


class NotAnswerable(Exception):
    """The response can no longer take answers."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "finished" or "closed"


def find_measurement(session: Session, code: str) -> Measurement | None:
    normalised = codes.normalise(code)
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
    finished: bool
    measurement_open: bool


def queue_key(respondent: Respondent) -> str:
    """What the phone files its unsent answers under: says nothing of the person, and cannot be used in
    place of the response's secret token."""
    return hashlib.sha256(f"queue:{respondent.token}".encode()).hexdigest()[:16]


_RESPONSES = cast(Table, Response.__table__)
_MEASUREMENTS = cast(Table, Measurement.__table__)
_ANSWERS = cast(Table, Answer.__table__)
_TALLIES = cast(Table, AnswerTally.__table__)
_CONTRIBUTORS = cast(Table, ContributorTally.__table__)
_QUESTIONS = cast(Table, Question.__table__)
_OPTIONS = cast(Table, AnswerOption.__table__)
ANSWERED = -1  # a tally's value counting the young people who ticked any option of a multiple-choice question
_FIND_RESPONDENT = (
    select(_RESPONSES.c.id.label("response_id"), _RESPONSES.c.token, _MEASUREMENTS.c.id.label("measurement_id"),
           _MEASUREMENTS.c.code,
           _MEASUREMENTS.c.questionnaire_id, _RESPONSES.c.language,
           _RESPONSES.c.sent_on.is_not(None).label("finished"),
           (_MEASUREMENTS.c.state == "open").label("measurement_open"))
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
    row = _connection(database).execute(_FIND_RESPONDENT, {"token": token, "code": codes.normalise(code)}).first()
    return Respondent(**row._mapping) if row else None


# Going on with a response on another phone

RESUME_LENGTH = 8


def _resume_hash(code: str) -> str:
    return hashlib.sha256(f"resume:{codes.normalise(code)}".encode()).hexdigest()


def resume_code(session: Session, respondent: Respondent) -> str:
    """A new code for going on with this response on another phone ("ABCD-EFGH"); an earlier one stops working.

    Only its hash is stored. Raises :class:`NotAnswerable` when the answers were sent already.
    """
    check_answerable(respondent)
    code = codes.readable(RESUME_LENGTH // 4)
    given = session.connection().execute(
        update(_RESPONSES).where(_RESPONSES.c.id == respondent.response_id, _RESPONSES.c.sent_on.is_(None))
        .values(resume_hash=_resume_hash(code)))
    if given.rowcount != 1:
        raise NotAnswerable("finished")
    return code


def resume(session: Session, measurement: Measurement, code: str) -> Respondent | None:
    """The unsent response of ``measurement`` that ``code`` was made for, or None."""
    if len(codes.normalise(code)) != RESUME_LENGTH:
        return None
    token = session.scalar(select(Response.token).where(
        Response.measurement_id == measurement.id, Response.resume_hash == _resume_hash(code),
        Response.sent_on.is_(None)))
    return find_respondent(session, measurement.code, token) if token else None


def start(session: Session, measurement: Measurement, language: str) -> Respondent:
    if not measurement.is_open:
        raise NotAnswerable("closed")
    response = Response(measurement_id=measurement.id, token=secrets.token_urlsafe(24), language=language)
    session.add(response)
    session.flush()
    return Respondent(response_id=response.id, token=response.token, measurement_id=measurement.id,
                      code=measurement.code, questionnaire_id=measurement.questionnaire_id, language=language,
                      finished=False, measurement_open=True)


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
        kind = kind_of(question)
        if kind.several and hasattr(form, "getlist"):  # a plain form sends each ticked option as a field
            raw = ",".join(form.getlist(name))
        answer = kind.read(question, raw.strip())
        if answer is not None:
            given[question.id] = answer
    return given


def check_answerable(respondent: Respondent) -> None:
    if respondent.finished:
        raise NotAnswerable("finished")
    if not respondent.measurement_open:
        raise NotAnswerable("closed")


def _upsert(dialect: str):
    """INSERT an answer, or UPDATE the stored one when it differs: one statement."""
    statement = db.insert(dialect, _ANSWERS)
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


# Taken first in the transaction that saves answers: it fails once the response
# is sent, and it holds the response's row, so that "send" waits for the save
# (or the save sees the send) — answers never change after they were sent.
_STILL_UNSENT = (
    update(_RESPONSES).where(_RESPONSES.c.id == bindparam("response_id"), _RESPONSES.c.sent_on.is_(None))
    .values(language=_RESPONSES.c.language)
)


# On PostgreSQL finding the response, the rule above and every write are one
# statement, which needs no transaction around it: a tap costs one round trip
# to the database instead of six. It holds the response's row as the UPDATE
# above does, so "send" still waits for it or it sees the send; and it writes
# only when the answers were read against the measurement's own questionnaire.
# Its commit does not wait for the disk (as SQLite's NORMAL sync does not):
# a database crash may lose the last taps, never a sent response, whose own
# commit waits for the disk and so for every tap before it. Written in the
# driver's parameter style: it runs on psycopg's own cursor (db.first_row_on_driver).
_SAVE_IN_ONE = """
WITH found AS (
    SELECT responses.id AS response_id, responses.token, measurements.id AS measurement_id, measurements.code,
           measurements.questionnaire_id, responses.language,
           responses.sent_on IS NOT NULL AS finished, measurements.state = 'open' AS measurement_open
    FROM responses JOIN measurements ON measurements.id = responses.measurement_id
    WHERE responses.token = %(token)s AND measurements.code = %(code)s
), still_unsent AS (
    UPDATE responses SET language = responses.language FROM found
    WHERE responses.id = found.response_id AND responses.sent_on IS NULL AND found.measurement_open
          AND found.questionnaire_id = %(questionnaire_id)s
          AND set_config('synchronous_commit', 'off', true) IS NOT NULL
    RETURNING responses.id
), given AS (
    SELECT * FROM unnest(CAST(%(question_ids)s AS integer[]), CAST(%(answer_values)s AS integer[]),
                         CAST(%(dont_knows)s AS boolean[]), CAST(%(texts)s AS text[]),
                         CAST(%(public_ids)s AS text[]))
        AS given (question_id, value, dont_know, text, public_id)
), written AS (
    INSERT INTO answers (response_id, question_id, value, dont_know, text, moderation, public_id)
    SELECT still_unsent.id, given.question_id, given.value, given.dont_know, given.text, 'pending',
           given.public_id
    FROM still_unsent, given
    ON CONFLICT (response_id, question_id) DO UPDATE
        SET value = excluded.value, dont_know = excluded.dont_know, text = excluded.text,
            moderation = excluded.moderation
        WHERE answers.value IS DISTINCT FROM excluded.value OR answers.dont_know IS DISTINCT FROM
              excluded.dont_know OR answers.text IS DISTINCT FROM excluded.text
    RETURNING 1
), removed AS (
    DELETE FROM answers USING still_unsent
    WHERE answers.response_id = still_unsent.id AND answers.question_id = ANY(CAST(%(emptied)s AS integer[]))
    RETURNING 1
)
SELECT found.*, (SELECT count(*) FROM still_unsent) AS unsent,
       (SELECT count(*) FROM written) + (SELECT count(*) FROM removed) AS changed
FROM found
"""

_RESPONDENT_FIELDS = [field.name for field in fields(Respondent)]

# Which questionnaire each measurement asks: it never changes once opened, so a
# tap can read its answers before the database is asked (the statement checks).
_QUESTIONNAIRE_OF: dict[str, int] = {}


def save(database: Session | Connection, respondent: Respondent, given: Mapping[int, Given]) -> int:
    """Store the answers in one transaction, writing only what changed.

    Returns how many answers were written or removed. Raises
    :class:`NotAnswerable` when the response was sent in the meantime.
    """
    check_answerable(respondent)
    connection = _connection(database)
    if connection.dialect.name == "postgresql":
        _found, changed = _save_in_one(database, respondent.code, respondent.token,
                                       respondent.questionnaire_id, given)
        return changed
    if connection.execute(_STILL_UNSENT, {"response_id": respondent.response_id}).rowcount != 1:
        database.rollback()
        raise NotAnswerable("finished")
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
                "dont_know": new.dont_know, "text": new.text, "moderation": "pending", "public_id": public_id(),
            }).all())
    database.commit()
    return changed


def _save_in_one(database: Session | Connection, code: str, token: str, questionnaire_id: int,
                 given: Mapping[int, Given]) -> tuple[Respondent | None, int]:
    """The statement above: the response found (None: not here) and how many answers changed."""
    kept = {question_id: new for question_id, new in given.items() if not new.empty}
    row = db.first_row_on_driver(_connection(database), _SAVE_IN_ONE, {
        "token": token, "code": code, "questionnaire_id": questionnaire_id, "question_ids": list(kept),
        "answer_values": [new.value for new in kept.values()],
        "dont_knows": [new.dont_know for new in kept.values()], "texts": [new.text for new in kept.values()],
        "public_ids": [public_id() for _ in kept],
        "emptied": [question_id for question_id, new in given.items() if new.empty],
    })
    if row is None:
        return None, 0
    found = Respondent(**{name: row[name] for name in _RESPONDENT_FIELDS})
    if found.questionnaire_id == questionnaire_id:
        check_answerable(found)
        if not row["unsent"]:
            database.rollback()
            raise NotAnswerable("finished")
    database.commit()
    return found, row["changed"]


def save_tap(connection: Connection, code: str, token: str, structure_of: Callable[[int], Structure],
             read: Callable[[Structure], Mapping[int, Given]]) -> Respondent | None:
    """Find the response with ``token`` and save what ``read`` takes from the form for its questionnaire.

    None when there is no such response here. On PostgreSQL one round trip to
    the database; elsewhere (and the first time a measurement is seen) two.
    """
    code = codes.normalise(code)
    if connection.dialect.name == "postgresql" and code in _QUESTIONNAIRE_OF:
        questionnaire_id = _QUESTIONNAIRE_OF[code]
        found, _changed = _save_in_one(connection, code, token, questionnaire_id,
                                       read(structure_of(questionnaire_id)))
        if found is None or found.questionnaire_id == questionnaire_id:
            return found
    respondent = find_respondent(connection, code, token)
    if respondent is None:
        return None
    _QUESTIONNAIRE_OF[code] = respondent.questionnaire_id
    save(connection, respondent, read(structure_of(respondent.questionnaire_id)))
    return respondent


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


def resume_page(structure: Structure, given: Mapping[int, Given]) -> int:
    """Where a young person going on with their answers starts: the last page holding one of them, where
    they see what they gave (0, the intro, before any)."""
    return max((number for number, area in enumerate(structure.areas, start=1)
                if any(question.id in given for question in area.questions)), default=0)


def set_language(session: Session, respondent: Respondent, language: str) -> None:
    if respondent.language != language:
        _update_response(session, respondent, language=language)


def tallied(responses: Select) -> CompoundSelect:
    """Per measurement, question, language and value, how many of ``responses`` gave that answer.

    ``responses`` selects the ids of completed responses; only their counted answers are tallied (late ones
    may wait: late_answers.py); "don't know" is value 0. A multiple-choice answer counts once for each option
    ticked, and once under value -1 (:data:`ANSWERED`), the young people who ticked any.
    """
    value = case((_ANSWERS.c.dont_know, 0), else_=_ANSWERS.c.value)
    answers = _ANSWERS.join(_RESPONSES, _RESPONSES.c.id == _ANSWERS.c.response_id)
    counted = [_RESPONSES.c.id.in_(responses), _ANSWERS.c.text.is_(None), _ANSWERS.c.counted,
               or_(_ANSWERS.c.value.is_not(None), _ANSWERS.c.dont_know)]
    # Few questions are multiple choice: found first, so that the other answers are tallied as they were.
    several = select(_QUESTIONS.c.id).where(_QUESTIONS.c.kind == MULTIPLE.key)
    ticked = and_(_ANSWERS.c.question_id.in_(several), not_(_ANSWERS.c.dont_know))

    def per(tallied_value, source, *where):
        return (select(_RESPONSES.c.measurement_id, _ANSWERS.c.question_id, _RESPONSES.c.language,
                       tallied_value.label("value"), func.count())
                .select_from(source).where(*counted, *where)
                .group_by(_RESPONSES.c.measurement_id, _ANSWERS.c.question_id, _RESPONSES.c.language, tallied_value))

    bit = literal(1).op("<<")(_OPTIONS.c.value - 1)
    return union_all(
        per(value, answers, not_(ticked)),
        per(_OPTIONS.c.value, answers.join(_OPTIONS, _OPTIONS.c.question_id == _ANSWERS.c.question_id), ticked,
            _ANSWERS.c.value.op("&")(bit) != 0),
        per(literal(ANSWERED), answers, ticked),
    )


def _upsert_adding(connection: Connection, table, keys: list, select_: Select | CompoundSelect) -> None:
    insert = db.insert(connection.dialect.name, table)
    statement = insert.from_select([*(c.name for c in keys), "n"], select_)
    connection.execute(statement.on_conflict_do_update(index_elements=keys,
                                                       set_={"n": table.c.n + statement.excluded.n}))


def add_tallies(session: Session | Connection, responses: Select) -> None:
    """Add the answers of ``responses`` to the tallies analysis reads, and their young people to
    the contributors of each indicator and focus area they answered."""
    connection = _connection(session)
    _upsert_adding(connection, _TALLIES, [_TALLIES.c.measurement_id, _TALLIES.c.question_id, _TALLIES.c.language,
                                          _TALLIES.c.value], tallied(responses))
    answered = (
        select(_RESPONSES.c.measurement_id, FocusArea.key.label("area"), Indicator.key.label("indicator"),
               _ANSWERS.c.response_id)
        .select_from(_ANSWERS.join(_RESPONSES, _RESPONSES.c.id == _ANSWERS.c.response_id)
                     .join(Question, Question.id == _ANSWERS.c.question_id)
                     .join(Indicator, Indicator.id == Question.indicator_id)
                     .join(FocusArea, FocusArea.id == Indicator.focus_area_id))
        .where(_RESPONSES.c.id.in_(responses), _ANSWERS.c.value.is_not(None), _ANSWERS.c.counted)
        .subquery()
    )
    # Tallied anew at each release (analysis.recount), so each young person is counted once per scope.
    people = func.count(answered.c.response_id.distinct())
    for scope, grouped in ((answered.c.area, [answered.c.area]),
                           (answered.c.area + "." + answered.c.indicator, [answered.c.area, answered.c.indicator])):
        _upsert_adding(connection, _CONTRIBUTORS, [_CONTRIBUTORS.c.measurement_id, _CONTRIBUTORS.c.scope],
                       select(answered.c.measurement_id, scope, people)
                       .group_by(answered.c.measurement_id, *grouped))


def finish(session: Session, respondent: Respondent) -> None:
    """Send the answers: the response is complete (counted when the measurement is next closed).

    Raises :class:`NotAnswerable` when the measurement was closed in the
    meantime; the answers stay saved and can be sent if it opens again.
    """
    check_answerable(respondent)
    connection = _connection(session)
    still_open = select(_MEASUREMENTS.c.id).where(_MEASUREMENTS.c.id == respondent.measurement_id,
                                                  _MEASUREMENTS.c.state == "open")
    if connection.dialect.name == "postgresql":
        # Closing the measurement waits for this send, or this send sees it closed, so that no
        # response is sent after its measurement's answers were released. (SQLite runs one
        # writer at a time: the update below sees the state as it is.)
        connection.execute(still_open.with_for_update(read=True))
    sent = connection.execute(
        update(_RESPONSES).where(_RESPONSES.c.id == respondent.response_id, _RESPONSES.c.sent_on.is_(None),
                                 still_open.exists())
        .values(sent_on=today(), resume_hash=None)
    )
    if sent.rowcount == 1:
        return
    if connection.execute(still_open).first() is None:
        raise NotAnswerable("closed")
    # Otherwise it was sent twice at once: the first one counts.


def send(session: Session, respondent: Respondent, structure: Structure) -> None:
    """Send the answers (:func:`finish`), without those to questions the later answers skip: an answer to a
    question not asked is not an answer (skip_logic.py)."""
    skipped = structure.skipped(answers_of(session, respondent))
    if skipped:
        session.connection().execute(delete(_ANSWERS).where(_ANSWERS.c.response_id == respondent.response_id,
                                                            _ANSWERS.c.question_id.in_(skipped)))
    finish(session, respondent)


def today():
    return datetime.now(UTC).date()
