"""The partners' action plan on a phone: a partner keeps its own activity, sees an overlap and a gap; the
learning log; the steering group's five questions."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .browser import chromium, fresh_app, no_axe_violations, serve, signed_in
from .languages import sv

pytestmark = pytest.mark.browser


def test_a_partner_reads_the_whole_plan_and_keeps_only_its_own_activity_on_a_phone(tmp_path):
    from mina_svar import accounts, cycles, db, digest, goals, organising
    from mina_svar.models import Activity, Cycle

    from .staff import PASSWORD, make_world

    app = fresh_app(tmp_path)
    world = make_world(app)
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        cycle.group.place = organising.create_place(session, "Husby")
        jobbtorget = organising.create_organisation(session, "Jobbtorget", "work")
        for title, partner, day in (("CV-kväll", jobbtorget, 1), ("Jobbcoachning", cycle.group.organisation, 9)):
            cycles.add_item(session, cycle, Activity(title=title, responsible_organisation_id=partner.id,
                                                     indicator_keys=["work.ways_in"], focus_area_keys=["work"],
                                                     starts_on=date(2026, 3, day)), cycle.group.leaders[0])
        goals.create_goal(session, "Unga har en trygg bostad", "housing")
        accounts.create_user(session, "p@example.org", "Per", PASSWORD, role="partner", organisation=jobbtorget)
        accounts.create_user(session, "s@example.org", "Siv", PASSWORD, role="steering")
        session.commit()
    with serve(app) as base_url, chromium() as browser:
        # The group's leader credits a win to the partner that made it.
        leader = signed_in(browser, base_url)
        leader.goto(f"{base_url}/lead/cycles/{world.cycle}/steps/activities")
        card = leader.locator(f"#activity-{world.activity}")
        card.get_by_label(sv("What came of it: a small win, as it happens"), exact=False).fill("Två praktikplatser")
        card.get_by_label(sv("Who made it"), exact=False).select_option(label="Jobbtorget")
        card.get_by_role("button", name=sv("Note it")).click()
        expect(leader.locator(f"#activity-{world.activity}")).to_contain_text(
            sv("made by %(who)s") % {"who": "Jobbtorget"})
        leader.context.close()

        page = signed_in(browser, base_url, "p@example.org")
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("The action plan"))
        expect(page.get_by_role("list", name=sv("Goals no activity answers"))).to_have_text("Unga har en trygg bostad")
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^CV-kväll")))
        expect(row).to_contain_text(sv("Overlaps with %(num)d activity of: %(partners)s")[0] % {
            "num": 1, "partners": "Föreningen"})
        expect(page.get_by_role("link", name="Jobbcoachning")).to_have_count(0)  # another partner's
        no_axe_violations(page)
        page.get_by_role("link", name="CV-kväll").click()
        page.get_by_label(sv("Person responsible")).fill("Ali Hassan")
        page.get_by_label(sv("Attendance (number of young people)")).fill("14")
        page.get_by_role("button", name=sv("Save")).click()
        expect(row).to_contain_text("Ali Hassan")
        expect(row).to_contain_text("14")
        page.get_by_label(sv("Partner")).select_option(label="Föreningen")
        page.get_by_role("button", name=sv("Show")).click()
        expect(page.get_by_role("rowheader", name=re.compile("^CV-kväll"))).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)

        # What the partner learned goes in the initiative's learning log, tied to its activity.
        page.get_by_role("link", name=sv("The learning log")).click()
        page.get_by_label(sv("What we tried")).fill("Praktik i två veckor")
        page.get_by_label(sv("What we learned")).fill("De unga vill prova flera yrken")
        page.get_by_label(sv("Activity"), exact=True).select_option(label="CV-kväll (Grupp A)")
        page.get_by_role("button", name=sv("Add it to the log")).click()
        expect(page.get_by_text(sv("The entry is in the log."))).to_be_visible()
        entry = page.get_by_role("list", name=sv("The learning log")).get_by_role("listitem").first
        expect(entry).to_contain_text("De unga vill prova flera yrken")
        expect(entry).to_contain_text("CV-kväll")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)
        page.context.close()

        # A steering-group member reads the five questions, answered from what was recorded, and decides.
        member = signed_in(browser, base_url, "s@example.org")
        expect(member.get_by_role("heading", level=1)).to_have_text(sv("The steering group"))
        successes = member.locator(".question").filter(
            has=member.get_by_role("heading", name=re.compile(re.escape(sv(
                "Do we create successes that others make their own, with recognition?")))))
        expect(successes).to_contain_text("Jobbtorget 1")  # the win credited to the partner
        learned = member.locator(".question").filter(has=member.get_by_role("heading", name=re.compile(re.escape(sv(
            "Are we still learning something new that improves what we built?")))))
        expect(learned).to_contain_text("2026")
        member.get_by_label(sv("What it is")).select_option(label=sv("Decision"))
        member.get_by_label(sv("Question")).select_option(value="actors")
        member.get_by_label(sv("Text")).fill("Fritidsgården och Jobbtorget delar upp våren")
        member.get_by_role("button", name=sv("Write it down")).click()
        expect(member.get_by_text(sv("Written down."))).to_be_visible()
        expect(member.locator("#q-actors-card")).to_contain_text(
            "Fritidsgården och Jobbtorget delar upp våren")
        assert member.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(member)

        # The quarter's digest holds the decision and the win; it comes as a PDF too.
        member.get_by_role("link", name=sv("The digest")).click()
        member.get_by_label(sv("Month or quarter (2026-11, 2026-Q4)")).fill(digest.quarter_of(date.today()).key)
        member.get_by_role("button", name=sv("Show")).click()
        expect(member.get_by_role("list", name=sv("Decisions"))).to_contain_text(
            "Fritidsgården och Jobbtorget delar upp våren")
        expect(member.get_by_role("list", name=sv("Wins"))).to_contain_text("Två praktikplatser")
        assert member.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(member)


def test_a_leader_analyses_a_need_and_reads_its_chain_to_the_goals_on_a_phone(tmp_path):
    from .browser import staff_site

    with staff_site(tmp_path) as (base_url, browser):
        page = signed_in(browser, base_url)
        page.goto(base_url + "/lead/cycles/1/steps/needs")
        page.get_by_role("link", name=re.compile("^" + re.escape(sv("Analysis and chain")))).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(sv("The need's analysis"))
        expect(page.get_by_role("list", name=sv("From the need to the goals"))).to_contain_text(
            sv("Nothing answers it yet."))
        page.get_by_label(sv("Its root causes")).fill("Få kontakter med arbetsgivare")
        page.get_by_label(sv("Who is part of the problem (and so of its answer)")).fill("Arbetsgivarna i området")
        page.get_by_label(sv("Evidence in Läget")).select_option(value="work")
        page.get_by_role("button", name=sv("Save")).click()
        expect(page.get_by_text(sv("Saved."))).to_be_visible()
        expect(page.get_by_role("list", name=sv("Its evidence"))).to_contain_text(
            sv("not shown in the group's Läget 1 (not measured yet, or too few answers)"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(page)


def test_a_phone_supports_an_idea_and_proposes_what_läget_should_ask_and_a_coordinator_adopts_it(tmp_path):
    from mina_svar import db, joint_analysis

    from .browser import PHONE
    from .staff import make_world
    from .test_proposals import started_with_an_idea

    app = fresh_app(tmp_path)
    world = make_world(app)
    with app.app_context():
        started, _idea = started_with_an_idea(db.session(), world)
        db.session().commit()
        code = started.code
    with serve(app) as base_url, chromium() as browser:
        phone = browser.new_context(viewport=PHONE, locale="sv-SE", is_mobile=True, has_touch=True).new_page()
        phone.goto(f"{base_url}/s/{code}")
        phone.get_by_role("button", name="Svenska").click()
        ideas = phone.get_by_role("list", name=sv("Ideas for activities: support the ones you want"))
        ideas.get_by_role("button", name=re.compile(sv("Support it"))).click()
        expect(ideas.get_by_role("button", name=re.compile(sv("Support it")))).to_have_attribute(
            "aria-pressed", "true")
        expect(ideas).to_contain_text(sv("%(num)s supports it")[0] % {"num": 1})
        phone.get_by_label(sv("What do you want to say?")).select_option("proposal")
        phone.get_by_label(sv("Your words")).fill("Fråga om fritiden")
        phone.get_by_role("button", name=sv("Send"), exact=True).click()
        expect(phone.get_by_text(sv("Sent to the leaders. If they show it, it is shown without your name."))
               ).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        no_axe_violations(phone)
        # The leaders approve the proposal; the coordinator adopts the idea into the plan.
        with app.app_context():
            session = db.session()
            from sqlalchemy import select

            from mina_svar.models import Contribution

            proposal = session.scalar(select(Contribution).where(Contribution.kind == "proposal"))
            joint_analysis.moderate(session, proposal.analysis_session, proposal, "approved")
            session.commit()
        coordinator = signed_in(browser, base_url, "c@example.org")
        coordinator.goto(base_url + "/coordinate/proposals")
        expect(coordinator.get_by_role("list", name=sv("What Läget should ask about"))).to_contain_text(
            "Fråga om fritiden")
        coordinator.get_by_role("button", name=re.compile(sv("Adopt into the action plan"))).click()
        expect(coordinator.get_by_text(sv("Adopted into the action plan."))).to_be_visible()
        no_axe_violations(coordinator)
