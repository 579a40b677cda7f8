"""A coordinator on a phone makes a new version of Läget, changes an Arabic question, adds a question in
every language and publishes it."""

import re

import pytest
from playwright.sync_api import expect

from .browser import no_axe_violations, signed_in, staff_site
from .languages import sv

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with staff_site(tmp_path_factory.mktemp("authoring")) as found:
        yield found


def test_a_coordinator_changes_a_question_in_a_new_version_and_publishes_it(site):
    base_url, browser = site
    page = signed_in(browser, base_url, "c@example.org")
    page.goto(base_url + "/coordinate/")
    page.get_by_role("link", name=sv("Questionnaires")).click()
    expect(page.get_by_role("heading", name=sv("Questionnaires"), exact=True)).to_be_visible()
    no_axe_violations(page)
    page.get_by_role("button", name=sv("Make a new draft from it")).click()
    expect(page.get_by_text("Version 2 är ett utkast")).to_be_visible()
    no_axe_violations(page)

    # One language at a time; the others are one link away.
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"the editor, its texts in one language: {height} px tall at 390 px")
    assert height < 25_000  # 75,575 px with every text in eight languages and every form to add unfolded
    assert page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.apply")).get_by_label("English") \
        .count() == 0
    page.get_by_role("navigation", name=sv("Texts in")).get_by_role("link", name="العربية").click()
    arabic = page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.apply")).get_by_label("العربية")
    expect(arabic).to_have_attribute("dir", "rtl")
    arabic.fill("أعرف أين أبحث عن عمل.")
    page.get_by_role("button", name=sv("Save the texts")).first.click()
    expect(page.get_by_text(sv("The texts are saved."))).to_be_visible()
    expect(page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.apply")).get_by_label("العربية")) \
        .to_have_value("أعرف أين أبحث عن عمل.")

    page.locator("summary", has_text="En ny fråga under Vägar till jobb").click()
    new_question = page.locator("fieldset", has_text="En ny fråga under Vägar till jobb")
    # A refused key keeps every word typed, the new question's too.
    new_question.get_by_label("Fråga (Svenska)").fill("Jag vet var jobben finns.")
    new_question.get_by_label(sv("Key")).fill("work.apply")
    new_question.get_by_role("button", name=sv("Add the question")).click()
    expect(page.get_by_role("alert")).to_contain_text("Nyckeln work.apply finns redan")
    new_question = page.locator("fieldset", has_text="En ny fråga under Vägar till jobb")
    expect(new_question.get_by_label("Fråga (Svenska)")).to_have_value("Jag vet var jobben finns.")
    expect(new_question.get_by_label(sv("Key"))).to_have_value("work.apply")
    new_question.get_by_label(sv("Key")).fill("work.cv")
    new_question.get_by_label("Fråga (Svenska)").fill("Jag har ett cv som jag kan skicka.")
    new_question.get_by_role("button", name=sv("Add the question")).click()
    expect(page.get_by_text(sv("Changed and saved."))).to_be_visible()
    # Each missing text is named by the question's words and leads to its place, in a language it lacks.
    problem = page.get_by_role("link", name="Frågan ”Jag har ett cv som jag kan skicka.”")
    expect(page.locator("#problems-heading + ul")).to_contain_text("saknas på: English, العربية, Norsk bokmål")
    words = {"English": "I have a CV I can send.", "العربية": "لدي سيرة ذاتية يمكنني إرسالها.",
             "Norsk bokmål": "Jeg har en CV jeg kan sende.", "Dansk": "Jeg har et CV, jeg kan sende.",
             "فارسی": "یک رزومه دارم که می‌توانم بفرستم.", "ትግርኛ": "ክሰዶ ዝኽእል ሲቪ ኣለኒ።",
             "Soomaali": "Waxaan haystaa CV aan diri karo."}
    for _ in words:
        problem.click()
        added = page.locator("fieldset", has_text=re.compile(r"Fråga: .*work\.cv"))
        expect(added).to_be_in_viewport()
        field = added.locator("input")
        field.fill(words[added.locator("label").inner_text()])
        page.get_by_role("button", name=sv("Save the texts")).first.click()
        expect(page.get_by_text(sv("The texts are saved."))).to_be_visible()
    expect(page.get_by_role("heading", name=sv("Before it can be published"))).to_have_count(0)
    no_axe_violations(page)

    page.get_by_role("link", name=sv("Publish…")).click()
    expect(page.get_by_role("heading", name="Publicera version 2?")).to_be_visible()
    page.get_by_role("button", name=sv("Publish")).click()
    expect(page.get_by_text("Version 2 är publicerad.")).to_be_visible()
    expect(page.get_by_role("row", name="Hur är läget? 2")).to_contain_text(sv("Published"))
