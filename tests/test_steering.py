"""The steering group's page: the five questions answered from what partners and groups recorded, and the
steering group's own notes and decisions."""

from datetime import date

import pytest

from mina_svar import accounts, cycles, db, goals, learning, organising, steering
from mina_svar.models import Activity, Cycle, User

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .staff import PASSWORD, sign_in
from .test_pooling import MINIMUM, _group_with_läget


def test_the_five_questions_are_answered_from_what_was_recorded(app, world):
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        leader = session.get(User, world.leader_a)
        jobbtorget = organising.create_organisation(session, "Jobbtorget", "work")
        organising.create_organisation(session, "Biblioteket", "education")  # no activity at all
        goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
        for title, partner, day, met, people in (("Våren", jobbtorget, date(2026, 3, 1), 3, 10),
                                                  ("Hösten", cycle.group.organisation, date(2026, 9, 1), 2, 8)):
            activity = cycles.add_item(session, cycle, Activity(
                title=title, responsible_organisation_id=partner.id, starts_on=day, sessions=met,
                attendance=people), leader)
            activity.goal_ids = [goal.id]
        cycles.note_win(session, activity, "Två fick jobb", leader, "partner", jobbtorget)
        cycles.note_win(session, activity, "De ordnade själva", leader, "young_people")
        learning.write(session, leader, date(2026, 10, 1), "Fråga de unga först", changing="De unga väljer dag")
        _group_with_läget(session, jobbtorget, None, [{"work": 4}] * 6)
        # Two more young people answer another Läget in Arabic: fewer than the minimum in that language.
        from mina_svar import answering, measuring, questionnaire

        other = organising.create_group(session, jobbtorget, "Grupp Ar")
        arabic = measuring.open_measurement(session, questionnaire.latest(session), other, "Läget")
        for language in ("ar", "ar", "sv", "sv", "sv"):
            answering.finish(session, answering.start(session, arabic, language))
        measuring.close_measurement(session, arabic, MINIMUM)
        found = steering.answers(session, app.extensions["mina_svar.structures"], MINIMUM)
        by_goal = {e.goal.result if e.goal else None: e for e in found.effort}
        effort = by_goal["Unga har en väg in i arbete"]
        assert (effort.activities, effort.sessions, effort.attendance) == (2, 5, 18)
        assert by_goal[None].activities == 1  # the world's own activity answers no goal
        assert found.dropped == ["Jobbtorget"]  # in spring, not in the autumn
        assert "Biblioteket" in found.never
        assert dict(found.wins_by) == {"Jobbtorget": 1, "young_people": 1}
        assert [e.learned for e in found.recent_learnings] == ["Fråga de unga först"]
        assert sum(t.young_people for t in found.terms) == 11  # both groups show their results
        assert found.languages == [("sv", 9)]  # nine answered in Swedish: named; Arabic's two are not
        with pytest.raises(steering.NotANote):
            steering.write(session, leader, date(2026, 12, 1), "note", None, "Ledare skriver inte här")
        session.rollback()


def test_the_steering_group_reads_and_writes_down_a_decision_and_others_may_not(app, world):
    with app.app_context():
        session = db.session()
        accounts.create_user(session, "s@example.org", "Siv", PASSWORD, role="steering")
        accounts.create_user(session, "e@example.org", "Eva", PASSWORD, role="evaluator")
        session.commit()
    member = app.test_client()
    landed = member.get(sign_in(member, "s@example.org").location)
    assert landed.status_code == 302 and landed.location == "/steering/"
    page = page_meant(member, "/steering/")
    for question in ("Are we spending our time where it serves the change we want?",
                     "Do we keep every central actor in the community, also when interests pull apart?",
                     "Are we still learning something new that improves what we built?"):
        assert sv(question) in words(page)
    token = csrf_token(page)
    empty = member.post("/steering/notes", data={"csrf_token": token, "kind": "decision", "text": " ",
                                                 "written_on": "2026-12-06"})
    assert empty.status_code == 400
    wrong = member.post("/steering/notes", data={"csrf_token": token, "kind": "decision", "question": "money",
                                                 "text": "x", "written_on": "2026-12-06"})
    assert wrong.status_code == 400
    done = member.post("/steering/notes", data={"csrf_token": token, "kind": "decision", "question": "actors",
                                                "text": "Bjud in Biblioteket igen", "written_on": "2026-12-06"})
    assert done.status_code == 302
    shown = words(page_meant(member, "/steering/"))
    actors = shown[shown.index('id="q-actors"'):shown.index('id="q-successes"')]
    assert "Bjud in Biblioteket igen" in actors and sv("Decision") in actors
    evaluator = app.test_client()
    sign_in(evaluator, "e@example.org")
    read = page_meant(evaluator, "/steering/")
    assert "Bjud in Biblioteket igen" in read and sv("Write down a note or a decision") not in read
    assert evaluator.post("/steering/notes", data={"csrf_token": csrf_token(read), "kind": "note", "text": "x",
                                                   "written_on": "2026-12-06"}).status_code == 403
    leader = app.test_client()
    sign_in(leader, "a@example.org")
    assert leader.get("/steering/").status_code == 403
    assert member.get(f"/lead/cycles/{world.cycle}").status_code == 403
