"""A coordinator on a phone makes a new version of Läget, changes an Arabic question, adds a question in
every language and publishes it."""

import re

import pytest
from playwright.sync_api import expect

from .browser import no_axe_violations, signed_in, staff_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with staff_site(tmp_path_factory.mktemp("authoring")) as found:
        yield found


def test_a_coordinator_changes_a_question_in_a_new_version_and_publishes_it(site):
    base_url, browser = site
    page = signed_in(browser, base_url, "c@example.org")
    page.goto(base_url + "/coordinate/")
    page.get_by_role("link", name="Frågeformulär").click()
    expect(page.get_by_role("heading", name="Frågeformulär", exact=True)).to_be_visible()
    no_axe_violations(page)
    page.get_by_role("button", name="Gör ett nytt utkast från den").click()
    expect(page.get_by_text("Version 2 är ett utkast")).to_be_visible()
    no_axe_violations(page)

    arabic = page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.apply")).get_by_label("العربية")
    expect(arabic).to_have_attribute("dir", "rtl")
    arabic.fill("أعرف أين أبحث عن عمل.")
    page.get_by_role("button", name="Spara texterna").first.click()
    expect(page.get_by_text("Texterna är sparade.")).to_be_visible()
    expect(page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.apply")).get_by_label("العربية")) \
        .to_have_value("أعرف أين أبحث عن عمل.")

    new_question = page.locator("fieldset", has_text="En ny fråga under Vägar till jobb")
    # A refused key keeps every word typed, the new question's too.
    new_question.get_by_label("Fråga (Svenska)").fill("Jag vet var jobben finns.")
    new_question.get_by_label("Nyckel").fill("work.apply")
    new_question.get_by_role("button", name="Lägg till frågan").click()
    expect(page.get_by_role("alert")).to_contain_text("Nyckeln work.apply finns redan")
    new_question = page.locator("fieldset", has_text="En ny fråga under Vägar till jobb")
    expect(new_question.get_by_label("Fråga (Svenska)")).to_have_value("Jag vet var jobben finns.")
    expect(new_question.get_by_label("Nyckel")).to_have_value("work.apply")
    new_question.get_by_label("Nyckel").fill("work.cv")
    new_question.get_by_label("Fråga (Svenska)").fill("Jag har ett cv som jag kan skicka.")
    new_question.get_by_role("button", name="Lägg till frågan").click()
    expect(page.get_by_text("Ändrat och sparat.")).to_be_visible()
    expect(page.get_by_text("Jag har ett cv som jag kan skicka.: texten på English saknas.")).to_be_visible()
    added = page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.cv"))
    added.get_by_label("English").fill("I have a CV I can send.")
    added.get_by_label("العربية").fill("لدي سيرة ذاتية يمكنني إرسالها.")
    added.get_by_label("Norsk bokmål").fill("Jeg har en CV jeg kan sende.")
    added.get_by_label("Dansk").fill("Jeg har et CV, jeg kan sende.")
    added.get_by_label("فارسی").fill("یک رزومه دارم که می‌توانم بفرستم.")
    added.get_by_label("ትግርኛ").fill("ክሰዶ ዝኽእል ሲቪ ኣለኒ።")
    added.get_by_label("Soomaali").fill("Waxaan haystaa CV aan diri karo.")
    page.get_by_role("button", name="Spara texterna").first.click()
    expect(page.get_by_text("Texterna är sparade.")).to_be_visible()
    expect(page.get_by_role("heading", name="Innan det kan publiceras")).to_have_count(0)
    no_axe_violations(page)

    page.get_by_role("link", name="Publicera …").click()
    expect(page.get_by_role("heading", name="Publicera version 2?")).to_be_visible()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Version 2 är publicerad.")).to_be_visible()
    expect(page.get_by_role("row", name="Hur är läget? 2")).to_contain_text("Publicerad")
