"""Forms from ODK and KoboToolbox uploaded as they are: each real form (tests/files/xlsforms, with its source
and licence) becomes a draft with a list of what did not come across, or is refused for the one thing that
makes it unusable; and what a young person could not answer is never published."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mina_svar import analysis, authoring, db, questionnaire, questionnaire_texts, xlsform_reading
from mina_svar.models import Questionnaire

from .conftest import csrf_token, sqlite_only
from .forms import in_use, sent_and_released, skipping_form, small_form, uploaded, workbook
from .languages import sv

FORMS = Path(__file__).parent / "files" / "xlsforms"

# Each real form: ("refused", the refusal's code) or ("draft", its languages, (scale, background, multiple-choice,
# open) questions, codes that must be among what did not come across).
REAL = {
    "kobocat/MCH_v1.xls": ("draft", ["sv"], (7, 1, 1, 2), {"not_asked", "column_relevant"}),
    "kobocat/childrens_survey.xls": ("draft", ["sv"], (0, 0, 0, 3), {"repeat", "not_asked"}),
    "kobocat/form_with_unicode_in_relevant_column.xlsx": ("draft", ["en"], (0, 1, 0, 1),
                                                          {"unknown_language", "column_relevant"}),
    "kobocat/good_eats_multilang.xls": ("draft", ["en"], (0, 3, 0, 2),
                                        {"language_not_asked", "metadata", "or_other", "read_as_background"}),
    "kobocat/sample_accent.xlsx": ("draft", ["sv"], (0, 0, 1, 0), {"form_id_made"}),
    "kobocat/transportation.no_choices.xls": ("refused", "nothing_to_ask"),
    "kobocat/tutorial_arabic_labels.xls": ("draft", ["en", "ar"], (1, 0, 1, 1), {"not_asked"}),
    "pyxform/UCL_Biomass_Plot_Form.xlsx": ("draft", ["en"], (1, 6, 1, 3),
                                           {"repeat", "column_constraint", "note", "metadata"}),
    "pyxform/case_insensitivity.xlsx": ("draft", ["en"], (0, 1, 0, 0), {"form_id_made"}),
    "pyxform/extra_columns.xls": ("refused", "too_big"),
    "pyxform/group.xlsx": ("draft", ["en"], (0, 0, 0, 1), {"not_asked"}),
    "pyxform/or_other.xlsx": ("draft", ["sv"], (0, 2, 0, 0), {"or_other"}),
    "pyxform/specify_other.xlsx": ("draft", ["en"], (0, 1, 0, 0), {"or_other"}),
    "pyxform/survey_no_name.xlsx": ("refused", "no_sheet"),
    "pyxform/text_and_integer.xls": ("draft", ["en"], (0, 0, 0, 1), {"not_asked"}),
    "pyxform/tutorial.xls": ("refused", "nothing_to_ask"),
    "pyxform/widgets.xls": ("draft", ["sv"], (1, 9, 7, 0), {"not_asked", "column_other"}),
    "pyxform/xlsform_spec_test.xlsx": ("draft", ["en", "sv"], (0, 3, 0, 5), {"repeat", "language_not_asked"}),
    "pyxform/yes_or_no_question.xlsx": ("draft", ["en"], (0, 1, 0, 0), {"read_as_background"}),
}


def test_every_shipped_form_is_in_the_table():
    shipped = {f"{path.parent.name}/{path.name}" for path in FORMS.glob("*/*.xls*")}
    assert shipped == set(REAL)


def _kinds(draft: Questionnaire) -> tuple[int, ...]:
    questions = [q.kind for area in draft.focus_areas for q in area.questions]
    return tuple(questions.count(kind) for kind in ("scale", "choice", "multiple", "open"))


@sqlite_only  # reading a form: the database only keeps the draft
@pytest.mark.parametrize("form", list(REAL))
def test_a_real_form_is_a_draft_with_what_did_not_come_across_or_refused_for_one_thing(session, form):
    data = (FORMS / form).read_bytes()
    draft, refused = authoring.from_workbook(session, data, Path(form).name)
    expected = REAL[form]
    if expected[0] == "refused":
        assert draft is None and refused[0].code == expected[1], [p.code for p in refused]
        assert session.query(Questionnaire).count() == 1  # Läget only: nothing saved
        return
    _, languages, kinds, codes = expected
    assert refused == [] and draft is not None
    assert (draft.state, draft.languages, _kinds(draft)) == ("draft", languages, kinds)
    listed = {code for _sheet, _row, _column, code, _detail in draft.left_out}
    assert codes <= listed, listed
    # Every row listed names where it is: a row of a sheet, or the whole sheet's first row or the settings.
    assert all(sheet in ("survey", "choices", "settings") for sheet, *_rest in draft.left_out)


@sqlite_only  # reading a form: the database only keeps the draft
def test_a_kobo_form_as_people_write_it_comes_across(session):
    """Headers in any case, "list name", "select one from", text choice names, label::English without a code,
    no settings sheet, two open questions in a group, a note opening a group, a hint, a condition, "required",
    multiple choice and "don't know" turned off."""
    data = workbook(
        [["Type", "Name", "Label::English", "Label::Arabic", "Hint::English", "Relevant", "Required",
          "mina_svar_dont_know"],
         ["note", "welcome", "Welcome!", "!أهلا"],
         ["begin group", "school", "School", "المدرسة"],
         ["note", "school_about", "About school.", "عن المدرسة."],
         ["select one from often", "likes_school", "I like school", "أحب المدرسة", "Think of this term", "", "yes",
          "no"],
         ["select_one grade", "grade", "My grade", "صفي"],
         ["select one yesno", "homework", "I do my homework", "أقوم بواجباتي", "", "${likes_school} = 'often'"],
         ["select_multiple subjects", "subjects", "Subjects I like", "المواد التي أحبها"],
         ["text", "best", "What is best?", "ما الأفضل؟", "", "${subjects} = 'art'"],
         ["text", "worst", "What is worst?", "ما الأسوأ؟", "", "selected(${subjects}, 'art')"],
         ["integer", "age", "Age", "العمر"],
         ["end group"]],
        [["List Name", "Name", "Label::English", "Label::Arabic"],
         ["often", "never", "Never", "أبدا"], ["often", "sometimes", "Sometimes", "أحيانا"],
         ["often", "often", "Often", "غالبا"],
         ["grade", "1", "Low", "منخفض"], ["grade", "2", "Middle", "متوسط"], ["grade", "3", "High", "عال"],
         ["yesno", "yes", "Yes", "نعم"], ["yesno", "no", "No", "لا"],
         ["subjects", "maths", "Maths", "رياضيات"], ["subjects", "art", "Art", "فن"]])
    reading = xlsform_reading.read(data, "School Survey 2026.xlsx")
    assert reading.refused == [] and reading.form_id == "school_survey_2026"
    document = reading.document
    assert document["languages"] == ["en", "ar"] and document["intro"] == {"en": "Welcome!", "ar": "!أهلا"}
    (area,) = document["focus_areas"]
    assert (area["key"], area["title"]["en"], area["description"]["en"]) == ("school", "School", "About school.")
    # Numbered answers outside an indicator: an indicator of its own; worded ones: background questions.
    assert [(i["key"], [q["key"] for q in i["questions"]]) for i in area["indicators"]] == [
        ("grade", ["school.grade"])]
    assert [(q["key"], q["dont_know"], q["hint"], q.get("several", False)) for q in area["background"]] == [
        ("school.likes_school", False, {"en": "Think of this term"}, False), ("school.homework", True, {}, False),
        ("school.subjects", True, {}, True)]
    assert [document["scales"][q["scale"]][0]["label"]["en"] for q in area["background"]] == ["Never", "Yes", "Maths"]
    assert [q["key"] for q in area["open_questions"]] == ["school.best", "school.worst"]
    # Ticked options: selected() is read; "= 'art'" (art alone, in ODK) is not, and is listed.
    assert [q["shown_if"] for q in area["open_questions"]] == [
        None, {"all": [{"key": "school.subjects", "op": "has", "value": 2}]}]
    listed = [(row, code) for _sheet, row, _column, code, _detail in
              [(p.sheet, p.row, p.column, p.code, p.detail) for p in reading.left_out]]
    assert area["background"][1]["shown_if"] == {"all": [{"key": "school.likes_school", "op": "=", "value": 3}]}
    assert {(9, "column_relevant"),
            (11, "not_asked"), (5, "read_as_background"), (7, "read_as_background"),
            (0, "form_id_made")} <= set(listed), listed
    draft, refused = authoring.from_workbook(session, data, "School Survey 2026.xlsx")
    assert refused == [] and draft.key == "school_survey_2026"
    assert questionnaire_texts.problems(draft) == []  # every text in both languages: it may be published


@pytest.mark.parametrize(("suffix", "code"), [
    ("English (en)", "en"), ("English", "en"), ("english", "en"), ("Svenska (sv)", "sv"), ("Svenska", "sv"),
    ("العربية (ar)", "ar"), ("Soomaali", "so"), ("Persian", "fa"), ("ar", "ar"), ("", "da"),
    ("French", "fr"), ("Swahili (sw)", "sw"), ("Klingon", None),
])
def test_a_columns_language_is_read_from_its_code_or_its_name(suffix, code):
    assert xlsform_reading.language_of(suffix, "da") == code


@sqlite_only  # reading a form: the database only keeps the draft
def test_a_bare_label_column_is_in_the_language_the_coordinator_says_or_the_forms_default(session):
    survey = [["type", "name", "label"], ["text", "q", "Hur mår du?"]]
    assert xlsform_reading.read(workbook(survey), unnamed_language="nb").document["languages"] == ["nb"]
    said = workbook(survey, settings=[["form_id", "default_language"], ["x", "Swedish (sv)"]])
    assert xlsform_reading.read(said, unnamed_language="nb").document["languages"] == ["sv"]


@sqlite_only  # reading a form: the database only keeps the draft
def test_what_a_young_person_cannot_answer_is_not_published(session):
    french = workbook([["type", "name", "label::French (fr)"], ["select_one x", "q", "Ça va ?"]],
                       [["list_name", "name", "label::French (fr)"], ["x", "1", "Oui"]])
    draft, refused = authoring.from_workbook(session, french, "french.xlsx")
    assert refused == [] and draft.languages == []
    kinds = {problem.kind for problem in authoring.publish(session, draft)}
    assert {"no_language", "too_few_answers"} <= kinds
    assert session.get(Questionnaire, draft.id).state == "draft"


@sqlite_only  # reading a form: the database only keeps the draft
def test_an_xls_beyond_the_limits_is_refused_before_it_is_read(session):
    draft, refused = authoring.from_workbook(session, (FORMS / "pyxform/extra_columns.xls").read_bytes())
    assert draft is None and [(p.code, p.detail) for p in refused] == [("too_big", "columns")]


@sqlite_only  # reading a form: the database only keeps the draft
def test_a_hint_and_required_are_kept_translated_and_downloaded_again_as_they_came(session, tmp_path):
    from pyxform.xls2json import parse_file_to_json

    from mina_svar import questionnaire, xlsform

    data = small_form()
    draft, refused = authoring.from_workbook(session, data, "jobb.xlsx")
    assert refused == [] and draft.left_out == []
    cv, more = draft.focus_areas[0].questions
    assert cv.hint == {"en": "One you could send today", "sv": "Ett du kunde skicka i dag"}
    assert (cv.required, more.required) == (True, False)
    # A hint is translated like every text, but not needed in every language before publishing.
    rows = questionnaire_texts.translation(draft, "en", "sv")
    assert [(r.what, r.target, r.required) for r in rows if r.what == "question_hint"] == [
        ("question_hint", "", False), ("question_hint", "Ett du kunde skicka i dag", False)]
    assert questionnaire_texts.problems(draft) == []
    again = xlsform.workbook(draft)
    path = tmp_path / "again.xlsx"
    path.write_bytes(again)
    warnings: list[str] = []
    parse_file_to_json(str(path), warnings=warnings)  # ODK and KoboToolbox read it, hints and all
    assert warnings == []
    read = xlsform_reading.read(again).document["focus_areas"][0]
    assert (read["indicators"][0]["questions"][0]["hint"], read["open_questions"][0]["hint"]) == (
        cv.hint, {"en": "In your own words"})
    assert (read["indicators"][0]["questions"][0]["required"], read["open_questions"][0]["required"]) == (True, False)
    assert questionnaire.structure(session, draft.id).areas[0].questions[0].hint == cv.hint


# Request level

def test_a_phone_shows_a_questions_hint_and_goes_on_only_once_a_needed_question_is_answered(app):
    with app.app_context():
        code = in_use(db.session(), small_form())
        structure = questionnaire.structure(db.session(), db.session().scalar(
            select(Questionnaire.id).where(Questionnaire.key == "jobb")))
    cv = structure.areas[0].questions[0]
    phone = app.test_client()
    joined = phone.get(f"/j/{code}")
    started = phone.post(f"/j/{code}/start", data={"csrf_token": csrf_token(joined.text), "lang": "sv"})
    assert started.status_code == 302
    page = phone.get(f"/j/{code}/1")
    assert page.status_code == 200 and "Jag har ett cv" in page.text
    assert 'id="question-hint-' in page.text and "Ett du kunde skicka i dag" in page.text
    assert f'data-needed="q-{cv.id}"' in page.text and f"({sv('needed')})" in page.text
    assert page.text.index("Jag har ett cv") < page.text.index("Den sista!") < page.text.index("Något mer?")
    # Without the phone's script: the whole page is sent; Next without the needed answer stays, and says why.
    token = csrf_token(page.text)
    stayed = phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", f"q-{cv.id}": ""})
    assert stayed.status_code == 400
    assert sv("Answer the questions marked “needed” before going on: “Don't know” is an answer too.") in stayed.text
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "back"}).status_code == 302  # back is free
    went_on = phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", f"q-{cv.id}": "dk"})
    assert went_on.status_code == 302 and went_on.location.endswith(f"/j/{code}/finish")

def _uploaded(app, form: str, language: str = "sv"):
    """A coordinator's upload of one of the shipped forms, as it is: (the answer, the signed-in client)."""
    return uploaded(app, (FORMS / form).read_bytes(), Path(form).name, language)


def test_a_coordinator_uploads_a_kobo_form_as_it_is_and_reads_what_did_not_come_across(app, world):
    made, client = _uploaded(app, "kobocat/good_eats_multilang.xls", "en")
    assert made.status_code == 302
    page = client.get(made.location)
    assert page.status_code == 200 and 'id="left-out-heading"' in page.text
    assert sv("Texts in %(name)s were left out: it is not among the languages young people answer Mina Svar "
              "in.") % {"name": "French"} in page.text
    assert sv("The type %(type)s is not one Mina Svar asks: the row was left out.") % {"type": "geopoint"} in page.text


@pytest.mark.parametrize("form", [form for form, expected in REAL.items() if expected[0] == "refused"])
def test_a_refused_real_form_says_why_and_nothing_is_saved(app, world, form):
    refused, _client = _uploaded(app, form)
    assert refused.status_code == 400 and sv("Nothing was saved. The workbook has these problems:") in refused.text
    with app.app_context():
        assert db.session().query(Questionnaire).count() == 1


def test_an_upload_without_a_language_for_unnamed_columns_is_refused_plainly(app, world):
    refused, _client = _uploaded(app, "pyxform/group.xlsx", "xx")
    assert refused.status_code == 400
    assert sv("Choose the language of texts whose column names none.") in refused.text


@sqlite_only  # reading a form: the database only keeps the draft
def test_a_note_between_questions_is_shown_before_the_one_after_it_and_goes_out_again(session, tmp_path):
    from mina_svar import xlsform

    data = workbook([["type", "name", "label::English (en)", "label::Svenska (sv)"],
                      ["begin_group", "school", "School", "Skolan"],
                      ["note", "about", "About school.", "Om skolan."],
                      ["text", "best", "What is best?", "Vad är bäst?"],
                      ["note", "now_home", "Now about home.", "Nu om hemmet."],
                      ["note", "honest", "Be honest.", "Var ärlig."],
                      ["text", "home", "How is home?", "Hur är det hemma?"],
                      ["note", "thanks", "Thanks!", "Tack!"],
                      ["end_group"]])
    draft, refused = authoring.from_workbook(session, data, "notes.xlsx")
    assert refused == []
    area = draft.focus_areas[0]
    assert area.description == {"en": "About school.", "sv": "Om skolan."}
    assert [(q.key, q.lead_in) for q in area.questions] == [
        ("school.best", None),
        ("school.home", {"en": "Now about home.\n\nBe honest.", "sv": "Nu om hemmet.\n\nVar ärlig."})]
    # The last note has no question after it.
    assert [(row, code) for _s, row, _c, code, _d in draft.left_out if code == "note"] == [(8, "note")]
    read = xlsform_reading.read(xlsform.workbook(draft)).document["focus_areas"][0]
    assert (read["description"], [q["lead_in"] for q in read["open_questions"]]) == (
        area.description, [{}, area.questions[1].lead_in])


@sqlite_only  # reading a form: the database only keeps the draft
def test_simple_skip_logic_is_kept_and_the_rest_listed(session, tmp_path):
    from pyxform.xls2json import parse_file_to_json

    from mina_svar import xlsform

    draft, refused = authoring.from_workbook(session, skipping_form(), "skolan.xlsx")
    assert refused == []
    shown_if = {q.key: q.shown_if for area in draft.focus_areas for q in area.questions}
    assert shown_if["school.likes_breaks"] == {"all": [{"key": "school.likes", "op": "=", "value": 3}]}
    assert shown_if["home.help"] == {"all": [{"key": "school.likes", "op": "!=", "value": 1}]}
    assert shown_if["school.older"] is None and shown_if["school.likes"] is None
    listed = {(row, code) for _sheet, row, _column, code, _detail in draft.left_out}
    assert {(6, "column_relevant"), (11, "column_relevant")} <= listed, listed
    again = xlsform.workbook(draft)
    path = tmp_path / "again.xlsx"
    path.write_bytes(again)
    warnings: list[str] = []
    parse_file_to_json(str(path), warnings=warnings)
    assert warnings == []
    read = {q["key"]: q["shown_if"] for area in xlsform_reading.read(again).document["focus_areas"]
            for i in area["indicators"] for q in i["questions"]}
    assert read["school.likes_breaks"] == shown_if["school.likes_breaks"] and read["home.help"] == shown_if["home.help"]


def test_the_draft_says_when_a_question_is_asked(app, world):
    made, client = uploaded(app, skipping_form(), "skolan.xlsx")
    assert made.status_code == 302
    page = client.get(made.location)
    assert sv("Asked only when: %(condition)s") % {"condition": "${school.likes} != &#39;1&#39;"} in page.text


def test_a_skipped_question_is_not_an_answer_and_the_results_count_only_those_asked(app):
    from mina_svar import analysis
    from mina_svar.models import Answer

    likes_given = [1, 1, 2, 2, 3, 3, 3, 2, 1, 3]
    with app.app_context():
        session = db.session()
        # Every one answers "help" too, as a phone might before changing "likes" back to "never".
        measurement, structure = sent_and_released(session, skipping_form(), [
            {"school.likes": likes, "home.help": 2, "school.likes_breaks": 3} for likes in likes_given])
        ids = {q.key: q.id for q in structure.questions.values()}
        asked_help = sum(1 for likes in likes_given if likes != 1)
        asked_breaks = sum(1 for likes in likes_given if likes == 3)
        stored = {key: session.query(Answer).filter(Answer.question_id == ids[key]).count()
                  for key in ("home.help", "school.likes_breaks", "school.likes")}
        assert stored == {"home.help": asked_help, "school.likes_breaks": asked_breaks, "school.likes": 10}
        results = analysis.results(session, measurement, structure, 5)
        help_result = next(q for _indicator, questions in results.area("home").indicators for q in questions
                           if q.question.key == "home.help")
        assert (help_result.shown, help_result.n, help_result.counts) == (True, asked_help, {1: 0, 2: asked_help, 3: 0})
        breaks = next(q for _indicator, questions in results.area("school").indicators for q in questions
                      if q.question.key == "school.likes_breaks")
        assert (breaks.shown, breaks.n) == (False, None)  # 4 asked: under the minimum of 5


def test_a_phone_without_its_script_is_not_asked_what_an_earlier_page_skips(app):
    with app.app_context():
        code = in_use(db.session(), skipping_form())
        structure = questionnaire.structure(db.session(), db.session().scalar(
            select(Questionnaire.id).where(Questionnaire.key == "skolan")))
    ids = {q.key: q.id for q in structure.questions.values()}
    phone = app.test_client()
    joined = phone.get(f"/j/{code}")
    token = csrf_token(joined.text)
    assert phone.post(f"/j/{code}/start", data={"csrf_token": token, "lang": "sv"}).status_code == 302
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next",
                                             f"q-{ids['school.likes']}": "1"}).status_code == 302
    home = phone.get(f"/j/{code}/2")
    assert home.status_code == 200 and "Jag får hjälp hemma" in home.text
    assert 'data-shown-if="' in home.text
    assert home.text.index(" hidden>") < home.text.index("Jag får hjälp hemma")  # hidden: "never" skips it
    finish = phone.get(f"/j/{code}/finish")
    assert finish.status_code == 200
    page_one = phone.get(f"/j/{code}/1")
    # On its own page the condition is the script's to decide: without it, the question is there to answer.
    breaks = page_one.text.index("Jag gillar rasterna")
    assert page_one.text.rfind('<div class="asked-if"', 0, breaks) > page_one.text.rfind(" hidden>", 0, breaks)


@sqlite_only  # reading a form: the database only keeps the draft
@pytest.mark.parametrize("form", ["laget", "small", "skipping"])
def test_a_download_passes_odk_validate(session, tmp_path, form):
    """ODK's own validator (ODK_Validate.jar, shipped with pyxform; Java) takes every download: Läget, and
    forms with hints, required questions and skip logic as they go out again."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.validators import odk_validate
    from pyxform.xls2json import parse_file_to_json

    from mina_svar import xlsform

    if form == "laget":
        version = questionnaire.latest(session)
    else:
        version, refused = authoring.from_workbook(session, small_form() if form == "small" else skipping_form())
        assert refused == []
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsform.workbook(version))
    xform = tmp_path / "form.xml"
    xform.write_text(create_survey_element_from_dict(parse_file_to_json(str(path), warnings=[])).to_xml(),
                     encoding="utf-8")
    assert "<h:title>" in xform.read_text(encoding="utf-8")  # an XForm: something to validate
    assert odk_validate.check_xform(str(xform)) == []


def _asked_after_a_background_question() -> bytes:
    """A background question ("who"), a scale question asked unless "other", and words asked only after
    "other" beside words asked of all."""
    return workbook(
        [["type", "name", "label::Svenska (sv)", "relevant"],
         ["begin_group", "about", "Om dig"],
         ["select_one who", "who", "Jag är"],
         ["text", "what", "Berätta mer", "${who} = 'other'"],
         ["text", "more", "Något mer?"],
         ["end_group"],
         ["begin_group", "school", "Skolan"],
         ["select_one often", "likes", "Jag gillar skolan", "${who} != 'other'"],
         ["end_group"]],
        [["list_name", "name", "label::Svenska (sv)"],
         ["who", "girl", "Tjej"], ["who", "boy", "Kille"], ["who", "other", "Annat"],
         ["often", "1", "Aldrig"], ["often", "2", "Ibland"], ["often", "3", "Ofta"]],
        [["form_id", "form_title"], ["om_dig", "Om dig"]])


@pytest.mark.parametrize(("who_given", "likes_shown"), [
    # One says "other" and nine leave "who" unanswered: "who" is hidden (1 answer), so "likes" (asked of the
    # nine) must be too, or its 9 answers of 10 would tell that at most one said "other".
    ([3] + [None] * 9, False),
    # Enough answered "who" for it to be shown: "likes" tells nothing hidden and is shown.
    ([1, 1, 2, 2, 1, 3, 2, 1, 2, 1], True),
])
def test_a_question_asked_after_a_hidden_answer_is_hidden_too(app, who_given, likes_shown):
    from mina_svar import analysis

    with app.app_context():
        session = db.session()
        measurement, structure = sent_and_released(session, _asked_after_a_background_question(), [
            {"school.likes": 2, **({"about.who": who} if who is not None else {})} for who in who_given])
        results = analysis.results(session, measurement, structure, 5)
        who_result = results.area("about").background[0]
        likes = next(q for _indicator, questions in results.area("school").indicators for q in questions)
        asked = sum(1 for who in who_given if who != 3)
        assert who_result.shown is likes_shown  # the case is the one meant
        assert (likes.shown, likes.n) == ((True, asked) if likes_shown else (False, None))


@pytest.mark.parametrize(("who_given", "told"), [
    # One says "other" and writes; nine leave "who": "who" is hidden, and so is what only "other" was asked.
    ([3] + [None] * 9, False),
    ([3, 3, 1, 2, 1, 2, 1, 2, 1, 2], True),
])
def test_words_written_after_a_hidden_answer_are_not_shown(app, who_given, told):
    from mina_svar import moderation

    with app.app_context():
        session = db.session()
        measurement, structure = sent_and_released(session, _asked_after_a_background_question(), [
            {"about.more": "Inget", **({"about.who": who, "about.what": "Något eget"} if who is not None else {})}
            for who in who_given])
        who_result = analysis.results(session, measurement, structure, 5).area("about").background[0]
        assert who_result.shown is told  # the case is the one meant
        words = [answer.text for answer in moderation.open_answers(session, measurement, structure, 5)["about"]]
        assert words.count("Inget") == 10  # the area's other open question: every one's words
        assert words.count("Något eget") == (who_given.count(3) if told else 0)
        assert moderation.pending(session, measurement, structure, 5) == len(words)


ROW_TYPES = ["begin_group", "end_group", "select_one often", "select_multiple often", "select one from words",
             "select_one words", "select_multiple missing", "text", "note", "integer", "begin_repeat", "end_repeat",
             "calculate", "select_one often or_other", ""]
CONDITIONS = ["", "${a} = '1'", "selected(${b}, 'x')", "${a} != 'no'", "${zz} = '1'", "${a} > 2", "((", "${a}"]


@st.composite
def _forms(draw) -> tuple[list, list]:
    """A form as people write them, and as they get them wrong: groups unclosed, a list that is not there,
    conditions on questions that come later or do not exist, words and numbers as choice names."""
    names = st.sampled_from(["a", "b", "c", "q1", "a", "Fråga 1", "x y", "", "1st"])
    survey = [["type", "name", "label", "label::English (en)", "relevant", "required", "hint"]]
    for _ in range(draw(st.integers(0, 12))):
        survey.append([draw(st.sampled_from(ROW_TYPES)), draw(names),
                       draw(st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=8)),
                       draw(st.sampled_from(["", "Yes?", "ℵ"])), draw(st.sampled_from(CONDITIONS)),
                       draw(st.sampled_from(["", "yes", "true()", "${a} > 1"])), draw(st.sampled_from(["", "h"]))])
    choices = [["list_name", "name", "label", "label::English (en)"]]
    for list_name, choice_names in (("often", draw(st.lists(st.sampled_from(["1", "2", "3", "1", "-1"]), max_size=4))),
                                    ("words", draw(st.lists(st.sampled_from(["x", "no", "often", "x"]), max_size=4)))):
        choices += [[list_name, name, f"{name}!", ""] for name in choice_names]
    return survey, choices


@sqlite_only  # reading a form: the database only keeps the draft
@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=_forms())
def test_any_form_is_a_draft_that_goes_out_and_comes_back_the_same_or_is_refused_for_a_reason(session, form):
    from mina_svar import xlsform

    draft, refused = authoring.from_workbook(session, workbook(*form), "fuzzed.xlsx")
    event("refused" if draft is None else "a draft")
    if draft is None:
        assert refused and all(problem.code for problem in refused)
        session.rollback()
        return
    asked = {(q.key, q.kind, q.required, q.shown_if is not None) for area in draft.focus_areas for q in area.questions}
    assert asked  # a draft asks something
    questionnaire_texts.problems(draft)  # says what keeps it from publishing, if anything
    again = xlsform_reading.read(xlsform.workbook(draft))
    assert again.refused == []
    document = again.document
    read = {(q["key"], kind, q.get("required", False), q.get("shown_if") is not None)
            for area in document["focus_areas"]
            for kind, q in [*(("scale", q) for i in area["indicators"] for q in i["questions"]),
                            *(("multiple" if q.get("several") else "choice", q) for q in area["background"]),
                            *(("open", q) for q in area["open_questions"])]}
    assert read == asked
    session.rollback()


@sqlite_only  # reading a form: the database only keeps the draft
def test_a_condition_may_look_further_down_the_form_but_not_in_a_circle(session):
    """As in ODK: a question may be asked after an answer further down (and a draft puts an area's background
    questions after its indicators, so a download has such conditions); two conditions looking at each other
    are listed, and both questions asked of all."""
    from mina_svar import xlsform

    data = workbook([["type", "name", "label", "relevant"],
                     ["begin_group", "school", "Skolan"],
                     ["begin_group", "likes", "Trivsel"],
                     ["select_one often", "breaks", "Rasterna", "${who} = 'girl'"],
                     ["end_group"],
                     ["select_one who", "who", "Jag är"],
                     ["select_one who", "first", "Först", "${second} = 'boy'"],
                     ["select_one who", "second", "Sedan", "${first} = 'boy'"],
                     ["select_one who", "third", "Sist", "${first} = 'boy'"],
                     ["select_one who", "itself", "Själv", "${itself} = 'boy'"],
                     ["end_group"]],
                    [["list_name", "name", "label"], ["often", "1", "Aldrig"], ["often", "2", "Ofta"],
                     ["who", "girl", "Tjej"], ["who", "boy", "Kille"]])
    draft, refused = authoring.from_workbook(session, data, "skolan.xlsx")
    assert refused == []
    shown_if = {q.key: q.shown_if for area in draft.focus_areas for q in area.questions}
    assert shown_if["school.breaks"] == {"all": [{"key": "school.who", "op": "=", "value": 1}]}
    assert shown_if["school.first"] is None and shown_if["school.second"] is None
    # Looking at a circle is no circle; looking at itself is one.
    assert shown_if["school.third"] == {"all": [{"key": "school.first", "op": "=", "value": 2}]}
    assert shown_if["school.itself"] is None
    listed = [(row, code) for _sheet, row, _column, code, _detail in draft.left_out]
    assert [row for row, code in listed if code == "column_relevant"] == [7, 8, 10]
    assert [row for row, _code in listed] == sorted(row for row, _code in listed if row) + \
        [row for row, _code in listed if not row]  # row by row, what concerns a whole sheet after
    again = xlsform_reading.read(xlsform.workbook(draft)).document["focus_areas"][0]
    assert again["indicators"][0]["questions"][0]["shown_if"] == shown_if["school.breaks"]
