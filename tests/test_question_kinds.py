"""Each kind of question described once (mina_svar/question_kinds.py), and every part of the app asking it."""

from pathlib import Path

import pytest

from mina_svar import question_kinds
from mina_svar.models.questionnaires import QUESTION_KINDS
from mina_svar.question_kinds import CHOICE, KINDS, OPEN, SCALE, AnswerError, Given

ROOT = Path(__file__).resolve().parent.parent


class _Asked:
    def __init__(self, kind: str, dont_know: bool = True) -> None:
        self.kind, self.allows_dont_know, self.values = kind, dont_know, frozenset({1, 2, 3, 4, 5})


def test_every_kind_has_its_template_and_the_database_takes_every_kind():
    assert set(QUESTION_KINDS) == set(KINDS) == {"scale", "choice", "open"}
    for kind in KINDS.values():
        assert (ROOT / "templates" / kind.template).is_file(), kind.key
        assert kind.xlsform_type in ("select_one", "text")


def test_what_each_kind_is():
    assert SCALE.scored and SCALE.chosen and not SCALE.background and SCALE.figure == "question"
    assert CHOICE.background and not CHOICE.scored and CHOICE.figure == "background"
    assert OPEN.words and OPEN.last and not OPEN.to_answer and OPEN.figure is None
    assert question_kinds.kind_of(_Asked("choice")) is CHOICE


@pytest.mark.parametrize(("kind", "raw", "read"), [
    ("scale", "4", Given(value=4)), ("scale", "dk", Given(dont_know=True)), ("scale", "", None),
    ("choice", "2", Given(value=2)), ("open", "Fler jobb", Given(text="Fler jobb")), ("open", "", Given()),
])
def test_each_kind_reads_its_answer_from_a_form(kind, raw, read):
    assert KINDS[kind].read(_Asked(kind), raw) == read


@pytest.mark.parametrize(("kind", "raw", "reason"), [
    ("scale", "6", "off_scale"), ("scale", "x", "off_scale"), ("choice", "0", "off_scale"),
    ("open", "a" * (question_kinds.MAX_OPEN_ANSWER + 1), "too_long"),
])
def test_each_kind_refuses_what_does_not_fit_it(kind, raw, reason):
    with pytest.raises(AnswerError) as refused:
        KINDS[kind].read(_Asked(kind), raw)
    assert refused.value.reason == reason


def test_dont_know_is_refused_where_a_question_does_not_offer_it():
    with pytest.raises(AnswerError):
        SCALE.read(_Asked("scale", dont_know=False), "dk")
