"""A leader who has never seen the tool runs a whole cycle by following only what the pages offer next.

A coordinator sets up an organisation, a group and the new leader, invited by e-mail (a real SMTP server
started by the test); the leader chooses a password from the letter's link and goes from an empty group to
the comparison of Läget 1 and Läget 2, with a joint analysis steered from the presenter view while three
phones in three languages vote; every PDF on the way is printed.
"""

import re

import pytest
from playwright.sync_api import expect

from mina_svar import accounts, db

from .browser import PHONE, fetched_pdf, fresh_app, no_axe_violations, served_with_mail, signed_in
from .languages import continue_with, sv
from .mailbox import link_in
from .pdfs import pages
from .staff import answered

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}
INTERNAL_KEY = re.compile(r"\b(work|housing|democracy|health|education)\.[a-z_]+\b"
                          r"|\b(cycle|step|need|activity|measurement|session|answer)\.[a-z]+\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("cycle"))
    with app.app_context():
        accounts.create_user(db.session(), "c@example.org", "Samordnare", "a-long-test-password",
                             role="coordinator")
        db.session().commit()
    with served_with_mail(app) as (base_url, browser, mailbox):
        yield app, base_url, browser, mailbox


def _no_internal_key(text: str, where: str) -> None:
    found = INTERNAL_KEY.search(text)
    assert found is None, (where, found and text[max(0, found.start() - 60):found.end() + 60])


def _next_step(page, number: int, title: str) -> None:
    expect(page.get_by_role("heading", name=f"Steg {number}: {title}")).to_be_visible()
    _no_internal_key(page.locator("main").inner_text(), f"step {number}")


def _done(page) -> None:
    page.get_by_role("button", name=re.compile("^(Spara och markera|Markera) steget som klart$")).click()


def _measurement_id(page) -> int:
    """The open Läget's id, once its step is on the page (only an open Läget's step shows the join code: read
    sooner, right after "Open Läget 2", the page could still be the one before)."""
    expect(page.get_by_test_id("join-code")).to_be_visible()
    return int(re.search(r"/lead/measurements/(\d+)/", page.content()).group(1))


def _cycle_id(page) -> int:
    return int(re.search(r"/lead/cycles/(\d+)/", page.url).group(1))


def _close_läget(page) -> None:
    page.get_by_role("link", name=sv("Close Läget…")).click()
    page.get_by_role("button", name=sv("Close Läget")).click()
    expect(page.locator("#count")).to_contain_text(sv("Closed."))


def test_a_new_leader_runs_a_whole_cycle_from_an_empty_group_to_the_comparison(site):
    app, base_url, browser, mailbox = site
    # The coordinator sets up the organisation, the group and the new leader.
    coordinator = signed_in(browser, base_url, "c@example.org", LAPTOP)
    coordinator.goto(base_url + "/coordinate/")
    coordinator.get_by_label(sv("Name of the organisation")).fill("Ungdomshuset")
    coordinator.get_by_role("button", name=sv("Add the organisation")).click()
    coordinator.get_by_label(sv("Name of the group")).fill("Tisdagsgruppen")
    coordinator.get_by_role("button", name=sv("Add the group")).click()
    # The page leads on: the group has no leader yet, and one link makes its leader's account.
    coordinator.get_by_role("link", name="Ge Tisdagsgruppen en ledare").click()
    expect(coordinator.get_by_label(sv("Leads the group"))).to_have_value(re.compile(r"\d+"))
    coordinator.get_by_label("Namn", exact=True).fill("Nora")
    coordinator.get_by_label(sv("Email"), exact=True).fill("nora@example.org")
    coordinator.locator("#account-organisation").select_option(label="Ungdomshuset")
    coordinator.get_by_role("button", name=sv("Add the account and invite")).click()
    expect(coordinator.get_by_text("Ett brev med en länk för att välja lösenord är på väg till Nora")).to_be_visible()
    expect(coordinator.get_by_text("Nora leder nu Tisdagsgruppen.")).to_be_visible()
    coordinator.goto(base_url + "/coordinate/")
    expect(coordinator.get_by_text("Varje grupp har en ledare.")).to_be_visible()

    # The new leader: only what the letter and the pages offer from here on. No one read a password aloud.
    link = link_in(mailbox.wait_for("nora@example.org"))
    assert link.startswith(base_url + "/sign-in/link/")
    leader = browser.new_context(viewport=LAPTOP, locale="sv-SE").new_page()
    leader.goto(link)
    expect(leader.get_by_role("heading", name=sv("Choose your password"))).to_be_visible()
    expect(leader.get_by_label(sv("Email"))).to_have_value("nora@example.org")
    leader.get_by_label(sv("New password"), exact=True).fill("noras-own-password")
    leader.get_by_label(sv("New password again")).fill("noras-own-password")
    leader.get_by_role("button", name=sv("Choose the password and sign in")).click()
    expect(leader.get_by_text("Ditt lösenord är valt. Välkommen, Nora.")).to_be_visible()
    leader.get_by_role("link", name="Tisdagsgruppen").click()
    leader.get_by_label("Namn").fill("Hösten 2026")
    leader.get_by_role("button", name=sv("Start the cycle")).click()
    expect(leader.get_by_text("En cykel följer en grupp")).to_be_visible()
    leader.get_by_role("link", name=continue_with(1, "Needs")).click()

    _next_step(leader, 1, "Behov")
    leader.get_by_label("Behov", exact=True).fill("Fler sommarjobb")
    leader.get_by_label(sv("Focus area")).select_option("work")
    leader.get_by_role("button", name=sv("Add")).click()
    expect(leader.locator("#needs")).to_contain_text("Fler sommarjobb")
    _done(leader)

    _next_step(leader, 2, "Första mötet")
    leader.get_by_label(sv("Overall goals")).fill("Fler i jobb eller studier")
    _done(leader)

    _next_step(leader, 3, "Läget 1")
    leader.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 1")}).click()
    code = leader.get_by_test_id("join-code").inner_text()
    join = fetched_pdf(leader, lambda: leader.get_by_role("button", name=sv("Join page as PDF")).click())
    assert code in pages(join)[0].replace(" ", "")
    leader.go_back()
    phone = browser.new_context(viewport=PHONE, locale="ar").new_page()
    phone.goto(f"{base_url}/j/{code}")
    phone.locator("#main").get_by_role("button", name="العربية").click()
    phone.get_by_role("link", name=re.compile("ابدأ")).click()
    for _page in range(5):
        phone.locator("fieldset.question").first.locator("label.option").first.click()
        phone.get_by_role("button", name="التالي", exact=True).click()
    phone.get_by_role("button", name="أرسل إجاباتي").click()
    answered(app, _measurement_id(leader), [2, 3, 4, 5, 4, 3], released=False)
    expect(leader.locator("#count")).to_contain_text("7 unga har skickat sina svar", timeout=8000)
    _close_läget(leader)
    _done(leader)

    _next_step(leader, 4, "Ledarnas analys")
    leader.get_by_role("link", name=sv("What the group answered in Läget 1")).click()
    expect(leader.get_by_role("navigation", name=sv("Focus areas"))).to_be_visible()
    report = fetched_pdf(leader, lambda: leader.get_by_role("button", name=sv("Report as PDF")).click())
    _no_internal_key("\n".join(pages(report)), "report PDF")
    leader.go_back()
    leader.get_by_role("link", name=sv("Back to the leaders' analysis")).click()
    leader.get_by_label("Anteckningar: Arbete och hållbar försörjning").fill("Få vet hur man söker jobb")
    _done(leader)

    _next_step(leader, 5, "Gruppens analys")
    leader.get_by_role("button", name=sv("Start the joint analysis")).click()
    with leader.context.expect_page() as opened:
        leader.get_by_role("link", name=sv("Open the projector view (new window)")).click()
    screen = opened.value
    phones = []
    for language in ("Svenska", "العربية", "English"):
        young = browser.new_context(viewport=PHONE).new_page()
        young.goto(screen.locator(".join-url").inner_text())
        young.get_by_role("button", name=language).click()
        phones.append(young)
    expect(screen.locator(".join-panel")).to_contain_text("3 har anslutit", timeout=5000)
    leader.keyboard.press("PageDown")  # a presentation clicker
    expect(screen.get_by_role("heading", level=1)).to_have_text("Vägar till jobb", timeout=5000)
    for young in phones:
        expect(young.locator('input[name="indicator"]')).to_have_count(1, timeout=5000)
        young.locator("#live form").filter(has=young.locator('input[name="indicator"]')).get_by_role("button").click()
    expect(leader.locator(".preview")).to_contain_text("3 röster", timeout=5000)
    no_axe_violations(leader)
    leader.get_by_role("link", name=sv("Finish the joint analysis…")).click()
    leader.get_by_label(sv("What the group decided")).fill("En jobbmässa i mars")
    leader.get_by_role("button", name=sv("Finish and save in the cycle")).click()
    _next_step(leader, 5, "Gruppens analys")
    expect(leader.locator("main")).to_contain_text("Vägar till jobb (3 röster)")
    expect(leader.get_by_label(sv("Decisions"))).to_have_value("En jobbmässa i mars")
    _done(leader)

    _next_step(leader, 6, "Aktiviteter")
    leader.get_by_role("link", name=sv("Make it an activity …")).click()
    # Named by the leader, starting from the priority's own words (the young people will read the name).
    expect(leader.get_by_label(sv("What the activity is called"))).to_have_value("Vägar till jobb")
    no_axe_violations(leader)
    leader.get_by_label(sv("What the activity is called")).fill("Jobbmässa i mars")
    leader.get_by_role("button", name=sv("Make it an activity")).click()
    expect(leader.locator("#activities")).to_contain_text("Jobbmässa i mars")
    expect(leader.get_by_role("link", name=sv("Make it an activity …"))).to_have_count(0)
    # The need of step 1 is back, unanswered until an activity says it answers it.
    need = leader.locator("section").filter(has=leader.get_by_role("heading", name=sv("The group's needs (step 1)")))
    expect(need).to_contain_text("Fler sommarjobb")
    expect(need).to_contain_text(sv("Nothing answers it yet."))
    leader.get_by_role("link", name=re.compile("Ändra.*Jobbmässa i mars")).click()
    editing = leader.locator("#activities li.card form").filter(has=leader.get_by_role("button", name=sv("Save")))
    editing.get_by_label("Fler sommarjobb").check()
    editing.get_by_role("button", name=sv("Save")).click()
    expect(leader.locator("#activities")).not_to_contain_text(sv("Save"))
    expect(need).to_contain_text("Svaras av: Jobbmässa i mars")  # at once, without reloading
    # The young people see what the group decided (the leader's words at the end of the joint analysis) and
    # the activity that answers their priority.
    leader.goto(f"{base_url}/lead/cycles/{_cycle_id(leader)}/steps/group_analysis")
    leader.get_by_role("button", name=sv("Show the young people")).click()
    phone.goto(f"{base_url}/j/{code}/results")
    decided = phone.locator("section").filter(has=phone.get_by_role("heading", name="ما قررته المجموعة"))
    expect(decided).to_contain_text("En jobbmässa i mars")
    expect(phone.locator("section").filter(has=phone.get_by_role("heading", name="قلتم ← فعلنا"))).to_contain_text(
        "Jobbmässa i mars")
    # So does the poster for the wall of the youth centre.
    printed = fetched_pdf(leader, lambda: leader.get_by_role("button", name=sv("Poster as PDF")).click())
    poster = "\n".join(pages(printed))
    assert "En jobbmässa i mars" in poster and "Jobbmässa i mars" in poster
    leader.go_back()
    leader.goto(f"{base_url}/lead/cycles/{_cycle_id(leader)}/steps/activities")
    _done(leader)

    _next_step(leader, 7, "Läget 2")
    leader.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 2")}).click()
    answered(app, _measurement_id(leader), [4, 5, 4, 5, 4, 5], released=False)
    expect(leader.locator("#count")).to_contain_text("6 unga har skickat sina svar", timeout=8000)
    _close_läget(leader)
    leader.get_by_role("link", name=sv("Compare Läget 2 with Läget 1")).click()
    expect(leader.locator("table.bars")).to_be_visible()
    expect(leader.get_by_role("link", name=sv("Back to step 7, where the reflection is written"))).to_be_visible()
    # On the leader's phone the comparison fits: each row a card, every column's value named.
    leader.set_viewport_size(PHONE)
    expect(leader.locator("table.stacked td[data-label]").first).to_be_visible()
    assert leader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    no_axe_violations(leader)
    leader.set_viewport_size(LAPTOP)
    comparison = fetched_pdf(leader, lambda: leader.get_by_role("button", name=sv("Comparison as PDF")).click())
    _no_internal_key("\n".join(pages(comparison)), "comparison PDF")
    leader.go_back()
    leader.go_back()
    leader.get_by_label(sv("What changed? A reflection")).fill("Fler vet hur man söker jobb.")
    _done(leader)

    # The whole cycle: every step done, and its summary printed without an internal key.
    expect(leader.locator(".stepper li.done")).to_have_count(7)
    summary = fetched_pdf(leader, lambda: leader.get_by_role("button", name=sv("Cycle summary as PDF")).click())
    text = "\n".join(pages(summary))
    assert "Vägar till jobb" in text and "En jobbmässa i mars" in text
    _no_internal_key(text, "cycle summary PDF")
    leader.go_back()
    expect(leader.get_by_role("heading", name=sv("Latest changes"))).to_be_visible()
    _no_internal_key(leader.locator("main").inner_text(), "cycle page")

    # The cycle has ended, says so, and the next one starts from here.
    ended = leader.locator("section").filter(has=leader.get_by_role("heading", name=sv("This cycle is done")))
    expect(ended).to_contain_text("varje behov har en aktivitet som svarar på det")  # nothing left to carry
    expect(leader.get_by_role("link", name=re.compile("Fortsätt med steg"))).to_have_count(0)
    ended.get_by_label("Namn").fill("Hösten 2027")
    leader.get_by_role("button", name=sv("Start the next cycle")).click()
    expect(leader.get_by_role("heading", name="Hösten 2027", level=1)).to_be_visible()
    expect(leader.get_by_role("link", name=continue_with(1, "Needs"))).to_be_visible()
    no_axe_violations(leader)
