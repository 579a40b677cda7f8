"""A routine Läget: opened for every group at once outside the cycles, answered group by group, closed for
all, and counted in the initiative's pooled Läget."""

import pytest
from sqlalchemy import func, select

from mina_svar import db, organising, questionnaire, rounds
from mina_svar.accounts import AccountError
from mina_svar.models import Measurement, Round

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .staff import answered, make_world, sign_in


def test_a_round_opens_a_läget_for_each_group_once_and_closes_them_all(app, session):
    partner = organising.create_organisation(session, "Fritidsgården")
    groups = [organising.create_group(session, partner, name) for name in ("Ettan", "Tvåan", "Trean")]
    spring = rounds.open_round(session, " Läget våren 2027 ", groups)
    assert spring.title == "Läget våren 2027" and len(spring.measurements) == 3
    assert {m.group for m in spring.measurements} == set(groups)
    assert all(m.is_open and m.cycle_id is None and m.title == "Läget våren 2027" for m in spring.measurements)
    assert len({m.code for m in spring.measurements}) == 3  # each group its own join code
    assert {m.questionnaire_id for m in spring.measurements} == {questionnaire.latest(session).id}
    with pytest.raises(AccountError):
        rounds.open_round(session, "läget VÅREN 2027", groups)
    assert session.scalar(select(func.count()).select_from(Round)) == 1
    assert rounds.close_round(session, spring, 5) == 3
    assert not any(m.is_open for m in spring.measurements) and spring.closed_at is not None
    assert rounds.close_round(session, spring, 5) == 0  # again: nothing more to close
    assert rounds.rounds(session) == [spring]


def test_the_coordinator_opens_a_routine_läget_the_leaders_find_it_and_its_results_are_pooled(app):
    world = make_world(app)
    coordinator = app.test_client()
    assert sign_in(coordinator, "c@example.org").status_code == 302
    token = csrf_token(page_meant(coordinator, "/coordinate/initiative/laget"))
    empty = coordinator.post("/coordinate/rounds", data={"csrf_token": token, "round-title": " "})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.text
    opened = coordinator.post("/coordinate/rounds", data={"csrf_token": token, "round-title": "Läget våren"})
    assert opened.status_code == 302
    page = words(page_meant(coordinator, "/coordinate/initiative/laget"))
    assert "Läget våren är öppet i 2 grupper" in page and "<h3>Läget våren</h3>" in page
    again = coordinator.post("/coordinate/rounds", data={"csrf_token": token, "round-title": "läget VÅREN"})
    assert again.status_code == 400 and sv("There is already a routine Läget with this name.") in again.text
    with app.app_context():
        made = db.session().execute(select(Measurement.id, Measurement.group_id, Measurement.code)
                                    .where(Measurement.round_id.is_not(None))).all()
        round_id = db.session().scalar(select(Round.id))
    assert {group for _id, group, _code in made} == {world.group_a, world.group_b}

    # The leader of group A finds the round's Läget on the group's page, with its join page.
    leader = app.test_client()
    assert sign_in(leader, "a@example.org").status_code == 302
    group_page = words(page_meant(leader, f"/lead/groups/{world.group_a}"))
    assert "<strong>Läget våren</strong>" in group_page
    own = next(m for m, group, _code in made if group == world.group_a)
    assert f"/lead/measurements/{own}/print" in group_page
    other = next(m for m, group, _code in made if group == world.group_b)
    assert leader.get(f"/lead/measurements/{other}/print").status_code == 404  # another group's: not there

    answered(app, own, [4, 4, 5, 5, 3], released=False)
    ask = page_meant(coordinator, f"/coordinate/rounds/{round_id}/close")
    assert "2 grupper" in words(ask)
    closed = coordinator.post(f"/coordinate/rounds/{round_id}/close", data={"csrf_token": token})
    assert closed.status_code == 302
    page = words(page_meant(coordinator, "/coordinate/initiative/laget"))
    assert "Läget våren är stängt i 2 grupper." in page
    with app.app_context():
        assert not db.session().scalars(select(Measurement).where(Measurement.round_id == round_id,
                                                                  Measurement.state == "open")).all()
    # Group A's five count; group B, with none, adds nothing and says no number.
    assert "2 grupper, 5 unga" in page
    assert coordinator.get("/coordinate/rounds/999/close").status_code == 404


def test_a_routine_läget_needs_a_group(app):
    from mina_svar import accounts

    with app.app_context():
        accounts.create_user(db.session(), "c@example.org", "Samordnare", "a-long-test-password",
                             role="coordinator")
        db.session().commit()
    coordinator = app.test_client()
    assert sign_in(coordinator, "c@example.org").status_code == 302
    token = csrf_token(page_meant(coordinator, "/coordinate/initiative/laget"))
    refused = coordinator.post("/coordinate/rounds", data={"csrf_token": token, "round-title": "Läget"})
    assert refused.status_code == 400 and sv("Add a group first.") in refused.text
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Round)) == 0
