"""A coordinator on a phone names the initiative's places, says where each group meets and who a partner's
contact person is."""

import re

import pytest
from playwright.sync_api import expect

from .browser import PHONE, chromium, fresh_app, no_axe_violations, serve, signed_in, staff_site
from .languages import sv, sv_n

pytestmark = pytest.mark.browser


def test_a_coordinator_adds_a_place_and_a_partners_contact_on_a_phone(tmp_path):
    with staff_site(tmp_path) as (base_url, browser):
        page = signed_in(browser, base_url, "c@example.org")
        page.goto(base_url + "/coordinate/")
        page.get_by_role("link", name=sv("Say where each group meets")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("The initiative"))
        page.get_by_label(sv("Name of the place")).fill("Husby")
        page.get_by_role("button", name=sv("Add the place")).click()
        expect(page.get_by_text(sv("The place %(name)s is added.") % {"name": "Husby"})).to_be_visible()
        # Each group's own select, named by the group.
        group_a = page.locator(".card form").filter(has_text="Grupp A")
        group_a.get_by_label(sv("Place")).select_option(label="Husby")
        group_a.get_by_role("button").click()
        expect(page.get_by_text(sv("%(group)s meets in %(place)s.") % {"group": "Grupp A", "place": "Husby"})
               ).to_be_visible()
        expect(page.locator(".card").filter(has=page.get_by_role("heading", name="Husby"))).to_contain_text("Grupp A")

        page.get_by_role("link", name=f"{sv('Edit')} Föreningen").click()
        page.get_by_label(sv("Sector")).select_option(label=sv("Leisure"))
        page.get_by_label(sv("Contact person"), exact=True).fill("Sara")
        page.get_by_label(sv("The contact person's email")).fill("sara@example.org")
        page.get_by_role("button", name=sv("Save")).click()
        expect(page.get_by_role("link", name="sara@example.org")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)
        page.get_by_label(sv("Name of the initiative")).fill("Unga i Järva")
        page.get_by_role("button", name=sv("Save")).last.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Unga i Järva")
        no_axe_violations(page)


def test_läget_across_the_initiative_reads_on_a_phone_term_by_term(tmp_path):
    from mina_svar import db, demo

    app = fresh_app(tmp_path)
    with app.app_context():
        demo.create(db.session())  # with cycles whose Läget are closed
        db.session().commit()
    with serve(app) as base_url, chromium() as browser:
        page = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
        page.goto(base_url + "/sign-in")
        page.get_by_label(sv("Email")).fill(demo.COORDINATOR_EMAIL)
        page.get_by_label(sv("Password")).fill(demo.COORDINATOR_PASSWORD)
        page.get_by_role("button", name=sv("Sign in")).click()
        page.goto(base_url + "/coordinate/initiative")
        page.get_by_role("link", name=sv("Läget across the initiative")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("Läget across the initiative"))
        work = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^Arbete")))
        expect(work.locator("td").first).to_contain_text(re.compile(r"\d+ \(\d+ grupp"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)


def test_a_coordinator_opens_a_routine_läget_for_every_group_and_closes_it_on_a_phone(tmp_path):
    with staff_site(tmp_path) as (base_url, browser):
        page = signed_in(browser, base_url, "c@example.org")
        page.goto(base_url + "/coordinate/initiative/laget")
        page.get_by_label(sv("Name of the routine Läget")).fill("Läget våren 2027")
        page.get_by_role("button", name=sv("Open it for every group")).click()
        expect(page.get_by_role("heading", name="Läget våren 2027")).to_be_visible()
        expect(page.locator(".card").filter(has_text="Läget våren 2027")).to_contain_text("öppet i 2 grupper")
        no_axe_violations(page)
        page.get_by_role("link", name=re.compile(sv("Close it for every group…"))).click()
        page.get_by_role("button", name=sv("Close it for every group")).click()
        expect(page.get_by_text(re.compile("Läget våren 2027 är stängt i 2 grupper"))).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The group's leader finds it on the group's page, closed.
        leader = signed_in(browser, base_url, "a@example.org")
        leader.goto(base_url + "/lead/groups/1")
        expect(leader.locator(".card").filter(has_text="Läget våren 2027")).to_contain_text(sv("Closed"))


def test_a_coordinator_imports_statistics_and_follows_a_goal_by_läget_and_by_the_series_on_a_phone(tmp_path):
    from pathlib import Path

    with staff_site(tmp_path) as (base_url, browser):
        page = signed_in(browser, base_url, "c@example.org")
        page.goto(base_url + "/coordinate/initiative")
        page.get_by_role("link", name=sv("Public statistics"), exact=True).click()
        page.get_by_label(sv("File (.json)")).set_input_files(Path(__file__).parent / "files" / "scb_employment.json")
        page.get_by_label(sv("Shown beside the focus area")).select_option("work")
        page.get_by_role("button", name=sv("Import"), exact=True).click()
        expect(page.get_by_role("heading", name="Förvärvsarbetande 20–24 år efter region och år")).to_be_visible()
        source = sv("Source: %(source)s") % {"source": "SCB, Statistiska centralbyrån"}
        expect(page.get_by_text(source, exact=False)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)
        # The place named after the import: the series' values for it are its.
        page.goto(base_url + "/coordinate/initiative")
        page.get_by_label(sv("Name of the place")).fill("Norra Demostaden")
        page.get_by_role("button", name=sv("Add the place")).click()

        page.get_by_role("link", name=sv("Goals"), exact=True).click()
        page.get_by_label(sv("The result, in plain words")).fill("Unga i området har en väg in i arbete")
        page.get_by_label(sv("Focus area")).select_option("work")
        page.get_by_role("button", name=sv("Add the goal")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Unga i området har en väg in i arbete")
        for figure, place, baseline, target in (("work", None, "40", "60"),
                                                ("Förvärvsarbetande 20–24 år efter region och år",
                                                 "Norra Demostaden", "61,2", "70")):
            page.get_by_label(sv("What the figure follows")).select_option(
                **({"value": figure} if place is None else {"label": figure}))
            if place:
                page.get_by_label(sv("Where")).select_option(label=place)
            page.get_by_label(sv("Baseline value")).fill(baseline.replace(",", "."))
            page.get_by_label(sv("Baseline measured on")).fill("2022-01-01" if place else "2026-01-01")
            page.get_by_label(sv("Target value"), exact=True).fill(target)
            page.get_by_label(sv("Target date")).fill("2028-06-30")
            page.get_by_role("button", name=sv("Add the key figure")).click()
            expect(page.get_by_text(sv("The key figure is added."))).to_be_visible()
        chart = page.get_by_role("img", name=re.compile("Arbete"))
        expect(chart).to_have_attribute("aria-label", re.compile("2028-06-30"))
        expect(page.get_by_role("img", name=re.compile("Förvärvsarbetande"))).to_have_attribute(
            "aria-label", re.compile("2024 63.1"))
        expect(page.locator("table").get_by_text(source)).to_have_count(3)  # beside each of its values
        expect(page.locator("table").get_by_text(sv("Target"), exact=True)).to_have_count(2)
        page.get_by_label(sv("Note"), exact=True).fill("Få i gruppen har haft ett sommarjobb")
        page.get_by_role("button", name=sv("Add the note")).click()
        expect(page.get_by_text("Få i gruppen har haft ett sommarjobb")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)


def test_a_leader_ties_the_cycle_and_an_activity_to_a_goal_and_the_coordinator_reads_its_measures(tmp_path):
    from mina_svar import db, goals

    from .staff import make_world

    app = fresh_app(tmp_path)
    make_world(app)
    with app.app_context():
        goals.create_goal(db.session(), "Unga i området har en väg in i arbete", "work")
        db.session().commit()
    with serve(app) as base_url, chromium() as browser:
        leader = signed_in(browser, base_url)
        leader.goto(base_url + "/lead/cycles/1/steps/first_meeting")
        leader.get_by_label("Unga i området har en väg in i arbete").check()
        leader.get_by_role("button", name=sv("Save the goals")).click()
        expect(leader.get_by_text(sv("Saved: the initiative's goals this cycle works toward."))).to_be_visible()
        expect(leader.get_by_label("Unga i området har en väg in i arbete")).to_be_checked()
        no_axe_violations(leader)
        leader.goto(base_url + "/lead/cycles/1/steps/activities")
        leader.get_by_role("link", name=re.compile(f"^{sv('Edit')}.*Läxhjälp")).click()
        form = leader.locator("#activity-1")
        form.get_by_label("Unga i området har en väg in i arbete").check()
        form.get_by_label(sv("Times it met")).fill("3")
        form.get_by_label(sv("Attendance (number of young people)")).fill("7")
        form.get_by_role("button", name=sv("Save")).click()
        expect(leader.locator("#activity-1")).to_contain_text(sv_n("met %(num)s time", 3))

        page = signed_in(browser, base_url, "c@example.org")
        page.goto(base_url + "/coordinate/goals")
        page.get_by_role("link", name="Unga i området har en väg in i arbete").click()
        measures = page.get_by_role("region", name=sv("Activities that answer it"))
        expect(measures.get_by_role("rowheader", name=re.compile("Läxhjälp"))).to_be_visible()
        expect(measures).to_contain_text(sv_n("%(num)s took part", 7))
        expect(page.get_by_role("listitem").filter(has_text="Grupp A: Våren")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)


def test_an_evaluator_signs_in_on_a_phone_reads_the_goals_and_downloads_the_data_package(tmp_path):
    import zipfile

    from mina_svar import accounts, db, goals

    from .staff import PASSWORD, make_world

    app = fresh_app(tmp_path)
    make_world(app)
    with app.app_context():
        accounts.create_user(db.session(), "e@example.org", "Eva", PASSWORD, role="evaluator")
        goals.create_goal(db.session(), "Unga i området har en väg in i arbete", "work")
        db.session().commit()
    with serve(app) as base_url, chromium() as browser:
        page = signed_in(browser, base_url, "e@example.org")
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("The initiative's data"))
        expect(page.get_by_text(sv("No key figure yet: this goal cannot be followed up."))).to_be_visible()
        with page.expect_download() as caught:
            page.get_by_role("link", name=sv("Download the data package (.zip)")).click()
        path = caught.value.path()
        with zipfile.ZipFile(path) as archive:
            assert "datapackage.json" in archive.namelist() and "data/goals.csv" in archive.namelist()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)
