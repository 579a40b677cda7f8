"""The initiative's goals: a result in plain words, key figures with a baseline and a target, the curve of
the young people's pooled answers with the trend if nothing changes, dated notes and partners with a role."""

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from mina_svar import db, goals, organising, pooling
from mina_svar.models import Goal, GoalNote, KeyFigure

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .test_pooling import MINIMUM, _group_with_läget

KEYS = {"work": "Arbete", "work.ways_in": "Vägar in"}


def test_a_goal_says_its_result_and_a_key_figure_starts_before_its_target(session):
    with pytest.raises(goals.GoalError):
        goals.create_goal(session, "  ", None)
    goal = goals.create_goal(session, " Unga har en väg in i arbete ", "work")
    assert goal.result == "Unga har en väg in i arbete"
    for key, baseline, target, field in (
            ("health", (40, date(2026, 1, 1)), (60, date(2028, 1, 1)), "figure"),
            ("work", (-1, date(2026, 1, 1)), (60, date(2028, 1, 1)), "baseline_value"),
            ("work", (40, date(2026, 1, 1)), (101, date(2028, 1, 1)), "target_value"),
            ("work", (40, date(2026, 1, 1)), (60, date(2026, 1, 1)), "target_on")):
        with pytest.raises(goals.GoalError) as refused:
            goals.add_key_figure(session, goal, key, KEYS, None, baseline, target)
        assert refused.value.field == field
    assert session.scalar(select(func.count()).select_from(KeyFigure)) == 0
    figure = goals.add_key_figure(session, goal, "work", KEYS, None, (40, date(2026, 1, 1)), (60, date(2028, 1, 1)))
    assert goal.key_figures == [figure]
    partner = organising.create_organisation(session, "Jobbtorget", "work")
    goals.give_role(session, goal, partner, "Praktikplatser")
    goals.give_role(session, goal, partner, " Sommarjobb ")  # said again: the role changes
    assert [(p.organisation.name, p.role) for p in goal.partners] == [("Jobbtorget", "Sommarjobb")]
    with pytest.raises(goals.GoalError):
        goals.add_note(session, goal, "gossip", "x", date(2026, 12, 6))
    goals.add_note(session, goal, "story", "Få sommarjobb i området", date(2026, 12, 6))
    assert [n.kind for n in goal.notes] == ["story"]


def _point(year: int, half: int, value: float) -> goals.Point:
    period = pooling.Period(year, half)
    return goals.Point(period, goals.middle(period), value, 2)


def test_the_trend_if_nothing_changes_is_the_line_through_the_values_measured():
    assert goals.trend([_point(2026, 1, 40)], date(2028, 1, 1)) is None  # one value: no trend
    (start, first), (end, last) = goals.trend([_point(2026, 1, 40), _point(2026, 2, 50)], date(2027, 4, 1))
    assert (start, end) == (date(2026, 4, 1), date(2027, 4, 1)) and first == pytest.approx(40)
    assert last == pytest.approx(40 + 10 * 365 / 183)  # ten points a term, a year on
    (_s, _f), (_e, capped) = goals.trend([_point(2026, 1, 80), _point(2026, 2, 99)], date(2030, 1, 1))
    assert capped == 100.0  # an index never passes 100


def test_a_key_figures_curve_is_the_pooled_läget_of_the_initiative_or_its_place(app, session):
    structures = app.extensions["mina_svar.structures"]
    husby = organising.create_place(session, "Husby")
    partner = organising.create_organisation(session, "Fritidsgården")
    _group_with_läget(session, partner, husby, [{"work": 5}] * 5, opened=datetime(2026, 2, 1, tzinfo=UTC))
    _group_with_läget(session, partner, None, [{"work": 1}] * 5, opened=datetime(2026, 3, 1, tzinfo=UTC))
    _group_with_läget(session, partner, husby, [{"work": 3}] * 5, opened=datetime(2026, 9, 1, tzinfo=UTC))
    goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
    everyone = goals.add_key_figure(session, goal, "work", KEYS, None, (40, date(2026, 1, 1)), (60, date(2028, 1, 1)))
    in_husby = goals.add_key_figure(session, goal, "work", KEYS, husby, (40, date(2026, 1, 1)),
                                    (60, date(2028, 1, 1)))
    whole = goals.curve(session, everyone, structures, MINIMUM)
    assert [(p.period, p.value, p.groups) for p in whole.points] == [
        (pooling.Period(2026, 1), 50.0, 2), (pooling.Period(2026, 2), 50.0, 1)]
    place = goals.curve(session, in_husby, structures, MINIMUM)
    assert [(p.value, p.groups) for p in place.points] == [(100.0, 1), (50.0, 1)]
    assert place.trend[1][0] == date(2028, 1, 1) and place.trend[1][1] == 0.0  # falling: capped at 0
    assert place.first_day == date(2026, 1, 1) and place.last_day == date(2028, 1, 1)


def test_a_coordinator_writes_a_goal_its_key_figure_notes_and_partners(app, coordinator):
    token = csrf_token(page_meant(coordinator, "/coordinate/goals"))
    empty = coordinator.post("/coordinate/goals", data={"csrf_token": token, "goal-result": ""})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.text
    made = coordinator.post("/coordinate/goals", data={"csrf_token": token,
                                                       "goal-result": "Unga i området har en väg in i arbete",
                                                       "goal-focus_area": "work"})
    assert made.status_code == 302
    goal_url = made.location
    listed = words(page_meant(coordinator, "/coordinate/goals"))
    assert "Unga i området har en väg in i arbete" in listed and sv(
        "No key figure yet: this goal cannot be followed up.") in listed
    goal_id = int(re.search(r"/coordinate/goals/(\d+)", goal_url).group(1))

    backwards = coordinator.post(f"/coordinate/goals/{goal_id}/figures", data={
        "csrf_token": token, "figure-figure": "work", "figure-place": "0", "figure-baseline_value": "40",
        "figure-baseline_on": "2027-01-01", "figure-target_value": "60", "figure-target_on": "2026-01-01"})
    assert backwards.status_code == 400 and sv("The target's date comes after the baseline's.") in backwards.text
    too_high = coordinator.post(f"/coordinate/goals/{goal_id}/figures", data={
        "csrf_token": token, "figure-figure": "work", "figure-place": "0", "figure-baseline_value": "140",
        "figure-baseline_on": "2026-01-01", "figure-target_value": "60", "figure-target_on": "2028-01-01"})
    assert too_high.status_code == 400
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(KeyFigure)) == 0  # nothing half-saved
    added = coordinator.post(f"/coordinate/goals/{goal_id}/figures", data={
        "csrf_token": token, "figure-figure": "work", "figure-place": "0", "figure-baseline_value": "40",
        "figure-baseline_on": "2026-01-01", "figure-target_value": "60", "figure-target_on": "2028-01-01"})
    assert added.status_code == 302
    assert coordinator.post(f"/coordinate/goals/{goal_id}/notes", data={
        "csrf_token": token, "note-kind": "what_works", "note-text": "Jobbskuggning en dag",
        "note-written_on": "2026-12-01"}).status_code == 302
    assert coordinator.post(f"/coordinate/goals/{goal_id}/notes", data={
        "csrf_token": token, "note-kind": "what_works", "note-text": "", "note-written_on": "2026-12-01"}
                            ).status_code == 400
    assert coordinator.post(f"/coordinate/goals/{goal_id}/partners", data={
        "csrf_token": token, "partner-organisation": "1", "partner-role": "Praktikplatser"}).status_code == 302
    page = words(page_meant(coordinator, f"/coordinate/goals/{goal_id}"))
    assert "Jobbskuggning en dag" in page and "Föreningen: Praktikplatser" in page
    assert 'role="img"' in page and "2028-01-01" in page
    assert sv("No key figure yet: this goal cannot be followed up.") not in page
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(GoalNote)) == 1
        assert db.session().get(Goal, goal_id).key_figures[0].target_value == 60
    assert coordinator.get("/coordinate/goals/999").status_code == 404
    assert coordinator.post("/coordinate/goals/999/notes", data={"csrf_token": token}).status_code == 404


def test_the_demo_is_an_initiative_whose_goal_follows_the_young_peoples_answers(app, session):
    from mina_svar import demo

    demo.create(session)
    demo.create(session)  # again: nothing made twice
    assert organising.initiative(session).name == "Unga i Demostaden"
    assert [p.name for p in organising.places(session)] == ["Norra Demostaden", "Södra Demostaden"]
    assert {o.sector for o in organising.organisations(session)} == {"leisure", "work", "health"}
    assert all(group.place is not None for group in organising.groups(session))
    [goal] = goals.goals(session)
    [figure] = goal.key_figures
    curve = goals.curve(session, figure, app.extensions["mina_svar.structures"], MINIMUM)
    assert [p.period for p in curve.points] == [pooling.Period(2026, 1), pooling.Period(2026, 2)]
    assert curve.trend is not None and len(goal.partners) == 2 and goal.notes
    from mina_svar import statistics

    series = statistics.all_series(session)
    assert len(series) == 2 and all(v.place is not None for s in series for v in s.values)  # both places named
