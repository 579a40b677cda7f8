"""What an attacker tries first: redirects elsewhere, odd ids, huge bodies, mislabelled errors."""

import re

import pytest

from mina_svar.redirects import same_site_path

from .conftest import csrf_token, without_csrf
from .languages import sv
from .staff import PASSWORD


@pytest.mark.parametrize("target", [
    "/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
    "https://evil.example/", "/\n/evil.example", " //evil.example", "javascript:alert(1)", "evil.example",
])
def test_sign_in_goes_only_to_a_page_of_this_site(app, world, target):
    from urllib.parse import quote

    client = app.test_client()
    page = client.get("/sign-in")
    answer = client.post(f"/sign-in?next={quote(target, safe='')}",
                         data={"csrf_token": csrf_token(page.text), "email": "a@example.org", "password": PASSWORD})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    # Read as a browser reads it: tabs and newlines dropped, backslashes as slashes.
    read = "".join(ch for ch in location if ch not in "\t\n\r").replace("\\", "/")
    assert read.startswith("/") and not read.startswith("//"), location


def test_the_language_switch_goes_only_to_a_page_of_this_site(client):
    page = client.get("/")
    answer = client.post("/language", data={"csrf_token": csrf_token(page.text), "lang": "en",
                                            "next": "/\t/evil.example"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    answer = client.post("/language", data={"csrf_token": csrf_token(page.text), "lang": "en", "next": "/j/ABC"})
    assert answer.headers["Location"] == "/j/ABC"


def test_same_site_paths_are_kept_as_they_are():
    assert same_site_path("/lead/cycles/3?x=1#y") == "/lead/cycles/3?x=1#y"
    assert same_site_path("") is None and same_site_path(None) is None


@pytest.mark.parametrize("url", [
    "/lead/groups/99999999999999999999999", "/lead/cycles/9223372036854775808", "/lead/cycles/2147483648",
    "/lead/measurements/18446744073709551616/summary",
])
def test_ids_past_what_the_database_holds_are_not_found(leader, url):
    assert leader.get(url).status_code == 404


def test_a_huge_body_is_refused_before_it_is_read(client):
    answer = client.post("/language", data=b"x" * (3 * 1024 * 1024),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413
    assert "för mycket" in answer.text or "too much" in answer.text


def test_a_bad_version_is_a_bad_request_not_another_leaders_save(leader, world):
    page = leader.get(f"/lead/cycles/{world.cycle}/steps/first_meeting")
    for version in ("x", "", "99999999999999999999"):
        answer = leader.post(f"/lead/cycles/{world.cycle}/steps/first_meeting",
                             data={"csrf_token": csrf_token(page.text), "version": version, "goals": "Mål"})
        assert answer.status_code == 400, version
        assert "Someone else saved" not in answer.text and "Någon annan sparade" not in answer.text


def _try_password(client, email, password="wrong-password"):
    page = client.get("/sign-in")
    return client.post("/sign-in", data={"csrf_token": csrf_token(page.text), "email": email, "password": password})


def test_wrong_passwords_are_counted_per_account_and_per_address(app, world):
    """Guessing one leader's password stops after ten tries; the other leaders at the same
    school (one shared address) still sign in."""
    client = app.test_client()
    assert [_try_password(client, "a@example.org").status_code for _ in range(10)] == [401] * 10
    refused = _try_password(client, "a@example.org", PASSWORD)
    assert refused.status_code == 429 and "För många försök" in refused.text
    # The same address, another account: not locked out.
    assert _try_password(app.test_client(), "b@example.org", PASSWORD).status_code == 302
    # Signing in rightly does not count against anyone.
    for _ in range(12):
        assert _try_password(app.test_client(), "c@example.org", PASSWORD).status_code == 302


def _closed_code(app, world) -> str:
    """Close the world's Läget 1 (nobody answered it): its code."""
    from mina_svar import db, measuring
    from mina_svar.models import Measurement

    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        measuring.close_measurement(session, measurement, 5)
        session.commit()
        return measurement.code


def test_guessing_codes_is_limited_and_closed_codes_look_like_unknown_ones(app, world):
    code = _closed_code(app, world)
    client = app.test_client()
    closed, unknown = client.get(f"/j/{code}"), client.get("/j/ZZZZZZ")
    assert closed.status_code == unknown.status_code == 404
    def page(answer):  # the form's token is signed with the time: not part of the answer
        return without_csrf(answer.text)

    assert page(closed).replace(code, "ZZZZZZ") == page(unknown)
    for number in range(28):
        assert client.get(f"/j/{number:06d}").status_code == 404
    limited = client.get("/j/ABCDEF")
    assert limited.status_code == 429 and "Vänta en stund" in limited.text
    assert client.get("/s/ABCDEF").status_code == 429  # the session codes count with them


def test_every_address_with_a_code_counts_a_wrong_code(app, world):
    """A code that exists answers differently from one that does not on every page of the answering path
    and on a joint analysis's phone actions (a way on to the welcome or joining page against "no such
    survey"): so every one of them counts a wrong code, or guessing there would cost nothing."""
    client = app.test_client()
    token = csrf_token(client.get("/join").text)
    addresses = [("GET", "/j/{}/intro"), ("GET", "/j/{}/1"), ("POST", "/j/{}/1"), ("GET", "/j/{}/finish"),
                 ("POST", "/j/{}/finish"), ("GET", "/j/{}/thanks"), ("POST", "/j/{}/own-code"),
                 ("POST", "/j/{}/resume-code"), ("POST", "/s/{}/react")]

    def ask(method, address, code):
        form = {"csrf_token": token} if method == "POST" else None
        return client.open(address.format(code), method=method, data=form)

    for number in range(30):
        method, address = addresses[number % len(addresses)]
        assert ask(method, address, f"{number:06d}").status_code == 404, address
    for method, address in addresses:
        assert ask(method, address, "ABCDEF").status_code == 429, address
    assert client.get("/j/ABCDEF").status_code == 429  # one count with the join page's


def test_passwords_are_hashed_with_scrypt_unless_the_app_says_otherwise(app, tmp_path):
    from mina_svar import accounts, create_app, db
    from mina_svar.models import User

    with app.app_context():  # the tests' own app: a cheap hash, so that the suite is quick
        assert db.session().get(User, accounts.create_user(db.session(), "t@example.org", "T", PASSWORD).id) \
            .password_hash.startswith("pbkdf2:sha256:1$")
    default = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3"})
    with default.app_context():
        assert accounts._hashed(PASSWORD).startswith("scrypt:")
    assert accounts._hashed(PASSWORD).startswith("scrypt:")  # outside any app too


def test_signing_out_ends_every_copy_of_the_session(app, world):
    from .staff import sign_in

    client = app.test_client()
    assert sign_in(client, "a@example.org").status_code == 302
    copied = client.get_cookie("session").value
    assert client.get("/lead/").status_code == 200
    token = csrf_token(client.get("/lead/").text)
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    answer = thief.get("/lead/")
    assert answer.status_code == 302 and answer.location.startswith("/sign-in")
    # Signing in again works, in a new session.
    assert sign_in(client, "a@example.org").status_code == 302 and client.get("/lead/").status_code == 200


def test_a_sign_in_ends_when_left_idle_and_after_its_lifetime():
    from mina_svar.account.lifetime import expired

    hour = 3600
    assert not expired(since=0, seen=hour, now=2 * hour, idle=2 * hour, lifetime=12 * hour)
    assert expired(since=0, seen=hour, now=3 * hour + 1, idle=2 * hour, lifetime=12 * hour)
    assert expired(since=0, seen=12 * hour, now=12 * hour + 1, idle=2 * hour, lifetime=12 * hour)
    assert expired(since=None, seen=None, now=0, idle=1, lifetime=1)  # a session from before these limits


def test_an_idle_sign_in_sends_the_leader_to_sign_in_again(app, world):
    from .staff import sign_in

    client = app.test_client()
    sign_in(client, "a@example.org")
    with client.session_transaction() as cookie:
        cookie["staff_seen"] -= app.config["STAFF_IDLE_SECONDS"] + 1
    answer = client.get("/lead/")
    assert answer.status_code == 302 and answer.location.startswith("/sign-in")


def test_a_direction_override_in_peoples_words_stays_inside_them(app, world, leader):
    """U+202E typed into a need, a group's name or an open answer does not turn the page around."""
    from mina_svar import db
    from mina_svar.models import Group, Need

    from .staff import answered, open_answer

    evil = "\u202eSommarjobb"
    with app.app_context():
        session = db.session()
        session.get(Need, world.need).text = evil
        session.get(Group, world.group_a).name = "\u202eGrupp"
        session.commit()
    answered(app, world.measurement, [3, 3, 3, 3, 3], released=False)
    open_answer(app, world.measurement, "\u202eläxhjälp")
    for url in (f"/lead/cycles/{world.cycle}/steps/needs", f"/lead/groups/{world.group_a}", "/lead/",
                f"/lead/measurements/{world.measurement}/summary"):
        page = leader.get(url).text
        # Shown text only: a page title and attributes cannot hold markup, and show no text in the page.
        shown = re.sub(r"<title>.*?</title>|\s[a-z-]+=\"[^\"]*\"", "", page)
        raw = [line for line in shown.splitlines() if "\u202e" in line]
        assert raw, url
        for line in raw:
            assert "\u202e" not in re.sub(r"<bdi>[^<]*</bdi>", "", line), (url, line)


def test_https_only_cookies_come_with_hsts(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_direction_override_stays_inside_peoples_words_on_paper(app, world, leader, monkeypatch):
    """What goes to WeasyPrint: every U+202E inside a <bdi>, none in the running header."""
    from mina_svar import db, printing
    from mina_svar.models import Cycle, Group, Need

    with app.app_context():
        session = db.session()
        session.get(Need, world.need).text = "\u202eSommarjobb"
        session.get(Group, world.group_a).name = "\u202eGrupp"
        session.get(Cycle, world.cycle).title = "\u202eVåren"
        session.commit()
    sent = {}

    def capture(html, running):
        sent.update(html=html, css=printing.page_css(running))
        return b"%PDF-1.7 captured"

    monkeypatch.setattr(printing, "pdf", capture)
    assert leader.get(f"/lead/cycles/{world.cycle}/summary.pdf?lang=ar").status_code == 200
    body = sent["html"][sent["html"].index("<body"):]
    assert body.count("\u202e") == 3
    assert "\u202e" not in re.sub(r"<bdi[^>]*>[^<]*</bdi>", "", body)
    assert "\u202e" not in sent["css"] and sv("Group") in sent["css"]


def test_guessing_resume_codes_counts_as_guessing_join_codes(app, world):
    from mina_svar import db
    from mina_svar.models import Measurement

    with app.app_context():
        code = db.session().get(Measurement, world.measurement).code
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(f"/j/{code}").text).group(1)
    for guess in range(30):
        answer = client.post(f"/j/{code}/resume", data={"csrf_token": token, "resume": f"AAAA{guess:04d}"})
        assert answer.status_code == 404
    assert client.post(f"/j/{code}/resume", data={"csrf_token": token, "resume": "BBBB-BBBB"}).status_code == 429
    assert client.get("/j/ABCDEF").status_code == 429  # one count with the join codes


def test_a_shared_computer_keeps_no_staff_page_after_signing_out(app, world, leader):
    """Results, open answers, exports, PDFs, the presenter: never stored by the browser (``no-store``)."""
    from .staff import answered

    answered(app, world.measurement, [1, 2, 3, 4, 5])
    m = world.measurement
    token = csrf_token(leader.get("/lead/").text)
    presenter = leader.post(f"/lead/measurements/{m}/session", data={"csrf_token": token})
    assert presenter.status_code == 302 and "/present/" in presenter.location
    for url, kind in (("/lead/", "text/html"), (f"/lead/measurements/{m}/summary", "text/html"),
                      (f"/lead/measurements/{m}/export/results.csv", "text/csv"),
                      (f"/lead/measurements/{m}/export/results.xlsx", "application/vnd.openxml"),
                      (f"/lead/measurements/{m}/report.pdf?lang=sv", "application/pdf"),
                      (presenter.location, "text/html"), ("/sign-in", "text/html")):
        answer = leader.get(url)
        assert answer.status_code == 200 and answer.content_type.startswith(kind), url
        assert "no-store" in answer.headers.get("Cache-Control", ""), url
    static = leader.get("/static/favicon.svg")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")


CODE_ADDRESSES = [("GET", "/j/{}"), ("GET", "/j/{}/intro"), ("GET", "/j/{}/1"), ("POST", "/j/{}/1"),
                  ("GET", "/j/{}/finish"), ("POST", "/j/{}/finish"), ("GET", "/j/{}/thanks"),
                  ("POST", "/j/{}/own-code"), ("POST", "/j/{}/resume-code"), ("POST", "/j/{}/resume"),
                  ("POST", "/j/{}/start"), ("GET", "/j/{}/results")]


def test_a_closed_läget_answers_exactly_as_an_unknown_code_on_every_address(app, world):
    """To a phone that did not answer it: same status, same page, and counted as a wrong code."""
    code = _closed_code(app, world)
    client = app.test_client()
    token = csrf_token(client.get("/join").text)

    def ask(method, address, asked):
        answer = client.open(address.format(asked), method=method,
                             data={"csrf_token": token, "lang": "sv"} if method == "POST" else None)
        return answer.status_code, without_csrf(answer.text)

    for method, address in CODE_ADDRESSES:
        closed, unknown = ask(method, address, code), ask(method, address, "ZZZZZZ")
        assert closed[0] == 404, (method, address, closed[0])
        assert (closed[0], closed[1].replace(code, "ZZZZZZ")) == unknown, (method, address)
    # Every one of those counted: 24 so far, six more and the address is told to wait.
    for number in range(30 - 2 * len(CODE_ADDRESSES)):
        assert client.get(f"/j/{number:06d}").status_code == 404
    assert client.get(f"/j/{code}/thanks").status_code == 429


def test_guessing_codes_from_a_schools_address_never_stops_the_young_people_answering_there(app, world):
    """Everyone at a school shares one address: the limit stops the guessing, not the answering."""
    from mina_svar import db, joint_analysis
    from mina_svar.models import Measurement, User
    from mina_svar.models.sessions import REACTIONS

    from .staff import answered

    with app.app_context():
        code = db.session().get(Measurement, world.measurement).code
    phone = app.test_client()
    welcome = phone.get(f"/j/{code}")
    assert welcome.status_code == 200
    token = csrf_token(welcome.text)
    assert phone.post(f"/j/{code}/start", data={"csrf_token": token, "lang": "sv"}).status_code == 302
    page = phone.get(f"/j/{code}/1")
    assert page.status_code == 200
    question = re.search(r'name="(q-[^"]+)" value="3"', page.text).group(1)
    # A joint analysis of another group's Läget, with a phone in it.
    answered(app, world.measurement, [1, 2, 3, 4, 5])
    with app.app_context():
        session = db.session()
        analysis = joint_analysis.start(session, session.get(Measurement, world.measurement),
                                        session.get(User, world.leader_a))
        session.commit()
        session_code = analysis.code
    in_session = app.test_client()
    joined = in_session.post(f"/s/{session_code}/join",
                             data={"csrf_token": csrf_token(in_session.get(f"/s/{session_code}").text), "lang": "sv"})
    assert joined.status_code == 302

    guesser = app.test_client()
    for number in range(30):
        assert guesser.get(f"/j/{number:06d}").status_code == 404
    assert guesser.get(f"/j/{code}").status_code == 429  # the guessing stops, right codes included
    assert guesser.get(f"/s/{session_code}").status_code == 429
    # The phones already in answer on: every page and tap.
    tap = phone.post(f"/j/{code}/1", data={"csrf_token": token, question: "3"}, headers={"HX-Request": "true"})
    assert tap.status_code == 204
    for url in (f"/j/{code}", f"/j/{code}/intro", f"/j/{code}/1", f"/j/{code}/finish"):
        assert phone.get(url).status_code in (200, 302), url
    sent = phone.post(f"/j/{code}/finish", data={"csrf_token": token})
    assert sent.status_code == 302, sent.text
    assert phone.get(f"/j/{code}/thanks").status_code == 200
    followed = in_session.get(f"/s/{session_code}")
    assert followed.status_code == 200
    reacted = in_session.post(f"/s/{session_code}/react",
                              data={"csrf_token": csrf_token(followed.text), "kind": REACTIONS[0]})
    assert reacted.status_code == 302
    # The phone's cookie frees only its own code: guessing others from it is still stopped.
    assert phone.get("/j/ABCDEF").status_code == 429


@pytest.mark.parametrize("given", ["²", "99999999999", "١٢٣٤٥٦٧٨٩٠١٢", "-1", "0"])
def test_an_id_no_row_can_have_is_refused_plainly_on_every_form_and_query(app, world, coordinator, leader, given):
    """Digits int() refuses though isdigit() takes them, numbers past the database's integer, zero and negative
    numbers: 400 or 404 with the page saying so, never 500."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from mina_svar import authoring, db, questionnaire

    with app.app_context():
        draft = authoring.new_draft(db.session(), questionnaire.latest(db.session()))
        draft_id, question_id = draft.id, draft.focus_areas[0].questions[0].id
        db.session().commit()
    token = csrf_token(coordinator.get("/coordinate/questionnaires").text)
    catalogue = Catalog(locale="ar")
    catalogue.add("Text", "نص", context=f"questionnaire {draft_id} question_text {given}")
    po = io.BytesIO()
    write_po(po, catalogue)
    asked = {
        "new questionnaire": coordinator.post("/coordinate/questionnaires/new", data={
            "csrf_token": token, "source": given, "language": "sv", "key": "egen"}),
        "assign a leader": coordinator.post(f"/coordinate/groups/{world.group_a}/leaders", data={
            "csrf_token": token, f"assign-{world.group_a}-leader": given}),
        "PO download": coordinator.get(f"/coordinate/languages/ar.po?questionnaire={given}"),
        "PO upload": coordinator.post(f"/coordinate/languages/ar?questionnaire={given}", data={
            "csrf_token": token, "po": (io.BytesIO(b'msgid ""\nmsgstr ""\n'), "ar.po")}),
        "PO text id": coordinator.post(f"/coordinate/languages/ar?questionnaire={draft_id}", data={
            "csrf_token": token, "po": (io.BytesIO(po.getvalue()), "ar.po")}),
        "draft's text id": coordinator.post(f"/coordinate/questionnaires/{draft_id}", data={
            "csrf_token": token, f"t-question_text-{given}-sv": "x"}),
        "draft's change": coordinator.post(f"/coordinate/questionnaires/{draft_id}/questions/{given}/remove", data={
            "csrf_token": token}),
        "draft's move": coordinator.post(f"/coordinate/questionnaires/{draft_id}/questions/{question_id}/indicator",
                                         data={"csrf_token": token, f"to-{question_id}": given}),
        "Läget's version": leader.post(f"/lead/cycles/{world.cycle}/steps/follow_up/measurement", data={
            "csrf_token": csrf_token(leader.get("/lead/").text), "questionnaire": given}),
    }
    for name, answer in asked.items():
        assert answer.status_code in (400, 404), (name, answer.status_code)
        assert "<title>" in answer.text, name  # a page that says what went wrong, not a bare error


def test_a_staff_pages_csrf_token_is_never_the_same_twice(app, world, leader):
    """BREACH: a compressed page that holds a secret beside words others typed must not hold it twice alike."""
    from mina_svar.csrf_masks import PREFIX, unmask

    pages = [leader.get(f"/lead/cycles/{world.cycle}/steps/needs") for _ in range(2)]
    assert all(page.status_code == 200 and "<title>" in page.text for page in pages)
    sent = [token for page in pages for token in re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)]
    assert len(sent) >= 4 and len(set(sent)) == len(sent) and all(t.startswith(PREFIX) for t in sent)
    # Flask-WTF's token: the session's secret (the same on every page: what BREACH would read), then the time
    # and a signature. Masked each time, and never in a page as it is.
    (secret,) = {unmask(token).split(".")[0] for token in sent}
    assert all(secret not in page.text for page in pages)
    need = {"text": "Sommarjobb igen", "source": "conversation", "focus_area": "work"}
    for token, status in ((sent[-1], 302), (unmask(sent[0]), 302), (PREFIX + "bm90LWEtdG9rZW4", 400),
                          (PREFIX + "!!", 400)):
        answer = leader.post(f"/lead/cycles/{world.cycle}/needs", data={"csrf_token": token, **need})
        assert answer.status_code == status, token
        assert (status == 400) == ("Formuläret hade gått ut" in answer.text), token


def test_a_nul_character_in_any_form_or_query_is_refused_and_nothing_stored(app, coordinator):
    """PostgreSQL stores no NUL in a text: a request holding one is refused plainly (it was a 500), on the
    coordinator's forms and the young people's alike."""
    from sqlalchemy import func, select

    from mina_svar.models import Organisation, Place

    from .conftest import csrf_token

    token = csrf_token(coordinator.get("/coordinate/").text)
    for url, data in (("/coordinate/organisations", {"organisation-name": "Före\x00ningen"}),
                      ("/coordinate/places", {"place-name": "\x00"})):
        refused = coordinator.post(url, data={"csrf_token": token, **data})
        assert refused.status_code == 400, url
    assert coordinator.get("/coordinate/initiative/laget?place=1\x00").status_code == 400
    assert app.test_client().get("/join?code=AB\x00CD").status_code == 400
    with app.app_context():
        from mina_svar import db

        assert db.session().scalar(select(func.count()).select_from(Place)) == 0
        assert db.session().scalar(select(func.count()).select_from(Organisation)) == 1  # the world's own
