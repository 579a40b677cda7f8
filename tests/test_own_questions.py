"""A group's own questions (step 2): up to five, asked after the common ones in the cycle's Läget 1 and 2,
analysed and compared like the rest, and the cycle's only."""

import re

import pytest
from sqlalchemy.exc import IntegrityError

from mina_svar import accounts, analysis, answering, authoring, cycles, db, measuring, organising, questionnaire
from mina_svar.models import Cycle, CycleQuestion

from .conftest import csrf_token, page_meant, sqlite_only
from .languages import sv


@pytest.fixture
def laget(session):
    return questionnaire.latest(session)


@pytest.fixture
def cycle(session):
    organisation = organising.create_organisation(session, "Föreningen")
    group = organising.create_group(session, organisation, "Gruppen")
    leader = accounts.create_user(session, "anna@example.org", "Anna", "a-long-test-password")
    organising.assign_leader(session, group, leader)
    return cycles.start_cycle(session, group, "Hösten", None, None, leader)


def _leader(cycle):
    return cycle.group.leaders[0]


def _add(session, cycle, text, scale="agree5", language="sv"):
    return cycles.add_own_question(session, cycle, {language: text}, scale, _leader(cycle))


def test_a_group_asks_five_questions_of_its_own_at_most(session, cycle):
    for number in range(1, 6):
        assert _add(session, cycle, f"  Fråga {number}  ").position == number
    assert [q.text for q in cycle.own_questions][0] == {"sv": "Fråga 1"}
    for texts, scale, reason in (({"sv": "Sjätte"}, "agree5", "too_many"),):
        with pytest.raises(cycles.OwnQuestionsRefused, match=reason):
            cycles.add_own_question(session, cycle, texts, scale, _leader(cycle))
    cycles.remove_own_question(session, cycle.own_questions[1], _leader(cycle))
    assert [(q.position, q.text["sv"]) for q in cycle.own_questions] == [
        (1, "Fråga 1"), (2, "Fråga 3"), (3, "Fråga 4"), (4, "Fråga 5")]
    assert _add(session, cycle, "Fråga 6").position == 5


@pytest.mark.parametrize(("texts", "scale", "reason"), [
    ({"sv": "  "}, "agree5", "no_text"), ({}, "agree5", "no_text"), ({"sv": "Fråga"}, "made_up", "no_scale"),
    ({"sv": "x" * 301}, "agree5", "too_long")])
def test_an_own_question_needs_words_and_a_scale(session, cycle, texts, scale, reason):
    with pytest.raises(cycles.OwnQuestionsRefused, match=reason):
        cycles.add_own_question(session, cycle, texts, scale, _leader(cycle))
    assert cycle.own_questions == []


def test_the_database_refuses_a_sixth_and_two_with_one_number(session, cycle):
    _add(session, cycle, "Fråga 1")
    session.commit()
    for position in (1, 6, 0):
        with pytest.raises(IntegrityError):
            with session.begin_nested():
                session.add(CycleQuestion(cycle_id=cycle.id, position=position, text={"sv": "x"}, scale="agree5"))
                session.flush()


def test_läget_1_asks_them_after_the_common_ones_in_a_version_of_the_cycles_own(session, cycle, laget):
    _add(session, cycle, "Vi har en lokal att vara i.")
    _add(session, cycle, "Jag går till fritidsgården.", "frequency5")
    baseline = cycles.open_measurement(session, cycle, "baseline", _leader(cycle))
    asked = baseline.questionnaire
    assert (asked.cycle_id, asked.based_on_id, asked.state, asked.version) == (cycle.id, laget.id, "published",
                                                                               laget.version)
    structure = questionnaire.structure(session, asked.id)
    own = structure.areas[-1]
    assert [a.key for a in structure.areas] == [a.key for a in laget.focus_areas] + ["own"]
    assert own.title["sv"] == "Våra egna frågor"
    assert [(q.key, q.text, q.scale) for q in own.questions] == [
        ("own.q1", {"sv": "Vi har en lokal att vara i."}, (1, 2, 3, 4, 5)),
        ("own.q2", {"sv": "Jag går till fritidsgården."}, (1, 2, 3, 4, 5))]
    assert own.questions[1].options[0].label["en"] == "Never"
    # Written in Swedish only, and still answered in every language the rest is written in.
    assert structure.languages == tuple(laget.languages)
    # Never listed for coordinators, never offered to another cycle.
    assert asked.id not in [v.id for v in authoring.versions(session)]
    assert questionnaire.latest(session).id == laget.id
    for refused in (lambda: _add(session, cycle, "Sent"),
                    lambda: cycles.remove_own_question(session, cycle.own_questions[0], _leader(cycle))):
        with pytest.raises(cycles.OwnQuestionsRefused, match="measuring"):
            refused()


def test_läget_2_asks_the_same_and_compares_them_like_the_rest(session, cycle, laget):
    _add(session, cycle, "Vi har en lokal att vara i.")
    baseline = cycles.open_measurement(session, cycle, "baseline", _leader(cycle))
    assert [q.id for q in cycles.questionnaire_choices(session, cycle, "follow_up")] == [laget.id]
    newer = authoring.new_draft(session, laget)
    authoring.publish(session, newer)
    assert [q.id for q in cycles.questionnaire_choices(session, cycle, "follow_up")] == [laget.id, newer.id]
    follow_up = cycles.open_measurement(session, cycle, "follow_up", _leader(cycle), newer.id)
    assert follow_up.questionnaire.based_on_id == newer.id and follow_up.questionnaire.cycle_id == cycle.id
    for measurement, value in ((baseline, 2), (follow_up, 5)):
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        own = structure.areas[-1].questions[0].id
        for _ in range(5):
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {own: answering.Given(value=value)})
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does
        measuring.close_measurement(session, measurement, 5)
    before, after = (analysis.results(session, m, questionnaire.structure(session, m.questionnaire_id), 5)
                     for m in (baseline, follow_up))
    assert before.area("own").result.shown and before.area("own").result.index == 25.0
    compared = analysis.compare(before, after)
    assert (compared.questions["own.q1"].before, compared.questions["own.q1"].after) == (25.0, 100.0)
    assert compared.areas["own"].after == 100.0
    assert not compared.only_before and not compared.only_after


def test_a_cycle_without_own_questions_asks_the_version_itself(session, cycle, laget):
    assert cycles.open_measurement(session, cycle, "baseline", _leader(cycle)).questionnaire_id == laget.id


# Request level

@pytest.fixture
def leader(app, world):
    from .staff import sign_in

    client = app.test_client()
    sign_in(client, "a@example.org")
    return client


def _new_cycle(app, world) -> int:
    from mina_svar.models import Group, User

    with app.app_context():
        session = db.session()
        found = cycles.start_cycle(session, session.get(Group, world.group_a), "Hösten", None, None,
                                   session.get(User, world.leader_a))
        session.commit()
        return found.id


def test_a_leader_adds_and_removes_the_groups_own_questions_in_step_2(app, world, leader):
    cycle_id = _new_cycle(app, world)
    url = f"/lead/cycles/{cycle_id}/steps/first_meeting"
    page = leader.get(url).text
    assert sv("The group's own questions") in page and 'name="own-ar"' in page and 'dir="rtl"' in page
    token = csrf_token(page)
    for number in range(1, 6):
        added = leader.post(f"/lead/cycles/{cycle_id}/own-questions",
                            data={"csrf_token": token, "own-sv": f"Fråga {number}", "own-scale": "agree5"})
        assert added.status_code == 302 and added.location.endswith("#own-questions")
    page = leader.get(url).text
    assert "Fråga 5" in page and 'name="own-sv"' not in page  # five: no form for a sixth
    sixth = leader.post(f"/lead/cycles/{cycle_id}/own-questions",
                        data={"csrf_token": token, "own-sv": "Fråga 6", "own-scale": "agree5"})
    assert sixth.status_code == 400 and "fem egna frågor som mest" in sixth.text
    empty = leader.post(f"/lead/cycles/{cycle_id}/own-questions",
                        data={"csrf_token": token, "own-sv": " ", "own-scale": "agree5"})
    assert empty.status_code == 400
    first = int(re.search(r"/lead/own-questions/(\d+)/remove", page).group(1))
    assert leader.post(f"/lead/own-questions/{first}/remove", data={"csrf_token": token}).status_code == 302
    assert "Fråga 1" not in page_meant(leader, url)
    sent = leader.post(f"/lead/cycles/{cycle_id}/steps/baseline/measurement", data={"csrf_token": token})
    assert sent.status_code < 400
    late = leader.post(f"/lead/cycles/{cycle_id}/own-questions",
                       data={"csrf_token": token, "own-sv": "Sent", "own-scale": "agree5"})
    assert late.status_code == 409 and "Läget 1 är öppet" in late.text
    with app.app_context():
        stored = db.session().get(Cycle, cycle_id).own_questions
        assert [q.text["sv"] for q in stored] == ["Fråga 2", "Fråga 3", "Fråga 4", "Fråga 5"]


def test_the_overview_leaves_a_groups_own_questions_out(app, world):
    from .staff import answered, sign_in

    cycle_id = _new_cycle(app, world)
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, cycle_id)
        _add(session, cycle, "Vi har en lokal.")
        measurement_id = cycles.open_measurement(session, cycle, "baseline", _leader(cycle)).id
        session.commit()
    answered(app, measurement_id, [1, 2, 3, 4, 5])
    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    page = coordinator.get("/coordinate/overview").text
    assert "Arbete och hållbar försörjning" in page and "Våra egna frågor" not in page


def test_a_text_not_written_in_the_pages_language_says_which_language_it_is_in():
    from mina_svar.i18n import in_language

    assert in_language({"sv": "Vi har en lokal.", "en": "We have a place."}, "en") == "We have a place."
    assert in_language({"sv": "Vi har <en> lokal."}, "ar") == \
        '<span lang="sv" dir="ltr">Vi har &lt;en&gt; lokal.</span>'
    assert in_language({"ar": "لدينا مكان."}, "en") == '<span lang="ar" dir="rtl">لدينا مكان.</span>'


@sqlite_only
def test_whole_numbers_pin_no_hidden_question_on_scales_of_different_lengths(session, cycle):
    """A group's own questions may mix scales (2, 5 and 7 points): a remainder lacking what only one scale's
    step makes says which question holds it. Random small groups: nothing hidden is pinned."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from . import audit

    for number, scale in enumerate(("agree5", "agree7", "yes_no", "agree5"), start=1):
        _add(session, cycle, f"Fråga {number}", scale)
    measurement = cycles.open_measurement(session, cycle, "baseline", _leader(cycle))
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    own = [q for q in structure.areas[-1].questions if q.kind == "scale"]
    assert sorted(len(q.scale) for q in own) == [2, 5, 5, 7]

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(people=st.lists(st.tuples(*[st.sampled_from([*q.scale, "dk", None, q.scale[-1]]) for q in own]),
                           max_size=12), minimum=st.integers(3, 5))
    def check(people, minimum):
        answered = [{q.id: a for q, a in zip(own, answers) if a is not None} for answers in people]
        counts = audit.counts_of(structure, answered)
        result = analysis.compile_results(structure, counts, minimum)
        assert audit.determined(structure, result, counts) == []
        assert audit.pinned(result, counts) == []

    check()


def test_a_step_only_one_scale_makes_pins_the_other_questions(session, cycle):
    """Three "yes" on a yes/no question and 5, 5, 4 on a five-point one, both hidden: an index over them that
    lacks one five-point step says that every yes/no answer was "yes"."""
    from . import audit

    _add(session, cycle, "Ja eller nej", "yes_no")
    _add(session, cycle, "Stämmer", "agree5")
    measurement = cycles.open_measurement(session, cycle, "baseline", _leader(cycle))
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    yes_no, agree = [q for q in structure.areas[-1].questions if q.kind == "scale"]
    people = [{yes_no.id: yes_no.scale[-1]} for _ in range(3)] + [{agree.id: value} for value in (5, 5, 4)]
    counts = audit.counts_of(structure, people)
    result = analysis.compile_results(structure, counts, 5)
    indicator, questions = result.area("own").indicators[0]
    assert result.shown and not any(q.shown for q in questions)
    assert not indicator.shown and audit.pinned(result, counts) == []
