"""A small world of staff for tests: two groups, their leaders, a coordinator, a cycle."""

from dataclasses import dataclass

from sqlalchemy import select

from mina_svar import accounts, answering, cycles, db, measuring, organising, pairing, questionnaire
from mina_svar.models import Activity, Answer, Measurement, Need

from .conftest import csrf_token

PASSWORD = "a-long-test-password"


@dataclass
class World:
    group_a: int
    group_b: int
    cycle: int
    need: int
    activity: int
    measurement: int
    leader_a: int
    leader_b: int
    coordinator: int


def make_world(app) -> World:
    with app.app_context():
        session = db.session()
        organisation = organising.create_organisation(session, "Föreningen")
        group_a = organising.create_group(session, organisation, "Grupp A")
        group_b = organising.create_group(session, organisation, "Grupp B")
        leader_a = accounts.create_user(session, "a@example.org", "Ledare A", PASSWORD, organisation=organisation)
        leader_b = accounts.create_user(session, "b@example.org", "Ledare B", PASSWORD, organisation=organisation)
        coordinator = accounts.create_user(session, "c@example.org", "Samordnare", PASSWORD, role="coordinator")
        organising.assign_leader(session, group_a, leader_a)
        organising.assign_leader(session, group_b, leader_b)
        cycle = cycles.start_cycle(session, group_a, "Våren", None, None, leader_a)
        need = cycles.add_item(session, cycle, Need(text="Sommarjobb", source="conversation", focus_area_key="work"),
                               leader_a)
        activity = cycles.add_item(session, cycle, Activity(title="Läxhjälp", focus_area_keys=["education"]),
                                   leader_a)
        measurement = cycles.open_measurement(session, cycle, "baseline", leader_a)
        session.commit()
        return World(group_a.id, group_b.id, cycle.id, need.id, activity.id, measurement.id, leader_a.id,
                     leader_b.id, coordinator.id)


def sign_in(client, email: str, password: str = PASSWORD):
    page = client.get("/sign-in")
    return client.post("/sign-in", data={"csrf_token": csrf_token(page.text), "email": email,
                                         "password": password})


def cycle_with_läget_1(session):
    """A group with one leader, a cycle and its open Läget 1: (leader, cycle, measurement)."""
    organisation = organising.create_organisation(session, "Föreningen")
    group = organising.create_group(session, organisation, "Gruppen")
    leader = accounts.create_user(session, "anna@example.org", "Anna", PASSWORD)
    organising.assign_leader(session, group, leader)
    cycle = cycles.start_cycle(session, group, "Hösten", None, None, leader)
    measurement = cycles.open_measurement(session, cycle, "baseline", leader)
    session.commit()
    return leader, cycle, measurement


def open_answer(app, measurement_id: int, text: str = "Mer läxhjälp", moderation: str = "pending",
                released: bool = True) -> str:
    """A sent and released response holding one open answer (work's), moderated as given; the answer's
    public id. The measurement is closed and opened again, as a leader would for late answers."""
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        question = next(q for q in structure.areas[0].questions if q.kind == "open")
        respondent = answering.start(session, measurement, "sv")
        answering.save(session, respondent, {question.id: answering.Given(text=text)})
        answering.finish(session, respondent)
        session.commit()  # as the request that sends does
        if released:
            release(session, measurement)
        answer = session.scalar(select(Answer).where(Answer.response_id == respondent.response_id))
        answer.moderation = moderation
        session.commit()
        return answer.public_id


def release(session, measurement, minimum: int = 5) -> None:
    """Close the measurement, which releases its sent responses, and open it again if it was open."""
    was_open = measurement.is_open
    measuring.close_measurement(session, measurement, minimum)
    if was_open:
        measuring.reopen_measurement(session, measurement)
    session.commit()


def answered(app, measurement_id, values, released: bool = True, personal_keys=None):
    """Sent responses, one per value, each giving that value to every question of "work";
    released as a leader's closing the measurement releases them (it stays open if it was).
    ``personal_keys``: one per value, the personal key that young person gave (None: none)."""
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        work = [q.id for q in structure.areas[0].questions if q.kind == "scale"]
        for value, key in zip(values, personal_keys or [None] * len(values), strict=True):
            respondent = answering.start(session, measurement, "ar" if value % 2 else "sv")
            answering.save(session, respondent, {q: answering.Given(value=value) for q in work})
            if key is not None:
                pairing.save_code(session, respondent.response_id, measurement.cycle.pairing_key, key)
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does
        if released:
            release(session, measurement)


def demo_staff_pages(session) -> tuple[str, dict[str, tuple[str, list[str]]], str]:
    """The demo made in ``session`` and committed: its open Läget's join code, its leader's and coordinator's
    pages ({email: (password, paths)}) and the code of a joint analysis started on the autumn's Läget 1."""
    from mina_svar import demo, joint_analysis
    from mina_svar.models import Cycle, Goal

    code = demo.create(session).code
    spring = session.scalar(select(Cycle).where(Cycle.title == "Våren 2026"))
    before, after = session.scalars(select(Measurement.id).where(Measurement.cycle_id == spring.id)
                                    .order_by(Measurement.id)).all()
    leads = ["/lead/", f"/lead/cycles/{spring.id}", f"/lead/cycles/{spring.id}/steps/group_analysis",
             f"/lead/measurements/{before}/summary",
             f"/lead/groups/{spring.group_id}/compare?before={before}&after={after}"]
    goal = session.scalar(select(Goal.id))
    coordinates = ["/coordinate/overview", "/coordinate/questionnaires", "/coordinate/languages",
                   "/coordinate/initiative", "/coordinate/initiative/laget", "/coordinate/goals",
                   f"/coordinate/goals/{goal}", "/coordinate/organisations/2", "/coordinate/statistics",
                   "/evaluate/", "/plan/", "/learning/", "/steering/", "/digest/", "/coordinate/proposals"]
    autumn = session.scalar(select(Cycle).where(Cycle.title == "Hösten 2026"))
    läget_1 = session.scalar(select(Measurement).where(Measurement.cycle_id == autumn.id))
    room = joint_analysis.start(session, läget_1, accounts.find_user(session, demo.LEADER_EMAIL)).code
    session.commit()
    return code, {demo.LEADER_EMAIL: (demo.LEADER_PASSWORD, leads),
                  demo.COORDINATOR_EMAIL: (demo.COORDINATOR_PASSWORD, coordinates)}, room
