"""A leader who forgot the password asks for a link on a phone, reads the letter and chooses a new one."""

import pytest
from playwright.sync_api import expect

from .browser import PHONE, fresh_app, no_axe_violations, served_with_mail, signed_in
from .languages import sv
from .mailbox import link_in
from .staff import make_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("sign-in"))
    make_world(app)
    with served_with_mail(app) as (base_url, browser, mailbox):
        yield app, base_url, browser, mailbox


def test_a_forgotten_password_is_chosen_again_from_the_letter_on_a_phone(site):
    _app, base_url, browser, mailbox = site
    page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    page.goto(base_url + "/sign-in")
    page.get_by_role("link", name=sv("Forgot your password?")).click()
    expect(page.get_by_role("heading", name=sv("Forgot your password?"))).to_be_visible()
    no_axe_violations(page)
    page.get_by_label(sv("Email")).fill("a@example.org")
    page.get_by_role("button", name=sv("Send me a link")).click()
    expect(page.get_by_role("status")).to_contain_text("Om ett konto har den adressen")
    no_axe_violations(page)

    link = link_in(mailbox.wait_for("a@example.org"))
    page.goto(link)
    expect(page.get_by_role("heading", name=sv("Choose your password"))).to_be_visible()
    no_axe_violations(page)
    page.get_by_label(sv("New password"), exact=True).fill("short")
    page.get_by_label(sv("New password again")).fill("short")
    page.get_by_role("button", name=sv("Choose the password and sign in")).click()
    expect(page.get_by_text("Välj ett lösenord med minst 10 tecken.")).to_be_visible()
    page.get_by_label(sv("New password"), exact=True).fill("a-new-phone-password")
    page.get_by_label(sv("New password again")).fill("a-new-phone-password")
    page.get_by_role("button", name=sv("Choose the password and sign in")).click()
    expect(page.get_by_text("Ditt lösenord är valt. Välkommen, Ledare A.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The link worked once: a second visit explains and offers a new one.
    page.goto(link)
    expect(page.get_by_role("heading", name=sv("This link no longer works"))).to_be_visible()
    expect(page.get_by_role("link", name=sv("Ask for a new link"))).to_be_visible()
    no_axe_violations(page)


def test_the_coordinator_sends_a_sign_in_link_from_the_accounts_list_on_a_phone(site):
    _app, base_url, browser, mailbox = site
    page = signed_in(browser, base_url, "c@example.org")
    page.goto(base_url + "/coordinate/#accounts")
    page.get_by_role("button", name="Skicka en inloggningslänk till Ledare B").click()
    expect(page.get_by_role("heading", name="En ny inloggningslänk för Ledare B")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("är på väg till Ledare B (b@example.org)")
    no_axe_violations(page)
    assert link_in(mailbox.wait_for("b@example.org")).startswith(base_url + "/sign-in/link/")
