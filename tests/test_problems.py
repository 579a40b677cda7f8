"""A need's joint problem analysis (root causes, what is known and not, who is part of it, its evidence) and
the chain from the need to the initiative's goals on one page."""

import pytest

from mina_svar import cycles, db, goals, problems, statistics
from mina_svar.models import Activity, Cycle, Need, User

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .test_statistics import SCB


def test_a_needs_chain_runs_through_the_activities_that_answer_it_to_the_goals(app, world):
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        leader = session.get(User, world.leader_a)
        need = session.get(Need, world.need)
        work, safe = (goals.create_goal(session, text, key) for text, key in (("Jobb", "work"), ("Trygghet", "health")))
        answering = cycles.add_item(session, cycle, Activity(title="CV-kväll", need_ids=[need.id],
                                                             indicator_keys=["work.ways_in"]), leader)
        answering.goal_ids = [work.id]
        cancelled = cycles.add_item(session, cycle, Activity(title="Inställd", need_ids=[need.id], status="cancelled",
                                                             indicator_keys=["health.sleep"]), leader)
        cancelled.goal_ids = [safe.id]
        cycle.goal_ids = [safe.id]
        with pytest.raises(problems.NotAnAnalysis) as refused:
            problems.analyse(session, need, {}, "money", None, {"work": "Arbete"}, leader)
        assert refused.value.field == "evidence_figure"
        series = statistics.import_text(session, SCB, "scb.json", "work")
        problems.analyse(session, need, {"root_causes": " Få kontakter med arbetsgivare ", "known": "Få har jobbat"},
                         "work", series, {"work": "Arbete"}, leader)
        found = problems.chain(session, need, app.extensions["mina_svar.structures"], 5)
        assert [a.title for a in found.activities] == ["CV-kväll"] and found.indicators == ["work.ways_in"]
        assert {g.result for g in found.goals} == {"Jobb", "Trygghet"}  # the activity's and the cycle's
        assert found.figure is None  # Läget 1 is open: nothing shown yet
        assert [v.area for v in found.series_values] == ["Norra Demostaden", "Södra Demostaden"]
        assert need.root_causes == "Få kontakter med arbetsgivare" and need.evidence_series is series
        assert cycles.history(session, cycle)[0].action == "need.edit"
        session.commit()


def test_a_leader_writes_the_analysis_and_reads_the_chain(app, world, leader):
    url = f"/lead/needs/{world.need}/analysis"
    page = page_meant(leader, url)
    assert sv("From the need to the goals") in page and sv("Nothing answers it yet.") in page
    token = csrf_token(page)
    wrong = leader.post(url, data={"csrf_token": token, "evidence_figure": "money", "evidence_series_id": "0"})
    assert wrong.status_code == 400
    saved = leader.post(url, data={"csrf_token": token, "root_causes": "Få kontakter", "unknown": "Vad föräldrarna vet",
                                   "part_of_problem": "Arbetsgivarna", "evidence_figure": "work.ways_in",
                                   "evidence_series_id": "0", "evidence_words": "Ingen vet vem man ska fråga"})
    assert saved.status_code == 302
    shown = words(page_meant(leader, url))
    assert "Få kontakter" in shown and "Ingen vet vem man ska fråga" in shown
    assert sv("not shown in the group's Läget 1 (not measured yet, or too few answers)") in shown
    step = words(page_meant(leader, f"/lead/cycles/{world.cycle}/steps/needs"))
    assert sv("Analysis and chain") in step and "Få kontakter" in step
    with app.app_context():
        need = db.session().get(Need, world.need)
        assert (need.part_of_problem, need.evidence_figure) == ("Arbetsgivarna", "work.ways_in")
    other = app.test_client()
    from .staff import sign_in

    sign_in(other, "b@example.org")
    assert other.get(url).status_code == 404
