"""The cycle's domain: steps, records, conflicts, measurements and the audit log."""

import pytest
from sqlalchemy import select

from mina_svar import accounts, answering, cycles, organising
from mina_svar.models import AuditEvent, Need

from .staff import PASSWORD


@pytest.fixture
def people(session):
    organisation = organising.create_organisation(session, "Föreningen")
    group = organising.create_group(session, organisation, "Gruppen")
    anna = accounts.create_user(session, "anna@example.org", "Anna", PASSWORD)
    bo = accounts.create_user(session, "bo@example.org", "Bo", PASSWORD)
    organising.assign_leader(session, group, anna)
    organising.assign_leader(session, group, bo)
    return group, anna, bo


def _actions(session, cycle):
    return [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.cycle_id == cycle.id)
                                                .order_by(AuditEvent.id))]


def test_a_new_cycle_has_the_seven_steps_in_order(session, people):
    group, anna, _ = people
    cycle = cycles.start_cycle(session, group, " Hösten ", None, None, anna)
    assert cycle.title == "Hösten"
    assert [s.key for s in cycles.steps(cycle)] == ["needs", "first_meeting", "baseline", "leader_analysis",
                                                    "group_analysis", "activities", "follow_up"]
    assert {s.state for s in cycle.steps} == {"todo"}
    assert cycles.current_step(cycle).key == "needs"
    assert _actions(session, cycle) == ["cycle.start"]


def test_steps_move_on_as_they_are_done(session, people):
    group, anna, _ = people
    cycle = cycles.start_cycle(session, group, "Hösten", None, None, anna)
    need = cycles.add_item(session, cycle, Need(text="Sommarjobb", source="conversation", focus_area_key="work"),
                           anna)
    assert cycles.step(cycle, "needs").state == "started"
    cycles.update_item(session, need, {"text": "Sommarjobb för alla", "source": "survey", "focus_area_key": None},
                       anna)
    assert (need.text, need.source, need.focus_area_key) == ("Sommarjobb för alla", "survey", None)
    cycles.set_state(session, cycles.step(cycle, "needs"), True, anna)
    assert cycles.current_step(cycle).key == "first_meeting"
    cycles.set_state(session, cycles.step(cycle, "needs"), False, anna)
    assert cycles.current_step(cycle).key == "needs"
    cycles.remove_item(session, need, anna)
    assert cycle.needs == []
    assert _actions(session, cycle) == ["cycle.start", "need.add", "need.edit", "step.done", "step.reopen",
                                        "need.remove"]


def test_a_save_on_an_out_of_date_page_is_refused(session, people):
    group, anna, bo = people
    cycle = cycles.start_cycle(session, group, "Hösten", None, None, anna)
    step = cycles.step(cycle, "first_meeting")
    seen_by_both = step.version
    cycles.save_record(session, step, {"goals": "Annas mål"}, seen_by_both, anna)
    with pytest.raises(cycles.Conflict) as conflict:
        cycles.save_record(session, step, {"goals": "Bos mål"}, seen_by_both, bo)
    assert conflict.value.step.record["goals"] == "Annas mål"
    cycles.save_record(session, step, {"goals": "Bos mål"}, step.version, bo)
    assert step.record == {"goals": "Bos mål"} and step.updated_by_id == bo.id
    assert _actions(session, cycle).count("step.save") == 2


def test_a_leaders_own_drafts_on_their_way_are_no_conflict_and_make_one_line_in_the_log(session, people):
    group, anna, bo = people
    cycle = cycles.start_cycle(session, group, "Hösten", None, None, anna)
    step = cycles.step(cycle, "first_meeting")
    loaded = step.version
    for words in ("Fler", "Fler i jobb", "Fler i jobb eller studier"):  # drafts as Anna types
        cycles.save_record(session, step, {"goals": words}, loaded, anna)
    assert step.record["goals"] == "Fler i jobb eller studier"
    saves = session.scalars(select(AuditEvent).where(AuditEvent.action == "step.save")).all()
    assert len(saves) == 1 and saves[0].detail == {"step": "first_meeting", "fields": ["goals"]}
    with pytest.raises(cycles.Conflict):  # Bo's page was loaded before Anna's drafts
        cycles.save_record(session, step, {"goals": "Bos mål"}, loaded, bo)
    cycles.save_record(session, step, {"expectations": "Att bli hörda"}, step.version, bo)
    with pytest.raises(cycles.Conflict):  # and now Anna's page is out of date by Bo's save
        cycles.save_record(session, step, {"goals": "Annas mål"}, loaded, anna)
    assert _actions(session, cycle).count("step.save") == 2


def test_läget_2_uses_the_questionnaire_of_läget_1(session, people):
    group, anna, _ = people
    cycle = cycles.start_cycle(session, group, "Hösten", None, None, anna)
    baseline = cycles.open_measurement(session, cycle, "baseline", anna)
    assert cycles.open_measurement(session, cycle, "baseline", anna).id == baseline.id
    assert baseline.group_id == group.id and baseline.step_key == "baseline" and baseline.is_open
    for _ in range(2):
        answering.start(session, baseline, "sv")
    answering.finish(session, answering.start(session, baseline, "ar"))
    assert cycles.response_count(session, baseline, 5) == cycles.ResponseCount(released=0, started=3, completed=1)
    cycles.close_measurement(session, baseline, anna, 5)
    follow_up = cycles.open_measurement(session, cycle, "follow_up", anna)
    assert follow_up.questionnaire_id == baseline.questionnaire_id
    assert follow_up.code != baseline.code and not baseline.is_open
    assert cycles.step(cycle, "follow_up").state == "started"


def test_access_follows_the_groups_one_leads(session, people):
    from mina_svar import access

    group, anna, _ = people
    other = organising.create_group(session, group.organisation, "Andra gruppen")
    carl = accounts.create_user(session, "carl@example.org", "Carl", PASSWORD)
    coordinator = accounts.create_user(session, "sam@example.org", "Sam", PASSWORD, role="coordinator")
    cycle = cycles.start_cycle(session, group, "Hösten", None, None, anna)
    assert [g.name for g in access.groups_for(session, anna)] == ["Gruppen"]
    assert access.groups_for(session, carl) == []
    assert [g.name for g in access.groups_for(session, coordinator)] == ["Andra gruppen", "Gruppen"]
    assert access.cycle_for(session, anna, cycle.id) is cycle
    assert access.cycle_for(session, carl, cycle.id) is None
    assert access.group_for(session, anna, other.id) is None
    assert access.group_for(session, coordinator, other.id) is other


def test_accounts_sign_in_and_passwords(session, people):
    _group, anna, _ = people
    assert accounts.authenticate(session, " ANNA@example.org ", PASSWORD) is anna
    assert accounts.authenticate(session, "anna@example.org", "wrong") is None
    assert accounts.authenticate(session, "nobody@example.org", PASSWORD) is None
    old_id = anna.get_id()
    assert accounts.load_user(session, old_id) is anna
    with pytest.raises(accounts.AccountError) as error:
        accounts.change_password(session, anna, "wrong", "a-new-long-password")
    assert error.value.field == "current"
    with pytest.raises(accounts.AccountError) as error:
        accounts.change_password(session, anna, PASSWORD, "short")
    assert error.value.field == "new"
    new_password = "a-new-long-password"
    accounts.set_password(session, anna, new_password)
    assert accounts.authenticate(session, "anna@example.org", new_password) is anna
    # Sessions signed in with the old password are signed out.
    assert accounts.load_user(session, old_id) is None
    assert accounts.load_user(session, anna.get_id()) is anna
    anna.active = False
    assert accounts.authenticate(session, "anna@example.org", new_password) is None
    with pytest.raises(accounts.AccountError):
        accounts.create_user(session, "Anna@Example.org", "Anna igen", PASSWORD)


@pytest.mark.own_app
def test_an_action_and_its_audit_entry_are_one_transaction_with_the_request(app, world):
    """A request that ends in an error keeps nothing of what it did, audit entry included."""
    from flask import abort

    from mina_svar import db
    from mina_svar.models import AuditEvent, Cycle, Need, User

    @app.post("/test/add-then-fail")
    def add_then_fail():
        session = db.session()
        cycles.add_item(session, session.get(Cycle, world.cycle), Need(text="Halvsparad", source="other"),
                        session.get(User, world.leader_a))
        abort(409)

    @app.post("/test/add")
    def add():
        session = db.session()
        cycles.add_item(session, session.get(Cycle, world.cycle), Need(text="Hel", source="other"),
                        session.get(User, world.leader_a))
        return "", 204

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/test/add-then-fail").status_code == 409
    assert client.post("/test/add").status_code == 204
    with app.app_context():
        session = db.session()
        assert session.scalars(select(Need.text).where(Need.cycle_id == world.cycle)).all() == ["Sommarjobb", "Hel"]
        added = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "need.add")).all()
        assert [d["text"] for d in added] == ["Sommarjobb", "Hel"]


def test_every_change_in_the_log_reads_as_words():
    """The change log names each action in the reader's language, never by its key (session.start)."""
    import re
    from pathlib import Path

    from mina_svar.lead.common import ACTIONS
    from mina_svar.moderation import STATES

    source = "\n".join(p.read_text() for p in (Path(cycles.__file__).parent).rglob("*.py"))
    written = set(re.findall(r'audit\([^"]*?"([a-z_]+\.[a-z_]+)"', source))
    written |= {f"answer.{state}" for state in STATES}
    written |= {f"{kind}.{verb}" for kind in ("need", "activity") for verb in ("add", "edit", "remove")}
    assert written and written <= set(ACTIONS), written - set(ACTIONS)


def test_once_results_are_shown_a_leader_learns_only_how_many_they_hold(session):
    """Late answers are never counted aloud: a leader who saw "1 more" could fill the batch and subtract."""
    from .staff import cycle_with_läget_1

    leader, _cycle, measurement = cycle_with_läget_1(session)
    for _ in range(3):
        answering.finish(session, answering.start(session, measurement, "sv"))
    cycles.close_measurement(session, measurement, leader, 5)  # three: released, but nothing is shown
    cycles.reopen_measurement(session, measurement, leader)
    answering.start(session, measurement, "sv")
    assert cycles.response_count(session, measurement, 5) == cycles.ResponseCount(3, started=4, completed=3)
    for _ in range(2):
        answering.finish(session, answering.start(session, measurement, "sv"))
    cycles.close_measurement(session, measurement, leader, 5)  # five: the results are shown
    cycles.reopen_measurement(session, measurement, leader)
    answering.finish(session, answering.start(session, measurement, "sv"))
    answering.start(session, measurement, "sv")
    count = cycles.response_count(session, measurement, 5)
    assert count == cycles.ResponseCount(5) and count.late and count.started is None


def test_the_next_cycle_takes_the_needs_nothing_answered_and_leaves_the_rest(session, people):
    from mina_svar import carrying_over
    from mina_svar.models import Activity

    group, anna, _ = people
    cycle = cycles.start_cycle(session, group, "Våren", None, None, anna)
    answered, open_, dropped = (cycles.add_item(session, cycle, Need(text=words, source="conversation"), anna)
                                for words in ("Sommarjobb", "Trygg väg hem", "Läxhjälp"))
    cycles.add_item(session, cycle, Activity(title="Jobbmässa", need_ids=[answered.id]), anna)
    cycles.add_item(session, cycle, Activity(title="Inställd", need_ids=[dropped.id], status="cancelled"), anna)
    carried = carrying_over.carried_over(cycle)
    # A cancelled activity answers nothing: its need carries over too.
    assert [need.text for need in carried.needs] == ["Trygg väg hem", "Läxhjälp"]
    assert carried.own_questions == [] and carried.pairing is False
    following = carrying_over.next_cycle(session, cycle, "Hösten", None, None, anna)
    assert [need.text for need in following.needs] == ["Trygg väg hem", "Läxhjälp"]
    assert [need.text for need in cycle.needs] == ["Sommarjobb", "Trygg väg hem", "Läxhjälp"]  # kept where they were
    assert "cycle.carry_over" in _actions(session, following)
