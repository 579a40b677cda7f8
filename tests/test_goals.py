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


def test_a_key_figure_follows_a_public_series_in_its_unit_for_a_place_or_its_only_area(app, session):
    from mina_svar import statistics

    from .test_statistics import SCB, _changed

    norra = organising.create_place(session, "Norra Demostaden")
    by_place = statistics.import_text(session, SCB, "scb.json", "work")  # two areas, both districts
    whole_town = statistics.import_text(session, _changed(dimension={
        **__import__("json").loads(SCB)["dimension"],
        "Region": {"label": "region", "category": {"index": {"0180": 0}, "label": {"0180": "Demostaden"}}}},
        size=[1, 1, 3], value=[58.0, 58.5, 59.5], label="Förvärvsarbetande i kommunen"), "kommun.json")
    goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
    for key, place, field in ((f"series:{by_place.id}", None, "place"),  # two areas: which is the initiative's?
                              ("series:999", norra, "figure"), ("series:x", norra, "figure")):
        with pytest.raises(goals.GoalError) as refused:
            goals.add_key_figure(session, goal, key, KEYS, place, (60, date(2022, 1, 1)), (70, date(2028, 1, 1)))
        assert refused.value.field == field
    södra = organising.create_place(session, "Västra")
    with pytest.raises(goals.GoalError) as no_value:
        goals.add_key_figure(session, goal, f"series:{by_place.id}", KEYS, södra, (60, date(2022, 1, 1)),
                             (70, date(2028, 1, 1)))
    assert no_value.value.field == "place"
    # A share in per cent may pass 100 and needs no index: the series' own unit.
    in_norra = goals.add_key_figure(session, goal, f"series:{by_place.id}", KEYS, norra, (61.2, date(2022, 1, 1)),
                                    (170, date(2028, 1, 1)))
    town = goals.add_key_figure(session, goal, f"series:{whole_town.id}", KEYS, None, (55, date(2022, 1, 1)),
                                (60, date(2028, 1, 1)))
    assert in_norra.kind == "statistic" and in_norra.series is by_place
    curves = goals.curves(session, [in_norra, town], app.extensions["mina_svar.structures"], MINIMUM)
    assert [(p.label, p.value) for p in curves[in_norra.id].points] == [("2022", 61.2), ("2023", 62.0),
                                                                        ("2024", 63.1)]
    assert [p.value for p in curves[town.id].points] == [58.0, 58.5, 59.5]  # the municipality's, its only area
    rising = curves[in_norra.id].trend
    assert rising[1][0] == date(2028, 1, 1) and rising[1][1] == pytest.approx(61.2 + 0.95 * 6, abs=0.1)
    assert (curves[in_norra.id].low, curves[in_norra.id].high) == (0, 180)  # the target 170 fits, on a round line


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


def test_a_coordinator_gives_a_goal_a_key_figure_from_a_public_series_and_reads_it_with_its_source(app, coordinator):
    from mina_svar import statistics

    from .test_statistics import SCB

    with app.app_context():
        session = db.session()
        norra = organising.create_place(session, "Norra Demostaden")
        series = statistics.import_text(session, SCB, "scb.json", "work")
        goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
        session.commit()
        goal_id, series_id, norra_id = goal.id, series.id, norra.id
    page = page_meant(coordinator, f"/coordinate/goals/{goal_id}")
    assert f'<optgroup label="{sv("Public statistics")}">' in page and f'value="series:{series_id}"' in page
    sent = {"csrf_token": csrf_token(page), "figure-figure": f"series:{series_id}", "figure-baseline_value": "61.2",
            "figure-baseline_on": "2022-01-01", "figure-target_value": "70", "figure-target_on": "2028-01-01"}
    whole = coordinator.post(f"/coordinate/goals/{goal_id}/figures", data=sent | {"figure-place": "0"})
    assert whole.status_code == 400 and sv("The series has values for several areas: choose the place.") in whole.text
    assert coordinator.post(f"/coordinate/goals/{goal_id}/figures",
                            data=sent | {"figure-place": str(norra_id)}).status_code == 302
    shown = words(page_meant(coordinator, f"/coordinate/goals/{goal_id}"))
    assert "Förvärvsarbetande 20–24 år efter region och år · Norra Demostaden" in shown
    assert sv("Source: %(source)s") % {"source": "SCB, Statistiska centralbyrån"} in shown
    assert '>63.1</td>' in shown and '>70</td>' in shown  # the series' own values, not rounded to an index
    listed = words(page_meant(coordinator, "/coordinate/goals"))
    assert sv("latest %(value)s (%(term)s)") % {"value": "63.1", "term": "2024"} in listed


def test_the_demo_is_an_initiative_whose_goal_follows_the_young_peoples_answers(app, session):
    from mina_svar import demo

    demo.create(session)
    demo.create(session)  # again: nothing made twice
    assert organising.initiative(session).name == "Unga i Demostaden"
    assert [p.name for p in organising.places(session)] == ["Norra Demostaden", "Södra Demostaden"]
    assert {o.sector for o in organising.organisations(session)} == {"leisure", "work", "health"}
    assert all(group.place is not None for group in organising.groups(session))
    [goal] = goals.goals(session)
    assert [f.kind for f in goal.key_figures] == ["laget", "statistic", "activity"]
    curves = goals.curves(session, goal.key_figures, app.extensions["mina_svar.structures"], MINIMUM)
    läget, series, activities = (curves[f.id] for f in goal.key_figures)
    # The routine Läget of three terms, every group pooled (the cycle's Läget 2 is its group's latest in spring).
    assert [(p.period, p.groups) for p in läget.points] == [
        (pooling.Period(2025, 2), 2), (pooling.Period(2026, 1), 2), (pooling.Period(2026, 2), 2)]
    assert läget.trend is not None and len(goal.partners) == 2 and len(goal.notes) == 2
    assert [p.value for p in series.points] == [55.0, 56.4]  # Södra Demostaden's employment, with a year missing
    assert [(p.period, p.value) for p in activities.points] == [(pooling.Period(2026, 1), 17.0)]  # the CV evening
    assert [a.title for a in goal.activities] == ["CV-kväll med arbetsförmedlingen"] and len(goal.cycles) == 2
    from mina_svar import statistics

    series = statistics.all_series(session)
    assert len(series) == 2 and all(v.place is not None for s in series for v in s.values)  # both places named
