"""Questionnaires as XLSForm: what ODK and KoboToolbox read (checked with pyxform, their reference parser)."""

import json

import pytest
from pyxform.builder import create_survey_element_from_dict
from pyxform.xls2json import parse_file_to_json

from mina_svar import db, drafts, questionnaire, questionnaire_texts, xlsform, xlsform_reading

from .languages import sv


def _parsed(tmp_path, data: bytes) -> tuple[dict, list]:
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    warnings: list[str] = []
    return parse_file_to_json(str(path), warnings=warnings), warnings


def _shape(document: dict) -> dict:
    """What a questionnaire document says, in a form two can be compared in."""
    return {
        "key": document["key"], "version": document["version"], "languages": document["languages"],
        "intro": document.get("intro", {}),
        "areas": [(a["key"], a["title"], a.get("description", {}),
                   [(i["key"], i["title"],
                     [(q["key"], q["text"], q.get("reversed", False),
                       [(o["value"], o["label"]) for o in document["scales"][q["scale"]]])
                      for q in i["questions"]]) for i in a["indicators"]],
                   [(q["key"], q["text"]) for q in ([a["open_question"]] if "open_question" in a
                                                    else a.get("open_questions", []))])
                  for a in document["focus_areas"]],
    }


def test_läget_as_xlsform_is_a_valid_form_that_reads_back_the_same(app, tmp_path):
    shipped = json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))
    with app.app_context():
        data = xlsform.workbook(questionnaire.latest(db.session()))
    parsed, warnings = _parsed(tmp_path, data)
    assert warnings == []
    xform = create_survey_element_from_dict(parsed).to_xml()  # the XForm ODK Collect would get
    assert "work.apply" in xform and 'lang="العربية (ar)"' in xform
    assert parsed["default_language"] == "Svenska (sv)" and parsed["title"] == shipped["title"]["sv"]
    read = xlsform_reading.read(data)
    assert read.left_out == [] and read.refused == []
    assert _shape(read.document) == _shape(shipped)


@pytest.mark.parametrize("language, header", [("sv", "label::Svenska (sv)"), ("ar", "label::العربية (ar)")])
def test_a_language_column_names_the_language_in_its_own_words_and_its_code(language, header):
    assert xlsform.language_column(language) == header


def test_a_coordinator_downloads_any_version_as_xlsform(app, world, tmp_path):
    from .staff import sign_in

    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    with app.app_context():
        laget = questionnaire.latest(db.session())
        url = f"/coordinate/questionnaires/{laget.id}/xlsform.xlsx"
    assert url in coordinator.get(f"/coordinate/questionnaires/{laget.id}").text
    answer = coordinator.get(url)
    assert answer.status_code == 200 and answer.headers["Content-Disposition"] == 'attachment; filename="laget-1.xlsx"'
    parsed, warnings = _parsed(tmp_path, answer.data)
    assert warnings == [] and parsed["id_string"] == "laget"
    assert coordinator.get("/coordinate/questionnaires/999999/xlsform.xlsx").status_code == 404


# Uploading a workbook as a new draft

def _exported(app) -> bytes:
    with app.app_context():
        return xlsform.workbook(questionnaire.latest(db.session()))


def _edited(data: bytes, change) -> bytes:
    """The workbook after ``change(book)``: the way a coordinator edits one in a spreadsheet."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_of(sheet, name: str) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[1].value == name)


def _codes(app, data: bytes):
    from mina_svar import authoring

    with app.app_context():
        draft, problems = authoring.from_workbook(db.session(), data)
        assert draft is None
        return [(p.sheet, p.row, p.column, p.code) for p in problems]


def test_an_uploaded_workbook_becomes_the_next_version_as_a_draft(app, tmp_path):
    from mina_svar import authoring

    data = _edited(_exported(app), lambda book: book["survey"].cell(_row_of(book["survey"], "work.apply"), 4)
                   .__setattr__("value", "I know how to apply for a job, and where."))
    with app.app_context():
        session = db.session()
        draft, problems = authoring.from_workbook(session, data)
        assert problems == [] and (draft.key, draft.version, draft.state) == ("laget", 2, "draft")
        assert draft.title == questionnaire.latest(session).title  # the translated titles kept, not the Swedish
        uploaded, shipped = questionnaire.structure(session, draft.id), questionnaire.structure(
            session, questionnaire.latest(session).id)
        assert [(a.key, [(q.key, q.kind, q.indicator_key, [o.value for o in q.options]) for q in a.questions])
                for a in uploaded.areas] == \
            [(a.key, [(q.key, q.kind, q.indicator_key, [o.value for o in q.options]) for q in a.questions])
             for a in shipped.areas]
        assert uploaded.areas[0].questions[0].text["en"] == "I know how to apply for a job, and where."
        assert questionnaire_texts.problems(draft) == []  # every text in every language: it can be published as it is


def _set(sheet, name: str, column: int, value):
    sheet.cell(_row_of(sheet, name), column).value = value


# The survey sheet's columns: type, name, a label and a hint per language, required, relevant, then mina_svar_key.
LABELS = len(json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))["languages"])
KEY = 5 + 2 * LABELS

# Each: the change, and the refusals it must give, each (sheet, the name on its row or a row number, column,
# code); a row 0 is the whole sheet. Only what makes a draft impossible or changes what earlier answers mean
# is refused; the rest is left out and listed on the draft (LEFT_OUT below).
BROKEN = {
    "duplicate key": (lambda b: [_set(b["survey"], "work.tried", KEY, "work.apply"),
                                 _set(b["survey"], "work.tried", 2, "work.apply")],
                      [("survey", "work.tried", "B", "duplicate_key")]),
    "moved to another indicator": (lambda b: [_set(b["survey"], "work.tried", KEY, "work.tried_x"),
                                              _set(b["survey"], "work.tried", 2, "work.tried_x"),
                                              _set(b["survey"], "work.apply", KEY, "work.tried"),
                                              _set(b["survey"], "work.apply", 2, "work.tried")],
                                   [("survey", "work.apply", "B", "moved")]),
    # Without its indicator's group the questions stand elsewhere than where they were asked.
    "questions out of their indicator": (lambda b: b["survey"].delete_rows(_row_of(b["survey"], "work-ways_in")),
                                         [("survey", "work.apply", "B", "moved")]),
    "no survey sheet": (lambda b: b["survey"].__setattr__("title", "enkät"), [("survey", 0, "", "no_sheet")]),
    "no type column": (lambda b: b["survey"].cell(1, 1).__setattr__("value", "sort"),
                       [("survey", 1, "", "no_column")]),
}


def _column(sheet, name: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == name)


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_workbook_that_cannot_be_a_draft_says_why_and_saves_nothing(app, case):
    import io

    from openpyxl import load_workbook

    from mina_svar.models import Questionnaire

    change, expected = BROKEN[case]
    broken = _edited(_exported(app), change)
    codes = _codes(app, broken)
    sheet = load_workbook(io.BytesIO(broken))
    for where, row, column, code in expected:
        if isinstance(row, str):  # the row the name is on, in the broken workbook (or where it was)
            names = {line[1].value: line[0].row for line in sheet[sheet.sheetnames[0]].iter_rows()}
            row = names.get(row) or _row_of(load_workbook(io.BytesIO(_exported(app)))["survey"], row)
        assert (where, row, column, code) in codes, (case, codes)
    with app.app_context():
        assert db.session().query(Questionnaire).count() == 1


# Each: the change, and what the draft lists as not come across, (sheet, the name on its row, column, code).
LEFT_OUT = {
    "unknown list": (lambda b: _set(b["survey"], "work.apply", 1, "select_one often9"),
                     [("survey", "work.apply", "A", "unknown_list")]),
    "two at once": (lambda b: [_set(b["survey"], "work.apply", 1, "select_one nope"),
                               _set(b["survey"], "housing.better", 1, "photo")],
                    [("survey", "work.apply", "A", "unknown_list"), ("survey", "housing.better", "A", "not_asked")]),
    "a group left open": (lambda b: b["survey"].delete_rows(b["survey"].max_row),
                          [("survey", 0, "", "unmatched_begin")]),
    "a form_id of words": (lambda b: b["settings"].cell(2, _column(b["settings"], "form_id"))
                           .__setattr__("value", "Hur är läget"), [("settings", 2, "", "form_id_made")]),
}


@pytest.mark.parametrize("case", list(LEFT_OUT))
def test_what_does_not_come_across_is_listed_on_the_draft(app, case):
    import io

    from openpyxl import load_workbook

    from mina_svar import authoring

    change, expected = LEFT_OUT[case]
    data = _edited(_exported(app), change)
    names = {line[1].value: line[0].row for line in load_workbook(io.BytesIO(data))["survey"].iter_rows()}
    with app.app_context():
        draft, refused = authoring.from_workbook(db.session(), data)
        assert refused == [] and draft is not None, (case, refused)
        listed = [(sheet, row, column, code) for sheet, row, column, code, _detail in draft.left_out]
    for where, name, column, code in expected:
        assert (where, names.get(name, name), column, code) in listed, (case, listed)


def test_a_question_with_answers_may_be_retired_but_not_left_out(app, world):
    from .staff import answered

    answered(app, world.measurement, [3, 4, 5, 3, 4])
    left_out = _edited(_exported(app), lambda b: b["survey"].delete_rows(_row_of(b["survey"], "work.apply")))
    assert _codes(app, left_out) == [("survey", 0, "", "answered_removed")]
    def retire(book):
        column = book["survey"].max_column + 1  # a column of its own, after every language's
        book["survey"].cell(1, column).value = "mina_svar_retired"
        _set(book["survey"], "work.apply", column, "yes")

    retired = _edited(_exported(app), retire)
    from mina_svar import authoring

    with app.app_context():
        draft, problems = authoring.from_workbook(db.session(), retired)
        assert problems == [] and "work.apply" not in {q.key for a in draft.focus_areas for q in a.questions}
        assert "work.apply" in drafts.retired(db.session(), draft)


def test_what_is_not_a_workbook_says_so(app):
    assert _codes(app, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old workbook's signature and no more") == [
        ("", 0, "", "not_a_workbook")]
    assert _codes(app, b"PK\x03\x04 not really") == [("", 0, "", "not_a_workbook")]


def test_a_coordinator_uploads_a_workbook_and_sees_every_problem_or_the_new_draft(app, world):
    import io

    from .conftest import csrf_token
    from .staff import sign_in

    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    token = csrf_token(coordinator.get("/coordinate/questionnaires").text)

    def upload(data: bytes):
        return coordinator.post("/coordinate/questionnaires/upload", content_type="multipart/form-data",
                                data={"csrf_token": token, "language": "sv",
                                      "workbook": (io.BytesIO(data), "laget.xlsx")})

    broken = _edited(_exported(app), lambda b: [_set(b["survey"], "work.tried", KEY, "work.apply"),
                                                 _set(b["survey"], "work.tried", 2, "work.apply")])
    refused = upload(broken)
    assert refused.status_code == 400
    assert "Inget sparades" in refused.text
    assert "blad survey, rad 10, kolumn B: " + sv("The key %(key)s is there twice (the first time on row "
                                                 "%(row)s).") % {"key": "work.apply", "row": 6} in refused.text
    assert upload(b"").status_code == 400
    made = upload(_exported(app))
    assert made.status_code == 302 and "/coordinate/questionnaires/" in made.location
    assert "Hur är läget? – version 2" in coordinator.get(made.location).text


@pytest.mark.parametrize("version", ["1.2", "2026-12-06", "v2", "²"])
def test_any_settings_version_text_is_read_and_the_draft_takes_the_next_version(app, version):
    from mina_svar import authoring

    data = _edited(_exported(app), lambda b: b["settings"].cell(2, 3).__setattr__("value", version))
    with app.app_context():
        draft, problems = authoring.from_workbook(db.session(), data)
        assert problems == [] and draft is not None and draft.version == 2


# Workbooks that would hold a worker: checked on the zip before any sheet is read (workbooks.py)

def _declared_a_million_rows(data: bytes) -> bytes:
    """The workbook as LibreOffice writes some real ones (pyxform's UCL_Biomass_Plot_Form.xlsx, 16 KB): every
    sheet declared A1:AMJ1048576, with a formatted empty row at the very end and styled empty cells."""
    import io
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", body)
                body = re.sub(rb"<(sheetViews|sheetFormatPr|cols|sheetData)\b", rb'<dimension ref="A1:AMJ1048576"/><\1',
                              body, count=1)
                body = body.replace(b"</sheetData>", b'<row r="1048575"><c r="AMJ1048575" s="0"/></row>'
                                    b'<row r="1048576" ht="12.8" customHeight="1"></row></sheetData>')
            written.writestr(info, body)
    return out.getvalue()


def _survey_xml(data: bytes) -> bytes:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def _sheets_sized(rows: int, columns: int = 3) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("survey")
    sheet.append(["type", "name", "label::Svenska (sv)"][:columns] + [f"x{n}" for n in range(columns - 3)])
    for number in range(rows):
        sheet.append(["note", f"n{number}", "Text"] + ["x"] * (columns - 3))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_declaring_a_million_empty_rows_is_read_as_the_rows_it_has(app):
    from mina_svar import authoring, workbooks

    data = _declared_a_million_rows(_exported(app))
    assert b"A1:AMJ1048576" in _survey_xml(data)
    tightened = workbooks.bounded(data)
    assert isinstance(tightened, bytes)
    assert b"1048576" not in _survey_xml(tightened) and b"AMJ" not in _survey_xml(tightened)
    with app.app_context():
        draft, problems = authoring.from_workbook(db.session(), data)
        assert problems == [] and draft is not None and draft.version == 2


@pytest.mark.parametrize(("data", "what"), [
    (lambda: _sheets_sized(workbooks_limit("MOST_ROWS") + 1), "rows"),
    (lambda: _sheets_sized(3, workbooks_limit("MOST_COLUMNS") + 1), "columns"),
    (lambda: _sheets_sized(workbooks_limit("MOST_CELLS") // 200 + 1, 200), "cells"),
    (lambda: _zip_unpacking_to(workbooks_limit("LARGEST_UNPACKED") + 1), "unpacked"),
])
def test_a_workbook_beyond_what_is_read_is_refused_before_it_is_parsed(app, data, what):
    from mina_svar import authoring

    with app.app_context():
        draft, problems = authoring.from_workbook(db.session(), data())
        assert draft is None
        assert [(p.code, p.detail) for p in problems] == [("too_big", what)]
        assert problems[0].sheet == ("" if what == "unpacked" else "survey")


def workbooks_limit(name: str) -> int:
    from mina_svar import workbooks

    return getattr(workbooks, name)


def _zip_unpacking_to(size: int) -> bytes:
    """A few kilobytes that unpack to ``size`` bytes: a zip bomb's first step."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        written.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * size)
    return out.getvalue()


def test_a_coordinator_is_told_plainly_what_is_too_big(app, world):
    import io

    from .conftest import csrf_token
    from .staff import sign_in

    coordinator = app.test_client()
    assert sign_in(coordinator, "c@example.org").status_code == 302
    token = csrf_token(coordinator.get("/coordinate/questionnaires").text)
    refused = coordinator.post("/coordinate/questionnaires/upload", content_type="multipart/form-data", data={
        "csrf_token": token, "language": "sv",
        "workbook": (io.BytesIO(_zip_unpacking_to(25 * 1024 * 1024)), "big.xlsx")})
    assert refused.status_code == 400 and "Inget sparades" in refused.text
    assert "10 MB" in refused.text
