"""Four young people answer: no page, comparison, overview or export shows anything about them."""

import re

from mina_svar import answering, db, questionnaire
from mina_svar.models import Measurement

from .conftest import page_meant, without_csrf
from .languages import sv
from .staff import make_world, sign_in

SECRET = "Mitt hemliga svar"


def _four_answer(app, measurement_id):
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        work = structure.areas[0].questions
        for language in ("sv", "ar", "en", "sv"):
            respondent = answering.start(session, measurement, language)
            given = {q.id: answering.Given(value=5) for q in work if q.kind == "scale"}
            given[next(q.id for q in work if q.kind == "open")] = answering.Given(text=SECRET)
            answering.save(session, respondent, given)
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does


def test_nothing_about_four_young_people_is_shown_anywhere(app):
    world = make_world(app)
    _four_answer(app, world.measurement)
    client = app.test_client()
    sign_in(client, "c@example.org")
    m = world.measurement
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/lead/").text).group(1)
    assert client.post(f"/lead/measurements/{m}/close", data={"csrf_token": token}).status_code == 302
    assert client.post(f"/lead/cycles/{world.cycle}/steps/follow_up/measurement",
                       data={"csrf_token": token}).status_code == 302

    pages = {name: page_meant(client, url, marker) for name, url, marker in (
        ("summary", f"/lead/measurements/{m}/summary", "<title>Läget 1"),
        ("compare", f"/lead/groups/{world.group_a}/compare", "<title>Jämför mätningar"),
        ("overview", "/coordinate/overview", "<title>Alla grupper"),
        ("results.csv", f"/lead/measurements/{m}/export/results.csv", "level,focus_area,indicator"),
        ("step 4", f"/lead/cycles/{world.cycle}/steps/leader_analysis", "<title>Ledarnas analys"),
    )}
    for name, page in pages.items():
        assert SECRET not in page, name
        # Every answer was 5: an index of 100 or a mean of 5.0 would give them away.
        assert not re.search(r">\s*(100|5\.0)\s*<|index 100|,100", page), name
    assert "<table" not in pages["summary"] and "index" not in pages["summary"]
    assert "→" not in pages["compare"]
    assert pages["results.csv"].strip().count("\n") == 0  # the header alone
    overview_row = pages["overview"][pages["overview"].index("Grupp A</bdi><br>"):]
    assert overview_row[:overview_row.index("</tr>")].count("<td>–</td>") == 5


def _send(app, measurement_id, values):
    """Young people send one answer each to work's first question."""
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, measurement_id)
        first = questionnaire.structure(session, measurement.questionnaire_id).areas[0].questions[0]
        for value in values:
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {first.id: answering.Given(value=value)})
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does


def _views(client, world):
    """Everything a curious leader can download or look at about Läget 1, each checked to be the page meant."""
    m = world.measurement
    return {url: page_meant(client, url, marker).encode() for url, marker in (
        (f"/lead/measurements/{m}/summary", "<title>Läget 1"),
        (f"/lead/measurements/{m}/export/results.csv", "level,focus_area,indicator"),
        (f"/lead/groups/{world.group_a}/compare", "<title>Jämför mätningar"),
        ("/coordinate/overview", "<title>Alla grupper"),
    )}


def _without_tokens(views):
    """The views as figures: no CSRF tokens or notices about the state."""
    found = {}
    for url, body in views.items():
        body = re.sub(rb'<input[^>]*name="csrf_token"[^>]*>|<p class="message">.*?</p>'
                      rb'|<div class="message notice".*?</div>\s*', b"", body)
        found[url] = re.sub(rb"\s+", b" ", body)
    return found


def _late_count_pages(client, world) -> dict[str, str]:
    """What a leader reads of a Läget opened again: its step (with the live count), the group's page, and the
    page asking whether to close it, each checked to be the page meant."""
    m = world.measurement
    found = {}
    for name, url in (("step", f"/lead/cycles/{world.cycle}/steps/baseline"),
                      ("group", f"/lead/groups/{world.group_a}"), ("confirm", f"/lead/measurements/{m}/close"),
                      ("count", f"/lead/measurements/{m}/count")):
        page = client.get(url, headers={"HX-Request": "true"} if name == "count" else {})
        assert page.status_code == 200, url
        found[name] = without_csrf(page.text)
    assert sv("Open.") in found["count"] and "Stäng" in found["confirm"] and "Grupp A" in found["group"]
    return found


def test_downloading_before_and_after_one_more_sends_reveals_nothing(app):
    """Differencing: figures come only from a closed Läget, and late answers only in batches of the minimum."""
    world = make_world(app)
    client = app.test_client()
    sign_in(client, "c@example.org")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/lead/").text).group(1)
    m = world.measurement

    _send(app, m, [4, 4, 4, 4, 4])
    while_open = _without_tokens(_views(client, world))
    _send(app, m, [1])  # the sixth, watched by the leader
    assert _without_tokens(_views(client, world)) == while_open
    live_count = client.get(f"/lead/cycles/{world.cycle}/steps/baseline").text
    assert "6 unga har skickat sina svar" in live_count

    assert client.post(f"/lead/measurements/{m}/close", data={"csrf_token": token}).status_code == 302
    released = client.get(f"/lead/measurements/{m}/summary").text
    assert "6 unga har skickat sina svar." in released

    # Opened again for late answers: one more sends, and closing again publishes nothing new.
    assert client.post(f"/lead/measurements/{m}/reopen", data={"csrf_token": token}).status_code == 302
    before = _without_tokens(_views(client, world))
    late_count = _late_count_pages(client, world)
    _send(app, m, [5])
    # Nothing tells the leader that one waits: knowing it, they could fill the batch with four answers of their
    # own and subtract them from the next results.
    assert _late_count_pages(client, world) == late_count
    assert "Resultaten innehåller svaren från 6 unga." in late_count["step"]
    assert "sena svar" in late_count["confirm"].lower() and "har skickat" not in late_count["confirm"]
    closed = client.post(f"/lead/measurements/{m}/close", data={"csrf_token": token}, follow_redirects=True)
    assert closed.status_code == 200 and "Hur många som har kommit in visas inte" in closed.text
    assert _without_tokens(_views(client, world)) == before
    # Four more make five new: now they are added, together.
    assert client.post(f"/lead/measurements/{m}/reopen", data={"csrf_token": token}).status_code < 400
    _send(app, m, [2, 2, 2, 2])
    assert client.post(f"/lead/measurements/{m}/close", data={"csrf_token": token}).status_code < 400
    assert "11 unga har skickat sina svar." in client.get(f"/lead/measurements/{m}/summary").text
