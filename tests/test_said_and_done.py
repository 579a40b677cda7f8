""""You said → we did": each priority of the group with the activities that answer it and what came of them."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mina_svar import cycles, db
from mina_svar.models import Activity, ActivityWin, Conclusion, Cycle, User

from .conftest import csrf_token, words
from .languages import sv
from .pdfs import pages
from .staff import sign_in
from .test_sharing import _closed, _share


def _priority(session, cycle, indicator, votes):
    session.add(Conclusion(cycle_id=cycle.id, kind="priority", text=indicator, focus_area_key="work",
                           indicator_key=indicator, votes=votes))


def _with_priorities(app, world):
    """Two priorities of group A's cycle, one answered by a new activity; make_world's "Läxhjälp" answers none."""
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        _priority(session, cycle, "ways", 9)
        _priority(session, cycle, "future", 4)
        session.add(Activity(cycle_id=cycle.id, title="CV-kväll", indicator_keys=["work.ways"],
                             starts_on=date(2026, 3, 18), status="done", attendance=12))
        session.add(Activity(cycle_id=cycle.id, title="Inställd resa", indicator_keys=["work.ways"],
                             status="cancelled"))
        session.commit()


def test_each_priority_leads_to_the_activities_that_answer_it_and_the_rest_come_last(app, world):
    _with_priorities(app, world)
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        board = cycles.board(cycle, cycles.priorities(session, cycle, app.extensions["mina_svar.structures"]))
        rows = [(p.key if p else None, [a.title for a in activities]) for p, activities in board]
    assert rows == [("work.ways", ["CV-kväll"]), ("work.future", []), (None, ["Läxhjälp"])]  # cancelled: gone


def test_a_win_is_noted_with_its_day_and_an_empty_or_long_one_is_refused(app, world):
    with app.app_context():
        session = db.session()
        activity = session.get(Activity, world.activity)
        leader = session.get(User, world.leader_a)
        for text in ("  ", "x" * (cycles.WIN_LONGEST + 1)):
            with pytest.raises(cycles.NotAWin):
                cycles.note_win(session, activity, text, leader)
        cycles.note_win(session, activity, " Tolv kom första kvällen ", leader)
        cycles.note_win(session, activity, "Två fick sommarjobb", leader)
        session.commit()
        assert [(w.noted_on, w.text) for w in activity.wins] == [(date.today(), "Tolv kom första kvällen"),
                                                                 (date.today(), "Två fick sommarjobb")]
        assert cycles.history(session, activity.cycle)[0].action == "activity.win"


def test_a_leader_notes_a_win_and_the_board_shows_it_everywhere(app, world, leader, client):
    _with_priorities(app, world)
    _closed(app, world)
    _share(app, world, ["work"])
    with app.app_context():
        code = db.session().get(Cycle, world.cycle).measurements[0].code
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    url = f"/lead/activities/{world.activity}/wins"
    refused = leader.post(url, data={"csrf_token": csrf_token(step), "text": " "})
    assert refused.status_code == 400 and "Skriv först vad det ledde till" in refused.text
    noted = leader.post(url, data={"csrf_token": csrf_token(step), "text": "Fem fick hjälp med matten"})
    assert noted.status_code == 302 and noted.location.endswith(f"#activity-{world.activity}")
    assert "Fem fick hjälp med matten" in leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    cycle_page = leader.get(f"/lead/cycles/{world.cycle}").text
    assert sv("You said → we did") in cycle_page and "CV-kväll" in cycle_page and "Inställd resa" not in cycle_page
    young = client.get(f"/j/{code}/results").text
    assert sv("You said → we did") in young and "Fem fick hjälp med matten" in young and "12 deltog" in young
    summary = " ".join(pages(leader.get(f"/lead/cycles/{world.cycle}/summary.pdf?lang=sv").data))
    assert sv("You said → we did") in summary and "Fem fick hjälp med matten" in summary
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(ActivityWin)) == 1


def test_only_the_groups_leaders_note_wins(app, world):
    other = app.test_client()
    sign_in(other, "b@example.org")
    token = csrf_token(other.get("/lead/").text)
    assert other.post(f"/lead/activities/{world.activity}/wins",
                      data={"csrf_token": token, "text": "Inte min grupp"}).status_code == 404


def test_a_win_is_credited_to_who_made_it_the_group_the_young_people_or_a_partner(app, world, leader, client):
    from mina_svar import organising

    with app.app_context():
        session = db.session()
        activity = session.get(Activity, world.activity)
        jobbtorget = organising.create_organisation(session, "Jobbtorget", "work")
        for made_by, organisation in (("partner", None), ("group", jobbtorget), ("nobody", None)):
            with pytest.raises(cycles.NotAWin):
                cycles.note_win(session, activity, "Ett jobb", session.get(User, world.leader_a), made_by,
                                organisation)
        session.commit()
        partner_id = jobbtorget.id
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    assert f'value="partner:{partner_id}"' in step and sv("Who made it") in step
    url = f"/lead/activities/{world.activity}/wins"
    for made_by, text in (("young_people", "De bokade lokalen själva"),
                          (f"partner:{partner_id}", "Två praktikplatser")):
        assert leader.post(url, data={"csrf_token": csrf_token(step), "text": text, "made_by": made_by}
                           ).status_code == 302
    assert leader.post(url, data={"csrf_token": csrf_token(step), "text": "x", "made_by": "partner:999"}
                       ).status_code == 400
    page = words(leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text)
    assert sv("made by the young people themselves") in page
    assert sv("made by %(who)s") % {"who": "Jobbtorget"} in page
    with app.app_context():
        made = db.session().scalars(select(ActivityWin.made_by).order_by(ActivityWin.id)).all()
        assert made == ["young_people", "partner"]
