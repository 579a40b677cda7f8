"""Who gets what: every leader and coordinator route, asked by each kind of visitor."""

import io
import json

import pytest

from .staff import PASSWORD, make_world, open_answer, sign_in

ANONYMOUS, OTHER_LEADER, LEADER, COORDINATOR = "anonymous", "other leader", "leader", "coordinator"
EVALUATOR = "evaluator"  # as a right: an evaluator or a coordinator
WRITERS = "anyone signed in who writes"  # everyone but an evaluator (or the steering group), who read
PUBLIC = "anyone, signed in or not"
OK = {200, 302}


def _priority(app, cycle_id) -> int:
    """A priority the group chose in step 5, for the route that makes it an activity."""
    from mina_svar import db
    from mina_svar.models import Conclusion

    with app.app_context():
        conclusion = Conclusion(cycle_id=cycle_id, kind="priority", text="work.ways_in", focus_area_key="work",
                                indicator_key="ways_in", votes=3)
        db.session().add(conclusion)
        db.session().commit()
        return conclusion.id


def _joint_session(app, world) -> tuple[str, int]:
    """A joint-analysis session of the world's Läget 1 with one text from a phone: (code, text's id)."""
    from mina_svar import db, joint_analysis, questionnaire
    from mina_svar.models import Measurement, User

    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        started = joint_analysis.start(session, measurement, session.get(User, world.leader_a))
        phone = joint_analysis.join(session, started, "sv")
        said = joint_analysis.contribute(session, started, phone, "idea", "Mer fotboll",
                                         questionnaire.structure(session, measurement.questionnaire_id))
        session.commit()
        return started.code, said.id


def _own_question(app, world) -> tuple[int, int]:
    """A second cycle of group A, Läget 1 not yet open, with one question of the group's own: (cycle, question)."""
    from mina_svar import cycles, db
    from mina_svar.models import Group, User

    with app.app_context():
        session = db.session()
        leader = session.get(User, world.leader_a)
        cycle = cycles.start_cycle(session, session.get(Group, world.group_a), "Hösten", None, None, leader)
        question = cycles.add_own_question(session, cycle, {"sv": "Vår fråga"}, "agree5", leader)
        session.commit()
        return cycle.id, question.id


def _draft(app) -> dict:
    """A draft of Läget made beforehand, for the editor's routes: the ids its buttons name."""
    from mina_svar import authoring, db, drafts, questionnaire

    with app.app_context():
        session = db.session()
        draft = authoring.new_draft(session, questionnaire.latest(session))
        area = draft.focus_areas[0]
        indicator = area.indicators[0]
        second = sorted(indicator.questions, key=lambda q: q.position)[1]
        bare = drafts.add_area(session, draft, "leisure", {"sv": "Fritid"})  # no open question yet
        fresh = drafts.add_question(session, draft, indicator.id, "work.fresh", {"sv": "Ny"})  # never asked: movable
        choice = drafts.add_background_question(session, draft, area.id, "work.how_long", {"sv": "Hur länge?"},
                                                [{"sv": "Kort"}, {"sv": "Länge"}])
        session.commit()
        return {"id": draft.id, "area": area.id, "indicator": indicator.id, "second": second.id,
                "second_key": second.key, "bare_area": bare.id, "fresh": fresh.id,
                "other_indicator": area.indicators[1].id, "choice": choice.id}


def _editor_routes(d: dict) -> list:
    """Every action of the questionnaire editor, each its own route, on the draft ``d`` (see _draft)."""
    url, area, indicator, second = f"/coordinate/questionnaires/{d['id']}", d["area"], d["indicator"], d["second"]
    return [
        ("POST", f"{url}/areas", {"new-area-key": "sport", "new-area-text": "Idrott"}, COORDINATOR),
        ("POST", f"{url}/areas/{area}/indicators", {f"new-area-{area}-key": "more", f"new-area-{area}-text": "Mer"},
         COORDINATOR),
        ("POST", f"{url}/indicators/{indicator}/questions",
         {f"new-{indicator}-key": "work.often", f"new-{indicator}-text": "Ofta", f"new-scale-{indicator}": "agree5"},
         COORDINATOR),
        ("POST", f"{url}/areas/{area}/background-questions",
         {f"new-background-{area}-key": "work.where", f"new-background-{area}-text": "Var?",
          f"new-background-{area}-options": "Norr\nSöder"}, COORDINATOR),
        ("POST", f"{url}/areas/{d['bare_area']}/open-question",
         {f"new-open-{d['bare_area']}-key": "leisure.words", f"new-open-{d['bare_area']}-text": "Med egna ord?"},
         COORDINATOR),
        ("POST", f"{url}/questions/{second}/up", {}, COORDINATOR),
        ("POST", f"{url}/questions/{second}/down", {}, COORDINATOR),
        ("POST", f"{url}/questions/{d['fresh']}/indicator", {f"to-{d['fresh']}": str(d["other_indicator"])},
         COORDINATOR),
        ("POST", f"{url}/questions/{d['fresh']}/best-end", {f"best-{d['fresh']}": "first"}, COORDINATOR),
        ("POST", f"{url}/questions/{d['choice']}/as-scale", {f"best-{d['choice']}": "last"}, COORDINATOR),
        ("POST", f"{url}/questions/{second}/remove", {}, COORDINATOR),
        ("POST", f"{url}/retired/{d['second_key']}", {f"back-{d['second_key']}": str(indicator)}, COORDINATOR),
        ("POST", f"{url}/languages", {"languages": ["sv", "en"]}, COORDINATOR),
    ]


def _routes(w, answer_id="none", priority_id=0, joint=("ABC234", 0), own=(0, 0), draft=None):
    """(method, url, form data, who is the right person) for every route behind sign-in,
    and the joint session's phone routes that anyone may use."""
    cycle, need, measurement, group = w.cycle, w.need, w.measurement, w.group_a
    made = draft["id"] + 1 if draft else 2  # the draft the route below makes, after the one made beforehand
    draft = draft or {"id": 0, "area": 0, "indicator": 0, "second": 0, "second_key": "work.key", "bare_area": 0,
                      "fresh": 0, "other_indicator": 0, "choice": 0}
    code, said = joint
    return [
        ("POST", f"/lead/answers/{answer_id}/moderation", {"state": "approved"}, LEADER),
        ("POST", f"/lead/measurements/{measurement}/session", {}, LEADER),
        ("GET", f"/present/{code}", {}, LEADER),
        ("GET", f"/present/{code}/qr.svg", {}, LEADER),
        ("GET", f"/present/{code}/live", {}, LEADER),
        ("POST", f"/present/{code}/next", {}, LEADER),
        ("POST", f"/present/{code}/back", {}, LEADER),
        ("POST", f"/present/{code}/results", {}, LEADER),
        ("GET", f"/present/{code}/presenter", {}, LEADER),
        ("GET", f"/present/{code}/presenter/live", {}, LEADER),
        ("GET", f"/present/{code}/finish", {}, LEADER),
        ("POST", f"/present/{code}/texts/{said}", {"state": "approved"}, LEADER),
        ("GET", f"/s/{code}", {}, PUBLIC),
        ("POST", f"/s/{code}/join", {"lang": "sv"}, PUBLIC),
        ("GET", f"/s/{code}/live", {}, PUBLIC),
        ("POST", f"/s/{code}/react", {"kind": "agree"}, PUBLIC),
        ("POST", f"/present/{code}/finish", {"priority": "work.ways_in"}, LEADER),
        ("GET", f"/lead/conclusions/{priority_id}/activity", {}, LEADER),
        ("POST", f"/lead/conclusions/{priority_id}/activity", {"title": "Sommarjobb"}, LEADER),
        ("GET", "/lead/", {}, "anyone signed in"),
        ("GET", "/account/password", {}, "anyone signed in"),
        ("GET", f"/lead/groups/{group}", {}, LEADER),
        ("POST", f"/lead/groups/{group}", {"title": "Hösten"}, LEADER),
        ("GET", f"/lead/cycles/{cycle}", {}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/next", {"title": "Hösten"}, LEADER),
        ("GET", f"/lead/cycles/{cycle}/steps/needs", {}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/steps/first_meeting", {"version": "1", "goals": "Mål"}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/steps/needs/state", {"done": "1"}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/needs", {"text": "Trygghet", "source": "observation", "focus_area": ""},
         LEADER),
        ("GET", f"/lead/needs/{need}/edit", {}, LEADER),
        ("POST", f"/lead/needs/{need}/edit", {"text": "Sommarjobb!", "source": "conversation",
                                              "focus_area": "work"}, LEADER),
        ("GET", f"/lead/needs/{need}/analysis", {}, LEADER),
        ("POST", f"/lead/needs/{need}/analysis", {"root_causes": "Få kontakter"}, LEADER),
        ("GET", f"/lead/needs/{need}/delete", {}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/activities", {"title": "Fotboll", "status": "planned",
                                                      "responsible_organisation_id": "0"}, LEADER),
        ("GET", f"/lead/activities/{w.activity}/edit", {}, LEADER),
        ("POST", f"/lead/activities/{w.activity}/edit", {"title": "Läxhjälp", "status": "running",
                                                         "responsible_organisation_id": "0"}, LEADER),
        ("POST", f"/lead/activities/{w.activity}/wins", {"text": "Tolv kom"}, LEADER),
        ("GET", "/plan/", {}, "anyone signed in"),
        ("GET", f"/plan/activities/{w.activity}", {}, COORDINATOR),
        ("POST", f"/plan/activities/{w.activity}", {"status": "running"}, COORDINATOR),
        ("GET", f"/lead/activities/{w.activity}/qr.svg", {}, LEADER),
        ("GET", f"/lead/activities/{w.activity}/feedback.pdf", {}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/pairing", {"on": "1"}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/goals", {}, LEADER),
        ("POST", f"/lead/measurements/{measurement}/share", {"area": "work"}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/poster.pdf", {}, LEADER),
        ("POST", f"/lead/measurements/{measurement}/withdraw", {}, LEADER),
        ("GET", f"/lead/activities/{w.activity}/delete", {}, LEADER),
        ("POST", f"/lead/activities/{w.activity}/delete", {}, LEADER),
        ("POST", f"/lead/cycles/{cycle}/steps/follow_up/measurement", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/count", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/qr.svg", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/print", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/summary", {}, LEADER),
        ("GET", f"/lead/groups/{group}/compare", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/report.pdf", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/join.pdf", {}, LEADER),
        ("GET", f"/lead/groups/{group}/compare.pdf?before={measurement}&after={measurement}", {}, LEADER),
        ("GET", f"/lead/cycles/{cycle}/summary.pdf?lang=ar", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/export/results.csv", {}, LEADER),
        ("GET", f"/lead/measurements/{measurement}/close", {}, LEADER),
        ("POST", f"/lead/measurements/{measurement}/close", {}, LEADER),
        ("POST", f"/lead/measurements/{measurement}/reopen", {}, LEADER),
        ("POST", f"/lead/needs/{need}/delete", {}, LEADER),
        ("POST", f"/lead/cycles/{own[0]}/own-questions", {"own-sv": "Till", "own-scale": "agree5"}, LEADER),
        ("POST", f"/lead/own-questions/{own[1]}/remove", {}, LEADER),
        ("GET", "/coordinate/", {}, COORDINATOR),
        ("GET", "/coordinate/overview", {}, COORDINATOR),
        ("POST", "/coordinate/organisations", {"organisation-name": "Nya föreningen"}, COORDINATOR),
        ("POST", "/coordinate/groups", {"group-organisation": "1", "group-name": "Grupp C"}, COORDINATOR),
        ("POST", "/coordinate/accounts", {"account-name": "Ny", "account-email": "ny@example.org",
                                          "account-role": "leader", "account-organisation": "0"}, COORDINATOR),
        ("POST", f"/coordinate/accounts/{w.leader_b}/link", {}, COORDINATOR),
        ("POST", f"/coordinate/groups/{w.group_b}/leaders", {f"assign-{w.group_b}-leader": str(w.leader_a)},
         COORDINATOR),
        ("POST", f"/coordinate/groups/{w.group_b}/leaders/{w.leader_a}/remove", {}, COORDINATOR),
        ("GET", "/coordinate/initiative", {}, COORDINATOR),
        ("GET", "/coordinate/proposals", {}, COORDINATOR),
        ("POST", "/coordinate/proposals/1/adopt", {"into": "plan"}, COORDINATOR),
        ("GET", "/learning/", {}, "anyone signed in"),
        ("POST", "/learning/", {"learned": "Fråga de unga först", "written_on": "2026-12-06"}, WRITERS),
        ("GET", "/steering/", {}, EVALUATOR),
        ("POST", "/steering/notes", {"kind": "decision", "text": "Fler partner", "written_on": "2026-12-06"},
         COORDINATOR),
        ("GET", "/digest/", {}, "anyone signed in"),
        ("GET", "/digest/digest.pdf", {}, "anyone signed in"),
        ("GET", "/evaluate/", {}, EVALUATOR),
        ("GET", "/evaluate/data-package.zip", {}, EVALUATOR),
        ("GET", "/coordinate/initiative/laget", {}, COORDINATOR),
        ("GET", "/coordinate/goals", {}, COORDINATOR),
        ("GET", "/coordinate/statistics", {}, COORDINATOR),
        ("POST", "/coordinate/statistics", {"series": (io.BytesIO(_series()), "scb.json")}, COORDINATOR),
        ("POST", "/coordinate/goals", {"goal-result": "Unga har en väg in i arbete"}, COORDINATOR),
        ("GET", "/coordinate/goals/1", {}, COORDINATOR),
        ("GET", "/coordinate/goals/1/activities", {}, COORDINATOR),
        ("POST", "/coordinate/goals/1/figures", {"figure-figure": "work", "figure-baseline_value": "40",
                                                 "figure-baseline_on": "2026-01-01", "figure-target_value": "60",
                                                 "figure-target_on": "2028-01-01"}, COORDINATOR),
        ("POST", "/coordinate/goals/1/notes", {"note-kind": "story", "note-text": "Få sommarjobb",
                                               "note-written_on": "2026-12-06"}, COORDINATOR),
        ("POST", "/coordinate/goals/1/partners", {"partner-organisation": "1", "partner-role": "Praktik"},
         COORDINATOR),
        ("POST", "/coordinate/rounds", {"round-title": "Läget våren"}, COORDINATOR),
        ("GET", "/coordinate/rounds/1/close", {}, COORDINATOR),
        ("POST", "/coordinate/rounds/1/close", {}, COORDINATOR),
        ("POST", "/coordinate/initiative", {"initiative-name": "Unga i Husby"}, COORDINATOR),
        ("POST", "/coordinate/places", {"place-name": "Husby"}, COORDINATOR),
        ("POST", f"/coordinate/groups/{w.group_b}/place", {f"group-{w.group_b}-place": "0"}, COORDINATOR),
        ("GET", "/coordinate/organisations/1", {}, COORDINATOR),
        ("POST", "/coordinate/organisations/1", {"sector": "leisure"}, COORDINATOR),
        ("GET", "/coordinate/questionnaires", {}, COORDINATOR),
        ("GET", "/coordinate/questionnaires/1", {}, COORDINATOR),
        ("GET", "/coordinate/questionnaires/1/xlsform.xlsx", {}, COORDINATOR),
        ("POST", "/coordinate/questionnaires/upload", {"workbook": (io.BytesIO(_laget_workbook()), "laget.xlsx"),
                                                      "language": "sv"},
         COORDINATOR),
        ("POST", "/coordinate/questionnaires/1/draft", {}, COORDINATOR),  # makes the draft ``made`` (a coordinator)
        ("POST", f"/coordinate/questionnaires/{made}", {}, COORDINATOR),
        *_editor_routes(draft),
        ("GET", f"/coordinate/questionnaires/{made}/translate/en", {}, COORDINATOR),
        ("GET", "/coordinate/languages", {}, COORDINATOR),
        ("GET", f"/coordinate/languages/ar.po?questionnaire={made}", {}, COORDINATOR),
        ("POST", f"/coordinate/languages/ar?questionnaire={made}",
         {"po": (io.BytesIO(b'msgid ""\nmsgstr "Language: ar\\n"\n\nmsgid "Saved"\nmsgstr "read"\n'), "ar.po")},
         COORDINATOR),
        ("POST", f"/coordinate/questionnaires/{made}/translate/en", {}, COORDINATOR),
        ("POST", "/coordinate/questionnaires/new", {"key": "husby", "title": "Husby", "source": "",
                                                    "language": "sv"}, COORDINATOR),
        ("POST", "/coordinate/organisations/1/questionnaire", {"questionnaire": "laget"}, COORDINATOR),
        ("GET", f"/coordinate/questionnaires/{made}/publish", {}, COORDINATOR),
        ("POST", f"/coordinate/questionnaires/{made}/publish", {}, COORDINATOR),
        ("POST", "/account/password", {"current": PASSWORD, "new": "another-long-password",
                                       "repeat": "another-long-password"}, "anyone signed in"),
    ]


def _evaluator(app) -> None:
    from mina_svar import accounts, db

    with app.app_context():
        accounts.create_user(db.session(), "e@example.org", "Eva", PASSWORD, role="evaluator")
        db.session().commit()


def _series() -> bytes:
    from pathlib import Path

    return (Path(__file__).parent / "files" / "scb_employment.json").read_bytes()


def _laget_workbook() -> bytes:
    """The shipped Läget as an XLSForm workbook, made without a database."""
    from mina_svar import questionnaire, xlsform

    return xlsform.workbook(questionnaire.create(json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))))


def _expected(visitor, right):
    if right == PUBLIC:
        return OK
    if visitor == ANONYMOUS:
        return "sign-in"
    if right == WRITERS:
        return {403} if visitor == EVALUATOR else OK
    if right == "anyone signed in" or visitor == COORDINATOR or visitor == right:
        return OK
    if visitor == EVALUATOR:  # leads nothing: refused a leader's page, or finds no presenter's
        return {403} if right == COORDINATOR else {403, 404}
    return {403} if right in (COORDINATOR, EVALUATOR) else {404}


@pytest.fixture
def app_without_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.mark.slow
@pytest.mark.parametrize("visitor", [ANONYMOUS, OTHER_LEADER, LEADER, COORDINATOR, EVALUATOR])
def test_authorization_matrix(app_without_csrf, visitor):
    app = app_without_csrf
    world = make_world(app)
    answer_id = open_answer(app, world.measurement)
    priority_id = _priority(app, world.cycle)
    joint = _joint_session(app, world)
    own = _own_question(app, world)
    draft = _draft(app)
    _evaluator(app)
    client = app.test_client()
    email = {OTHER_LEADER: "b@example.org", LEADER: "a@example.org", COORDINATOR: "c@example.org",
             EVALUATOR: "e@example.org"}.get(visitor)
    if email:
        assert sign_in(client, email).status_code == 302
    for method, url, data, right in _routes(world, answer_id, priority_id, joint, own, draft):
        answer = client.open(url, method=method, data=data)
        expected = _expected(visitor, right)
        if expected == "sign-in":
            assert answer.status_code == 302 and answer.location.startswith("/sign-in?next="), (method, url)
        else:
            assert answer.status_code in expected, (visitor, method, url, answer.status_code)


def test_the_matrix_covers_every_route_behind_sign_in(app):
    listed = {(method, _pattern(url)) for method, url, _data, _right in _routes(make_world(app))}
    for rule in app.url_map.iter_rules():
        staff = {"lead", "coordinate", "evaluate", "partners", "learning", "steering", "digest", "present"}
        if rule.endpoint.split(".")[0] in staff or rule.endpoint == "account.password":
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, _pattern(rule.rule)) in listed, (method, rule.rule)


def _pattern(url: str) -> str:
    """/lead/cycles/7/steps/needs and /lead/cycles/<int:cycle_id>/steps/<key> look alike."""
    import re

    return re.sub(r"<[^>]+>|(?<=/)(?:areas|indicators|questions)(?=/(?:\d|<))|(?<=/retired/)[a-z_.]+"
                  r"|(?<=/present/)[A-Z0-9]{6}|(?<=/s/)[A-Z0-9]{6}|(?<=/s/[A-Z0-9]{6}/)(?!join|live)[a-z]+"
                  r"|(?<=/answers/)[^/]+|\d+|(?<=/steps/)[a-z_]+|(?<=/export/)[a-z]+|(?<=/translate/)[a-z]+|(?<=/languages/)[a-z]+"
                  r"|(?<=\.)[a-z]+$", "*",
                  url.split("?")[0])
