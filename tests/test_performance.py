"""The activities' measures (Results-Based Accountability's three questions) per activity, summed per partner
and per goal, and as a goal's key figure; activities and cycles linked to the initiative's goals."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mina_svar import cycles, db, feedback, goals, organising, performance, pooling
from mina_svar.models import Activity, ActivityGoal, Cycle, CycleGoal, Measurement

from .conftest import csrf_token, page_meant, words
from .languages import sv, sv_n
from .staff import answered, cycle_with_läget_1, release

MINIMUM = 5


def _cycle_with_both_läget(app, before: list[int], after: list[int]) -> int:
    """A cycle whose Läget 1 and Läget 2 were answered with ``before`` and ``after`` (each young person's value
    to every question of work) and closed; its id."""
    with app.app_context():
        session = db.session()
        leader, cycle, baseline = cycle_with_läget_1(session)
        ids = cycle.id, baseline.id
    answered(app, ids[1], before)
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, ids[0])
        measuring = session.get(Measurement, ids[1])
        cycles.close_measurement(session, measuring, cycle.group.leaders[0], MINIMUM)
        follow_up = cycles.open_measurement(session, cycle, "follow_up", cycle.group.leaders[0])
        session.commit()
        follow_up_id = follow_up.id
    answered(app, follow_up_id, after)
    with app.app_context():
        session = db.session()
        release(session, session.get(Measurement, follow_up_id))
        cycles.close_measurement(session, session.get(Measurement, follow_up_id),
                                 session.get(Cycle, ids[0]).group.leaders[0], MINIMUM)
        session.commit()
    return ids[0]


def test_an_activity_is_measured_by_how_much_how_well_and_whether_anyone_is_better_off(app):
    cycle_id = _cycle_with_both_läget(app, [2, 2, 3, 3, 2], [4, 4, 5, 4, 4])
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, cycle_id)
        partner = cycle.group.organisation
        leader = cycle.group.leaders[0]
        work = cycles.add_item(session, cycle, Activity(title="Jobbcoachning", focus_area_keys=["work"],
                                                        sessions=6, attendance=9,
                                                        responsible_organisation_id=partner.id), leader)
        quiet = cycles.add_item(session, cycle, Activity(title="Läxhjälp", focus_area_keys=["education"],
                                                         attendance=4), leader)
        for phone, face in enumerate((5, 4, 4, 5)):  # four: not counted yet
            feedback.give(session, work, f"phone-{phone}", str(face), "", MINIMUM)
        structures = app.extensions["mina_svar.structures"]
        first, second = performance.measures(session, [work, quiet], structures, MINIMUM)
        assert not first.feedback.shown and first.changes["work"] == pytest.approx(80 - 35)  # from 2.4 to 4.2 of 5
        assert second.changes == {} and second.change is None  # nobody answered education: nothing compared
        feedback.give(session, work, "phone-9", "3", "", MINIMUM)  # the fifth: all five counted
        first, second = performance.measures(session, [work, quiet], structures, MINIMUM)
        assert first.feedback.shown and first.feedback.n == 5
        total = performance.summed([first, second])
        assert (total.activities, total.sessions, total.attendance) == (2, 6, 13)
        assert total.feedback_given == 5 and total.feedback_mean == pytest.approx(21 / 5)
        assert (total.compared, total.rose, total.fell) == (1, 1, 0)
        by_partner = performance.by_partner([first, second])
        assert by_partner[partner.id].attendance == 9 and by_partner[None].attendance == 4
        assert performance.of_partner(session, partner.id) == [work]


def test_an_activity_under_the_minimum_of_läget_compares_nothing(app):
    cycle_id = _cycle_with_both_läget(app, [2, 2, 3, 3, 2], [4, 4, 5])  # three answered Läget 2: hidden
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, cycle_id)
        activity = cycles.add_item(session, cycle, Activity(title="Jobbcoachning", focus_area_keys=["work"]),
                                   cycle.group.leaders[0])
        [measured] = performance.measures(session, [activity], app.extensions["mina_svar.structures"], MINIMUM)
        assert measured.changes == {} and performance.summed([measured]).compared == 0


def test_a_goal_follows_the_sum_of_its_activities_term_by_term_and_links_are_kept_not_made_twice(app, session):
    _leader, cycle, _m = cycle_with_läget_1(session)
    place = organising.create_place(session, "Husby")
    goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
    other = goals.create_goal(session, "Unga mår bra", "health")
    made = [cycles.add_item(session, cycle, Activity(title=f"Träff {i}", starts_on=day, attendance=people,
                                                     sessions=1), cycle.group.leaders[0])
            for i, (day, people) in enumerate(((date(2026, 2, 1), 8), (date(2026, 3, 1), 4),
                                               (date(2026, 9, 1), 15)))]
    for activity in made:
        activity.goal_ids = [goal.id]
    made[0].goal_ids = [goal.id, other.id]
    made[0].goal_ids = [other.id, goal.id, goal.id]  # said again in another order: kept, not made twice
    cycle.goal_ids = [goal.id]
    session.flush()
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(ActivityGoal)) == 4
    assert session.scalar(select(func.count()).select_from(CycleGoal)) == 1
    assert [a.title for a in goal.activities] == ["Träff 0", "Träff 1", "Träff 2"] and goal.cycles == [cycle]
    with pytest.raises(goals.GoalError) as negative:
        goals.add_key_figure(session, goal, "activity:attendance", {}, None, (-1, date(2026, 1, 1)),
                             (40, date(2028, 1, 1)))
    assert negative.value.field == "baseline_value"
    figure = goals.add_key_figure(session, goal, "activity:attendance", {}, None, (10, date(2026, 1, 1)),
                                  (40, date(2028, 1, 1)))
    in_husby = goals.add_key_figure(session, goal, "activity:sessions", {}, place, (0, date(2026, 1, 1)),
                                    (10, date(2028, 1, 1)))
    curves = goals.curves(session, [figure, in_husby], None, MINIMUM)
    assert [(p.period, p.value, p.groups) for p in curves[figure.id].points] == [
        (pooling.Period(2026, 1), 12.0, 2), (pooling.Period(2026, 2), 15.0, 1)]
    assert curves[in_husby.id].points == []  # the group meets nowhere yet
    cycle.group.place = place
    session.flush()
    assert [p.value for p in goals.curves(session, [in_husby], None, MINIMUM)[in_husby.id].points] == [2.0, 1.0]
    with app.test_request_context():
        assert goals.figure_name(figure, {}) == sv("Young people who took part in the activities")


def test_a_leader_links_the_cycle_and_an_activity_to_the_initiatives_goals(app, world, leader):
    with app.app_context():
        session = db.session()
        goal_id = goals.create_goal(session, "Unga har en väg in i arbete", "work").id
        session.commit()
    page = page_meant(leader, f"/lead/cycles/{world.cycle}/steps/first_meeting")
    assert sv("The initiative's goals this cycle works toward") in page
    token = csrf_token(page)
    refused = leader.post(f"/lead/cycles/{world.cycle}/goals", data={"csrf_token": token, "goal": ["999"]})
    assert refused.status_code == 400 and sv("Choose among the initiative's goals.") in refused.text
    assert leader.post(f"/lead/cycles/{world.cycle}/goals", data={"csrf_token": token, "goal": [str(goal_id)]}
                       ).status_code == 302
    assert f'value="{goal_id}" id="initiative-goal-{goal_id}" checked' in page_meant(
        leader, f"/lead/cycles/{world.cycle}/steps/first_meeting")
    edited = leader.post(f"/lead/activities/{world.activity}/edit", data={
        "csrf_token": token, "title": "Läxhjälp", "status": "running", "responsible_organisation_id": "1",
        "goal_ids": [str(goal_id)], "sessions": "3", "attendance": "7"})
    assert edited.status_code == 302
    bad = leader.post(f"/lead/activities/{world.activity}/edit", data={
        "csrf_token": token, "title": "Läxhjälp", "status": "running", "responsible_organisation_id": "0",
        "goal_ids": ["999"], "sessions": "-1"})
    assert bad.status_code == 400
    with app.app_context():
        activity = db.session().get(Activity, world.activity)
        assert activity.goal_ids == [goal_id] and activity.sessions == 3  # the refused edit changed nothing
    assert sv_n("met %(num)s time", 3) in words(
        page_meant(leader, f"/lead/cycles/{world.cycle}/steps/activities"))


def test_the_coordinator_reads_a_goals_activities_and_a_partners_by_the_three_questions(app, world, coordinator):
    with app.app_context():
        session = db.session()
        goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
        activity = session.get(Activity, world.activity)
        activity.goal_ids = [goal.id]
        activity.sessions, activity.attendance = 4, 11
        activity.responsible_organisation_id = activity.cycle.group.organisation_id
        session.get(Cycle, world.cycle).goal_ids = [goal.id]
        session.commit()
        goal_id, partner_id = goal.id, activity.responsible_organisation_id
    page = words(page_meant(coordinator, f"/coordinate/goals/{goal_id}"))
    assert sv("How much did we do?") in page and "Läxhjälp" in page
    assert sv_n("met %(num)s time", 4) in page
    assert sv_n("%(num)s took part", 11) in page
    assert sv("no feedback shown yet") in page and sv("no Läget before and after to compare") in page
    assert sv("Cycles that work toward it") in page and "Grupp A: Våren" in page
    partner = words(page_meant(coordinator, f"/coordinate/organisations/{partner_id}"))
    assert sv("Activities it is responsible for") in partner and "Läxhjälp" in partner
    assert sv("In all") in partner and sv_n("%(num)d activity", 1) in partner
    token = csrf_token(page_meant(coordinator, f"/coordinate/goals/{goal_id}"))
    added = coordinator.post(f"/coordinate/goals/{goal_id}/figures", data={
        "csrf_token": token, "figure-figure": "activity:attendance", "figure-place": "0",
        "figure-baseline_value": "0", "figure-baseline_on": "2026-01-01", "figure-target_value": "50",
        "figure-target_on": "2028-01-01"})
    assert added.status_code == 302
    shown = words(page_meant(coordinator, f"/coordinate/goals/{goal_id}"))
    assert sv("Young people who took part in the activities") in shown
    assert sv_n("%(num)d activity", 1) in shown
    assert ">11</td>" in shown  # the term the activity was written down in


def test_a_goal_page_sums_the_activities_per_partner_and_lists_the_newest_with_the_rest_a_link_away(app, world,
                                                                                                   coordinator):
    from mina_svar.coordinate.goals import NEWEST_ACTIVITIES

    with app.app_context():
        session = db.session()
        goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
        cycle = session.get(Cycle, world.cycle)
        partner = organising.create_organisation(session, "Jobbtorget", "work")
        for day in range(1, NEWEST_ACTIVITIES + 2):
            activity = Activity(title=f"Träff {day}", starts_on=date(2026, 3, day), attendance=2,
                                responsible_organisation_id=partner.id if day % 2 else None)
            cycles.add_item(session, cycle, activity, cycle.group.leaders[0]).goal_ids = [goal.id]
        session.commit()
        goal_id = goal.id
    page = words(page_meant(coordinator, f"/coordinate/goals/{goal_id}"))
    assert page.count('<th scope="row"><a href="/lead/cycles/') == NEWEST_ACTIVITIES
    assert "Träff 21" in page and "Träff 1<" not in page  # the newest first; the oldest a link away
    assert '<th scope="row">Jobbtorget</th>' in page and sv("No partner responsible") in page
    assert sv_n("%(num)s took part", 42) in page  # in all: 21 activities, two each
    every = words(page_meant(coordinator, f"/coordinate/goals/{goal_id}/activities"))
    assert every.count('<th scope="row"><a href="/lead/cycles/') == NEWEST_ACTIVITIES + 1
    assert f"/coordinate/goals/{goal_id}/activities" in page
    assert coordinator.get("/coordinate/goals/999/activities").status_code == 404
