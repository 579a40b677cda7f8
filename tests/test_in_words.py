"""Results said in the young people's words: the options they chose from, how many in plain words, how it goes
and whether it changed."""

from mina_svar import in_words, questionnaire
from mina_svar.analysis import Compared, QuestionResult

from .test_analysis import _question


def _result(counts, values=range(1, 6), shown=True):
    question = _question(values)
    return QuestionResult(question, shown, n=sum(counts.values()), counts=counts)


def _labels(side):
    return [questionnaire.text(option.label, "en") for option in side.options]


def test_the_side_more_chose_is_named_by_its_own_answers_the_strongest_last():
    upper = in_words.side(_result({1: 1, 2: 0, 3: 1, 4: 3, 5: 2}))
    assert (upper.how_many, _labels(upper), upper.count, upper.n) == ("most", ["label 4", "label 5"], 5, 7)
    lower = in_words.side(_result({1: 4, 2: 2, 3: 0, 4: 1, 5: 0}))
    assert (lower.how_many, _labels(lower), lower.count) == ("most", ["label 2", "label 1"], 6)
    tie = in_words.side(_result({1: 2, 2: 0, 3: 1, 4: 0, 5: 2}))
    assert _labels(tie) == ["label 4", "label 5"]  # the upper side on a tie
    seven = in_words.side(_result({1: 1, 5: 2, 6: 2, 7: 5}, values=range(1, 8)))
    assert (seven.how_many, _labels(seven)) == ("almost_all", ["label 5", "label 6", "label 7"])
    yes = in_words.side(_result({0: 1, 1: 9}, values=[0, 1]))
    assert (yes.how_many, _labels(yes)) == ("almost_all", ["label 1"])


def test_nothing_is_said_of_a_hidden_question_or_one_answered_only_in_the_middle():
    assert in_words.side(_result({1: 3, 5: 3}, shown=False)) is None
    assert in_words.side(_result({3: 6})) is None


def test_how_many_names_bands_never_counts():
    assert [in_words.how_many(share) for share in (1, 0.9, 0.89, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0)] == [
        "almost_all", "almost_all", "most", "most", "about_half", "about_half", "some", "some", "a_few", "none"]


def test_how_it_goes_and_how_it_changed():
    assert [in_words.level(index) for index in (100, 75, 74.9, 50, 49, 25, 24, 0)] == [
        "well", "well", "fairly_well", "fairly_well", "not_so_well", "not_so_well", "badly", "badly"]
    assert in_words.change(Compared(40, 60, 10, 10, margin=5)) == "better"
    assert in_words.change(Compared(40, 44, 10, 10, margin=9)) == "better_maybe_chance"
    assert in_words.change(Compared(60, 40, 10, 10, margin=5)) == "worse"
    assert in_words.change(Compared(60.2, 59.8, 10, 10, margin=5)) == "same"
    assert in_words.change(Compared(None, 60, None, 10)) is None

