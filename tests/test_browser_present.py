"""A joint analysis: a projector and three phones in three languages."""

import pytest
from playwright.sync_api import expect

from .browser import PHONE, chromium, fresh_app, no_axe_violations, serve
from .staff import make_world
from .test_lead import _answered

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("present"))
    world = make_world(app)
    _answered(app, world.measurement, [1, 2, 3, 4, 5, 5, 4])
    with serve(app) as base_url, chromium() as browser:
        yield base_url, browser, world


def test_votes_and_an_approved_text_reach_the_projector_and_the_cycle(site):
    base_url, browser, world = site
    screen = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE").new_page()
    screen.goto(base_url + "/sign-in")
    screen.get_by_label("E-post").fill("a@example.org")
    screen.get_by_label("Lösenord").fill("a-long-test-password")
    screen.get_by_role("button", name="Logga in").click()
    screen.goto(f"{base_url}/lead/measurements/{world.measurement}/summary")
    screen.get_by_role("button", name="Starta en gemensam analys med gruppen").click()
    expect(screen.get_by_text("Vad tror ni att vi svarade?")).to_be_visible()
    join_url = screen.locator(".join-line strong").inner_text()
    code = join_url.rsplit("/", 1)[1]
    no_axe_violations(screen)

    phones = {}
    for language, button in (("sv", "Svenska"), ("ar", "العربية"), ("en", "English")):
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.goto(f"{base_url}/s/{code}")
        phone.get_by_role("button", name=button).click()
        phones[language] = phone
    expect(screen.locator(".join-line")).to_contain_text("3 har gått med", timeout=5000)
    no_axe_violations(phones["ar"])

    # One phone loses its connection while the slide changes, and catches up when it is back.
    phones["en"].context.set_offline(True)
    with screen.expect_response(lambda r: r.request.method == "POST"):
        screen.get_by_role("button", name="Nästa").click()
    phones["sv"].wait_for_timeout(2500)
    phones["en"].context.set_offline(False)
    titles = {"sv": "Vägar till jobb", "ar": "الطريق إلى العمل", "en": "Ways into work"}
    for language, phone in phones.items():
        expect(phone.get_by_role("heading", level=1)).to_have_text(titles[language], timeout=5000)
    for phone in phones.values():
        voting = phone.locator("#live form").filter(has=phone.locator('input[name="indicator"]'))
        voting.get_by_role("button").click()
        expect(voting).to_contain_text("2", timeout=5000)  # two votes left, in the phone's language

    phones["sv"].get_by_label("Dina ord").fill("Vi känner ingen som kan hjälpa oss")
    phones["sv"].get_by_role("button", name="Skicka").click()
    expect(phones["sv"].get_by_text("Skickat.")).to_be_visible()

    screen.goto(f"{base_url}/present/{code}/texts")
    screen.get_by_role("button", name="Visa på skärmen").click()
    screen.goto(f"{base_url}/present/{code}")
    expect(screen.get_by_text("Vi känner ingen som kan hjälpa oss")).to_be_visible()

    for _ in range(20):
        with screen.expect_response(lambda r: r.request.method == "POST"):
            screen.get_by_role("button", name="Nästa").click()
    expect(screen.get_by_role("heading", name="Vad ska vi arbeta med?")).to_be_visible()
    screen.reload()
    expect(screen.locator(".votes li").first).to_contain_text("3 Vägar till jobb")
    screen.get_by_label("Vad gruppen bestämde").fill("En jobbmässa i mars")
    screen.get_by_role("button", name="Avsluta och spara i cykeln").click()
    expect(screen.get_by_role("textbox", name="Prioriteringar")).to_have_value("work.ways_in (3)")
    expect(screen.get_by_label("Gruppens tolkningar")).to_have_value("Vi känner ingen som kan hjälpa oss")
    expect(phones["en"].get_by_text("The session is finished. Thank you!")).to_be_visible(timeout=5000)
