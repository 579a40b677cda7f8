"""On a young person's phone: questions read aloud with the phone's own voice, the saved status beside the
question just answered, Enter on an answer that stays put, a skip link, and the review page at 200 % text."""

import json

import pytest
from playwright.sync_api import expect

from .browser import PHONE, demo_site, no_axe_violations
from .languages import sv

pytestmark = pytest.mark.browser

# A stand-in for the Web Speech API: these voices, and what is spoken kept in window.spoken.
SPEECH = """
window.spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; this.voice = null; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: function () { return %s; },
  speak: function (utterance) {
    window.spoken.push([utterance.text, utterance.lang, utterance.voice && utterance.voice.name]);
  },
  cancel: function () { window.spoken.push(["(cancel)"]); },
  addEventListener: function () {}
}});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_site(tmp_path_factory.mktemp("listen")) as found:
        yield found


def _phone(browser, base_url, code, language_button, voices):
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    context.add_init_script(SPEECH % json.dumps(voices))
    page = context.new_page()
    page.goto(f"{base_url}/j/{code}")
    page.locator("#main").get_by_role("button", name=language_button).click()
    return page


def test_a_question_is_read_aloud_in_the_pages_language_with_its_answers(site):
    base_url, code, browser = site
    page = _phone(browser, base_url, code, "العربية", [{"lang": "sv-SE", "name": "Alva"},
                                                        {"lang": "ar-SA", "name": "Maged"}])
    listen = page.locator("#intro-text").get_by_role("button", name="استمع")
    expect(listen).to_be_visible()
    listen.click()
    spoken = page.evaluate("window.spoken")
    assert spoken[0] == ["(cancel)"] and spoken[1][1:] == ["ar", "Maged"] and spoken[1][0]
    page.goto(f"{base_url}/j/{code}/1")
    page.wait_for_load_state("load")
    first = page.locator("fieldset.question").first
    page.evaluate("window.spoken = []")
    first.get_by_role("button", name="استمع").click()
    spoken = page.evaluate("window.spoken")[1:]
    legend = first.locator("legend").inner_text()
    options = first.locator("label.option").all_inner_texts()
    assert [text for text, _lang, _voice in spoken] == [legend, *[o.strip() for o in options]]
    assert {lang for _text, lang, _voice in spoken} == {"ar"} and len(options) == 6
    no_axe_violations(page)


def test_the_listen_button_stays_hidden_without_a_voice_for_the_language(site):
    base_url, code, browser = site
    page = _phone(browser, base_url, code, "العربية", [{"lang": "sv-SE", "name": "Alva"}])
    page.goto(f"{base_url}/j/{code}/1")
    page.wait_for_load_state("load")
    expect(page.locator("button.listen").first).to_be_hidden()
    assert page.locator("button.listen:visible").count() == 0


def test_saved_is_said_beside_the_question_just_answered_and_enter_stays_on_the_page(site):
    base_url, code, browser = site
    page = _phone(browser, base_url, code, "Svenska", [])
    page.goto(f"{base_url}/j/{code}/1")
    page.wait_for_load_state("load")
    second = page.locator("fieldset.question").nth(1)
    second.locator("label.option").nth(2).click()
    mark = second.locator(".question-status")
    expect(mark).to_have_text(sv("Saved"))
    expect(mark).to_have_attribute("role", "status")
    assert page.locator("#save-status").get_attribute("role") is None  # announced once, beside the question
    expect(page.locator("fieldset.question").first.locator(".question-status")).to_have_text("")
    url = page.url
    second.locator("input[type=radio]").nth(2).focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == url


def test_a_skip_link_passes_the_language_buttons(site):
    base_url, code, browser = site
    page = _phone(browser, base_url, code, "Svenska", [])
    page.goto(f"{base_url}/j/{code}/1")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=sv("Skip to the content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused
    assert page.locator(".brand").get_attribute("lang") == "sv"


def test_the_review_page_reads_at_200_percent_text_without_sideways_scrolling(site):
    base_url, code, browser = site
    page = _phone(browser, base_url, code, "العربية", [])
    page.goto(f"{base_url}/j/{code}/finish")
    page.evaluate("document.documentElement.style.fontSize = '200%'")  # as a phone's largest text setting
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]


def test_a_second_language_stands_under_each_question_and_answer(site):
    base_url, code, browser = site
    page = _phone(browser, base_url, code, "العربية", [{"lang": "ar", "name": "Maged"}])
    page.get_by_label("اعرض الأسئلة أيضاً بـ").select_option("sv")
    page.get_by_role("button", name="اعرض", exact=True).click()
    page.goto(f"{base_url}/j/{code}/1")
    page.wait_for_load_state("load")
    first = page.locator("fieldset.question").first
    expect(first.locator("legend .second")).to_have_text("Jag vet hur jag söker ett jobb.")
    expect(first.locator("legend .second")).to_have_attribute("lang", "sv")
    expect(first.locator("label.option").first.locator(".second")).to_have_text("Stämmer inte alls")
    first.locator("label.option").nth(3).click()
    expect(first.locator(".question-status")).to_have_text("تم الحفظ")
    page.evaluate("window.spoken = []")
    first.get_by_role("button", name="استمع").click()
    assert all(lang == "ar" for _text, lang, _voice in page.evaluate("window.spoken")[1:])  # the page's only
    no_axe_violations(page)
