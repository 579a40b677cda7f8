"""A joint analysis: a projector and three phones in three languages."""

import re

import pytest
from playwright.sync_api import expect

from .browser import PHONE, chromium, fresh_app, no_axe_violations, serve, signed_in
from .languages import next_step, sv
from .staff import answered, make_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("present"))
    world = make_world(app)
    answered(app, world.measurement, [1, 2, 3, 4, 5, 5, 4])
    with serve(app) as base_url, chromium() as browser:
        yield base_url, browser, world


def test_the_room_sees_the_projector_and_the_leader_steers_from_a_phone(site):
    base_url, browser, world = site
    laptop = signed_in(browser, base_url, viewport={"width": 1280, "height": 800})
    laptop.goto(f"{base_url}/lead/cycles/{world.cycle}/steps/baseline")
    laptop.get_by_role("link", name=sv("Close Läget…")).click()
    laptop.get_by_role("button", name=sv("Close Läget")).click()
    laptop.get_by_role("link", name=next_step(4, "Leaders' analysis")).click()
    laptop.get_by_role("link", name=next_step(5, "The group's analysis")).click()
    laptop.get_by_role("button", name=sv("Start the joint analysis")).click()
    expect(laptop.get_by_role("heading", name=sv("Presenter view"))).to_be_visible()
    with laptop.context.expect_page() as opened:
        laptop.get_by_role("link", name=sv("Open the projector view (new window)")).click()
    screen = opened.value
    errors = []  # anything a page reports on its console (a style refused by the CSP among them)
    for page in (laptop, screen):
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    expect(screen.get_by_text(sv("What do you think we answered?"))).to_be_visible()
    # The room's view: no leader's menu, a QR code a back row can scan, the whole width used.
    expect(screen.get_by_role("button", name=sv("Sign out"))).to_have_count(0)
    expect(screen.get_by_role("button", name=sv("Next"))).to_have_count(0)
    assert screen.locator(".join-panel .qr").bounding_box()["width"] >= 300
    assert screen.locator("#live").bounding_box()["width"] >= 1100
    no_axe_violations(screen)
    join_url = screen.locator(".join-url").inner_text()

    remote = signed_in(browser, base_url)
    remote.goto(f"{base_url}/lead/cycles/{world.cycle}/steps/group_analysis")
    expect(remote.get_by_text(sv("A joint analysis is running."))).to_be_visible()
    remote.get_by_role("link", name=sv("Go on with the joint analysis")).click()
    no_axe_violations(remote)
    # On the leader's phone the controls come first: "Next" on the first screen, and no sideways scrolling.
    after_next = remote.get_by_role("button", name=sv("Next")).bounding_box()
    assert after_next["y"] + after_next["height"] <= remote.viewport_size["height"], after_next
    assert remote.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    phones = {}
    for language, button in (("sv", "Svenska"), ("ar", "العربية"), ("en", "English")):
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.goto(join_url)
        phone.get_by_role("button", name=button).click()
        phones[language] = phone
        if language != "en":  # the one that goes offline, and says so
            phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    expect(screen.locator(".join-panel")).to_contain_text("3 har anslutit", timeout=5000)
    no_axe_violations(phones["ar"])

    # One phone loses its connection while the slide changes, and catches up when it is back.
    phones["en"].context.set_offline(True)
    with remote.expect_response(lambda r: r.request.method == "POST"):
        remote.get_by_role("button", name=sv("Next")).click()
    phones["sv"].wait_for_timeout(1000)  # two polls of the phones (every 0.5 s here)
    phones["en"].context.set_offline(False)
    titles = {"sv": "Vägar till jobb", "ar": "الطريق إلى العمل", "en": "Ways into work"}
    expect(screen.get_by_role("heading", level=1)).to_have_text("Vägar till jobb", timeout=5000)
    for language, phone in phones.items():
        expect(phone.get_by_role("heading", level=1)).to_have_text(titles[language], timeout=5000)
    for phone in phones.values():
        voting = phone.locator("#live form").filter(has=phone.locator('input[name="indicator"]'))
        voting.get_by_role("button").click()
        expect(voting).to_contain_text("2", timeout=5000)  # two votes left, in the phone's language
        expect(phone.locator("#vote")).to_be_focused()  # the swap leaves the young person where they were
    expect(phones["ar"].locator("#live")).to_contain_text("بقي 2 صوتان")

    # Before the results each phone guesses, in the words the results are said in; the screen counts them.
    for language, guess in (("sv", "Ganska bra"), ("ar", "جيد"), ("en", "Hard")):
        phones[language].get_by_role("button", name=guess, exact=True).click()
        expect(phones[language].get_by_role("button", name=guess, exact=True)).to_have_attribute("aria-pressed", "true")
    phones["ar"].get_by_role("button", name="جيد إلى حدٍّ ما").click()  # a change of mind
    expect(phones["ar"].get_by_role("button", name="جيد", exact=True)).to_have_attribute("aria-pressed", "false")
    expect(screen.get_by_text("3 har gissat")).to_be_visible(timeout=5000)
    surprised = sv("Surprised")
    expect(phones["sv"].get_by_role("button", name=f"{surprised} (0)")).to_have_count(0)  # nothing to react to yet

    # The results shown: they fill the projector, in words the room uses, beside the room's guesses; the way
    # to join shrinks.
    remote.get_by_role("button", name=sv("Show or hide the results")).click()
    expect(screen.locator("#live.results-shown")).to_be_visible(timeout=5000)
    expect(screen.locator(".guesses li.right")).to_have_text(re.compile(r"Ganska bra: 2 · så blev det"))
    expect(phones["en"].locator(".guesses")).to_contain_text("Hard: 1 · your guess", timeout=5000)
    expect(screen.locator(".in-words").first).to_contain_text("av er svarade")
    expect(screen.locator(".options-legend").first).to_contain_text("Stämmer helt")
    slide, qr = screen.locator("section.slide").bounding_box(), screen.locator(".join-panel .qr").bounding_box()
    assert slide["width"] >= 0.7 * 1280 and qr["width"] <= 0.2 * 1280, (slide, qr)
    assert float(screen.locator(".in-words").first.evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 26
    expect(phones["ar"].locator(".in-words").first).to_contain_text("أجاب")
    no_axe_violations(screen)
    no_axe_violations(phones["ar"])

    expect(phones["sv"].get_by_role("button", name=f"{surprised} (0)")).to_be_visible()
    phones["sv"].get_by_role("button", name=f"{surprised} (0)").click()
    expect(phones["sv"].get_by_role("button", name=f"{surprised} (1)")).to_be_focused()
    phones["sv"].wait_for_timeout(1000)  # two polls: the page follows the screen meanwhile: focus stays on the button
    expect(phones["sv"].get_by_role("button", name=f"{surprised} (1)")).to_be_focused()

    expect(phones["sv"].get_by_role("button", name=f"{surprised} (1)")).to_have_attribute("aria-pressed", "true")
    expect(phones["sv"].get_by_role("button", name="Håller med (0)")).to_have_attribute("aria-pressed", "false")
    phones["sv"].get_by_label(sv("Your words")).fill("Vi känner ingen som kan hjälpa oss")
    phones["sv"].get_by_role("button", name=sv("Send")).click()
    expect(phones["sv"].get_by_text("Skickat till ledarna.")).to_be_visible()
    expect(phones["sv"].get_by_label(sv("Your words"))).to_have_value("")  # not left there for the next slide
    expect(remote.get_by_text("Vi känner ingen som kan hjälpa oss")).to_be_visible(timeout=5000)
    remote.get_by_role("button", name=sv("Show on the screen")).click()
    expect(screen.get_by_text("Vi känner ingen som kan hjälpa oss")).to_be_visible(timeout=5000)

    # Finishing is there on every slide, with the votes as they stand.
    remote.get_by_role("link", name=sv("Finish the joint analysis…")).click()
    expect(remote.get_by_label("Vägar till jobb (3 röster)")).to_be_checked()
    remote.get_by_label(sv("What the group decided")).fill("En jobbmässa i mars")
    remote.get_by_role("button", name=sv("Finish and save in the cycle")).click()
    expect(remote.get_by_role("textbox", name=sv("Priorities"))).to_have_value("Vägar till jobb")
    expect(remote.get_by_label(sv("The group's interpretations"))).to_have_value("Vi känner ingen som kan hjälpa oss")
    expect(remote.locator("main")).to_contain_text("Vägar till jobb (3 röster) · Arbete och hållbar försörjning")
    assert "work.ways_in" not in remote.content()
    expect(phones["en"].get_by_text("The session is finished. Thank you!")).to_be_visible(timeout=5000)
    expect(phones["en"].get_by_label("Your words")).to_have_count(0)  # the form went with it
    expect(screen.get_by_text(sv("This session is finished."))).to_be_visible(timeout=5000)
    assert errors == []
