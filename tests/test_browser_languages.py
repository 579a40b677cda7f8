"""Every language on every kind of page a young person opens (answering and in a joint analysis), and a
leader's and a coordinator's pages in a language of each direction, checked by axe."""

import pytest
from playwright.sync_api import expect

from mina_svar.config import LANGUAGES

from .browser import PHONE, chromium, fresh_app, no_axe_violations, serve
from .languages import area_title, words
from .staff import demo_staff_pages

pytestmark = pytest.mark.browser

# axe's rules read the page's structure, not its words: every page in every language is opened and checked to be
# in that language, and axe checks every page in one language of each script and direction (Swedish, English,
# Arabic, Tigrinya) and one page in each of the others (their lang attributes and their own words' markup).
AXE_ON_EVERY_PAGE = {"sv", "en", "ar", "ti"}
# The staff's pages: one language in each direction, their pages the others' but for their words and lang
# attributes, which tests/test_page_languages.py reads in every language (the leaders' and coordinators'
# pages in Swedish are checked again by test_browser_lead).
STAFF_LANGUAGES = ["sv", "ar"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo served: (base URL, join code, the leader's and the coordinator's pages, a joint analysis's code,
    browser)."""
    from mina_svar import db

    app = fresh_app(tmp_path_factory.mktemp("languages"))
    with app.app_context():
        code, staff, room = demo_staff_pages(db.session())
    with serve(app) as base_url, chromium() as browser:
        yield base_url, code, staff, room, browser


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_set_to_a_language_gets_every_page_in_it_without_an_axe_violation(site, language):
    base_url, code, _, room, browser = site
    said, (name, direction) = words(language), LANGUAGES[language]
    # Half the languages in high-contrast mode (forced colours), as a phone set so would show them.
    forced = "active" if list(LANGUAGES).index(language) % 2 else "none"
    context = browser.new_context(viewport=PHONE, locale=language, has_touch=True, is_mobile=True, forced_colors=forced)
    page = context.new_page()
    every_page = language in AXE_ON_EVERY_PAGE
    page.goto(f"{base_url}/j/{code}")
    assert page.locator("html").get_attribute("lang") == language  # the phone's language, as it asks
    if every_page:
        no_axe_violations(page)
    page.get_by_role("button", name=name).click()
    for path in ("intro", "1", "finish"):
        page.goto(f"{base_url}/j/{code}/{path}")
        assert (page.locator("html").get_attribute("lang"), page.locator("html").get_attribute("dir")) == (
            language, direction)
        if every_page or path == "1":
            no_axe_violations(page)
    assert page.get_by_role("button", name=said("Send my answers")).count() == 1
    # The joint analysis's phone, joined in the same language.
    page.goto(f"{base_url}/s/{room}")
    if every_page:
        no_axe_violations(page)
    page.get_by_role("button", name=name).click()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.get_by_role("heading", name=area_title(language))).to_be_visible()
    expect(page.get_by_text(said("What do you think we answered?"))).to_be_visible()
    no_axe_violations(page)
    context.close()


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_leaders_and_coordinators_pages_in_a_language_have_no_axe_violation(site, language):
    base_url, _, staff, _, browser = site
    for email, (password, paths) in staff.items():
        context = browser.new_context(viewport=PHONE, locale=language)
        page = context.new_page()
        page.goto(base_url + "/sign-in")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(lambda url: "/sign-in" not in url)
        for path in paths:
            response = page.goto(base_url + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language, path
            no_axe_violations(page)
        context.close()
