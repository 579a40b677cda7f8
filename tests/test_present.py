"""A joint-analysis session over HTTP: the leader's screen and the phones."""

import re

import pytest

from mina_svar.config import LANGUAGES

from .conftest import csrf_token, sqlite_only
from .languages import sv
from .staff import answered, make_world, sign_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def started(app):
    world = make_world(app)
    answered(app, world.measurement, [1, 2, 3, 4, 5, 5])
    leader = app.test_client()
    sign_in(leader, "a@example.org")
    token = csrf_token(leader.get("/lead/").text)
    screen = leader.post(f"/lead/measurements/{world.measurement}/session", data={"csrf_token": token})
    code = re.fullmatch(r"/present/(\w+)/presenter", screen.location).group(1)
    return leader, token, code, world


def _phone(app, code, language):
    phone = app.test_client()
    page = phone.get(f"/s/{code}")
    assert page.status_code == 200
    assert phone.post(f"/s/{code}/join", data={"csrf_token": csrf_token(page.text), "lang": language}).status_code < 400
    return phone, csrf_token(phone.get(f"/s/{code}").text)


def _version(page):
    return int(re.search(r'/live\?v=(\d+)"', page).group(1))


def test_the_screen_asks_first_then_shows_and_phones_follow(app, started):
    leader, token, code, _world = started
    screen = leader.get(f"/present/{code}").text
    assert "Arbete och hållbar försörjning" in screen and sv("What do you think we answered?") in screen
    assert "av 100" not in screen  # not yet revealed
    phone, phone_token = _phone(app, code, "ar")
    view = phone.get(f"/s/{code}").text
    assert 'lang="ar" dir="rtl"' in view and "العمل وكسب العيش المستدام" in view
    version = _version(view)
    # Nothing changed: the poll is answered with an empty 204.
    quiet = phone.get(f"/s/{code}/live?v={version}", headers=HTMX)
    assert quiet.status_code == 204 and quiet.data == b""
    assert leader.post(f"/present/{code}/results", data={"csrf_token": token}).status_code == 302
    news = phone.get(f"/s/{code}/live?v={version}", headers=HTMX)
    assert news.status_code == 200 and "<html" not in news.text and "من 100" in news.text
    assert leader.post(f"/present/{code}/next", data={"csrf_token": token}).status_code == 302
    assert "Vägar till jobb" in leader.get(f"/present/{code}").text


def test_phones_guess_before_the_results_and_the_screen_shows_the_guesses_beside_them(app, started):
    leader, token, code, _world = started
    phones = [_phone(app, code, language) for language in ("sv", "sv", "ar")]
    first = phones[0][0].get(f"/s/{code}").text
    assert sv("Your guess: how is it for the group?") in first and 'id="react-surprised"' not in first
    for (phone, phone_token), level in zip(phones, ("well", "fairly_well", "fairly_well"), strict=True):
        guessed = phone.post(f"/s/{code}/guess", headers=HTMX, data={"csrf_token": phone_token, "level": level})
        assert guessed.status_code == 200 and f'id="guess-{level}" aria-pressed="true"' in guessed.text
    phone, phone_token = phones[0]
    changed = phone.post(f"/s/{code}/guess", headers=HTMX, data={"csrf_token": phone_token, "level": "badly"})
    assert 'id="guess-badly" aria-pressed="true"' in changed.text
    assert 'id="guess-well" aria-pressed="false"' in changed.text
    refused = phone.post(f"/s/{code}/guess", data={"csrf_token": phone_token, "level": "<script>"})
    assert refused.status_code == 400 and "<script>" not in refused.text
    screen = leader.get(f"/present/{code}").text
    assert "3 har gissat" in screen and "Vad ni gissade" not in screen  # how many, not what, until shown

    assert leader.post(f"/present/{code}/results", data={"csrf_token": token}).status_code == 302
    screen = re.sub(r"\s+", " ", leader.get(f"/present/{code}").text)
    # Work over [1, 2, 3, 4, 5, 5]: 60 of 100, "fairly good", as two of the room guessed.
    assert re.search(r'<li class="right">Ganska bra: <strong>2</strong> · så blev det</li>', screen), screen
    assert "Svårt: <strong>1</strong>" in screen and "Bra: <strong>0</strong>" in screen
    mine = re.sub(r"\s+", " ", phone.get(f"/s/{code}").text)
    assert "Svårt: <strong>1</strong> · din gissning" in mine and 'id="react-surprised"' in mine  # now react
    late = phone.post(f"/s/{code}/guess", headers=HTMX, data={"csrf_token": phone_token, "level": "well"})
    assert late.status_code == 400 and "gissningen är över" in late.text


def test_votes_reactions_and_approved_texts_reach_the_screen(app, started):
    leader, token, code, world = started
    assert leader.post(f"/present/{code}/next", data={"csrf_token": token}).status_code == 302
    assert leader.post(f"/present/{code}/results", data={"csrf_token": token}).status_code == 302
    phone, phone_token = _phone(app, code, "sv")
    for _ in range(3):  # a replayed request adds nothing
        sent = phone.post(f"/s/{code}/vote", data={"csrf_token": phone_token, "indicator": "work.ways_in"})
        assert sent.status_code < 400
        assert phone.post(f"/s/{code}/react", data={"csrf_token": phone_token, "kind": "surprised"}).status_code < 400
    said = phone.post(f"/s/{code}/say", headers=HTMX,
                      data={"csrf_token": phone_token, "kind": "interpretation", "text": "Vi behöver kontakter"})
    assert said.status_code == 200 and "Skickat till ledarna." in said.text
    # The form to write in comes back empty, so the words are not left there for the next slide.
    assert '<div id="say" hx-swap-oob="true">' in said.text and "Vi behöver kontakter" not in said.text
    assert re.search(r'id="react-surprised" aria-pressed="true"', said.text)  # the reaction given stays marked
    assert re.search(r'id="react-agree" aria-pressed="false"', said.text)
    too_long = phone.post(f"/s/{code}/say", data={"csrf_token": phone_token, "kind": "idea", "text": "x" * 300})
    assert too_long.status_code == 400 and "högst 280 tecken" in too_long.text
    screen = leader.get(f"/present/{code}").text
    assert "Förvånad: <strong>1</strong>" in screen and "Vi behöver kontakter" not in screen
    texts = leader.get(f"/present/{code}/presenter").text
    contribution = re.search(r'/texts/(\d+)"', texts).group(1)
    sent = leader.post(f"/present/{code}/texts/{contribution}", data={"csrf_token": token, "state": "approved"})
    assert sent.status_code < 400
    assert "Vi behöver kontakter" in leader.get(f"/present/{code}").text
    for _ in range(21):  # past the last slide: it stays on the priorities
        assert leader.post(f"/present/{code}/next", data={"csrf_token": token}).status_code == 302
    end = leader.get(f"/present/{code}").text
    assert sv("What should we work on?") in end and re.search(r"<strong>1</strong> Vägar till jobb", end)
    finished = leader.post(f"/present/{code}/finish", data={"csrf_token": token, "priority": ["work.ways_in"],
                                                             "decisions": "Jobbmässa i mars"})
    assert finished.location == f"/lead/cycles/{world.cycle}/steps/group_analysis"
    step = leader.get(finished.location).text
    assert "Vägar till jobb" in step and "work.ways_in" not in step
    assert "Vi behöver kontakter" in step and "Jobbmässa i mars" in step
    late = phone.post(f"/s/{code}/vote", data={"csrf_token": phone_token, "indicator": "housing.safety"})
    assert late.status_code == 410 and "avslutad" in late.text
    # A phone still showing the form gets the part that follows the screen, saying it has ended and what comes
    # next, and the form goes; not a whole second page inside the first.
    ended = phone.post(f"/s/{code}/say", headers=HTMX, data={"csrf_token": phone_token, "kind": "idea", "text": "x"})
    assert ended.status_code == 410 and "<html" not in ended.text and "avslutad" in ended.text
    assert "Ledarna skriver ner vad gruppen bestämde" in ended.text
    assert '<div id="say" hx-swap-oob="true"></div>' in ended.text
    assert app.test_client().get(f"/s/{code}").status_code == 404  # as an unknown code: nothing to guess


def test_strangers_cannot_run_the_screen(app, started):
    _leader, _token, code, _world = started
    other = app.test_client()
    sign_in(other, "b@example.org")
    assert other.get(f"/present/{code}").status_code == 404
    assert app.test_client().get(f"/present/{code}").status_code == 302
    assert app.test_client().get("/s/NOSUCH").status_code == 404


def test_a_phone_joins_with_the_code_on_the_start_page(app, started):
    _leader, _token, code, _world = started
    phone = app.test_client()
    assert phone.get(f"/join?code={code.lower()}").location == f"/s/{code}"


def test_a_priority_becomes_an_activity_in_one_action(app, started):
    leader, token, code, world = started
    phone, phone_token = _phone(app, code, "sv")
    sent = phone.post(f"/s/{code}/vote", data={"csrf_token": phone_token, "indicator": "housing.safety"})
    assert sent.status_code < 400
    sent = leader.post(f"/present/{code}/finish", data={"csrf_token": token, "priority": ["housing.safety"]})
    assert sent.status_code < 400
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/group_analysis").text
    assert sv("The group's priorities from the joint analysis") in step and "1 röst" in step
    conclusion = re.search(r"/lead/conclusions/(\d+)/activity", step).group(1)
    naming = leader.get(f"/lead/conclusions/{conclusion}/activity")
    # It starts from the priority's own words, and asks for the name the young people will see.
    assert naming.status_code == 200 and 'name="title"' in naming.text and 'value="Trygghet"' in naming.text
    unnamed = leader.post(f"/lead/conclusions/{conclusion}/activity", data={"csrf_token": token, "title": " "})
    assert unnamed.status_code == 400 and "Ge aktiviteten ett namn" in unnamed.text
    for _ in range(2):  # twice: still one activity
        made = leader.post(f"/lead/conclusions/{conclusion}/activity",
                           data={"csrf_token": token, "title": "Trygga kvällar i parken"})
    assert made.location == f"/lead/cycles/{world.cycle}/steps/activities"
    activities = leader.get(made.location).text
    assert activities.count('<h3><bdi dir="ltr">Trygga kvällar i parken</bdi></h3>') == 1
    assert "Trygghet (1 röst)" in activities and f"/lead/conclusions/{conclusion}/activity" not in activities


INTERNAL_KEY = re.compile(r"\b(work|housing|democracy|health|education)\.[a-z_]+\b"
                          r"|\b(cycle|step|need|activity|measurement|session|answer)\.[a-z]+\b")


@pytest.mark.slow
@sqlite_only  # what pages and PDFs print, the same whichever database holds it
def test_no_page_or_pdf_shows_an_internal_key_after_a_joint_session(app, started):
    from .pdfs import pages

    leader, token, code, world = started
    phone, phone_token = _phone(app, code, "sv")
    for indicator in ("work.ways_in", "housing.safety"):
        assert phone.post(f"/s/{code}/vote", data={"csrf_token": phone_token, "indicator": indicator}).status_code < 400
    finished = leader.post(f"/present/{code}/finish", data={"csrf_token": token, "decisions": "Belysning",
                                                             "priority": ["work.ways_in", "housing.safety"]})
    assert finished.status_code == 302
    cycle = f"/lead/cycles/{world.cycle}"
    assert leader.post(f"/lead/measurements/{world.measurement}/close", data={"csrf_token": token}).status_code == 302
    urls = [cycle, f"/lead/groups/{world.group_a}", f"/lead/measurements/{world.measurement}/summary",
            f"/present/{code}", f"/present/{code}/presenter", f"/present/{code}/finish",
            *(f"{cycle}/steps/{key}" for key in ("needs", "first_meeting", "baseline", "leader_analysis",
                                                 "group_analysis", "activities", "follow_up"))]
    for language in LANGUAGES:
        assert leader.post("/language", data={"csrf_token": token, "lang": language}).status_code < 400
        for url in urls:
            page = leader.get(url)
            assert page.status_code == 200, url
            text = re.sub(r"<[^>]*>", " ", page.text)
            assert not INTERNAL_KEY.search(text), (language, url, INTERNAL_KEY.search(text))
        for pdf in (f"{cycle}/summary.pdf", f"/lead/measurements/{world.measurement}/report.pdf"):
            data = leader.get(f"{pdf}?lang={language}").data
            assert not INTERNAL_KEY.search("\n".join(pages(data))), (language, pdf)
