"""The partners' action plan: every activity across groups, overlaps and gaps flagged, filters, and a partner
who keeps only its own organisation's activities."""

from datetime import date

from sqlalchemy import select

from mina_svar import accounts, cycles, db, goals, organising, plan
from mina_svar.models import Activity, Cycle, Need

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .staff import PASSWORD, sign_in


def _activity(session, cycle, title, partner, indicators, starts, ends=None, status="planned") -> Activity:
    return cycles.add_item(session, cycle, Activity(
        title=title, responsible_organisation_id=partner.id if partner else None, indicator_keys=indicators,
        focus_area_keys=sorted({key.split(".")[0] for key in indicators}), starts_on=starts, ends_on=ends,
        status=status), cycle.group.leaders[0])


def _two_groups_in_husby(session):
    husby, rinkeby = organising.create_place(session, "Husby"), organising.create_place(session, "Rinkeby")
    jobbtorget = organising.create_organisation(session, "Jobbtorget", "work")
    fritids = organising.create_organisation(session, "Fritidsgården", "leisure")
    leader = accounts.create_user(session, "l@example.org", "Lea", PASSWORD)
    made = []
    for name, place in (("Grupp Husby 1", husby), ("Grupp Husby 2", husby), ("Grupp Rinkeby", rinkeby)):
        group = organising.create_group(session, fritids, name, place=place)
        organising.assign_leader(session, group, leader)
        made.append(cycles.start_cycle(session, group, "Våren", None, None, leader))
    return made, (jobbtorget, fritids)


def test_two_partners_on_one_indicator_in_one_place_at_one_time_overlap_and_nothing_else_does(app, session):
    (first, second, elsewhere), (jobbtorget, fritids) = _two_groups_in_husby(session)
    cv = _activity(session, first, "CV-kväll", jobbtorget, ["work.ways_in", "democracy.influence"],
                   date(2026, 3, 1), date(2026, 3, 31))
    coaching = _activity(session, second, "Jobbcoachning", fritids, ["work.ways_in"], date(2026, 3, 20))
    _activity(session, second, "Samma partner", jobbtorget, ["democracy.influence"], date(2026, 3, 5))  # one partner
    _activity(session, elsewhere, "Annan plats", fritids, ["work.ways_in"], date(2026, 3, 5))  # another place
    _activity(session, second, "Hösten", fritids, ["work.ways_in"], date(2026, 9, 1))  # another time
    _activity(session, second, "Annat", fritids, ["health.sleep"], date(2026, 3, 5))  # another indicator
    _activity(session, second, "Inställd", fritids, ["work.ways_in"], date(2026, 3, 5), status="cancelled")
    found = plan.activities(session)
    assert len(found) == 7
    flagged = plan.overlaps(found)
    assert {a.title for a in flagged[cv.id]} == {"Jobbcoachning"} and set(flagged) == {cv.id, coaching.id}
    # Filters: a place, a partner, an indicator, a goal.
    assert {a.title for a in plan.activities(session, plan.Filter(place_id=elsewhere.group.place_id))} == {
        "Annan plats"}
    assert len(plan.activities(session, plan.Filter(organisation_id=jobbtorget.id))) == 2
    assert {a.title for a in plan.activities(session, plan.Filter(indicator_key="health.sleep"))} == {"Annat"}
    assert len(plan.activities(session, plan.Filter(area_key="democracy"))) == 2
    goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
    cv.goal_ids = [goal.id]
    session.flush()
    assert [a.title for a in plan.activities(session, plan.Filter(goal_id=goal.id))] == ["CV-kväll"]


def test_a_goal_and_a_need_nothing_answers_are_gaps(app, session):
    (first, _second, _elsewhere), (jobbtorget, _fritids) = _two_groups_in_husby(session)
    answered, alone = (goals.create_goal(session, text, "work") for text in ("Jobb", "Boende"))
    need = cycles.add_item(session, first, Need(text="Sommarjobb", source="conversation"), first.group.leaders[0])
    lonely = cycles.add_item(session, first, Need(text="Bostad", source="conversation"), first.group.leaders[0])
    activity = _activity(session, first, "CV-kväll", jobbtorget, ["work.ways_in"], date(2026, 3, 1))
    activity.goal_ids, activity.need_ids = [answered.id], [need.id]
    cancelled = _activity(session, first, "Inställd", jobbtorget, [], date(2026, 3, 1), status="cancelled")
    cancelled.goal_ids, cancelled.need_ids = [alone.id], [lonely.id]  # a cancelled activity answers nothing
    session.flush()
    found = plan.gaps(session, goals.goals(session))
    assert [g.result for g in found.goals] == ["Boende"] and [n.text for n in found.needs] == ["Bostad"]


def test_a_partners_person_keeps_only_their_organisations_activities(app, session):
    (first, _second, _elsewhere), (jobbtorget, fritids) = _two_groups_in_husby(session)
    theirs = _activity(session, first, "CV-kväll", jobbtorget, [], date(2026, 3, 1))
    other = _activity(session, first, "Fotboll", fritids, [], date(2026, 3, 1))
    person = accounts.create_user(session, "p@example.org", "Per", PASSWORD, role="partner", organisation=jobbtorget)
    values = {"responsible_person": " Ali Hassan ", "starts_on": date(2026, 3, 2), "ends_on": None,
              "status": "running", "sessions": 2, "attendance": 14}
    plan.keep(theirs, person, values)
    assert (theirs.responsible_person, theirs.status, theirs.attendance) == ("Ali Hassan", "running", 14)
    try:
        plan.keep(other, person, values)
    except plan.NotYours:
        pass
    else:
        raise AssertionError("another partner's activity was changed")
    assert other.status == "planned" and plan.may_keep(person, theirs) and not plan.may_keep(person, other)
    leader = session.get(type(person), first.group.leaders[0].id)
    assert not plan.may_keep(leader, theirs)  # a leader keeps activities on the group's own pages


def test_the_plan_page_flags_overlaps_and_gaps_and_a_partner_edits_its_own(app, world):
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        place = organising.create_place(session, "Husby")
        cycle.group.place = place
        jobbtorget = organising.create_organisation(session, "Jobbtorget", "work")
        theirs = _activity(session, cycle, "CV-kväll", jobbtorget, ["work.ways_in"], date(2026, 3, 1))
        _activity(session, cycle, "Jobbcoachning", cycle.group.organisation, ["work.ways_in"], date(2026, 3, 9))
        goals.create_goal(session, "Unga har en trygg bostad", "housing")
        accounts.create_user(session, "p@example.org", "Per", PASSWORD, role="partner", organisation=jobbtorget)
        session.commit()
        theirs_id, other_id = theirs.id, world.activity
    partner = app.test_client()
    landed = partner.get(sign_in(partner, "p@example.org").location)
    assert landed.status_code == 302 and landed.location == "/plan/"
    page = words(page_meant(partner, "/plan/"))
    overlap = sv("Overlaps with %(num)d activity of: %(partners)s")[0]
    assert overlap % {"num": 1, "partners": "Föreningen"} in page
    assert overlap % {"num": 1, "partners": "Jobbtorget"} in page
    assert sv("Goals no activity answers") in page and "Unga har en trygg bostad" in page
    assert f'href="/plan/activities/{theirs_id}"' in page and f'href="/plan/activities/{other_id}"' not in page
    assert partner.get(f"/plan/activities/{other_id}").status_code == 403
    form = page_meant(partner, f"/plan/activities/{theirs_id}")
    sent = {"csrf_token": csrf_token(form), "responsible_person": "Ali Hassan", "starts_on": "2026-03-02",
            "ends_on": "2026-03-01", "status": "running", "sessions": "2", "attendance": "14"}
    backwards = partner.post(f"/plan/activities/{theirs_id}", data=sent)
    assert backwards.status_code == 400 and sv("An activity cannot end before it starts.") in backwards.text
    assert partner.post(f"/plan/activities/{theirs_id}", data=sent | {"ends_on": ""}).status_code == 302
    assert partner.post(f"/plan/activities/{other_id}", data=sent | {"ends_on": ""}).status_code == 403
    with app.app_context():
        kept = db.session().get(Activity, theirs_id)
        assert (kept.responsible_person, kept.attendance) == ("Ali Hassan", 14)
        assert db.session().get(Activity, other_id).status == "planned"
    assert "Ali Hassan" in words(page_meant(partner, "/plan/"))
    assert partner.get(f"/lead/cycles/{world.cycle}").status_code == 403  # leads no group
    narrowed = words(page_meant(partner, f"/plan/?organisation={jobbtorget_id(app)}"))
    assert "CV-kväll" in narrowed and "Jobbcoachning<" not in narrowed
    assert partner.get("/plan/?place=x").status_code == 400
    leader = app.test_client()
    sign_in(leader, "a@example.org")
    assert "CV-kväll" in page_meant(leader, "/plan/")  # everyone signed in reads the plan


def jobbtorget_id(app) -> int:
    from mina_svar.models import Organisation

    with app.app_context():
        return db.session().scalar(select(Organisation.id).where(Organisation.name == "Jobbtorget"))
