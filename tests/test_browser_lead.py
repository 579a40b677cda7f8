"""A leader runs steps 1–3 on a phone, and a young person joins with the code the page shows."""

import re

import pytest
from playwright.sync_api import expect

from .browser import PHONE, no_axe_violations, signed_in, staff_site
from .languages import next_step, sv

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with staff_site(tmp_path_factory.mktemp("lead")) as found:
        yield found


def test_a_leader_runs_the_first_three_steps_and_a_phone_joins(site):
    base_url, browser = site
    leader = browser.new_context(viewport=PHONE, locale="sv-SE")
    page = leader.new_page()
    page.goto(base_url + "/lead/")
    expect(page.get_by_role("heading", name=sv("Sign in"))).to_be_visible()
    no_axe_violations(page)
    page.get_by_label(sv("Email")).fill("a@example.org")
    page.get_by_label(sv("Password")).fill("a-long-test-password")
    page.get_by_role("button", name=sv("Sign in")).click()

    page.get_by_role("link", name="Grupp A").click()
    page.get_by_label("Namn").fill("Hösten 2026")
    page.get_by_label(sv("From")).fill("2026-09-01")
    page.get_by_label(sv("To")).fill("2026-12-18")
    page.get_by_role("button", name=sv("Start the cycle")).click()
    expect(page.get_by_text("Nu: steg 1, Behov.")).to_be_visible()
    no_axe_violations(page)

    # Step 1: a need is added in place (htmx), then the step is done.
    page.get_by_role("link", name=re.compile("Behov")).first.click()
    page.wait_for_load_state("load")
    page.get_by_label("Behov", exact=True).fill("Fler sommarjobb")
    page.get_by_label(sv("Source")).select_option("conversation")
    page.get_by_label(sv("Focus area")).select_option("work")
    with page.expect_response(lambda r: "/needs" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name=sv("Add")).click()
    expect(page.locator("#needs")).to_contain_text("Fler sommarjobb")
    # The first need started the step, and the page says so without a reload.
    expect(page.locator("#step-state")).to_have_text("Status: Påbörjat")
    expect(page.locator("#stepper li").first).to_contain_text(sv("Started"))
    no_axe_violations(page)
    done = page.get_by_role("button", name=sv("Mark the step as done")).bounding_box()
    last_card = page.locator("#needs li.card").last.bounding_box()
    assert done["y"] - (last_card["y"] + last_card["height"]) >= 16  # the button apart from the card above
    page.get_by_role("button", name=sv("Mark the step as done")).click()

    # Step 2: "done" pressed straight after typing keeps every word, and leads on to step 3.
    expect(page.get_by_role("heading", name="Steg 2: Första mötet")).to_be_visible()
    page.get_by_label(sv("Date of the meeting")).fill("2026-09-10")
    page.get_by_label(sv("Attendance (number of young people)")).fill("12")
    page.get_by_label(sv("Overall goals")).fill("Fler i jobb eller studier")
    page.get_by_role("button", name=sv("Save and mark the step as done")).click()
    expect(page.get_by_role("heading", name="Steg 3: Läget 1")).to_be_visible()
    expect(page.get_by_text("Sparat, och steg 2 är klart.")).to_be_visible()
    page.go_back()
    page.reload()
    expect(page.get_by_label(sv("Overall goals"))).to_have_value("Fler i jobb eller studier")
    expect(page.get_by_label(sv("Attendance (number of young people)"))).to_have_value("12")
    page.get_by_role("link", name=next_step(3, "Läget 1")).click()

    # Step 3: Läget 1 is opened; the page shows the code and counts who joins.
    page.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 1")}).click()
    code = page.get_by_test_id("join-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(page.get_by_role("img", name=f"QR-kod för att gå med med koden {code}")).to_be_visible()
    no_axe_violations(page)
    expect(page.locator("#count")).to_contain_text("0 unga har skickat sina svar; 0 har börjat.")

    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(base_url + "/")
    phone.get_by_label(re.compile("Join code|Gruppkod")).fill(code)
    phone.locator("button.primary").click()
    phone.locator("#main").get_by_role("button", name="English").click()
    expect(phone.get_by_role("heading", name="Your answers are anonymous")).to_be_visible()

    # The leader's page follows without a reload.
    expect(page.locator("#count")).to_contain_text("1 har börjat.", timeout=8000)
    page.get_by_role("link", name=sv("Close Läget…")).click()
    no_axe_violations(page)
    page.get_by_role("button", name=sv("Close Läget")).click()
    expect(page.locator("#count")).to_contain_text(sv("Closed."))
    phone.reload()
    expect(phone.get_by_text("This survey has closed")).to_be_visible()
    leader.close()


def test_every_staff_page_passes_axe(site):
    base_url, browser = site
    page = signed_in(browser, base_url, "c@example.org")
    pages = ["/lead/", "/coordinate/", "/coordinate/overview", "/account/password", "/lead/groups/1", "/lead/cycles/1",
             "/lead/needs/1/edit", "/lead/needs/1/delete", "/lead/activities/1/edit",
             "/lead/measurements/1/summary", "/lead/measurements/1/print", "/lead/groups/1/compare"]
    pages += [f"/lead/cycles/1/steps/{key}" for key in ("needs", "first_meeting", "baseline", "leader_analysis",
                                                        "group_analysis", "activities", "follow_up")]
    pages += ["/lead/measurements/1/close"]
    pages += ["/coordinate/questionnaires", "/coordinate/languages"]
    for path in pages:
        answer = page.goto(base_url + path)
        assert answer.status == 200, path
        no_axe_violations(page)
        # Fits a phone: nothing scrolls sideways but a wide table inside its own frame.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    page.context.close()


def test_drafts_are_saved_as_the_leader_types_and_leaving_unsaved_text_asks_first(site):
    base_url, browser = site
    page = signed_in(browser, base_url)
    page.goto(base_url + "/lead/cycles/1/steps/activities")
    page.get_by_label(sv("Notes on the activities")).fill("Boka lokalen i god tid")
    expect(page.locator("#draft-status")).to_have_text(sv("Draft saved."), timeout=5000)
    page.reload()  # nothing to warn about: the draft is saved
    expect(page.get_by_label(sv("Notes on the activities"))).to_have_value("Boka lokalen i god tid")

    # Text typed into a form that is not saved yet: leaving asks first.
    page.get_by_label(sv("Activity"), exact=True).fill("Studiebesök")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name=next_step(7, "Läget 2")).click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_label(sv("Activity"), exact=True)).to_have_value("Studiebesök")
    page.context.close()


def test_text_typed_into_every_step_and_done_at_once_is_kept(site):
    """Every field of every step is typed into, and "done" pressed straight away, before any draft is saved."""
    base_url, browser = site
    page = signed_in(browser, base_url)
    typed = {}
    for key in ("first_meeting", "baseline", "leader_analysis", "group_analysis", "activities", "follow_up"):
        page.goto(f"{base_url}/lead/cycles/1/steps/{key}")
        form = page.locator("#record form")
        fields = form.locator("textarea, input[type=number], input[type=date]")
        for i in range(fields.count()):
            field = fields.nth(i)
            kind = field.get_attribute("type") or "textarea"
            value = {"number": str(10 + i), "date": "2026-10-0" + str(1 + i % 9)}.get(kind, f"{key} {i}: ord")
            field.fill(value)
            typed[(key, field.get_attribute("name"))] = value
        form.locator("button.primary").click()
        expect(page.locator(".message.notice")).to_contain_text(sv("Saved"))
    for (key, name), value in typed.items():
        page.goto(f"{base_url}/lead/cycles/1/steps/{key}")
        expect(page.locator(f'#record [name="{name}"]')).to_have_value(value)
    assert len(typed) == 18  # every field of the six steps that keep notes
    page.context.close()
