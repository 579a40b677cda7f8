"""Each kind of question described once (mina_svar/question_kinds.py), and every part of the app asking it."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mina_svar import question_kinds
from mina_svar.models.questionnaires import QUESTION_KINDS
from mina_svar.question_kinds import CHOICE, KINDS, MULTIPLE, OPEN, SCALE, AnswerError, Given

ROOT = Path(__file__).resolve().parent.parent


class _Asked:
    def __init__(self, kind: str, dont_know: bool = True) -> None:
        self.kind, self.allows_dont_know, self.values = kind, dont_know, frozenset({1, 2, 3, 4, 5})


def test_every_kind_has_its_template_and_the_database_takes_every_kind():
    assert set(QUESTION_KINDS) == set(KINDS) == {"scale", "choice", "open", "multiple"}
    for kind in KINDS.values():
        assert (ROOT / "templates" / kind.template).is_file(), kind.key
        assert kind.xlsform_type in ("select_one", "select_multiple", "text")


def test_what_each_kind_is():
    assert SCALE.scored and SCALE.chosen and not SCALE.background and SCALE.figure == "question"
    assert CHOICE.background and not CHOICE.scored and CHOICE.figure == "background"
    assert OPEN.words and OPEN.last and not OPEN.to_answer and OPEN.figure is None
    assert question_kinds.kind_of(_Asked("choice")) is CHOICE
    assert MULTIPLE.background and MULTIPLE.several and MULTIPLE.to_answer and not MULTIPLE.scored
    assert not any(kind.several for kind in (SCALE, CHOICE, OPEN))


@pytest.mark.parametrize(("kind", "raw", "read"), [
    ("scale", "4", Given(value=4)), ("scale", "dk", Given(dont_know=True)), ("scale", "", None),
    ("choice", "2", Given(value=2)), ("open", "Fler jobb", Given(text="Fler jobb")), ("open", "", Given()),
    # Ticked options as one number, a bit each (1 → 1, 3 → 4, 5 → 16); none ticked removes the answer.
    ("multiple", "1,3", Given(value=5)), ("multiple", ",5,1,5", Given(value=17)), ("multiple", "", Given()),
    ("multiple", "dk", Given(dont_know=True)),
])
def test_each_kind_reads_its_answer_from_a_form(kind, raw, read):
    assert KINDS[kind].read(_Asked(kind), raw) == read


@pytest.mark.parametrize(("kind", "raw", "reason"), [
    ("scale", "6", "off_scale"), ("scale", "x", "off_scale"), ("choice", "0", "off_scale"),
    ("multiple", "1,6", "off_scale"), ("multiple", "1,x", "off_scale"), ("multiple", "1,dk", "dont_know_and_chosen"),
    ("open", "a" * (question_kinds.MAX_OPEN_ANSWER + 1), "too_long"),
])
def test_each_kind_refuses_what_does_not_fit_it(kind, raw, reason):
    with pytest.raises(AnswerError) as refused:
        KINDS[kind].read(_Asked(kind), raw)
    assert refused.value.reason == reason


def test_dont_know_is_refused_where_a_question_does_not_offer_it():
    for kind in (SCALE, MULTIPLE):
        with pytest.raises(AnswerError):
            kind.read(_Asked(kind.key, dont_know=False), "dk")


def test_ticked_options_are_kept_as_one_number_and_read_back():
    assert question_kinds.several([1, 3, 3]) == 5
    assert question_kinds.chosen_in(question_kinds.several([2, 30, 7])) == [2, 7, 30]
    assert question_kinds.chosen_in(None) == [] and question_kinds.chosen_in(0) == []


@given(st.text(alphabet="0123456789,dkx -", max_size=30))
def test_any_ticks_sent_are_read_as_an_answer_or_refused_plainly(raw):
    try:
        read = MULTIPLE.read(_Asked("multiple"), raw)
    except AnswerError as refused:
        assert refused.reason in ("off_scale", "dont_know_and_chosen")
        return
    assert read is not None
    assert read.dont_know or read.empty or set(question_kinds.chosen_in(read.value)) <= {1, 2, 3, 4, 5}
