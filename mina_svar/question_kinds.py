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
        self.reason = reason  # "unknown_question", "off_scale", "too_long" or "dont_know_and_chosen"


@dataclass(frozen=True)
class Given:
    """One answer as given: a scale value (for a multiple-choice question, the options chosen as one number:
    see :func:`several`), "don't know", or a text (None removes it)."""

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


# A multiple-choice answer is kept as one number, a bit per option chosen (option 1 the lowest bit): a tap
# stays one row and one statement however many options are ticked, and the tallies count each option.
MOST_OPTIONS = 30


def several(values) -> int:
    """The options ``values`` (1 … MOST_OPTIONS) as the number a multiple-choice answer is kept as."""
    return sum(1 << (value - 1) for value in set(values))


def holds(kept: int | None, value: int) -> bool:
    """Whether the multiple-choice answer kept as ``kept`` has the option ``value`` ticked."""
    return bool(kept and kept & (1 << (value - 1)))


def chosen_in(kept: int | None) -> list[int]:
    """The options a multiple-choice answer kept as ``kept`` holds, lowest first."""
    return [value for value in range(1, MOST_OPTIONS + 1) if holds(kept, value)]


def _ticked(question: Asked, raw: str) -> Given | None:
    """The options ticked, sent as their values joined by commas (the phone's script) or one field each (a
    plain form, with an empty field first so that none ticked arrives too); none removes the answer.
    "Don't know" stands alone."""
    parts = {part.strip() for part in raw.split(",") if part.strip()}
    if not parts:
        return Given()
    if DONT_KNOW in parts:
        if not question.allows_dont_know:
            raise AnswerError("off_scale")
        if len(parts) > 1:
            raise AnswerError("dont_know_and_chosen")
        return Given(dont_know=True)
    try:
        values = {int(part) for part in parts}
    except ValueError:
        raise AnswerError("off_scale") from None
    if not values <= question.values:
        raise AnswerError("off_scale")
    return Given(value=several(values))


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
    several: bool = False  # more than one of its options may be chosen (each counted, see several())

    @property
    def background(self) -> bool:
        """A question about the young people themselves: chosen among a few answers (or several), never
        scored."""
        return self.chosen and not self.scored


SCALE = Kind("scale", _chosen, scored=True, chosen=True, words=False, to_answer=True, last=False,
             figure="question", template="respond/_chosen.html", xlsform_type="select_one")
# A coarse question about the young people themselves: one answer among a few, unordered, never scored.
CHOICE = Kind("choice", _chosen, scored=False, chosen=True, words=False, to_answer=True, last=False,
              figure="background", template="respond/_chosen.html", xlsform_type="select_one")
# Tick all that apply (an XLSForm's select_multiple): each option counted on its own, never scored.
MULTIPLE = Kind("multiple", _ticked, scored=False, chosen=True, words=False, to_answer=True, last=False,
                figure="background", template="respond/_chosen.html", xlsform_type="select_multiple", several=True)
OPEN = Kind("open", _written, scored=False, chosen=False, words=True, to_answer=False, last=True,
            figure=None, template="respond/_written.html", xlsform_type="text")

KINDS = {kind.key: kind for kind in (SCALE, OPEN, CHOICE, MULTIPLE)}


class HasKind(Protocol):
    @property
    def kind(self) -> str: ...


def kind_of(question: HasKind) -> Kind:
    return KINDS[question.kind]
