"""Demo data: logins, a group with an open Läget, and a group with a finished cycle and one half-way; the
initiative they belong to, with its places, partners and a goal with a key figure."""

import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import (
    accounts,
    answering,
    cycles,
    goals,
    learning,
    measuring,
    organising,
    questionnaire,
    rounds,
    statistics,
    steering,
)
from .config import DEFAULT_MIN_RESPONDENTS
from .models import (
    Activity,
    Answer,
    Conclusion,
    Cycle,
    Goal,
    Group,
    Measurement,
    Need,
    Organisation,
    Place,
    Response,
    Round,
)
from .question_kinds import kind_of

ORGANISATION = "Demoföreningen"
GROUP = "Demogruppen"
CYCLE_GROUP = "Fritidsgården"
LEADER_EMAIL, LEADER_PASSWORD = "ledare@example.org", "demo-ledare"
COORDINATOR_EMAIL, COORDINATOR_PASSWORD = "samordnare@example.org", "demo-samordnare"
BASELINE_RESPONDENTS = 36
OPEN_ANSWERS = {
    "sv": ["Fler sommarjobb för oss under 18.", "Bättre belysning vid busshållplatsen.",
           "Någon att prata med efter skolan."],
    "ar": ["المزيد من الأنشطة في عطلة نهاية الأسبوع.", "مساعدة في الواجبات المدرسية."],
    "en": ["A place to study in the evenings.", "More sports that do not cost money."],
}


@dataclass(frozen=True)
class Demo:
    code: str
    leader_email: str
    leader_password: str
    coordinator_email: str
    coordinator_password: str


def _group(session: Session, organisation: Organisation, name: str, description: str) -> Group:
    group = session.scalar(select(Group).where(Group.name == name, Group.organisation == organisation))
    if group is None:
        group = Group(name=name, organisation=organisation, description=description)
        session.add(group)
    return group


def create(session: Session, half_way_cycle: bool = True) -> Demo:
    """Create the demo once; running it again finds what is there.

    ``half_way_cycle`` adds the group with a finished cycle (spring) and
    one half-way (autumn, 36 answered Läget); tests of other things leave
    it out to stay quick.
    """
    organisation = session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
    if organisation is None:
        organisation = Organisation(name=ORGANISATION)
        session.add(organisation)
    group = _group(session, organisation, GROUP, "En grupp att prova Mina Svar med.")
    cycle_group = _group(session, organisation, CYCLE_GROUP, "Ungdomsgruppen på fritidsgården, mitt i en cykel.")
    leader = accounts.find_user(session, LEADER_EMAIL) or accounts.create_user(
        session, LEADER_EMAIL, "Demoledare", LEADER_PASSWORD, organisation=organisation)
    if accounts.find_user(session, COORDINATOR_EMAIL) is None:
        accounts.create_user(session, COORDINATOR_EMAIL, "Demosamordnare", COORDINATOR_PASSWORD,
                             role="coordinator", organisation=organisation)
    for led in (group, cycle_group):
        if leader not in led.leaders:
            led.leaders.append(leader)
    session.commit()
    laget = questionnaire.latest(session) or questionnaire.load_file(session)
    measurement = session.scalar(
        select(Measurement).where(Measurement.group_id == group.id, Measurement.state == "open").limit(1)
    )
    if measurement is None:
        measurement = measuring.open_measurement(session, laget, group, title="Läget – demo")
    if half_way_cycle and session.scalar(select(Cycle.id).where(Cycle.group_id == cycle_group.id).limit(1)) is None:
        _half_way_cycle(session, cycle_group, leader, laget)
        _finished_cycle(session, cycle_group, leader, laget)
    if half_way_cycle and session.scalar(select(Round.id).limit(1)) is None:
        _routine_rounds(session, [group, cycle_group], laget)
    _initiative(session, organisation, group, cycle_group)
    session.commit()
    return Demo(measurement.code, LEADER_EMAIL, LEADER_PASSWORD, COORDINATOR_EMAIL, COORDINATOR_PASSWORD)


def _half_way_cycle(session: Session, group: Group, leader, laget) -> Cycle:
    """Steps 1–4 done, Läget 1 closed with answers in three languages."""
    rng = random.Random(2026)
    cycle = cycles.start_cycle(session, group, "Hösten 2026", date(2026, 9, 1), date(2026, 12, 18), leader)
    for text, source, area in (
        ("Många saknar sommarjobb och vet inte hur man söker.", "conversation", "work"),
        ("Få tjejer kommer till fritidsgården på kvällarna.", "observation", "housing"),
        ("Hälften av eleverna i nian saknar behörighet till gymnasiet.", "statistics", "education"),
    ):
        cycles.add_item(session, cycle, Need(text=text, source=source, focus_area_key=area), leader)
    step = cycles.step(cycle, "first_meeting")
    cycles.save_record(session, step, {
        "held_on": "2026-09-10", "attendance": 14,
        "expectations": "Att få bestämma mer själva och att det ska hända något på riktigt.",
        "goals": "Fler unga i jobb eller studier, och en tryggare kväll i området.",
        "measurement_plan": "Läget i september och i december, på telefonen under en lunch.",
    }, step.version, leader)
    measurement = cycles.open_measurement(session, cycle, "baseline", leader)
    _answer(session, measurement, laget, BASELINE_RESPONDENTS, 3.4, rng)
    cycles.save_record(session, cycles.step(cycle, "baseline"), {"attendance": 38},
                       cycles.step(cycle, "baseline").version, leader)
    cycles.close_measurement(session, measurement, leader, DEFAULT_MIN_RESPONDENTS)
    step = cycles.step(cycle, "leader_analysis")
    cycles.save_record(session, step, {
        "notes_work": "Få vet hur man söker jobb; det hänger ihop med behovet vi såg.",
        "notes_housing": "Tryggheten på kvällen är lägre än på dagen.",
        "findings": "Arbete och trygghet på kvällen sticker ut. Ta upp i gruppens analys.",
    }, step.version, leader)
    for key in ("needs", "first_meeting", "baseline", "leader_analysis"):
        cycles.set_state(session, cycles.step(cycle, key), True, leader)
    return cycle


def _answer(session: Session, measurement: Measurement, laget, respondents: int, mean: float,
            rng: random.Random) -> None:
    """``respondents`` sent responses in three languages, scale answers around ``mean``."""
    structure = questionnaire.structure(session, laget.id)
    languages = ["sv"] * 20 + ["ar"] * 10 + ["en"] * 6
    for index in range(respondents):
        language = languages[index % len(languages)]
        respondent = answering.start(session, measurement, language)
        given = {}
        for area in structure.areas:
            for question in area.questions:
                if kind_of(question).words:
                    if rng.random() < 0.3:
                        given[question.id] = answering.Given(text=rng.choice(OPEN_ANSWERS[language]))
                elif rng.random() < 0.06:
                    given[question.id] = answering.Given(dont_know=True)
                else:
                    given[question.id] = answering.Given(value=min(5, max(1, round(rng.gauss(mean, 1.0)))))
        answering.save(session, respondent, given)
        answering.finish(session, respondent)


def _measured(session: Session, cycle: Cycle, key: str, leader, laget, respondents: int, mean: float,
              opened: datetime, closed: datetime, rng: random.Random) -> Measurement:
    measurement = cycles.open_measurement(session, cycle, key, leader)
    _answer(session, measurement, laget, respondents, mean, rng)
    cycles.close_measurement(session, measurement, leader, DEFAULT_MIN_RESPONDENTS)
    _dated_and_read(session, measurement, opened, closed)
    session.commit()
    return measurement


def _dated_and_read(session: Session, measurement: Measurement, opened: datetime, closed: datetime) -> None:
    """Opened and closed on the days given; the leaders have read the open answers and approved them."""
    measurement.opened_at, measurement.closed_at = opened, closed
    for answer in session.scalars(select(Answer).join(Response).where(
            Response.measurement_id == measurement.id, Answer.text.is_not(None))):
        answer.moderation = "approved"


# The routine Läget of three terms, every group answering: (name, opened, closed, mean answer).
ROUNDS = (("Läget hösten 2025", datetime(2025, 9, 15, 15), datetime(2025, 9, 30, 18), 2.8),
          ("Läget våren 2026", datetime(2026, 3, 9, 15), datetime(2026, 3, 23, 18), 3.1),
          ("Läget hösten 2026", datetime(2026, 9, 14, 15), datetime(2026, 9, 28, 18), 3.3))


def _routine_rounds(session: Session, groups: list[Group], laget) -> None:
    """The initiative's routine Läget over three terms (rounds.py), each group answering its own."""
    rng = random.Random(2024)
    for title, opened, closed, mean in ROUNDS:
        found = rounds.open_round(session, title, groups)
        for measurement in found.measurements:
            _answer(session, measurement, laget, rng.randint(10, 16), mean, rng)
        rounds.close_round(session, found, DEFAULT_MIN_RESPONDENTS)
        found.opened_at, found.closed_at = opened, closed
        for measurement in found.measurements:
            _dated_and_read(session, measurement, opened, closed)
        session.commit()


def _finished_cycle(session: Session, group: Group, leader, laget) -> Cycle:
    """All seven steps done: Läget 1 and Läget 2 answered, priorities, activities, a reflection."""
    rng = random.Random(2025)
    cycle = cycles.start_cycle(session, group, "Våren 2026", date(2026, 2, 1), date(2026, 6, 12), leader)
    cv_help = cycles.add_item(session, cycle, Need(text="De unga säger att de inte vet var man kan få hjälp med CV.",
                                                   source="conversation", focus_area_key="work"), leader)
    a_say = cycles.add_item(session, cycle, Need(text="Få av de unga har varit med och påverkat något i området.",
                                                 source="observation", focus_area_key="democracy"), leader)

    def record(key: str, values: dict) -> None:
        step = cycles.step(cycle, key)
        cycles.save_record(session, step, values, step.version, leader)

    record("first_meeting", {
        "held_on": "2026-02-05", "attendance": 12,
        "expectations": "Att lära sig söka jobb och att få säga sitt om fritidsgården.",
        "goals": "Fler unga som vet hur man söker jobb, och ett ungdomsråd på fritidsgården.",
        "measurement_plan": "Läget i februari och i juni.",
    })
    _measured(session, cycle, "baseline", leader, laget, 30, 3.0, datetime(2026, 2, 12, 15),
              datetime(2026, 2, 20, 18), rng)
    record("baseline", {"attendance": 31})
    record("leader_analysis", {"notes_work": "Många vet inte hur man söker jobb.",
                               "findings": "Arbete och inflytande är lägst."})
    record("group_analysis", {
        "interpretations": "Vi vet inte vem vi ska fråga om jobb. Ingen frågar oss vad vi tycker.",
        "priorities": "Vägar till jobb; Att kunna påverka.",
        "decisions": "En CV-kväll i mars.\nEtt ungdomsråd som träffas varje månad.",
    })
    # The loop closed, as the product shows it: each priority and each need answered by an activity.
    for text, area, indicator, votes in (("Vägar till jobb", "work", "ways_in", 14),
                                          ("Att kunna påverka", "democracy", "influence", 9)):
        session.add(Conclusion(cycle=cycle, kind="priority", text=text, focus_area_key=area,
                               indicator_key=indicator, votes=votes))
    session.add(Conclusion(cycle=cycle, kind="idea", text="Öppet på fritidsgården på fredagskvällar"))
    session.commit()
    for title, area, indicator, need, starts, ends, sessions, attendance in (
        ("CV-kväll med arbetsförmedlingen", "work", "work.ways_in", cv_help, date(2026, 3, 18), date(2026, 3, 18),
         1, 17),
        ("Ungdomsrådet på fritidsgården", "democracy", "democracy.influence", a_say, date(2026, 3, 1),
         date(2026, 6, 1), 4, 9),
    ):
        cycles.add_item(session, cycle, Activity(title=title, focus_area_keys=[area], indicator_keys=[indicator],
                                                 need_ids=[need.id], starts_on=starts, ends_on=ends, status="done",
                                                 sessions=sessions, attendance=attendance), leader)
    _measured(session, cycle, "follow_up", leader, laget, 28, 3.5, datetime(2026, 5, 28, 15),
              datetime(2026, 6, 5, 18), rng)
    record("follow_up", {"attendance": 29,
                         "reflection": "Fler vet nu hur man söker jobb. Rådet har fått ändra öppettiderna."})
    for step in cycles.steps(cycle):
        cycles.set_state(session, step, True, leader)
    return cycle


STATISTICS = Path(__file__).parent / "demo_statistics"
PARTNERS = (("Jobbtorget", "work", "Ali Hassan", "ali@example.org"),
            ("Vårdcentralen", "health", "Eva Lind", "eva@example.org"))


def _initiative(session: Session, organisation: Organisation, group: Group, cycle_group: Group) -> None:
    """The initiative: its name, two places (a group in each), three partners, a goal followed by a key figure
    of Läget, and two public series beside it; made once."""
    initiative = organising.initiative(session)
    if initiative.name:
        return
    organising.describe_initiative(session, "Unga i Demostaden",
                                   "Fler unga i arbete eller studier, och ett område där unga känner sig trygga.")
    north, south = (session.scalar(select(Place).where(Place.name == name)) or organising.create_place(session, name)
                    for name in ("Norra Demostaden", "Södra Demostaden"))
    group.place, cycle_group.place = north, south
    organising.describe_partner(organisation, "leisure", "Sara Berg", "sara@example.org")
    partners = [session.scalar(select(Organisation).where(Organisation.name == name))
                or organising.create_organisation(session, name, sector, contact, email)
                for name, sector, contact, email in PARTNERS]
    employment = None
    if not statistics.all_series(session):
        # Shaped as Statistics Sweden's and a described CSV would be; the figures are made up for the demo.
        employment = statistics.import_text(session, (STATISTICS / "employment.json").read_text(encoding="utf-8"),
                                            "demo: employment.json", "work")
        statistics.import_text(session, (STATISTICS / "unemployment.resource.json").read_text(encoding="utf-8"),
                               "demo: unemployment.resource.json", "work", folder=STATISTICS)
    if session.scalar(select(Goal.id).limit(1)) is None:
        goal = goals.create_goal(session, "Unga i området har en väg in i arbete", "work")
        goals.add_key_figure(session, goal, "work", {"work"}, None, (45, date(2025, 9, 1)), (70, date(2028, 6, 30)))
        if employment is not None:
            goals.add_key_figure(session, goal, f"{goals.SERIES}{employment.id}", {}, south, (55, date(2022, 1, 1)),
                                 (65, date(2028, 1, 1)))
        goals.add_key_figure(session, goal, f"{goals.ACTIVITY}attendance", {}, None, (0, date(2026, 1, 1)),
                             (60, date(2027, 12, 31)))
        goals.add_note(session, goal, "story", "Få unga under 18 får sommarjobb; många vet inte hur man söker.",
                       date(2026, 10, 1))
        goals.add_note(session, goal, "what_works", "CV-kvällen: de unga bad om en till.", date(2026, 6, 10))
        goals.give_role(session, goal, partners[0], "Sommarjobb och praktikplatser")
        goals.give_role(session, goal, organisation, "Jobbsökarkvällar på fritidsgården")
        coordinator = accounts.find_user(session, COORDINATOR_EMAIL)
        assert coordinator is not None  # made by create() before the initiative
        for cycle in session.scalars(select(Cycle).where(Cycle.group_id == cycle_group.id)):
            cycle.goal_ids = [goal.id]
            for activity in cycle.activities:
                if "work" in activity.focus_area_keys:
                    activity.goal_ids = [goal.id]
                    activity.responsible_organisation_id = partners[0].id
                    activity.responsible_person = PARTNERS[0][2]
                    win = cycles.note_win(session, activity, "Två fick sommarjobb genom Jobbtorget.", coordinator,
                                          "partner", partners[0])
                    win.noted_on = date(2026, 6, 10)
        # What the initiative learned and decided, as its learning log and steering group would have it.
        learning.write(session, coordinator, date(2026, 6, 12), "De unga kom när de själva fick välja kväll.",
                       tried="En CV-kväll en vardag", happened="17 kom", changing="De unga väljer dag nästa gång",
                       goal=goal)
        steering.write(session, coordinator, date(2026, 9, 2), "decision", "time",
                       "Jobbtorget och fritidsgården planerar höstens jobbkvällar tillsammans.")
    session.flush()
