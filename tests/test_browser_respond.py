"""A young person answers the whole of Läget on a phone-sized Chromium, in Arabic, Persian and Tigrinya."""

import re
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from mina_svar.config import LANGUAGES

from .browser import PHONE, demo_site, no_axe_violations
from .languages import sv, words

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_site(tmp_path_factory.mktemp("respond")) as found:
        yield found


def _small_tap_targets(page):
    return page.evaluate("""() => [...document.querySelectorAll(
            'button, a, label.option, input:not([type=hidden]), textarea')]
        .filter(el => el.getClientRects().length && !el.classList.contains('visually-hidden'))
        .filter(el => !(el.matches('input[type=radio]')))
        .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height, el.getBoundingClientRect().width])
        .filter(([_, h, w]) => h < 44 || w < 44)""")


def _answer_area(page, area_index, said):
    """Answer every question on the page, each with a different option, and wait until it is saved."""
    page.wait_for_load_state("load")  # its script is ready
    fieldsets = page.locator("fieldset.question")
    for i in range(fieldsets.count()):
        options = fieldsets.nth(i).locator("label.option")
        with page.expect_response(lambda r: r.request.method == "POST") as saved:
            options.nth((i + area_index) % options.count()).click()
        assert saved.value.status == 204
        # Each tap sends just its own answer.
        sent = set(parse_qs(saved.value.request.post_data)) - {"csrf_token"}
        assert len(sent) == 1 and sent.pop().startswith("q-")
        expect(page.locator("#save-status")).to_have_text(said("Saved"))
    with page.expect_response(lambda r: r.request.method == "POST") as saved:
        page.locator("textarea").fill(f"{said('Your words')} {area_index + 1}")
        page.locator("textarea").press("Tab")
    assert saved.value.status == 204
    return fieldsets.count()


def _checked(page):
    return page.eval_on_selector_all("input[type=radio]:checked", "els => els.map(e => e.name + '=' + e.value)")


@pytest.mark.parametrize("language", ["ar", "fa", "ti"])
def test_answering_laget_on_a_phone(site, language):
    base_url, code, browser = site
    said, (name, direction) = words(language), LANGUAGES[language]
    context = browser.new_context(viewport=PHONE, locale="sv-SE", has_touch=True, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(base_url + "/")
    no_axe_violations(page)
    page.get_by_label(sv("Join code")).fill(code.lower())
    page.get_by_role("button", name="Fortsätt").click()
    no_axe_violations(page)
    page.get_by_role("button", name=name).click()

    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("html").get_attribute("lang") == language
    no_axe_violations(page)
    page.get_by_role("link", name=said("Start")).click()

    answered = 0
    for area_index in range(5):
        part = said("Part %(page)s of %(total)s") % {"page": area_index + 1, "total": 5}
        assert page.locator(".progress-label").inner_text() == part
        if area_index == 0:
            no_axe_violations(page)
            assert _small_tap_targets(page) == []
        answered += _answer_area(page, area_index, said)
        if area_index == 2:
            # Half-way: the phone reloads, then the link is opened again; nothing is lost.
            before = _checked(page)
            page.reload()
            assert _checked(page) == before
            page.goto(f"{base_url}/j/{code}")
            assert page.url.endswith(f"/j/{code}/3")
            assert _checked(page) == before
            assert page.locator("textarea").input_value() == f"{said('Your words')} 3"
        page.get_by_role("button", name=said("Next"), exact=True).click()

    assert answered == 30
    expect(page.locator(".summary li")).to_have_count(5)  # waits for the finish page the last "Next" opens
    answered_all = said("%(answered)s of %(asked)s answered") % {"answered": 6, "asked": 6}
    assert page.get_by_text(f"{answered_all} · {said('and your own words')}").count() == 5
    no_axe_violations(page)
    page.get_by_role("button", name=said("Send my answers")).click()
    page.get_by_role("heading", name=said("Thank you!")).wait_for()
    assert page.locator("html").get_attribute("dir") == direction
    no_axe_violations(page)
    assert errors == []
    context.close()


def test_pages_fit_a_320_pixel_phone(site):
    base_url, code, browser = site
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{base_url}/j/{code}")
    page.get_by_role("button", name="English").click()
    page.goto(f"{base_url}/j/{code}/1")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]
    context.close()


def _join(page, base_url, code, language_button):
    page.goto(f"{base_url}/j/{code}")
    page.locator("#main").get_by_role("button", name=language_button).click()
    page.get_by_role("link").filter(has_text=re.compile("Start|Börja")).click()
    page.wait_for_load_state("load")  # its script is ready


def _swedish_phone(browser, base_url, code):
    """A touch phone of 390 px that has joined the Läget in Swedish, on its first question page."""
    page = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="sv-SE").new_page()
    _join(page, base_url, code, "Svenska")
    return page


def _given_on_the_server(page, count):
    """What the server has: the page reloaded with the phone's own queue emptied first."""
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator("input[type=radio]:checked")).to_have_count(count)


def _answer_five(page):
    fieldsets = page.locator("fieldset.question")
    for i in range(5):
        fieldsets.nth(i).locator("label.option").nth(i % 5).click()


def test_answers_given_offline_reach_the_server_after_the_tab_was_closed(site):
    base_url, code, browser = site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _join(page, base_url, code, "English")
    context.set_offline(True)
    _answer_five(page)
    expect(page.locator("#save-status")).to_contain_text("Not sent yet", timeout=5000)
    expect(page.locator("[data-question-status]").first).to_have_text("(waiting)")
    assert len(page.evaluate("Object.keys(localStorage)")) == 1  # kept on the phone, under one key
    page.close()  # the tab is closed in the tunnel
    context.set_offline(False)
    page = context.new_page()  # and opened again when the train is out
    page.goto(f"{base_url}/j/{code}/1")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=8000)
    expect(page.locator("[data-question-status]").first).to_have_text("")
    _given_on_the_server(page, 5)
    context.close()


def test_answers_refused_by_a_restarting_server_are_sent_again_in_order(site):
    base_url, code, browser = site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _join(page, base_url, code, "English")
    refused = []

    def bad_gateway(route):
        if route.request.method == "POST":
            refused.append(route.request.post_data)
            route.fulfill(status=502, body="Bad gateway")
        else:
            route.continue_()

    page.route(f"**/j/{code}/1", bad_gateway)
    _answer_five(page)
    expect(page.locator("#save-status")).to_contain_text("Waiting to be sent", timeout=5000)
    page.wait_for_timeout(1000)  # the pauses between tries are a quarter of a phone's here (POLL_SCALE)
    assert len(refused) >= 2  # tried again, and again
    sent = []
    page.on("response", lambda r: sent.append(r.request.post_data) if r.request.method == "POST" and r.ok else None)
    page.unroute(f"**/j/{code}/1")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=20000)
    questions = [re.search(r"(q-\d+)=", data).group(1) for data in sent]
    assert len(questions) == 5 and questions == sorted(set(questions), key=questions.index)  # once each, in order
    _given_on_the_server(page, 5)
    context.close()


def test_answering_works_with_javascript_off(site):
    base_url, code, browser = site
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    _join(page, base_url, code, "Svenska")
    page.locator("fieldset.question").first.get_by_text("Stämmer helt").click()
    page.get_by_label("Vad skulle göra det bättre för dig när det gäller arbete?").fill("Fler sommarjobb")
    # Changing language sends the page's answers first, so nothing is lost.
    page.locator(".language-switch > summary").click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work and sustainable livelihood")
    expect(page.locator("fieldset.question").first.get_by_label("Completely true")).to_be_checked()
    expect(page.locator("textarea")).to_have_value("Fler sommarjobb")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator(".progress-label")).to_have_text("Part 2 of 5")
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.locator(".progress-label")).to_have_text("Part 1 of 5")
    context.close()


def test_going_on_with_another_phone_with_a_code(site):
    base_url, code, browser = site
    first = browser.new_context(viewport=PHONE).new_page()
    _join(first, base_url, code, "English")
    first.locator("fieldset.question").first.get_by_text("Mostly true").click()
    expect(first.locator("#save-status")).to_have_text("Saved")
    first.get_by_role("button", name="Back", exact=True).click()
    first.get_by_role("button", name="Get a switch code to go on with another phone").click()
    resume = first.get_by_test_id("resume-code").inner_text()
    no_axe_violations(first)

    second = browser.new_context(viewport=PHONE).new_page()
    second.goto(f"{base_url}/j/{code}")
    second.get_by_text("Started on another phone? Go on with your switch code").click()
    second.get_by_label("Switch code from the other phone").fill(resume.lower())
    second.get_by_role("button", name="Go on").click()
    second.wait_for_url(f"{base_url}/j/{code}/1")  # straight to the answer given, not the intro
    expect(second.locator("fieldset.question").first.get_by_label("Mostly true")).to_be_checked()
    no_axe_violations(second)
    first.context.close()
    second.context.close()


def _slow_saves(page, latency_ms: int = 800):
    """A mobile link: every request takes ``latency_ms`` more (Chromium's own network emulation)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                   "downloadThroughput": -1, "uploadThroughput": -1})


OPTION_TOPS = ("() => [...document.querySelectorAll('label.option, .nav button')]"
               ".map(e => e.getBoundingClientRect().top + window.scrollY)")  # on the page, wherever it is scrolled


def test_a_tap_never_moves_an_answer_under_the_finger_while_it_is_saved(site):
    """Every save takes 0.8 s more, as on a mobile network: from each tap until "Saved", no option of any
    question and no button moves by more than 2 px (a quick second tap lands where it was aimed)."""
    base_url, code, browser = site
    page = _swedish_phone(browser, base_url, code)
    _slow_saves(page)
    fieldsets = page.locator("fieldset.question")
    assert fieldsets.count() >= 5
    moved = []
    for i in range(fieldsets.count()):
        before = page.evaluate(OPTION_TOPS)
        fieldsets.nth(i).locator("label.option").nth(i % 5).tap()
        expect(fieldsets.nth(i).locator("[data-question-status]")).to_have_text(sv("Saving…"), timeout=2000)
        for _ in range(6):  # while it is on its way
            moved.append(max(abs(a - b) for a, b in zip(before, page.evaluate(OPTION_TOPS))))
            page.wait_for_timeout(150)
        expect(fieldsets.nth(i).locator("[data-question-status]")).to_have_text(sv("Saved"), timeout=5000)
        moved.append(max(abs(a - b) for a, b in zip(before, page.evaluate(OPTION_TOPS))))
    assert len(moved) >= 35 and max(moved) <= 2, max(moved)
    # Online, a phone is never told it is offline: the page's own line says only that it is saving or saved.
    expect(page.locator("#save-status")).to_have_text(sv("Saved"))
    page.context.close()


def _refused_by_a_proxy(page):
    """Every save answered 502, as by a proxy in front of a restarting server."""
    page.route(re.compile(r".*/j/\w+/\d+$"), lambda route: route.fulfill(status=502, body="Bad Gateway")
               if route.request.method == "POST" else route.continue_())


@pytest.mark.parametrize("trouble", ["offline", "502"])
def test_nothing_moves_under_the_finger_when_a_save_fails_either(site, trouble):
    base_url, code, browser = site
    page = _swedish_phone(browser, base_url, code)
    if trouble == "offline":
        page.context.set_offline(True)
    else:
        _refused_by_a_proxy(page)
    fieldsets = page.locator("fieldset.question")
    moved = []
    for i in range(3):
        before = page.evaluate(OPTION_TOPS)
        fieldsets.nth(i).locator("label.option").nth(i + 1).tap()
        expect(fieldsets.nth(i).locator("[data-question-status]")).to_have_text(sv("(waiting)"), timeout=5000)
        for _ in range(4):  # while it waits and is tried again
            moved.append(max(abs(a - b) for a, b in zip(before, page.evaluate(OPTION_TOPS))))
            page.wait_for_timeout(250)
    assert len(moved) >= 12 and max(moved) <= 2, max(moved)
    expect(page.locator("#save-status")).to_have_attribute("data-state", "waiting")
    page.context.close()


def test_after_typing_an_open_answer_one_tap_on_next_goes_on(site):
    base_url, code, browser = site
    page = _swedish_phone(browser, base_url, code)
    _slow_saves(page, 400)
    page.locator("textarea").fill("Fler sommarjobb i området")
    page.get_by_role("button", name=sv("Next"), exact=True).tap()
    expect(page.locator(".progress-label")).to_have_text("Del 2 av 5", timeout=8000)
    page.context.close()


def test_the_languages_are_one_compact_control_at_the_top_of_a_phone_page(site):
    base_url, code, browser = site
    page = _swedish_phone(browser, base_url, code)
    header = page.locator("header.top")
    expect(header.get_by_role("button", name="English")).to_be_hidden()
    assert header.bounding_box()["height"] <= 60, header.bounding_box()  # it took 160–200 px
    page.locator("fieldset.question").first.locator("label.option").first.tap()
    expect(page.locator("#save-status")).to_have_text(sv("Saved"))
    switch = header.locator("summary")
    expect(switch).to_have_text(re.compile("Svenska"))
    switch.tap()
    for name, _direction in LANGUAGES.values():
        expect(header.get_by_role("button", name=name, exact=True)).to_be_visible()
    header.get_by_role("button", name="English", exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work and sustainable livelihood")
    expect(page.locator("fieldset.question").first.locator("input").first).to_be_checked()
    expect(header.locator("summary")).to_have_text(re.compile("English"))
    no_axe_violations(page)
    page.context.close()


def test_next_fetches_the_next_page_in_one_request_when_every_answer_is_saved(site):
    base_url, code, browser = site
    page = _swedish_phone(browser, base_url, code)
    page.wait_for_load_state("load")
    page.locator("fieldset.question").first.locator("label.option").nth(1).tap()
    expect(page.locator("#save-status")).to_have_text(sv("Saved"))
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url, request.resource_type)))
    page.get_by_role("button", name=sv("Next"), exact=True).tap()
    expect(page.locator(".progress-label")).to_have_text("Del 2 av 5")
    documents = [(method, url) for method, url, kind in sent if kind == "document"]
    assert documents == [("GET", f"{base_url}/j/{code}/2")], documents
    # Words typed a moment ago go with the whole form (a post): they are never lost by the shorter way.
    page.wait_for_load_state("load")
    sent.clear()
    page.locator("textarea").fill("Mer att göra på kvällarna")
    page.get_by_role("button", name=sv("Back"), exact=True).tap()
    expect(page.locator(".progress-label")).to_have_text("Del 1 av 5")
    assert [method for method, _url, kind in sent if kind == "document"][0] == "POST"
    page.get_by_role("button", name=sv("Next"), exact=True).tap()
    expect(page.locator("textarea")).to_have_value("Mer att göra på kvällarna")
    page.context.close()


def test_offline_next_stays_with_the_answers_and_says_why_then_goes_on_when_back(site):
    base_url, code, browser = site
    page = _swedish_phone(browser, base_url, code)
    page.context.set_offline(True)
    page.locator("textarea").fill("Fler sommarjobb utan uppkoppling")
    page.get_by_role("button", name=sv("Next"), exact=True).tap()
    expect(page.get_by_role("alert")).to_contain_text("Det finns ingen uppkoppling")
    expect(page.locator(".progress-label")).to_have_text("Del 1 av 5")  # not the browser's offline page
    expect(page.locator("textarea")).to_have_value("Fler sommarjobb utan uppkoppling")
    page.context.set_offline(False)
    expect(page.locator("#save-status")).to_have_text(sv("Saved"), timeout=8000)  # sent once back
    page.get_by_role("button", name=sv("Next"), exact=True).tap()
    expect(page.locator(".progress-label")).to_have_text("Del 2 av 5")
    page.get_by_role("button", name=sv("Back"), exact=True).tap()
    expect(page.locator("textarea")).to_have_value("Fler sommarjobb utan uppkoppling")
    page.context.close()


TEXT_EDGES = """sel => [...document.querySelectorAll(sel)].slice(0, 5).map(el => {
    const range = document.createRange(); range.selectNodeContents(el);
    const box = range.getBoundingClientRect(); return [box.left, box.right]; })"""


def test_in_arabic_the_swedish_line_lines_up_with_the_question_and_high_contrast_keeps_the_choice(site):
    base_url, code, browser = site
    context = browser.new_context(viewport=PHONE, locale="ar", forced_colors="active")
    page = context.new_page()
    page.goto(f"{base_url}/j/{code}")
    page.locator("#main").get_by_role("button", name="العربية").click()
    page.locator("#second").select_option("sv")
    page.locator("form").filter(has=page.locator("#second")).get_by_role("button").click()
    page.get_by_role("link").filter(has_text=re.compile("ابدأ")).click()
    legend = page.locator("fieldset.question").first
    expect(legend.locator(".second").first).to_have_attribute("lang", "sv")
    for arabic, swedish in zip(page.evaluate(TEXT_EDGES, "label.option > span > span[data-speak]"),
                               page.evaluate(TEXT_EDGES, "label.option > span > .second")):
        assert abs(arabic[1] - swedish[1]) <= 2, (arabic, swedish)  # both end at the right, as Arabic does
    aligned = page.evaluate("() => [...document.querySelectorAll('.second')].map(el => getComputedStyle(el).textAlign)")
    assert len(aligned) > 10 and set(aligned) == {"right"}, set(aligned)  # however long each line is
    option = legend.locator("label.option").first
    option.click()
    assert page.evaluate("el => getComputedStyle(el).outlineStyle", option.element_handle()) == "solid"
    page.locator(".language-switch > summary").click()
    current = page.locator(".language[aria-current=true]").first
    assert page.evaluate("el => getComputedStyle(el).outlineStyle", current.element_handle()) == "solid"
    context.close()
