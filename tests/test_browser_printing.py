"""A leader on a phone prints the cycle summary in Arabic, then opens Läget 2 and prints its join page."""

import re

import pytest
from playwright.sync_api import expect

from mina_svar import db, demo

from .browser import PHONE, chromium, fetched_pdf, fresh_app, no_axe_violations, serve
from .languages import sv
from .pdfs import ARABIC, ink, pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("printing"))
    with app.app_context():
        demo.create(db.session())
    with serve(app) as base_url, chromium() as browser:
        yield base_url, browser


def _to_the_finished_cycle(page, base_url) -> None:
    """The demo leader signs in and opens the demo's finished cycle."""
    page.goto(base_url + "/sign-in")
    page.get_by_label(sv("Email")).fill(demo.LEADER_EMAIL)
    page.get_by_label(sv("Password")).fill(demo.LEADER_PASSWORD)
    page.get_by_role("button", name=sv("Sign in")).click()
    page.get_by_role("link", name="Fritidsgården").click()
    page.get_by_role("link", name="Våren 2026", exact=True).click()


def test_a_leader_prints_the_cycle_summary_in_arabic_and_the_join_page(site):
    base_url, browser = site
    context = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = context.new_page()
    _to_the_finished_cycle(page, base_url)
    expect(page.get_by_role("button", name=sv("Cycle summary as PDF"))).to_be_visible()
    no_axe_violations(page)

    page.get_by_label(sv("Language of the PDF")).select_option("ar")
    data = fetched_pdf(page, lambda: page.get_by_role("button", name=sv("Cycle summary as PDF")).click())
    text = "\n".join(pages(data))
    assert data.startswith(b"%PDF") and len(re.findall(ARABIC, text)) > 300
    assert "CV-kväll med arbetsförmedlingen" in text and "صفحة 1 من" in text
    assert ink(data) > 0.01

    # Läget 2 of the autumn cycle is opened, and its join page printed for the wall.
    page.goto(base_url + "/lead/")
    page.get_by_role("link", name="Fritidsgården").click()
    page.get_by_role("link", name="Hösten 2026", exact=True).click()
    page.get_by_role("link", name=re.compile("Läget 2")).first.click()
    page.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 2")}).click()
    join = page.get_by_role("button", name=sv("Join page as PDF"))
    expect(join).to_be_visible()
    no_axe_violations(page)
    code = page.get_by_test_id("join-code").inner_text()
    data = fetched_pdf(page, join.click)
    (text,) = pages(data)
    assert "Svara på Läget i din telefon" in text and code in text.replace(" ", "") and ink(data) > 0.05


def test_the_leaders_index_charts_read_right_to_left_on_an_arabic_phone(site):
    """Each indicator's name starts at the chart's right-hand edge and its figure ends at the left (SVG text
    anchors are logical, so "start" must sit at the right in a right-to-left page)."""
    base_url, browser = site
    page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    _to_the_finished_cycle(page, base_url)
    page.get_by_role("link", name=re.compile("Läget 1")).first.click()
    expect(page).to_have_url(re.compile(r"/steps/baseline$"))
    measurement = re.search(r'/lead/measurements/(\d+)/', page.content()).group(1)
    page.goto(f"{base_url}/lead/measurements/{measurement}/summary")
    page.locator("details.language-switch summary").click()
    page.get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    charts = page.locator("svg.chart.indexes")
    assert charts.count() > 0
    chart = charts.first.bounding_box()
    labels = charts.first.locator("text[text-anchor=start]")
    figures = charts.first.locator("text[text-anchor=end]")
    assert labels.count() > 0 and labels.count() == figures.count()
    for index in range(labels.count()):
        label, figure = labels.nth(index).bounding_box(), figures.nth(index).bounding_box()
        assert abs(label["x"] + label["width"] - (chart["x"] + chart["width"])) < 2, (label, chart)
        assert abs(figure["x"] - chart["x"]) < 2, (figure, chart)
        assert label["width"] > figure["width"] > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
