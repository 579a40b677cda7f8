"""The whole of a questionnaire's life in a browser: a coordinator copies Läget into a questionnaire of the
initiative's own, adds a question in English and translates it into every language, publishes it and gives
it to an organisation; a leader measures with it; a new version drops a question; Läget 2 with the new version
is compared on the questions both asked and names the one that was not."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mina_svar import accounts, db, organising

from .browser import PHONE, chromium, fresh_app, no_axe_violations, serve, signed_in
from .languages import sv
from .staff import answered
from .test_browser_cycle import _close_läget, _measurement_id
from .test_browser_respond import _join

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = fresh_app(tmp_path_factory.mktemp("questionnaires"))
    with app.app_context():
        session = db.session()
        organisation = organising.create_organisation(session, "Husbygården")
        group = organising.create_group(session, organisation, "Torsdagsgruppen")
        leader = accounts.create_user(session, "a@example.org", "Ledare", "a-long-test-password",
                                      organisation=organisation)
        organising.assign_leader(session, group, leader)
        accounts.create_user(session, "c@example.org", "Samordnare", "a-long-test-password", role="coordinator")
        session.commit()
    with serve(app) as base_url, chromium() as browser:
        yield app, base_url, browser


def _new_cycle(browser, base_url, title: str):
    """The leader on a phone, with a new cycle of Torsdagsgruppen: (page, the cycle's address)."""
    leader = signed_in(browser, base_url, "a@example.org")
    leader.get_by_role("link", name="Torsdagsgruppen").click()
    leader.get_by_label("Namn").fill(title)
    leader.get_by_role("button", name=sv("Start the cycle")).click()
    return leader, re.search(r".*/lead/cycles/\d+", leader.url).group(0)


def _publish(page, version: int) -> None:
    page.get_by_role("link", name=sv("Publish…")).first.click()
    page.get_by_role("button", name=sv("Publish")).click()
    expect(page.get_by_text(f"Version {version} är publicerad.")).to_be_visible()


def test_a_questionnaire_of_the_initiatives_own_is_written_translated_measured_and_compared(site):
    app, base_url, browser = site
    coordinator = signed_in(browser, base_url, "c@example.org")
    coordinator.goto(base_url + "/coordinate/questionnaires")
    new = coordinator.locator("section", has_text="Starta ett nytt frågeformulär")
    new.get_by_label("Namn").fill("Läget i Husby")
    new.get_by_label(sv("Key")).fill("husby")
    new.get_by_label(sv("Start from")).select_option(label="En kopia av Hur är läget?, version 1")
    new.get_by_label(sv("Written first in")).select_option("en")
    new.get_by_role("button", name=sv("Start the draft")).click()
    expect(coordinator.get_by_role("heading", name="Läget i Husby – version 1")).to_be_visible()

    coordinator.locator("summary", has_text="En ny fråga under Vägar till jobb").click()
    added = coordinator.locator("fieldset", has_text="En ny fråga under Vägar till jobb")
    added.get_by_label(sv("Key")).fill("work.cv")
    added.get_by_label("Fråga (English)").fill("I have a CV I can send.")
    added.get_by_label(sv("Scale")).select_option(label="Hur ofta (5 steg)")
    added.get_by_role("button", name=sv("Add the question")).click()
    expect(coordinator.get_by_text(sv("Changed and saved."))).to_be_visible()
    no_axe_violations(coordinator)

    # The translator's pages: the missing texts first, saved as they are typed.
    for name, code, title, question in (("Svenska", "sv", "Läget i Husby", "Jag har ett cv som jag kan skicka."),
                                        ("العربية", "ar", "ليغت في حسبي", "لدي سيرة ذاتية يمكنني إرسالها."),
                                        ("Norsk bokmål", "nb", "Läget i Husby", "Jeg har en CV jeg kan sende."),
                                        ("Dansk", "da", "Läget i Husby", "Jeg har et CV, jeg kan sende."),
                                        ("فارسی", "fa", "لگت در هوسبی", "یک رزومه دارم که می‌توانم بفرستم."),
                                        ("ትግርኛ", "ti", "ለገት ኣብ ሁስቢ", "ክሰዶ ዝኽእል ሲቪ ኣለኒ።"),
                                        ("Soomaali", "so", "Läget ee Husby", "Waxaan haystaa CV aan diri karo.")):
        coordinator.get_by_role("link", name=f"Översätt till {name}").click()
        expect(coordinator.get_by_role("heading", name=f"Översätt till {name}")).to_be_visible()
        missing = coordinator.locator(".translate-row").filter(has=coordinator.locator(".missing-note:visible"))
        expect(missing).to_have_count(2)  # the new title and the new question
        expect(missing.nth(1)).to_contain_text("work.cv")
        box = coordinator.get_by_label("Fråga work.cv")
        coordinator.set_viewport_size({"width": 1280, "height": 800})  # side by side: the box a third of the page
        assert box.bounding_box()["width"] >= 1280 / 3, box.bounding_box()
        coordinator.set_viewport_size(PHONE)
        coordinator.get_by_label("Frågeformulärets titel title").fill(title)
        box.fill(question)
        if code != "sv":
            box.press("Tab")  # leaving the box saves at once; in Swedish, the pause in typing saves
        expect(coordinator.locator("#translate-status")).to_contain_text(
            f"100 % av texterna den behöver är skrivna på {name}.")  # the language named, as it was not
        expect(coordinator.locator("#translate-status")).to_contain_text(sv("Saved."))
        expect(missing).to_have_count(0)  # no row still says "(missing)" once written
        if code in ("sv", "ar"):  # the page's structure is the same in each language of a direction
            no_axe_violations(coordinator)
        coordinator.go_back()
        coordinator.reload()
    expect(coordinator.get_by_role("heading", name=sv("Before it can be published"))).to_have_count(0)
    _publish(coordinator, 1)
    uses = coordinator.locator("#who-uses")
    uses.get_by_label("Husbygården").select_option("husby")
    uses.get_by_role("button", name=sv("Use it")).click()
    expect(coordinator.get_by_text("Husbygårdens grupper öppnar Läget med det här frågeformuläret")).to_be_visible()

    # A leader measures with it: the new question is asked and has results.
    leader, cycle_url = _new_cycle(browser, base_url, "Hösten")
    leader.goto(cycle_url + "/steps/baseline")
    expect(leader.get_by_text("Frågeformulär: Läget i Husby, version 1")).to_be_visible()
    leader.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 1")}).click()
    code = leader.get_by_test_id("join-code").inner_text()
    phone = browser.new_context(viewport=PHONE, locale="sv-SE").new_page()
    _join(phone, base_url, code, "Svenska")
    expect(phone.get_by_text("Jag har ett cv som jag kan skicka.")).to_be_visible()
    expect(phone.locator("fieldset", has_text="Jag har ett cv").locator("label.option")).to_have_count(6)
    answered(app, _measurement_id(leader), [2, 3, 4, 5, 4, 3], released=False)
    leader.reload()
    _close_läget(leader)
    leader.get_by_role("link", name=re.compile("Resultat")).first.click()
    expect(leader.get_by_text("Jag har ett cv som jag kan skicka.").first).to_be_visible()

    # A new version drops a question; Läget 2 is opened with it and compared on the shared questions.
    coordinator.goto(base_url + "/coordinate/questionnaires")
    coordinator.get_by_role("row", name=re.compile("Läget i Husby 1")).get_by_role(
        "button", name=re.compile("Gör ett nytt utkast från den")).click()
    coordinator.get_by_role("button", name=re.compile(r"^Ta bort\s*: work\.adult_help$")).click()
    expect(coordinator.get_by_role("heading", name=sv("Retired questions"))).to_be_visible()
    _publish(coordinator, 2)

    leader.goto(cycle_url + "/steps/follow_up")
    choice = leader.get_by_label("Frågeformulär")
    expect(choice.locator("option").first).to_have_text(re.compile("version 1 \\(som Läget 1\\)"))
    choice.select_option(label="Läget i Husby, version 2")
    no_axe_violations(leader)
    leader.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 2")}).click()
    answered(app, _measurement_id(leader), [4, 5, 4, 5, 4, 5], released=False)
    leader.reload()
    _close_läget(leader)
    leader.get_by_role("link", name=re.compile("Jämför")).first.click()
    not_in_both = leader.locator("section[aria-labelledby=not-in-both]")
    expect(not_in_both.get_by_role("heading", name=sv("Questions not asked both times"))).to_be_visible()
    expect(not_in_both).to_contain_text("Jag känner en vuxen som kan hjälpa mig att hitta jobb.")
    expect(not_in_both).not_to_contain_text("Jag har ett cv")  # asked both times: compared
    expect(leader.locator("main")).to_contain_text("Jag har ett cv som jag kan skicka.")
    no_axe_violations(leader)


def test_a_group_agrees_questions_of_its_own_and_the_phones_answer_them_last(site):
    app, base_url, browser = site
    leader, cycle_url = _new_cycle(browser, base_url, "Våren")
    leader.goto(cycle_url + "/steps/first_meeting")
    own = leader.locator("#own-questions")
    expect(own.get_by_role("heading", name=sv("The group's own questions"))).to_be_visible()
    own.get_by_label("Frågan på Svenska").fill("Vi har en egen lokal att vara i.")
    own.get_by_label(sv("Answers")).select_option(label="Ja eller nej")
    own.get_by_role("button", name=sv("Add the question")).click()
    expect(leader.get_by_text("Frågan är tillagd")).to_be_visible()
    expect(leader.locator("#own-questions li")).to_have_count(1)
    no_axe_violations(leader)

    leader.goto(cycle_url + "/steps/baseline")
    leader.get_by_role("button", name=sv("Open %(title)s") % {"title": sv("Läget 1")}).click()
    code = leader.get_by_test_id("join-code").inner_text()
    phone = browser.new_context(viewport=PHONE, locale="ar").new_page()
    phone.goto(f"{base_url}/j/{code}")
    phone.locator("#main").get_by_role("button", name="العربية").click()
    phone.get_by_role("link", name=re.compile("ابدأ")).click()
    for _page in range(5):  # the common focus areas first
        expect(phone.get_by_role("heading", level=1)).not_to_have_text("أسئلتنا الخاصة")
        phone.get_by_role("button", name="التالي", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("أسئلتنا الخاصة")
    asked = phone.locator("fieldset.question", has_text="Vi har en egen lokal att vara i.")
    expect(asked.locator("label.option")).to_have_count(3)  # no, yes, don't know
    expect(asked.locator("legend span[lang]")).to_have_attribute("lang", "sv")  # read with a Swedish voice
    asked.locator("label.option").nth(1).click()
    no_axe_violations(phone)


def test_a_coordinator_adds_a_background_question_and_is_warned_what_it_can_reveal(site):
    _app, base_url, browser = site
    coordinator = signed_in(browser, base_url, "c@example.org")
    coordinator.goto(base_url + "/coordinate/questionnaires")
    coordinator.get_by_role("row", name=re.compile("Hur är läget\\? 1")).get_by_role(
        "button", name=re.compile("Gör ett nytt utkast från den")).click()
    coordinator.locator("summary", has_text="En bakgrundsfråga i Arbete och hållbar försörjning").click()
    added = coordinator.locator("fieldset", has_text="En bakgrundsfråga i Arbete och hållbar försörjning")
    expect(added).to_contain_text("Bakgrundsfrågor kan peka ut en person i en liten grupp")
    added.get_by_label(sv("Key")).fill("work.where")
    added.get_by_label("Fråga (Svenska)").fill("Var i stan bor du?")
    added.get_by_label("Svar, ett per rad (Svenska)").fill("Norr\nSöder\nNågon annanstans")
    added.get_by_role("button", name=sv("Add the background question")).click()
    expect(coordinator.get_by_text(sv("Changed and saved."))).to_be_visible()
    question = coordinator.locator("div.question-edit", has_text=re.compile(r"Bakgrundsfråga: .*work\.where"))
    question.get_by_text(sv("The answers' words")).click()
    expect(question.locator("fieldset", has_text="Svar 3").get_by_label("Svenska")).to_have_value("Någon annanstans")
    no_axe_violations(coordinator)


def test_a_coordinator_sees_which_languages_are_drafts_and_downloads_one_for_a_reviewer(site):
    _app, base_url, browser = site
    coordinator = signed_in(browser, base_url, "c@example.org")
    coordinator.goto(base_url + "/coordinate/")
    coordinator.get_by_role("link", name=sv("Languages"), exact=True).click()
    expect(coordinator.get_by_role("row", name=re.compile("العربية"))).to_contain_text(sv("Not yet: a draft"))
    no_axe_violations(coordinator)
    with coordinator.expect_download() as caught:
        download = re.compile(r"Ladda ner för granskning\s*: العربية, version 1")
        coordinator.get_by_role("link", name=download).first.click()
    text = open(caught.value.path(), encoding="utf-8").read()
    assert 'msgid "Saved"\nmsgstr "تم الحفظ"' in text and 'msgctxt "questionnaire ' in text


def test_a_kobo_form_becomes_a_draft_with_its_list_and_a_form_with_nothing_to_ask_says_why(site):
    """On a phone: a real KoboToolbox form (.xls, an English and a French column) uploaded as it is; then
    pyxform's tutorial, all of it inside a repeat, which cannot be a draft."""
    forms = Path(__file__).parent / "files" / "xlsforms"
    _app, base_url, browser = site
    coordinator = signed_in(browser, base_url, "c@example.org")
    coordinator.goto(base_url + "/coordinate/questionnaires")
    workbook = coordinator.get_by_label(sv("Workbook (.xlsx or .xls)"))
    workbook.set_input_files(str(forms / "kobocat/good_eats_multilang.xls"))
    coordinator.get_by_label(sv("Texts in a column that names no language (label) are in")).select_option("en")
    coordinator.get_by_role("button", name=sv("Upload as a new draft")).click()
    left_out = coordinator.locator("section").filter(has=coordinator.locator("#left-out-heading"))
    expect(left_out.get_by_role("heading", name=re.compile("Det som inte kom med från formuläret"))).to_be_visible()
    expect(left_out).to_contain_text(sv("Texts in %(name)s were left out: it is not among the languages young "
                                        "people answer Mina Svar in.") % {"name": "French"})
    expect(left_out.locator("li").first).to_contain_text(sv("row %(row)s") % {"row": 1})
    assert coordinator.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    no_axe_violations(coordinator)

    coordinator.goto(base_url + "/coordinate/questionnaires")
    coordinator.get_by_label(sv("Workbook (.xlsx or .xls)")).set_input_files(str(forms / "pyxform/tutorial.xls"))
    coordinator.get_by_role("button", name=sv("Upload as a new draft")).click()
    # Back where the upload is, with why listed there; the top of the page says so too.
    problems = coordinator.get_by_role("alert").filter(has_text="Inget sparades")
    expect(problems).to_contain_text(sv("Nothing in the form is a question Mina Svar asks (select_one or text). "
                                        "What was left out, and why:"))
    expect(problems).to_contain_text(sv("The repeat %(name)s and every question inside it were left out: Mina Svar "
                                        "asks each question once.") % {"name": "member"})
    heading = coordinator.get_by_role("heading", name=sv("Upload an XLSForm workbook")).bounding_box()
    assert -1 <= heading["y"] < coordinator.viewport_size["height"], heading  # in view, not at the page's top
    no_axe_violations(coordinator)
    coordinator.context.close()


def _answering_on_a_phone(site, form: bytes):
    """``form`` in use, and a touch phone that joined its Läget in Swedish: (the page, the join code)."""
    from .forms import in_use

    app, base_url, browser = site
    with app.app_context():
        code = in_use(db.session(), form)
    phone = browser.new_context(viewport=PHONE, locale="sv-SE", has_touch=True, is_mobile=True).new_page()
    _join(phone, base_url, code, "Svenska")
    return phone, code


def test_a_phone_reads_a_forms_hint_and_answers_its_needed_question_before_going_on(site):
    """A form from elsewhere with a hint and a required question, answered on a phone in Swedish."""
    from . import forms

    phone, code = _answering_on_a_phone(site, forms.small_form())
    question = phone.get_by_role("group", name=re.compile("Jag har ett cv"))
    expect(question).to_contain_text("Ett du kunde skicka i dag")
    assert question.get_attribute("aria-describedby", timeout=2000).startswith("question-hint-")
    phone.get_by_role("button", name=sv("Next"), exact=True).click()
    # Not answered: the page stays, says why, and the question is marked.
    expect(phone.locator("#save-status")).to_have_text(
        sv("Answer the questions marked “needed” before going on: “Don't know” is an answer too."))
    expect(question).to_have_class(re.compile("missing"))
    assert phone.url.endswith(f"/j/{code}/1")
    no_axe_violations(phone)
    question.get_by_text(sv("Don't know / skip")).click()
    phone.get_by_role("button", name=sv("Next"), exact=True).click()
    expect(phone.get_by_role("button", name=sv("Send my answers"))).to_be_visible()


def test_a_phone_is_asked_only_what_its_earlier_answers_lead_to(site):
    """Skip logic from a form: a question on the same page appears and goes as an answer changes, and one on
    the next page is not asked after "never"."""
    from . import forms

    phone, code = _answering_on_a_phone(site, forms.skipping_form())
    likes = phone.get_by_role("group", name="Jag gillar skolan")
    breaks = phone.get_by_role("group", name="Jag gillar rasterna")
    expect(likes).to_be_visible()
    expect(breaks).to_be_hidden()  # asked only after "often"
    likes.get_by_text("Ofta").click()
    expect(breaks).to_be_visible()
    no_axe_violations(phone)
    likes.get_by_text("Aldrig").click()
    expect(breaks).to_be_hidden()
    expect(phone.locator("#save-status")).to_have_text(sv("Saved"))
    phone.get_by_role("button", name=sv("Next"), exact=True).click()
    expect(phone.get_by_role("heading", name="Hemma", level=1)).to_be_visible()
    expect(phone.get_by_role("group", name="Jag får hjälp hemma")).to_be_hidden()  # "never": not asked
    phone.context.close()


def test_a_phone_ticks_all_that_fit_and_is_asked_what_its_ticks_lead_to(site):
    """A select_multiple from a form: options ticked and unticked, "don't know" standing alone, a question on
    the same page and one on the next asked after an option is ticked, and ticks kept on the phone while the
    server cannot be reached."""
    from . import forms

    phone, code = _answering_on_a_phone(site, forms.free_time_form())
    does = phone.get_by_role("group", name=re.compile("På fritiden"))
    sport, music, games = (does.get_by_role("checkbox", name=name) for name in ("Idrott", "Musik", "Spel"))
    dont_know = does.get_by_role("checkbox", name=sv("Don't know / skip"))
    trains = phone.get_by_role("group", name="Jag tränar ofta")
    expect(does).to_contain_text("Kryssa i allt som stämmer")
    expect(trains).to_be_hidden()
    sport.check()
    music.check()
    expect(trains).to_be_visible()  # asked when sport is ticked
    expect(phone.locator("#save-status")).to_have_text(sv("Saved"))
    no_axe_violations(phone)
    dont_know.check()  # alone: the ticks go
    for box in (sport, music):
        expect(box).not_to_be_checked()
    expect(trains).to_be_hidden()
    games.check()
    expect(dont_know).not_to_be_checked()
    expect(phone.locator("#save-status")).to_have_text(sv("Saved"))
    # While the server cannot be reached, ticks wait on the phone, shown again when the page opens.
    phone.route(f"**/j/{code}/1", lambda route: route.abort() if route.request.method == "POST"
                else route.continue_())
    music.check()
    expect(phone.locator("#save-status")).not_to_have_text(sv("Saved"))
    phone.unroute(f"**/j/{code}/1")
    phone.reload()
    for box, ticked in ((sport, False), (music, True), (games, True), (dont_know, False)):
        (expect(box).to_be_checked if ticked else expect(box).not_to_be_checked)()
    expect(phone.locator("#save-status")).to_have_text(sv("Saved"))
    phone.get_by_role("button", name=sv("Next"), exact=True).click()
    expect(phone.get_by_role("heading", name="Staden", level=1)).to_be_visible()
    expect(phone.get_by_role("group", name="Det finns scener")).to_be_visible()  # music ticked
    phone.get_by_role("button", name=sv("Back"), exact=True).click()
    music.uncheck()
    expect(phone.locator("#save-status")).to_have_text(sv("Saved"))
    phone.get_by_role("button", name=sv("Next"), exact=True).click()
    expect(phone.get_by_role("heading", name="Staden", level=1)).to_be_visible()
    expect(phone.get_by_role("group", name="Det finns scener")).to_be_hidden()
    phone.context.close()


def test_a_coordinator_says_which_worded_answer_is_best_before_publishing(site, tmp_path):
    """On a phone: a form whose scale has answers in words ("Aldrig, Ibland, Ofta") uploaded; the draft asks
    which one is best before it is published, and a background question is asked as a scale."""
    from .test_best_end import lonely_form

    _app, base_url, browser = site
    form = tmp_path / "maende.xlsx"
    form.write_bytes(lonely_form())
    coordinator = signed_in(browser, base_url, "c@example.org")
    coordinator.goto(base_url + "/coordinate/questionnaires")
    coordinator.get_by_label(sv("Workbook (.xlsx or .xls)")).set_input_files(str(form))
    coordinator.get_by_role("button", name=sv("Upload as a new draft")).click()
    before = coordinator.locator("section").filter(has=coordinator.locator("#problems-heading"))
    asked = before.get_by_role("link", name=re.compile("Jag känner mig ensam"))
    expect(asked).to_be_visible()
    asked.click()  # to the question, where it is said
    which = re.escape(sv("Which answer is the best?"))
    best = coordinator.get_by_role("group", name=re.compile(which + r"\s*: mood\.lonely"))
    expect(best).to_be_in_viewport()
    no_axe_violations(coordinator)
    best.get_by_label(sv("The first, “%(words)s”") % {"words": "Aldrig"}).check()
    best.get_by_role("button", name=re.compile(sv("Save the best answer"))).click()
    expect(best.get_by_label(sv("The first, “%(words)s”") % {"words": "Aldrig"})).to_be_checked()
    expect(coordinator.locator("#problems-heading")).to_have_count(0)
    sleep = coordinator.locator("details.as-scale").filter(has_text="mood.sleep")
    sleep.locator("summary").click()
    sleep.get_by_label(sv("The first, “%(words)s”") % {"words": "Aldrig"}).check()
    sleep.get_by_role("button", name=re.compile(sv("Ask it as a scale"))).click()
    expect(coordinator.get_by_role("heading", name="Jag sover dåligt", level=3)).to_be_visible()
    no_axe_violations(coordinator)
    coordinator.context.close()
