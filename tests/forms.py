"""Forms from elsewhere for the tests: a workbook written as ODK and KoboToolbox users write one, a few such
forms, and one put to use (published, a group's Läget opened with it, answers sent and released)."""

import io

from openpyxl import Workbook
from sqlalchemy import select

from mina_svar import accounts, answering, authoring, cycles, organising, questionnaire
from mina_svar.models import Measurement
from mina_svar.question_kinds import Given, several

from .conftest import csrf_token
from .staff import PASSWORD, release, sign_in


def workbook(survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None) -> bytes:
    book = Workbook()
    book.active.title = "survey"
    for line in survey:
        book.active.append(line)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows is not None:
            sheet = book.create_sheet(title)
            for line in rows:
                sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def small_form() -> bytes:
    """A form from elsewhere in English and Swedish: a question on a scale with a hint, needed before going
    on (required), a note, and an open one with a hint in English only."""
    return workbook([["type", "name", "label::English (en)", "label::Svenska (sv)", "hint::English (en)",
                       "hint::Svenska (sv)", "required"],
                      ["begin_group", "work", "Work", "Arbete"],
                      ["select_one often", "cv", "I have a CV", "Jag har ett cv", "One you could send today",
                       "Ett du kunde skicka i dag", "yes"],
                      ["note", "last", "The last one!", "Den sista!"],
                      ["text", "more", "Anything else?", "Något mer?", "In your own words", ""],
                      ["end_group"]],
                     [["list_name", "name", "label::English (en)", "label::Svenska (sv)"],
                      ["often", "1", "No", "Nej"], ["often", "2", "Yes", "Ja"]],
                     [["form_id", "form_title"], ["jobb", "Jobb"]])


def skipping_form() -> bytes:
    """Skip logic as Kobo users write it: a question on the same page asked only after "often", one on the
    next page unless "never"; a condition Mina Svar does not read, and one on a whole group."""
    return workbook(
        [["type", "name", "label::English (en)", "label::Svenska (sv)", "relevant"],
         ["begin_group", "school", "School", "Skolan"],
         ["select_one often", "likes", "I like school", "Jag gillar skolan"],
         ["select_one often", "likes_breaks", "I like the breaks", "Jag gillar rasterna", "${likes} = '3'"],
         ["integer", "age", "Age", "Ålder"],
         ["text", "older", "Anything for older pupils?", "Något för äldre elever?", "${age} > 15"],
         ["end_group"],
         ["begin_group", "home", "Home", "Hemma", ""],
         ["select_one often", "help", "I get help at home", "Jag får hjälp hemma", "${likes} != '1'"],
         ["end_group"],
         ["begin_group", "extra", "Extra", "Extra", "${likes} = '2'"],
         ["text", "more", "More?", "Mer?"],
         ["end_group"]],
        [["list_name", "name", "label::English (en)", "label::Svenska (sv)"],
         ["often", "1", "Never", "Aldrig"], ["often", "2", "Sometimes", "Ibland"], ["often", "3", "Often", "Ofta"]],
        [["form_id", "form_title"], ["skolan", "Skolan"]])


def free_time_form() -> bytes:
    """A select_multiple with a hint, a question on the same page asked when "sport" is ticked, and one on the
    next page when "music" is."""
    return workbook(
        [["type", "name", "label::Svenska (sv)", "label::English (en)", "hint::Svenska (sv)", "relevant"],
         ["begin_group", "free", "Fritid", "Free time"],
         ["select_multiple does", "does", "På fritiden", "In my free time", "Kryssa i allt som stämmer"],
         ["select_one often", "sport_often", "Jag tränar ofta", "I often train", "", "selected(${does}, 'sport')"],
         ["end_group"],
         ["begin_group", "town", "Staden", "The town"],
         ["select_one often", "stage", "Det finns scener", "There are stages", "", "selected(${does}, 'music')"],
         ["text", "more", "Något mer?", "Anything else?"],
         ["end_group"]],
        [["list_name", "name", "label::Svenska (sv)", "label::English (en)"],
         ["does", "sport", "Idrott", "Sport"], ["does", "music", "Musik", "Music"], ["does", "games", "Spel", "Games"],
         ["often", "1", "Nej", "No"], ["often", "2", "Ibland", "Sometimes"], ["often", "3", "Ja", "Yes"]],
        [["form_id", "form_title"], ["fritid", "Fritid"]])


def in_use(session, data: bytes, before_publishing=None) -> str:
    """``data`` published as the questionnaire of a new organisation, and a group's Läget 1 opened with it:
    the join code (an organisation, a group and a leader of its own each time)."""
    draft, refused = authoring.from_workbook(session, data, "form.xlsx")
    if before_publishing is not None:  # what a coordinator does on the draft's page
        before_publishing(session, draft)
    assert refused == [] and authoring.publish(session, draft) == []
    organisation = organising.create_organisation(session, f"Föreningen {draft.key}")
    group = organising.create_group(session, organisation, "Gruppen")
    leader = accounts.create_user(session, f"{draft.key}@example.org", "Ledare", PASSWORD)
    organising.assign_leader(session, group, leader)
    organising.use_questionnaire(session, organisation, draft.key)
    cycle = cycles.start_cycle(session, group, "Våren", None, None, leader)
    measurement = cycles.open_measurement(session, cycle, "baseline", leader)
    session.commit()
    return measurement.code


def given(value) -> Given:
    """An answer as a test writes it: a value, "dk", the options ticked as a list, or words."""
    if value == "dk":
        return Given(dont_know=True)
    if isinstance(value, str):
        return Given(text=value)
    return Given(value=several(value) if isinstance(value, list) else value)


def sent_and_released(session, form: bytes, responses: list[dict], before_publishing=None):
    """``form`` in use, one sent response per {question key: value, "dk" or a list of options ticked} (as a
    phone sends: skipped answers go), released: (measurement, structure). ``before_publishing``: as in_use."""
    code = in_use(session, form, before_publishing)
    measurement = session.scalar(select(Measurement).where(Measurement.code == code))
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    ids = {q.key: q.id for q in structure.questions.values()}
    for answers in responses:
        respondent = answering.start(session, measurement, "sv")
        answering.save(session, respondent, {ids[key]: given(value) for key, value in answers.items()})
        answering.send(session, respondent, structure)
        session.commit()
    release(session, measurement)
    return measurement, structure


def uploaded(app, data: bytes, name: str, language: str = "sv"):
    """A coordinator's upload of a form as it is: (the answer, the signed-in client)."""
    client = app.test_client()
    assert sign_in(client, "c@example.org").status_code == 302
    token = csrf_token(client.get("/coordinate/questionnaires").text)
    return client.post("/coordinate/questionnaires/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "language": language, "workbook": (io.BytesIO(data), name)}), client
