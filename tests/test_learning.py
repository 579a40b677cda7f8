"""The learning log: entries written by leaders, coordinators and partners, tied to what is theirs; the
reflections of steps 4 and 7 among them; read across the initiative."""

from datetime import date

import pytest
from sqlalchemy import func, select

from mina_svar import accounts, cycles, db, goals, learning, organising
from mina_svar.models import Activity, Cycle, LearningEntry, User

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .staff import PASSWORD, sign_in


def test_an_entry_says_what_was_learned_and_is_tied_only_to_what_is_the_writers(app, world):
    with app.app_context():
        session = db.session()
        leader_a, leader_b = session.get(User, world.leader_a), session.get(User, world.leader_b)
        cycle = session.get(Cycle, world.cycle)
        activity = session.get(Activity, world.activity)
        goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
        for writer, kwargs, field in ((leader_a, {"learned": "  "}, "learned"),
                                      (leader_a, {"learned": "x", "tried": "y" * 4001}, "tried"),
                                      (leader_b, {"learned": "x", "cycle": cycle}, "cycle"),
                                      (leader_b, {"learned": "x", "activity": activity}, "activity")):
            with pytest.raises(learning.NotAnEntry) as refused:
                learning.write(session, writer, date(2026, 12, 1), **kwargs)
            assert refused.value.field == field
        evaluator = accounts.create_user(session, "e@example.org", "Eva", PASSWORD, role="evaluator")
        with pytest.raises(learning.NotAnEntry):
            learning.write(session, evaluator, date(2026, 12, 1), "x")
        assert session.scalar(select(func.count()).select_from(LearningEntry)) == 0
        learning.write(session, leader_a, date(2026, 12, 1), " Fråga de unga först ", tried="CV-kväll",
                       happened="Få kom", changing="De unga väljer dag", goal=goal, activity=activity, cycle=cycle)
        partner = accounts.create_user(session, "p@example.org", "Per", PASSWORD, role="partner",
                                       organisation=organising.create_organisation(session, "Jobbtorget"))
        activity.responsible_organisation_id = partner.organisation_id
        learning.write(session, partner, date(2026, 11, 1), "Praktik fungerar", activity=activity)
        # Step 7's reflection is an entry too, under the group's name.
        step = cycles.step(cycle, "follow_up")
        cycles.save_record(session, step, {"reflection": "Fler vet hur man söker jobb"}, step.version, leader_a)
        cycle.goal_ids = [goal.id]
        session.flush()
        found = learning.entries(session)
        assert [e.learned for e in found][1:] == ["Fråga de unga först", "Praktik fungerar"]
        assert found[0].learned == "Fler vet hur man söker jobb" and found[0].step_key == "follow_up"
        assert found[0].who == cycle.group.name
        assert [e.learned for e in learning.entries(session, goal.id)] == [
            "Fler vet hur man söker jobb", "Fråga de unga först"]  # the goal's, and its cycle's reflection


def test_everyone_reads_the_log_and_writers_write_in_it(app, world, leader):
    page = page_meant(leader, "/learning/")
    assert sv("Write in the log") in page
    token = csrf_token(page)
    empty = leader.post("/learning/", data={"csrf_token": token, "learned": "", "written_on": "2026-12-01"})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.text
    elsewhere = leader.post("/learning/", data={"csrf_token": token, "learned": "x", "written_on": "2026-12-01",
                                                "cycle": "999"})
    assert elsewhere.status_code == 400
    written = leader.post("/learning/", data={"csrf_token": token, "learned": "Fråga de unga först",
                                              "tried": "En CV-kväll", "written_on": "2026-12-01",
                                              "cycle": str(world.cycle)})
    assert written.status_code == 302
    with app.app_context():
        accounts.create_user(db.session(), "e@example.org", "Eva", PASSWORD, role="evaluator")
        db.session().commit()
    evaluator = app.test_client()
    sign_in(evaluator, "e@example.org")
    read = words(page_meant(evaluator, "/learning/"))
    assert "Fråga de unga först" in read and "En CV-kväll" in read and sv("Write in the log") not in read
    assert evaluator.post("/learning/", data={"csrf_token": csrf_token(read), "learned": "x",
                                              "written_on": "2026-12-01"}).status_code == 403
    assert leader.get("/learning/?goal=x").status_code == 400
