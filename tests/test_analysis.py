"""Figures checked against hand-computed ones; nothing shown for fewer than the minimum."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mina_svar import analysis, answering, questionnaire
from mina_svar.analysis import Pool, compare, compile_results

from . import audit
from .audit import counts_of
from .staff import cycle_with_läget_1, release


@pytest.fixture(scope="module")
def laget():
    """The shipped questionnaire as a structure, with made-up ids (no database needed)."""
    import json

    doc = json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))
    areas, next_id = [], iter(range(1, 1000))
    for area in doc["focus_areas"]:
        questions = [questionnaire.QuestionView(next(next_id), q["key"], "scale", q["text"],
                                                tuple(questionnaire.OptionView(v, {}) for v in range(1, 6)),
                                                True, indicator["key"])
                     for indicator in area["indicators"] for q in indicator["questions"]]
        indicators = tuple(questionnaire.IndicatorView(i["key"], i["title"]) for i in area["indicators"])
        areas.append(questionnaire.AreaView(area["key"], area["title"], {}, tuple(questions), indicators))
    return questionnaire.Structure(1, "laget", 1, {}, {}, ("sv",), tuple(areas),
                                   {q.id: q for a in areas for q in a.questions})


def _ids(structure, area=0):
    return [q.id for q in structure.areas[area].questions]


def test_a_question_counts_its_scale_and_leaves_dont_know_aside(laget):
    apply, adult_help, tried, *_ = _ids(laget)
    people = [{apply: value, adult_help: 5} for value in (1, 2, 3, 4, 5, "dk")]
    for person in people[:3]:
        person[tried] = 2
    result = compile_results(laget, counts_of(laget, people), minimum=5)
    (ways_in, (q_apply, q_help)), (experience, (q_tried, q_nearby)), _ = result.area("work").indicators
    assert (q_apply.n, q_apply.dont_know, q_apply.mean, q_apply.positive_share, q_apply.index) == (5, 1, 3.0, 0.4, 50.0)
    assert q_apply.counts == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert (q_help.n, q_help.mean, q_help.index) == (6, 5.0, 100.0)
    # The indicator pools its 11 answers: (0 + 25 + 50 + 75 + 100 + 6 × 100) / 11.
    assert ways_in.shown and ways_in.n == 11 and ways_in.index == pytest.approx(850 / 11)
    # Three young people answered "tried": hidden, and so is their indicator.
    assert not q_tried.shown and q_tried.n is None and q_tried.mean is None and q_tried.counts == {}
    assert not experience.shown and experience.index is None
    # The focus area would be ways_in plus those three answers: shown, it would give them away.
    assert not result.area("work").result.shown
    assert not result.area("health").result.shown


def test_an_indicator_shows_when_enough_young_people_answered_it_though_no_question_does(laget):
    apply, adult_help, *_ = _ids(laget)
    # Six young people, each answering one or both questions; "don't know" on the others.
    people = [{apply: 4, adult_help: "dk"}, {apply: 5, adult_help: "dk"}, {apply: 3, adult_help: 2},
              {apply: 4, adult_help: 4}, {apply: "dk", adult_help: 5}, {apply: "dk", adult_help: 3}]
    result = compile_results(laget, counts_of(laget, people), minimum=5)
    (ways_in, (q_apply, q_help)), *_ = result.area("work").indicators
    assert not q_apply.shown and not q_help.shown  # four answers each
    assert ways_in.shown and ways_in.n == 8
    assert ways_in.index == pytest.approx((75 + 100 + 50 + 75) / 4 / 2 + (25 + 75 + 100 + 50) / 4 / 2)
    assert result.area("work").result.shown and result.area("work").result.n == 8


def test_a_hidden_question_is_protected_by_hiding_one_more(laget):
    apply, adult_help, *_ = _ids(laget)
    people = [{apply: 4} for _ in range(6)] + [{apply: 4, adult_help: 1}, {adult_help: 1}, {adult_help: 5}]
    result = compile_results(laget, counts_of(laget, people), minimum=5)
    (ways_in, (q_apply, q_help)), *_ = result.area("work").indicators
    # adult_help has three answers; had apply been shown, the indicator minus apply would give them away.
    assert not q_help.shown and not q_apply.shown
    assert ways_in.shown and ways_in.n == 10
    assert not audit.determined(laget, result, counts_of(laget, people))


def test_too_few_respondents_show_nothing_at_all(laget):
    first = _ids(laget)[0]
    people = [{first: 5}] * 4
    result = compile_results(laget, counts_of(laget, people), minimum=5)
    assert result == analysis.MeasurementResult(4, 5, False, [])
    assert compile_results(laget, counts_of(laget, people), minimum=3).shown


def _question(values, reversed_=False, question_id=1, indicator="ind", key=None):
    options = tuple(questionnaire.OptionView(v, {"en": f"label {v}"}) for v in values)
    return questionnaire.QuestionView(question_id, key or f"q{question_id}", "scale", {}, options, True, indicator,
                                      reversed_)


def test_any_scale_counts_from_0_at_its_lowest_point_to_100_at_its_highest():
    assert _question(range(1, 6)).scores == {1: 0, 2: 25, 3: 50, 4: 75, 5: 100}
    assert _question(range(1, 6), reversed_=True).scores == {1: 100, 2: 75, 3: 50, 4: 25, 5: 0}
    seven = _question([7, 1, 2, 3, 4, 5, 6])  # in any order
    assert seven.scale == (1, 2, 3, 4, 5, 6, 7) and seven.scores[4] == 50 and seven.scores[7] == 100
    assert _question([0, 1]).scores == {0: 0, 1: 100}  # no / yes
    assert _question(range(1, 6)).upper == (4, 5)
    assert seven.upper == (5, 6, 7)
    assert _question([1, 2, 3, 4]).upper == (3, 4)
    assert _question([0, 1]).upper == (1,)


def test_pooled_scores_give_the_index_and_its_spread():
    assert Pool().add(100, 1).add(0, 1).index == 50.0
    assert Pool().add(50, 4).variance == 0.0


def test_a_seven_point_question_beside_a_five_point_one_is_read_on_its_own_scale():
    five, seven = _question(range(1, 6), question_id=1), _question(range(1, 8), question_id=2)
    area = questionnaire.AreaView("a", {"en": "A"}, {}, (five, seven), (questionnaire.IndicatorView("ind", {}),))
    structure = questionnaire.Structure(9, "other", 1, {}, {}, ("en",), (area,), {1: five, 2: seven})
    people = [{1: 5, 2: 7}, {1: 4, 2: 6}, {1: 3, 2: 4}, {1: 5, 2: 1}, {1: 4, 2: 7}]
    result = compile_results(structure, counts_of(structure, people), minimum=5)
    first, second = result.areas[0].indicators[0][1]
    assert second.counts == {1: 1, 2: 0, 3: 0, 4: 1, 5: 0, 6: 1, 7: 2}
    assert second.mean == 5.0 and second.positive_share == 0.6  # 6 and 7 (and 5) are above the middle
    assert second.index == pytest.approx((100 + 500 / 6 + 50 + 0 + 100) / 5)
    assert first.index == pytest.approx((100 + 75 + 50 + 100 + 75) / 5) and first.positive_share == 0.8
    assert result.areas[0].result.index == pytest.approx((first.index * 5 + second.index * 5) / 10)


def test_a_clear_change_is_certain_and_a_small_one_on_few_answers_is_not(laget):
    apply, adult_help, tried, *_ = _ids(laget)
    before = [{apply: 1, tried: 3} for _ in range(10)]
    for person, value in zip(before, [3, 3, 3, 4, 4, 4]):
        person[adult_help] = value
    after = [{apply: 5, tried: 3} for _ in range(10)]
    for person, value in zip(after, [3, 3, 4, 4, 4, 4]):
        person[adult_help] = value
    tried_later = [{**person, tried: "dk"} for person in after[:7]] + after[7:]
    comparison = compare(compile_results(laget, counts_of(laget, before), minimum=5),
                         compile_results(laget, counts_of(laget, tried_later), minimum=5))
    clear = comparison.questions["work.apply"]
    assert (clear.before, clear.after, clear.difference, clear.n_before, clear.n_after) == (0.0, 100.0, 100.0, 10, 10)
    assert not clear.uncertain
    small = comparison.questions["work.adult_help"]
    assert small.difference == pytest.approx(75 * 4 / 6 + 50 * 2 / 6 - 62.5)
    assert small.uncertain and small.margin > abs(small.difference)
    assert comparison.indicators[("work", "ways_in")].n_before == 16
    # Too few answers on one side: no change is shown.
    hidden = comparison.questions["work.tried"]
    assert not hidden.shown and hidden.difference is None and hidden.uncertain


def test_answers_in_arabic_and_swedish_count_together(session):
    _leader, _cycle, measurement = cycle_with_läget_1(session)
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    first, second = structure.areas[0].questions[:2]
    for language, value in [("sv", 1), ("ar", 2), ("sv", 3), ("ar", 4), ("ar", 5), ("sv", None)]:
        respondent = answering.start(session, measurement, language)
        answering.save(session, respondent, {
            first.id: answering.Given(value=value) if value else answering.Given(dont_know=True),
            second.id: answering.Given(value=4),
        })
        answering.finish(session, respondent)
        session.commit()  # as the request that sends does
    answering.start(session, measurement, "ar")  # never sent: does not count
    release(session, measurement)
    result = analysis.results(session, measurement, structure, 5)
    assert result.respondents == 6
    (ways_in, (apply, adult_help)), *_ = result.area("work").indicators
    assert (apply.n, apply.dont_know, apply.mean, apply.index) == (5, 1, 3.0, 50.0)
    assert (adult_help.n, adult_help.index) == (6, 75.0)
    assert ways_in.index == pytest.approx((250 + 6 * 75) / 11)


def test_tallies_agree_with_the_answers_however_they_are_made(session):
    import random

    from sqlalchemy import select

    from mina_svar import measuring
    from mina_svar.models import AnswerTally

    laget = questionnaire.latest(session)
    measurement = measuring.open_measurement(session, laget, None)
    structure = questionnaire.structure(session, laget.id)
    scale = [q for q in structure.questions.values() if q.kind == "scale"]
    rng = random.Random(3)
    expected: dict[int, dict] = {}
    for number in range(12):
        respondent = answering.start(session, measurement, rng.choice(["sv", "ar", "en"]))
        given = {}
        for question in rng.sample(scale, 8):
            value = rng.choice([1, 2, 3, 4, 5, None])
            given[question.id] = answering.Given(value=value) if value else answering.Given(dont_know=True)
        # Changed answers count as they are when sent.
        answering.save(session, respondent, given)
        answering.save(session, respondent, {q: answering.Given(value=3) for q in list(given)[:2]})
        given.update({q: answering.Given(value=3) for q in list(given)[:2]})
        if number % 4 == 3:
            continue  # never sent: not counted
        answering.finish(session, respondent)
        session.commit()  # as the request that sends does
        answering.finish(session, respondent)  # a double tap on "send" (the snapshot is stale): counted once
        for question_id, answer in given.items():
            key = "dk" if answer.dont_know else answer.value
            expected.setdefault(question_id, {}).setdefault(key, 0)
            expected[question_id][key] += 1
    assert analysis.answer_counts(session, measurement.id).respondents == 0  # nothing until it is closed
    release(session, measurement)
    counts = analysis.answer_counts(session, measurement.id)
    assert (counts.respondents, counts.answers) == (9, expected)
    by_language = {row.language for row in session.scalars(select(AnswerTally))}
    assert by_language <= {"sv", "ar", "en"}
    analysis.recount(session, measurement.id)
    assert analysis.answer_counts(session, measurement.id) == counts


def test_the_audit_finds_a_hidden_figure_when_nothing_more_is_hidden(laget, monkeypatch):
    apply, adult_help, *_ = _ids(laget)
    people = [{apply: 4} for _ in range(6)] + [{apply: 4, adult_help: 1}, {adult_help: 1}, {adult_help: 5}]
    monkeypatch.setattr(analysis, "suppress", lambda areas, minimum: None)
    leaky = compile_results(laget, counts_of(laget, people), minimum=5)
    assert "question work.adult_help" in audit.determined(laget, leaky, counts_of(laget, people))


def test_whole_numbers_pin_no_hidden_question(laget, monkeypatch):
    """Five answer 5 to one question, four answer 5 and one "don't know" to the other: both questions are
    hidden (one has four answers, the other protects it), and an indicator with index 100 over them would say
    that every one of their answers was 5. A rank audit passes it; whole numbers do not."""
    apply, adult_help, *_ = _ids(laget)
    people = [{apply: 5, adult_help: 5} for _ in range(4)] + [{apply: 5, adult_help: "dk"}]
    counts = counts_of(laget, people)
    result = compile_results(laget, counts, minimum=5)
    indicator, questions = result.area("work").indicators[0]
    assert [q.question.id for q in questions][:2] == [apply, adult_help]
    assert not indicator.shown and not any(q.shown for q in questions[:2]) and not result.area("work").result.shown
    assert audit.determined(laget, result, counts) == [] and audit.pinned(result, counts) == []
    monkeypatch.setattr(analysis, "_protected", _without_whole_numbers)
    leaky = compile_results(laget, counts, minimum=5)
    assert leaky.area("work").indicators[0][0].shown and leaky.area("work").indicators[0][0].index == 100
    assert audit.determined(laget, leaky, counts) == []  # the equations alone leave it open
    assert "index of work.apply" in audit.pinned(leaky, counts)  # whole numbers do not


def _without_whole_numbers(cell, minimum):
    """The rule before whole numbers were thought of."""
    hidden = cell.hidden_part()
    return not hidden or (len(hidden) >= 2 and sum(analysis._answers(part) for part in hidden) >= minimum)


ANSWER = st.sampled_from([1, 2, 3, 4, 5, "dk", None])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), minimum=st.integers(3, 5))
def test_no_hidden_figure_can_be_worked_out_from_the_shown_ones(laget, data, minimum):
    """Random small groups answering two focus areas: whatever is shown, nothing hidden follows from it."""
    asked = [q.id for area in laget.areas[:2] for q in area.questions if q.kind == "scale"]
    people = data.draw(st.lists(st.lists(ANSWER, min_size=len(asked), max_size=len(asked)), max_size=14))
    people = [{q: a for q, a in zip(asked, answers) if a is not None} for answers in people]
    counts = counts_of(laget, people)
    result = compile_results(laget, counts, minimum)
    assert audit.determined(laget, result, counts) == []
    assert audit.pinned(result, counts) == []
    for area in result.areas:
        for indicator, questions in area.indicators:
            people_in = counts.contributors.get(f"{area.area.key}.{indicator.key}", 0)
            assert not indicator.shown or people_in >= minimum
            assert all(q.n >= minimum for q in questions if q.shown)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_comparison_publishes_only_what_each_side_shows_on_its_own(laget, data):
    """Across the two sides of a comparison no new figure appears: each side's figures are its own page's."""
    asked = [q.id for q in laget.areas[0].questions if q.kind == "scale"]
    group = st.lists(st.lists(ANSWER, min_size=len(asked), max_size=len(asked)), max_size=12)

    def side():
        people = [{q: a for q, a in zip(asked, answers) if a is not None} for answers in data.draw(group)]
        return compile_results(laget, counts_of(laget, people), 5)

    before, after = side(), side()
    comparison = compare(before, after)

    def published(result):
        found = {}
        for area in result.areas:
            found[("area", area.area.key)] = area.result
            for indicator, questions in area.indicators:
                found[("indicator", (area.area.key, indicator.key))] = indicator
                found.update({("question", q.question.key): q for q in questions})
        return found

    first, second = published(before), published(after)
    for kind, changes in (("area", comparison.areas), ("indicator", comparison.indicators),
                          ("question", comparison.questions)):
        for key, change in changes.items():
            a, b = first[(kind, key)], second[(kind, key)]
            if change.shown:
                assert a.shown and b.shown and (change.before, change.after) == (a.index, b.index)
                assert (change.n_before, change.n_after) == (a.n, b.n)
            else:
                assert change.before is change.after is None
                assert change.n_before == (a.n if a.shown else None) and change.n_after == (b.n if b.shown else None)


def _one_indicator(*questions):
    area = questionnaire.AreaView("a", {"en": "A"}, {}, questions, (questionnaire.IndicatorView("ind", {}),))
    return questionnaire.Structure(9, "other", 1, {}, {}, ("en",), (area,), {q.id: q for q in questions})


def test_versions_are_compared_on_the_questions_asked_both_times():
    """Version 2 dropped q2 and added q3 (new ids, same key for q1): the indicator and the focus area are
    compared on q1 alone, and q2 and q3 are named as not asked both times."""
    first = _one_indicator(_question(range(1, 6), question_id=1), _question(range(1, 6), question_id=2))
    # New ids in the new version; q1 is the same question (the same key), q13 a new one.
    second = _one_indicator(_question(range(1, 6), question_id=11, key="q1"), _question(range(1, 6), question_id=13))
    before = compile_results(first, counts_of(first, [{1: 1, 2: 5}] * 6), minimum=5)
    after = compile_results(second, counts_of(second, [{11: 5, 13: 1}] * 6), minimum=5)
    comparison = compare(before, after)
    assert comparison.questions["q1"].difference == 100
    for change in (comparison.indicators[("a", "ind")], comparison.areas["a"]):
        assert change.shared_only and change.difference == 100 and change.n_before == 6
    assert [q.key for q in comparison.only_before] == ["q2"] and [q.key for q in comparison.only_after] == ["q13"]


def test_a_question_hidden_on_either_side_is_left_out_of_the_shared_comparison():
    first = _one_indicator(_question(range(1, 6), question_id=1), _question(range(1, 6), question_id=2))
    second = _one_indicator(_question(range(1, 6), question_id=1), _question(range(1, 6), question_id=3))
    people = [{1: 4, 2: 4}] * 6
    before = compile_results(first, counts_of(first, people), minimum=5)
    after = compile_results(second, counts_of(second, [{1: 2, 3: 2}] * 4 + [{3: 2}] * 2), minimum=5)
    assert not after.areas[0].indicators[0][1][0].shown  # q1 answered by 4 after: hidden
    comparison = compare(before, after)
    assert not comparison.indicators[("a", "ind")].shown and not comparison.areas["a"].shown


def test_the_audit_across_releases_finds_a_late_layer_the_figures_give_away(laget):
    """The audit can fail: released with a minimum of 1, every question is shown twice, and one late answer is
    the difference between the two releases' counts."""
    apply = _ids(laget)[0]
    first = [{apply: 4} for _ in range(5)]
    releases = [(analysis.compile_results(laget, counts, 1), counts)
                for counts in (audit.counts_of(laget, first), audit.counts_of(laget, [*first, {apply: 2}]))]
    found = audit.determined_across(laget, releases, 5)
    assert "late answers of work.apply in release 2" in found and "late scores of work.apply in release 2" in found
    assert audit.determined_across(laget, releases, 1) == []  # a layer of the minimum may show


@pytest.fixture(scope="module")
def with_background(laget):
    """Läget with one background question in work (id 999: three answers, "don't know" allowed)."""
    from dataclasses import replace

    where = questionnaire.QuestionView(999, "work.where", "choice", {"sv": "Var bor du?"},
                                       tuple(questionnaire.OptionView(v, {}) for v in (1, 2, 3)), True, None)
    work = replace(laget.areas[0], questions=(*laget.areas[0].questions, where))
    return replace(laget, areas=(work, *laget.areas[1:]), questions={**laget.questions, 999: where})


def test_a_background_question_shows_from_exactly_the_minimum_with_its_dont_knows(with_background):
    from dataclasses import replace

    people = [{999: value} for value in (1, 1, 2, 3, 3, "dk")]
    counts = counts_of(with_background, people)
    shown = compile_results(with_background, counts, minimum=5).area("work").background[0]
    assert (shown.shown, shown.n, shown.counts, shown.dont_know) == (True, 5, {1: 2, 2: 1, 3: 2}, 1)
    one_fewer = counts_of(with_background, people[1:] + [{}])
    assert not compile_results(with_background, one_fewer, minimum=5).area("work").background[0].shown
    # Hidden at an earlier release, it stays hidden (late_answers.py), however many answered since.
    kept = replace(counts, kept_hidden=frozenset({analysis.figure_key("background", "work.where")}))
    assert not compile_results(with_background, kept, minimum=5).area("work").background[0].shown


def test_the_margin_of_a_change_is_twice_its_standard_error_from_both_sides_spread(laget):
    import math
    import statistics

    apply, adult_help, *_ = _ids(laget)
    before = [{apply: 1, adult_help: value} for value in (3, 3, 3, 4, 4, 4)]
    after = [{apply: 1, adult_help: value} for value in (3, 3, 4, 4, 4, 4, 5, 5)]
    results = [compile_results(laget, counts_of(laget, people), minimum=5) for people in (before, after)]
    changed = compare(*results).questions["work.adult_help"]
    scores = [[(value - 1) / 4 * 100 for value in (p[adult_help] for p in people)] for people in (before, after)]
    expected = analysis.UNCERTAINTY * math.sqrt(statistics.variance(scores[0]) / 6 + statistics.variance(scores[1]) / 8)
    assert changed.margin == pytest.approx(expected) and (changed.n_before, changed.n_after) == (6, 8)
    assert not changed.shared_only  # the same questions both times
    # Shown on one side only: no change, and each side's n only where that side shows it.
    few = compile_results(laget, counts_of(laget, after[:4] + [{apply: 1}, {apply: 1}]), minimum=5)
    one_sided = compare(results[0], few).questions["work.adult_help"]
    assert (one_sided.shown, one_sided.n_before, one_sided.n_after) == (False, 6, None)
    other_way = compare(few, results[0]).questions["work.adult_help"]
    assert (other_way.shown, other_way.n_before, other_way.n_after) == (False, None, 6)


def test_every_figure_is_named_the_same_at_every_release(with_background):
    """What a release keeps hidden is kept by name (HiddenFigure.key): every figure must have its name."""
    people = [{999: value} for value in (1, 1, 2, 3, 3)]
    result = compile_results(with_background, counts_of(with_background, people), minimum=5)
    named = analysis.figures(result)
    expected = {f"area:{a.key}" for a in with_background.areas} | {
        f"indicator:{a.key}.{i.key}" for a in with_background.areas for i in a.indicators} | {
        f"question:{q.key}" for a in with_background.areas for q in a.questions if q.kind == "scale"} | {
        "background:work.where"}
    assert set(named) == expected
    housing = with_background.areas[1].key
    assert named["background:work.where"] is True and named[f"area:{housing}"] is False  # nobody answered housing
