"""Skip logic read from an XLSForm's relevant: what is read, what it means, what is left to ask everyone."""

import pytest

from mina_svar import skip_logic
from mina_svar.question_kinds import Given

EARLIER = {"likes": ("school.likes", {"never": 1, "sometimes": 2, "often": 3}),
           "grade": ("school.grade", {"1": 1, "2": 2, "3": 3})}


@pytest.mark.parametrize(("written", "condition"), [
    ("${likes} = 'often'", {"all": [{"key": "school.likes", "op": "=", "value": 3}]}),
    ("${likes}!='never'", {"all": [{"key": "school.likes", "op": "!=", "value": 1}]}),
    ('selected(${likes}, "sometimes")', {"all": [{"key": "school.likes", "op": "=", "value": 2}]}),
    ("${grade} = 2 or ${grade} = '3'", {"any": [{"key": "school.grade", "op": "=", "value": 2},
                                               {"key": "school.grade", "op": "=", "value": 3}]}),
    ("${likes} = 'often' AND ${grade} != '1'", {"all": [{"key": "school.likes", "op": "=", "value": 3},
                                                        {"key": "school.grade", "op": "!=", "value": 1}]}),
])
def test_a_simple_condition_on_earlier_answers_is_read(written, condition):
    assert skip_logic.parse(written, EARLIER) == condition


@pytest.mark.parametrize("written", [
    "${age} > 15", "${likes} = 'often' and ${grade} = '2' or ${grade} = '3'", "(${likes} = 'often')",
    "${later} = 'x'", "${likes} = 'always'", "${likes} = 'often' and", "not(${likes} = 'often')",
    "${likes} = ${grade}", "",
])
def test_anything_else_is_not_read(written):
    assert skip_logic.parse(written, EARLIER) is None


def test_unanswered_and_dont_know_equal_nothing_as_in_odk():
    is_often = {"all": [{"key": "school.likes", "op": "=", "value": 3}]}
    not_never = {"all": [{"key": "school.likes", "op": "!=", "value": 1}]}
    for answers, asked in (({}, (False, True)), ({"school.likes": Given(dont_know=True)}, (False, True)),
                           ({"school.likes": Given(value=3)}, (True, True)),
                           ({"school.likes": Given(value=1)}, (False, False))):
        assert (skip_logic.shown(is_often, answers), skip_logic.shown(not_never, answers)) == asked, answers
    either = {"any": [{"key": "school.likes", "op": "=", "value": 3}, {"key": "school.grade", "op": "=", "value": 1}]}
    assert skip_logic.shown(either, {"school.grade": Given(value=1)})
    assert skip_logic.shown(None, {})


def test_a_condition_goes_out_as_it_came_in():
    condition = skip_logic.parse("${likes} = 'often' or ${grade} != '2'", EARLIER)
    assert skip_logic.expression(condition) == "${school.likes} = '3' or ${school.grade} != '2'"
    back = {"school.likes": ("school.likes", {"3": 3}), "school.grade": ("school.grade", {"2": 2})}
    assert skip_logic.parse(skip_logic.expression(condition), back) == condition
