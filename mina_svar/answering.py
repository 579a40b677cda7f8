"""The respondent's side: joining a measurement, saving answers, finishing.

Nothing here knows about a respondent beyond a random token, the chosen
language and the answers themselves.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Answer, Measurement, Response, utcnow
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


def start(session: Session, measurement: Measurement, language: str) -> Response:
    if not measurement.is_open:
        raise NotAnswerable("closed")
    response = Response(measurement_id=measurement.id, token=secrets.token_urlsafe(24), language=language)
    session.add(response)
    session.commit()
    return response


def find_response(session: Session, code: str, token: str) -> Response | None:
    """The response with ``token``, if it belongs to the measurement with ``code``."""
    return session.scalar(
        select(Response)
        .join(Response.measurement)
        .where(Response.token == token, Measurement.code == normalise_code(code))
    )


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


def check_answerable(response: Response) -> None:
    if response.completed_at is not None:
        raise NotAnswerable("finished")
    if not response.measurement.is_open:
        raise NotAnswerable("closed")


def save(session: Session, response: Response, given: Mapping[int, Given]) -> int:
    """Store the answers in one transaction, writing only what changed.

    Returns how many answers were written or removed.
    """
    check_answerable(response)
    if not given:
        return 0
    existing = {
        answer.question_id: answer
        for answer in session.scalars(
            select(Answer).where(Answer.response_id == response.id, Answer.question_id.in_(list(given)))
        )
    }
    changed = 0
    for question_id, new in given.items():
        answer = existing.get(question_id)
        if new.empty:
            if answer is not None:
                session.delete(answer)
                changed += 1
            continue
        if answer is None:
            session.add(Answer(response_id=response.id, question_id=question_id,
                               value=new.value, dont_know=new.dont_know, text=new.text))
            changed += 1
        elif (answer.value, answer.dont_know, answer.text) != (new.value, new.dont_know, new.text):
            answer.value, answer.dont_know, answer.text = new.value, new.dont_know, new.text
            if new.text is not None:
                answer.moderation = "pending"
            changed += 1
    session.commit()
    return changed


def answers_of(session: Session, response: Response) -> dict[int, Given]:
    return {
        answer.question_id: Given(answer.value, answer.dont_know, answer.text)
        for answer in session.scalars(select(Answer).where(Answer.response_id == response.id))
    }


def move_to(session: Session, response: Response, page: int) -> None:
    """Remember the page the respondent is on, so that they can resume there."""
    if response.page != page and response.completed_at is None:
        response.page = page
        session.commit()


def set_language(session: Session, response: Response, language: str) -> None:
    if response.language != language:
        response.language = language
        session.commit()


def finish(session: Session, response: Response) -> None:
    check_answerable(response)
    response.completed_at = utcnow()
    session.commit()

