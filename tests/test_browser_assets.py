"""The stylesheet in a phone-sized Chromium: inside a young person's first pages, fetched once they are drawn,
then kept; linked on staff pages."""

import pytest

from .browser import PHONE, demo_site, staff_site
from .languages import sv

pytestmark = pytest.mark.browser

STYLED = """() => [getComputedStyle(document.body).marginTop,
                   getComputedStyle(document.querySelector('header.top')).backgroundColor]"""
OURS = ["0px", "rgb(242, 241, 238)"]
# What the page's stylesheet cost: [how it came, bytes transferred for the file (0: from the cache)].
HOW = """() => [document.querySelector('style') ? 'inside' : 'file',
                ...performance.getEntriesByType('resource').filter(e => e.name.includes('/mina-svar.css'))
                   .map(e => e.transferSize)]"""

CSS_TIMED = "() => performance.getEntriesByType('resource').some(e => e.name.includes('/mina-svar.css'))"
FETCHED_AFTER_PAINT = """() => performance.getEntriesByType('resource').find(e => e.name.includes('/mina-svar.css'))
    .startTime > performance.getEntriesByName('first-contentful-paint')[0].startTime"""


def _watched(page):
    """A list that collects the errors ``page`` reports on its console (a refused inline style among them)."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def _kept_after(page, go):
    """Do ``go`` and wait until the page has fetched the stylesheet's file after being drawn."""
    with page.expect_response(lambda response: "/static/mina-svar.css?v=" in response.url) as fetched:
        go()
    assert fetched.value.status == 200 and fetched.value.request.headers.get("sec-purpose") == "prefetch"
    # The response comes before its body has loaded; the browser times the file only once it has.
    page.wait_for_function(CSS_TIMED)


def test_a_young_persons_first_pages_carry_the_stylesheet_and_the_next_use_the_kept_file(tmp_path):
    with demo_site(tmp_path) as (base_url, code, browser):
        page = browser.new_context(viewport=PHONE, locale="sv-SE", is_mobile=True, has_touch=True).new_page()
        errors = _watched(page)
        page.goto(f"{base_url}/j/{code}")
        # Styled at once, without asking for the file (the welcome page has no script to fetch it later).
        assert page.evaluate(STYLED) == OURS and page.evaluate(HOW) == ["inside"]
        _kept_after(page, lambda: page.locator("#main").get_by_role("button", name="Svenska").click())
        assert page.evaluate(HOW)[0] == "inside"  # the introduction, whose script fetched the file
        assert page.evaluate(FETCHED_AFTER_PAINT)  # and not before: it would hold up the page on a slow network
        assert [cookie["name"] for cookie in page.context.cookies() if cookie["name"] == "stylesheet"]
        for part in (1, 2):
            page.goto(f"{base_url}/j/{code}/{part}")
            assert page.evaluate(STYLED) == OURS and page.evaluate(HOW) == ["file", 0]
        assert errors == []


def test_a_leaders_pages_link_the_file_once_signed_in(tmp_path):
    with staff_site(tmp_path) as (base_url, browser):
        page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
        errors = _watched(page)
        page.goto(base_url + "/sign-in")
        assert page.evaluate(STYLED) == OURS and page.evaluate(HOW) == ["inside"]
        page.get_by_label(sv("Email")).fill("a@example.org")
        page.get_by_label(sv("Password")).fill("a-long-test-password")
        page.get_by_role("button", name=sv("Sign in")).click()
        page.wait_for_url("**/lead/")
        assert page.evaluate(STYLED) == OURS and page.evaluate(HOW)[0] == "file"
        page.reload()
        assert page.evaluate(HOW) == ["file", 0]
        assert errors == []
