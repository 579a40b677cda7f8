"""The respondent's path through HTTP requests, with and without htmx."""

import html
import re
from datetime import date, datetime

import pytest
from sqlalchemy import event, func, select, text

from mina_svar import answering, db, demo, measuring
from mina_svar.config import LANGUAGES
from mina_svar.models import Answer, Response

from .conftest import csrf_token, page_meant
from .languages import area_title, words
from .staff import sign_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def code(app):
    with app.app_context():
        return demo.create(db.session(), half_way_cycle=False).code


def _answers(app):
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Answer))


def _question_ids(page):
    scale = list(dict.fromkeys(re.findall(r'type="radio" name="q-(\d+)"', page)))
    open_ = re.findall(r'<textarea id="q-(\d+)"', page)
    return scale, open_


def _start(client, code, language="sv"):
    page = client.get(f"/j/{code}")
    assert page.status_code == 200
    started = client.post(f"/j/{code}/start", data={"csrf_token": csrf_token(page.text), "lang": language})
    assert started.status_code == 302 and started.location.endswith(f"/j/{code}/intro")
    return csrf_token(page.text)


def _said_in(language):
    """What the young person's pages say in a language, read from its catalogue and Läget's file."""
    said = words(language)
    answered = said("%(answered)s of %(asked)s answered") % {"answered": 6, "asked": 6}
    return [said("Your answers are anonymous"), area_title(language), said("Don't know / skip"),
            f"{answered} · {said('and your own words')}", said("Thank you!")]


@pytest.mark.parametrize("language, expect", [
    ("sv", ["Dina svar är anonyma", "Arbete och hållbar försörjning", "Vet inte / hoppa över",
            "6 av 6 besvarade · och dina egna ord", "Tack!"]),
    ("en", ["Your answers are anonymous", "Work and sustainable livelihood", "Don't know / skip",
            "6 of 6 answered · and your own words", "Thank you!"]),
    ("ar", ["إجاباتك مجهولة الهوية", "العمل وكسب العيش المستدام", "لا أعرف / تخطَّ",
            "تمت الإجابة عن 6 من 6 · وكلماتك الخاصة", "شكراً لك!"]),
    *((code, None) for code in LANGUAGES if code not in ("sv", "en", "ar")),
])
def test_whole_questionnaire_without_javascript(app, client, code, language, expect):
    expect = expect or _said_in(language)
    token = _start(client, code, language)
    intro = client.get(f"/j/{code}/intro")
    assert expect[0] in html.unescape(intro.text)
    assert f'<html lang="{language}" dir="{LANGUAGES[language][1]}">' in intro.text
    given = 0
    for page in range(1, 6):
        form = client.get(f"/j/{code}/{page}").text
        assert f"{page}" in re.search(r'class="progress-label"[^>]*>([^<]*)<', form).group(1)
        if page == 1:
            assert expect[1] in html.unescape(form) and expect[2] in html.unescape(form)
        scale, open_ = _question_ids(form)
        data = {"csrf_token": token, "nav": "next", f"q-{open_[0]}": f"Idé {page}"}
        data.update({f"q-{q}": str(1 + (int(q) % 5)) for q in scale})
        saved = client.post(f"/j/{code}/{page}", data=data)
        given += len(scale) + 1
        assert saved.status_code == 302
        assert saved.location.endswith(f"/j/{code}/{page + 1}" if page < 5 else f"/j/{code}/finish")
    review = client.get(f"/j/{code}/finish")
    assert html.unescape(review.text).count(expect[3]) == 5
    sent = client.post(f"/j/{code}/finish", data={"csrf_token": token})
    assert sent.location.endswith(f"/j/{code}/thanks")
    assert expect[4] in html.unescape(client.get(sent.location).text)
    assert _answers(app) == given == 35
    with app.app_context():
        response = db.session().scalar(select(Response))
        assert response.language == language and response.sent_on is not None
        assert [line.completed for line in measuring.overview(db.session())] == [1]


def test_each_answer_is_saved_at_once_with_htmx(app, client, code):
    token = _start(client, code)
    scale, open_ = _question_ids(client.get(f"/j/{code}/1").text)
    saved = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "4"}, headers=HTMX)
    assert saved.status_code == 204 and saved.text == ""
    assert _answers(app) == 1
    assert client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "2",
                                      f"q-{open_[0]}": "Fler sommarjobb"}, headers=HTMX).status_code < 400
    page = client.get(f"/j/{code}/1").text
    assert re.search(rf'name="q-{scale[0]}" value="2" checked', page)
    assert "Fler sommarjobb</textarea>" in page
    assert _answers(app) == 2


def test_a_tap_after_the_database_dropped_every_connection_is_saved_without_an_error(app, client, code):
    """PostgreSQL restarted under the app: the tap meets a dropped connection, and is saved on a new one."""
    engine = app.extensions["mina_svar.bare_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps no connection to drop")
    token = _start(client, code)
    scale, _open = _question_ids(client.get(f"/j/{code}/1").text)
    first = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "3"}, headers=HTMX)
    assert first.status_code == 204
    with engine.connect(), engine.connect():
        pass  # two connections waiting in the pool, as a busy server has: both are dropped below
    dropped = []
    event.listen(engine, "invalidate", lambda _connection, _record, error: dropped.append(error is not None))
    other = db.make_engine(engine.url.render_as_string(hide_password=False))
    with other.connect() as connection:  # as a restart does
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    other.dispose()
    saved = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[1]}": "4"}, headers=HTMX)
    assert saved.status_code == 204 and dropped == [True]
    db.dispose(app)  # the other pages' connections were dropped too: counted on new ones
    assert _answers(app) == 2


def test_reopening_the_link_goes_on_from_the_answers_and_opening_a_page_writes_nothing(app, client, code):
    token = _start(client, code, "en")
    assert client.get(f"/j/{code}").location.endswith(f"/j/{code}/intro")  # nothing answered yet
    pages = [_question_ids(client.get(f"/j/{code}/{page}").text) for page in (1, 2, 3)]
    whole = {f"q-{question}": "3" for question in pages[0][0] + pages[1][0]}
    assert client.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", **whole}).status_code == 302
    assert client.post(f"/j/{code}/2", data={"csrf_token": token, "nav": "next"}).status_code == 302
    resumed = client.get(f"/j/{code}")  # back where the last answer is, to see it and go on
    assert resumed.status_code == 302 and resumed.location.endswith(f"/j/{code}/2")
    one = {f"q-{pages[2][0][0]}": "4"}
    assert client.post(f"/j/{code}/3", data={"csrf_token": token, "nav": "next", **one}).status_code == 302
    assert client.get(f"/j/{code}").location.endswith(f"/j/{code}/3")
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(app.extensions["mina_svar.engine"], "before_cursor_execute", listen)
    for page in (1, 4, 5, "finish"):
        assert client.get(f"/j/{code}/{page}").status_code == 200
    event.remove(app.extensions["mina_svar.engine"], "before_cursor_execute", listen)
    assert any(s.lstrip().upper().startswith("SELECT") for s in statements)
    assert not [s for s in statements if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert client.get("/").status_code == 200
    assert client.get(f"/join?code={code.lower()}").location.endswith(f"/j/{code}")


def test_changing_language_keeps_the_answers(app, client, code):
    token = _start(client, code, "sv")
    scale, open_ = _question_ids(client.get(f"/j/{code}/1").text)
    # The language buttons on an answer page submit the page's answers too.
    switched = client.post(f"/j/{code}/1", data={"csrf_token": token, "lang": "ar", f"q-{scale[0]}": "5",
                                                 f"q-{open_[0]}": "نص"})
    assert switched.location.endswith(f"/j/{code}/1")
    page = client.get(f"/j/{code}/1").text
    assert 'lang="ar" dir="rtl"' in page and "العمل وكسب العيش المستدام" in page
    assert re.search(rf'name="q-{scale[0]}" value="5" checked', page)
    assert _answers(app) == 2
    # Elsewhere the language form does it.
    back = client.post("/language", data={"csrf_token": token, "lang": "en", "next": f"/j/{code}/intro",
                                          "code": code})
    assert back.location.endswith(f"/j/{code}/intro")
    assert "Your answers are anonymous" in client.get(f"/j/{code}/intro").text
    with app.app_context():
        assert db.session().scalar(select(Response.language)) == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_language_form_stays_on_this_site(client, code, next_url):
    token = csrf_token(client.get("/").text)
    answer = client.post("/language", data={"csrf_token": token, "lang": "en", "next": next_url})
    assert answer.status_code == 302 and answer.location == "/"


def test_unknown_code_shows_the_code_form_again(client):
    answer = client.get("/j/NOSUCH")
    assert answer.status_code == 404
    assert "Det finns ingen öppen enkät med gruppkoden NOSUCH" in answer.text
    assert 'name="code"' in answer.text
    assert client.get("/join?code=").status_code == 400
    assert client.get("/join?code=%20%20-").status_code == 400


def test_a_closed_code_answers_as_an_unknown_one_and_says_it_may_have_closed(app, client, code):
    with app.app_context():
        measuring.close_measurement(db.session(), answering.find_measurement(db.session(), code), 5)
        db.session().commit()
    answer = client.get(f"/j/{code}")
    assert answer.status_code == 404
    assert "fråga din ledare om enkäten har stängt" in answer.text and 'name="code"' in answer.text


@pytest.mark.parametrize("field, value, message", [
    ("scale", "6", "Ett svar var inte ett av alternativen"),
    ("scale", "x", "Ett svar var inte ett av alternativen"),
    ("unknown", "3", "en fråga som inte finns i den här enkäten"),
    ("open", "å" * 2001, "Din text är för lång: högst 2000 tecken"),
])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_bad_answers_are_refused_and_nothing_is_stored(app, client, code, field, value, message, headers):
    token = _start(client, code)
    scale, open_ = _question_ids(client.get(f"/j/{code}/1").text)
    name = {"scale": f"q-{scale[1]}", "open": f"q-{open_[0]}", "unknown": "q-987654"}[field]
    answer = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "3", name: value,
                                               "nav": "next"}, headers=headers)
    assert answer.status_code == 400
    assert message in answer.text
    assert _answers(app) == 0


@pytest.mark.parametrize("token", [None, "wrong"])
def test_missing_or_wrong_csrf_token_is_refused(app, client, code, token):
    _start(client, code)
    scale, _ = _question_ids(client.get(f"/j/{code}/1").text)
    data = {f"q-{scale[0]}": "3"} | ({"csrf_token": token} if token else {})
    answer = client.post(f"/j/{code}/1", data=data)
    assert answer.status_code == 400
    assert "Formuläret hade gått ut" in answer.text
    assert _answers(app) == 0


def test_no_answers_after_sending(app, client, code):
    token = _start(client, code)
    scale, _ = _question_ids(client.get(f"/j/{code}/1").text)
    assert client.post(f"/j/{code}/finish", data={"csrf_token": token}).status_code < 400
    late = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "3"}, headers=HTMX)
    assert late.status_code == 409 and "Du har redan skickat dina svar" in late.text
    assert client.get(f"/j/{code}/1").location.endswith(f"/j/{code}/thanks")
    assert client.get(f"/j/{code}").location.endswith(f"/j/{code}/thanks")
    assert _answers(app) == 0


def test_no_answers_after_the_measurement_closed(app, client, code):
    token = _start(client, code)
    scale, _ = _question_ids(client.get(f"/j/{code}/1").text)
    with app.app_context():
        measuring.close_measurement(db.session(), answering.find_measurement(db.session(), code), 5)
        db.session().commit()
    late = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "3", "nav": "next"})
    assert late.status_code == 410 and "Enkäten har stängt" in late.text
    assert client.get(f"/j/{code}/2").status_code == 410
    assert _answers(app) == 0


def test_another_phone_cannot_answer_for_this_one(app, client, code):
    _start(client, code)
    scale, _ = _question_ids(client.get(f"/j/{code}/1").text)
    stranger = app.test_client()
    token = csrf_token(stranger.get("/").text)
    answer = stranger.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{scale[0]}": "3"})
    assert answer.status_code == 302 and answer.location.endswith(f"/j/{code}")
    assert stranger.get(f"/j/{code}/1").location.endswith(f"/j/{code}")
    assert _answers(app) == 0


@pytest.mark.parametrize("method, url", [
    ("get", "/j/{code}/0"), ("get", "/j/{code}/6"), ("get", "/j/{code}/99999999999999999999"),
    ("post", "/j/{code}/start"), ("post", "/language"), ("get", "/j/{code}/1/x"),
    ("put", "/j/{code}/1"), ("get", "/j/%00%ff"), ("post", "/j/{code}/finish"),
])
def test_odd_requests_get_a_clear_answer_never_a_500(client, code, method, url):
    token = _start(client, code)
    answer = getattr(client, method)(url.format(code=code), data={"csrf_token": token, "lang": "xx"})
    assert answer.status_code < 500
    if answer.status_code >= 400:
        assert 'role="alert"' in answer.text


def test_responses_store_nothing_about_the_person(app, client, code):
    _start(client, code)
    with app.app_context():
        columns = set(Response.__table__.columns.keys())
    # resume_hash: a hash of the code the young person may make to go on with another phone, nothing more.
    assert columns == {"id", "measurement_id", "token", "language", "sent_on", "released", "resume_hash"}
    # The day at most: nothing matches a response to the moment somebody pressed "send".
    assert Response.__table__.c.sent_on.type.python_type is date
    assert not [c for c in Answer.__table__.columns if c.type.python_type in (date, datetime)]


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_young_person_goes_on_with_another_phone_using_a_code_only_they_see(app, client, code):
    token = _start(client, code, "ar")
    question = _question_ids(client.get(f"/j/{code}/1").text)[0][0]
    sent = client.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{question}": "4"}, headers={"HX-Request": "true"})
    assert sent.status_code < 400
    intro = client.get(f"/j/{code}/intro").text
    assert f'action="/j/{code}/resume-code"' in intro and 'data-testid="resume-code"' not in intro
    made = client.post(f"/j/{code}/resume-code", data={"csrf_token": token})
    resume = re.search(r'data-testid="resume-code" dir="ltr">([A-Z0-9-]+)<', made.text).group(1)
    assert 'data-testid="resume-code"' not in page_meant(client, f"/j/{code}/intro")  # shown once

    other = app.test_client()
    welcome = other.get(f"/j/{code}").text
    wrong = other.post(f"/j/{code}/resume", data={"csrf_token": csrf_token(welcome), "resume": "AAAA-AAAA"})
    assert wrong.status_code == 404 and 'aria-invalid="true"' in wrong.text
    went_on = other.post(f"/j/{code}/resume", data={"csrf_token": csrf_token(welcome), "resume": resume.lower()})
    # On where its answers end: page 1, not the intro where the code was made.
    assert went_on.status_code == 302 and went_on.location.endswith(f"/j/{code}/1")
    page = other.get(f"/j/{code}/1").text
    assert 'lang="ar"' in page and re.search(rf'name="q-{question}" value="4" checked', page)

    # Staff never see it: not on any of their pages, not in an export (the pages of the demo's own leader).
    with app.app_context():
        measurement = answering.find_measurement(db.session(), code)
        ids = measurement.id, measurement.group_id
    leader = app.test_client()
    assert sign_in(leader, demo.LEADER_EMAIL, demo.LEADER_PASSWORD).status_code == 302
    # A Läget outside a cycle: its count without htmx goes to its page (it once answered 500).
    assert leader.get(f"/lead/measurements/{ids[0]}/count").location.endswith(f"/lead/measurements/{ids[0]}/summary")
    for url in (f"/lead/measurements/{ids[0]}/summary", f"/lead/groups/{ids[1]}",
                f"/lead/measurements/{ids[0]}/export/results.csv"):
        shown = leader.get(url)
        assert shown.status_code == 200 and shown.text, url
        assert resume not in shown.text and resume.replace("-", "") not in shown.text

    # Sending ends it.
    assert other.post(f"/j/{code}/finish", data={"csrf_token": csrf_token(page)}).status_code < 400
    third = app.test_client()
    late = third.post(f"/j/{code}/resume", data={"csrf_token": csrf_token(third.get(f"/j/{code}").text),
                                                  "resume": resume})
    assert late.status_code == 404


def test_the_first_page_speaks_the_language_the_phone_asks_for(app, code):
    client = app.test_client()
    for asked, language in (("ar-SA,ar;q=0.9,en;q=0.5", "ar"), ("en-GB,en;q=0.8", "en"), ("fr-FR", "sv")):
        page = client.get(f"/j/{code}", headers={"Accept-Language": asked}).text
        assert f'<html lang="{language}"' in page
        buttons = re.findall(r'<button type="submit" name="lang" value="(\w+)" lang="\w+" class="choice([^"]*)"', page)
        assert buttons[0] == (language, " primary") and len(buttons) == len(LANGUAGES)  # the phone's first


def test_a_second_language_is_shown_under_each_question_and_answer(app, code):
    client = app.test_client()
    token = _start(client, code, "ar")
    page = client.get(f"/j/{code}/intro").text
    assert 'name="second"' in page and '<option value="sv" lang="sv">Svenska</option>' in page
    assert '<option value="ar"' not in page  # not the page's own language
    chosen = client.post("/second-language", data={"csrf_token": token, "second": "sv",
                                                   "next": f"/j/{code}/intro"})
    assert chosen.status_code == 302 and chosen.location == f"/j/{code}/intro"
    page = client.get(f"/j/{code}/1").text
    assert '<span class="second" lang="sv" dir="ltr">Jag vet hur jag söker ett jobb.</span>' in page
    assert '<span class="second" lang="sv" dir="ltr">Stämmer inte alls</span>' in page
    assert '<span class="second" lang="sv" dir="ltr">Vet inte / hoppa över</span>' in page
    assert client.post("/second-language", data={"csrf_token": token, "second": "xx"}).status_code == 400
    assert client.post("/second-language", data={"csrf_token": token, "second": ""}).status_code < 400
    assert 'class="second"' not in page_meant(client, f"/j/{code}/1")
    sent = client.post("/second-language", data={"csrf_token": token, "second": "ar"})  # the page's own: nothing more
    assert sent.status_code < 400
    assert 'class="second"' not in page_meant(client, f"/j/{code}/1")
