"""Races with concurrent requests: rules that must hold live in the database statements."""

import threading

from sqlalchemy import func, select

from mina_svar import analysis, answering, db, measuring, questionnaire
from mina_svar.models import Answer, Measurement, Response

from .staff import make_world

RACES = 20


def _at_once(*actions):
    """Run each action in its own thread and app context, started together; what each raised."""
    barrier = threading.Barrier(len(actions))
    raised = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            action()
        except Exception as error:  # noqa: BLE001 - the test looks at what was raised
            raised[index] = error

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return raised


def _answering(app, world, count: int, value: int):
    """``count`` phones that have answered work's first question with ``value`` and not yet sent."""
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        question = questionnaire.structure(session, measurement.questionnaire_id).areas[0].questions[0].id
        respondents = []
        for _ in range(count):
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {question: answering.Given(value=value)})
            respondents.append(respondent)
    return question, respondents


def test_a_save_racing_send_never_changes_a_sent_answer(app):
    world = make_world(app)
    question, respondents = _answering(app, world, RACES, value=1)

    def in_context(work):
        def action():
            with app.app_context():
                work(db.session())
                db.session().commit()  # as the request's end does
        return action

    refused = 0
    for respondent in respondents:
        saved, sent = _at_once(
            in_context(lambda s, r=respondent: answering.save(s, r, {question: answering.Given(value=5)})),
            in_context(lambda s, r=respondent: answering.finish(s, r)),
        )
        assert sent is None
        assert saved is None or (isinstance(saved, answering.NotAnswerable) and saved.reason == "finished")
        refused += saved is not None
        with app.app_context():
            stored = db.session().scalar(select(Answer.value).where(Answer.response_id == respondent.response_id))
        # A refused save left the answer as it was sent; an accepted one came before the send.
        assert stored == (1 if saved is not None else 5)

    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        measuring.close_measurement(session, measurement, 5)
        session.commit()
        counted = analysis.answer_counts(session, measurement.id)
        stored = session.execute(select(Answer.value).join(Response).where(Response.released)).scalars().all()
        assert counted.respondents == RACES
        assert counted.answers[question] == {v: stored.count(v) for v in set(stored)}


def test_sending_while_the_leader_closes_is_counted_or_refused_never_lost(app):
    world = make_world(app)
    _question, respondents = _answering(app, world, 8, value=3)

    def send(respondent):
        def action():
            with app.app_context():
                answering.finish(db.session(), respondent)
                db.session().commit()
        return action

    def close():
        with app.app_context():
            session = db.session()
            measuring.close_measurement(session, session.get(Measurement, world.measurement), 1)
            session.commit()

    raised = _at_once(close, *[send(r) for r in respondents])
    assert raised[0] is None
    assert all(e is None or (isinstance(e, answering.NotAnswerable) and e.reason == "closed") for e in raised[1:])
    with app.app_context():
        session = db.session()
        sent, released = zip(*session.execute(
            select(Response.sent_on.is_not(None), Response.released)
            .where(Response.measurement_id == world.measurement)).all())
        # Every sent response was released by the close: none is left sent and uncounted.
        assert list(sent) == list(released)
        assert sum(sent) == sum(e is None for e in raised[1:])


def test_saves_of_a_step_racing_each_other_are_kept_or_refused_never_a_500(app):
    """Four tabs of one leader and two of another save the same step, all loaded at version 1, at once."""
    from mina_svar.models import CycleStep

    from .conftest import csrf_token
    from .staff import sign_in

    world = make_world(app)
    url = f"/lead/cycles/{world.cycle}/steps/first_meeting"
    clients = []
    for email in ["a@example.org"] * 4 + ["c@example.org"] * 2:
        client = app.test_client()
        sign_in(client, email)
        clients.append((client, csrf_token(client.get(url).text)))
    statuses = [None] * len(clients)

    def save(index):
        def action():
            client, token = clients[index]
            statuses[index] = client.post(url, headers={"HX-Request": "true"}, data={
                "csrf_token": token, "version": "1", "goals": f"Mål {index}"}).status_code
        return action

    assert _at_once(*[save(i) for i in range(len(clients))]) == [None] * len(clients)
    assert set(statuses) <= {200, 409} and 200 in statuses
    with app.app_context():
        kept = db.session().scalar(select(CycleStep.record).where(CycleStep.cycle_id == world.cycle,
                                                                  CycleStep.key == "first_meeting"))
    assert statuses[int(kept["goals"].split()[1])] == 200


def test_an_edit_racing_publish_never_changes_a_published_version(app):
    """Either the edit lands before the publication (and is in the published version) or it is refused;
    a version never changes once published."""
    from mina_svar import authoring
    from mina_svar.models import Questionnaire

    for attempt in range(RACES // 2):
        with app.app_context():
            session = db.session()
            draft = authoring.new_draft(session, questionnaire.latest(session))
            session.commit()
            draft_id, question_id = draft.id, draft.focus_areas[0].questions[0].id

        def edit(i=attempt):
            with app.app_context():
                session = db.session()
                authoring.set_texts(session, session.get(Questionnaire, draft_id),
                                    {("question_text", question_id, "en"): f"Edited {i}"})
                session.commit()

        def publish():
            with app.app_context():
                session = db.session()
                assert authoring.publish(session, session.get(Questionnaire, draft_id)) == []
                session.commit()

        edited, published = _at_once(edit, publish)
        assert published is None
        assert edited is None or isinstance(edited, authoring.NotADraft), edited
        with app.app_context():
            stored = questionnaire.structure(db.session(), draft_id).questions[question_id].text["en"]
        assert (stored == f"Edited {attempt}") == (edited is None)


def test_two_coordinators_making_the_same_new_thing_get_one_each_or_a_409_never_a_500(app):
    """A new draft takes the next version number, a new questionnaire its key: the database's unique rule
    keeps them unique, and the second coordinator is told rather than shown an error page."""
    from .conftest import csrf_token
    from .staff import sign_in

    make_world(app)
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        sign_in(client, "c@example.org")
    token = [csrf_token(client.get("/coordinate/questionnaires").text) for client in clients]
    with app.app_context():
        laget_id = questionnaire.latest(db.session()).id
    for attempt in range(RACES // 4):
        statuses = []

        def post(i, url, data):
            statuses.append(clients[i].post(url, data={"csrf_token": token[i], **data}).status_code)

        _at_once(*[lambda i=i: post(i, f"/coordinate/questionnaires/{laget_id}/draft", {}) for i in (0, 1)])
        _at_once(*[lambda i=i: post(i, "/coordinate/questionnaires/new",
                                    {"key": f"new_{attempt}", "title": "Ny", "source": "", "language": "sv"})
                   for i in (0, 1)])
        assert sorted(statuses)[:2] == [302, 302] and set(statuses) <= {302, 400, 409}, statuses
    with app.app_context():
        from mina_svar.models import Questionnaire

        rows = db.session().execute(select(Questionnaire.key, Questionnaire.version)).all()
    assert len(rows) == len(set(rows))


def test_two_leaders_adding_the_groups_fifth_question_at_once_never_make_a_sixth(app):
    """The count is read before the insert; the database's unique number and its check (1 to 5) keep two
    racing adds from both landing: one is added, the other told, never a 500 and never six."""
    from mina_svar import cycles
    from mina_svar.models import CycleQuestion, Group, User

    from .conftest import csrf_token
    from .staff import sign_in

    world = make_world(app)
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        sign_in(client, "a@example.org")
    for attempt in range(RACES // 4):
        with app.app_context():
            session = db.session()
            leader = session.get(User, world.leader_a)
            cycle = cycles.start_cycle(session, session.get(Group, world.group_a), f"Cykel {attempt}", None, None,
                                       leader)
            for number in range(4):
                cycles.add_own_question(session, cycle, {"sv": f"Fråga {number}"}, "agree5", leader)
            session.commit()
            cycle_id = cycle.id
        url = f"/lead/cycles/{cycle_id}/steps/first_meeting"
        tokens = [csrf_token(client.get(url).text) for client in clients]
        statuses = []

        def add(i):
            statuses.append(clients[i].post(f"/lead/cycles/{cycle_id}/own-questions",
                                            data={"csrf_token": tokens[i], "own-sv": f"Femte {i}",
                                                  "own-scale": "agree5"}).status_code)

        _at_once(lambda: add(0), lambda: add(1))
        assert sorted(statuses)[0] == 302 and set(statuses) <= {302, 400, 409}, statuses
        with app.app_context():
            positions = db.session().scalars(select(CycleQuestion.position)
                                             .where(CycleQuestion.cycle_id == cycle_id)).all()
        assert sorted(positions) == [1, 2, 3, 4, 5]


def test_two_leaders_opening_step_6_at_once_get_the_same_feedback_code(app):
    """The first to find no code sets it; the other reads that one, so either's printed QR code works."""
    from mina_svar import feedback
    from mina_svar.models import Activity

    world = make_world(app)
    for _ in range(RACES):
        with app.app_context():
            session = db.session()
            session.get(Activity, world.activity).feedback_code = None
            session.commit()
        codes = []

        def open_step_6():
            with app.app_context():
                session = db.session()
                codes.append(feedback.code_of(session, session.get(Activity, world.activity)))
                session.commit()

        assert _at_once(open_step_6, open_step_6) == [None, None]
        with app.app_context():
            kept = db.session().get(Activity, world.activity).feedback_code
        assert codes == [kept, kept]


def test_two_coordinators_opening_the_same_routine_läget_at_once_open_it_once(app):
    """The round's name is unique in the database and a group has one Läget a round: the second of two
    coordinators pressing "open" at once is told, never given a second Läget for every group."""
    from mina_svar.models import Measurement, Round

    from .conftest import csrf_token
    from .staff import sign_in

    make_world(app)
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        assert sign_in(client, "c@example.org").status_code == 302
    token = [csrf_token(client.get("/coordinate/initiative/laget").text) for client in clients]
    for attempt in range(RACES // 4):
        statuses = []
        _at_once(*[lambda i=i: statuses.append(clients[i].post(
            "/coordinate/rounds", data={"csrf_token": token[i], "round-title": f"Läget {attempt}"}).status_code)
            for i in (0, 1)])
        assert sorted(statuses)[0] == 302 and sorted(statuses)[1] in (400, 409), statuses
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Round)) == RACES // 4
        assert db.session().scalar(select(func.count()).select_from(Measurement)
                                   .where(Measurement.round_id.is_not(None))) == 2 * (RACES // 4)
