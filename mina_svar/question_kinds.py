"""The kinds of question, each described in one place: how an answer to it is read from a form and checked,
whether it is scored, where it stands in a focus area, the template that asks it and its XLSForm type.

A new kind (multiple choice from an XLSForm, say) is one more entry in ``KINDS`` and its template; every
module asks a question's kind what it needs (``kind_of(question).scored``) instead of comparing names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

MAX_OPEN_ANSWER = 2000
DONT_KNOW = "dk"


class AnswerError(ValueError):
    """Input that does not fit the questionnaire; nothing was saved."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown_question", "off_scale" or "too_long"


@dataclass(frozen=True)
class Given:
    """One answer as given: a scale value, "don't know", or a text (None removes it)."""

    value: int | None = None
    dont_know: bool = False
    text: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and not self.dont_know and not self.text


class Asked(Protocol):
    """What reading an answer needs of a question (a questionnaire.QuestionView)."""

    @property
    def allows_dont_know(self) -> bool: ...

    @property
    def values(self) -> frozenset[int]: ...


def _chosen(question: Asked, raw: str) -> Given | None:
    """One option chosen by its value, or "don't know" where the question allows it; empty: no answer."""
    if raw == DONT_KNOW and question.allows_dont_know:
        return Given(dont_know=True)
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise AnswerError("off_scale") from None
    if value not in question.values:
        raise AnswerError("off_scale")
    return Given(value=value)


def _written(_question: Asked, raw: str) -> Given | None:
    """Words of the young person's own; empty removes what was written."""
    if len(raw) > MAX_OPEN_ANSWER:
        raise AnswerError("too_long")
    return Given(text=raw or None)


@dataclass(frozen=True)
class Kind:
    key: str  # as stored in questions.kind
    read: Callable[[Asked, str], Given | None]  # a form's value as an answer (None: none given); AnswerError
    scored: bool  # its answers make the indexes (0–100); it stands under an indicator
    chosen: bool  # answered by choosing one of its options
    words: bool  # answered in the young person's own words, which a leader reads before anyone else
    to_answer: bool  # counted among the questions a young person is asked to answer (not the optional ones)
    last: bool  # asked after the area's other questions
    figure: str | None  # what its result is called among a release's figures (analysis.figure_key)
    template: str  # the part of the answer page that asks it
    xlsform_type: str  # its row's type in an XLSForm's survey sheet ("select_one" is followed by its list)

    @property
    def background(self) -> bool:
        """A question about the young people themselves: chosen among a few answers, never scored."""
        return self.chosen and not self.scored


SCALE = Kind("scale", _chosen, scored=True, chosen=True, words=False, to_answer=True, last=False,
             figure="question", template="respond/_chosen.html", xlsform_type="select_one")
# A coarse question about the young people themselves: one answer among a few, unordered, never scored.
CHOICE = Kind("choice", _chosen, scored=False, chosen=True, words=False, to_answer=True, last=False,
              figure="background", template="respond/_chosen.html", xlsform_type="select_one")
OPEN = Kind("open", _written, scored=False, chosen=False, words=True, to_answer=False, last=True,
            figure=None, template="respond/_written.html", xlsform_type="text")

KINDS = {kind.key: kind for kind in (SCALE, OPEN, CHOICE)}


class HasKind(Protocol):
    @property
    def kind(self) -> str: ...


def kind_of(question: HasKind) -> Kind:
    return KINDS[question.kind]
