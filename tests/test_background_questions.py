"""Background questions: one answer among a few unordered options, asked like the rest, never scored; their
results say how many chose each option, only above the minimum, and never per young person."""

import re

import pytest

from mina_svar import (
    analysis,
    answering,
    authoring,
    db,
    drafts,
    exports,
    measuring,
    questionnaire,
    xlsform,
    xlsform_reading,
)
from mina_svar.models import Questionnaire

from .conftest import csrf_token
from .languages import sv

WHERE = [{"sv": "Norr", "en": "North", "ar": "الشمال", "nb": "Nord", "da": "Nord", "fa": "شمال",
          "ti": "ሰሜን", "so": "Waqooyi"},
         {"sv": "Söder", "en": "South", "ar": "الجنوب", "nb": "Sør", "da": "Syd", "fa": "جنوب",
          "ti": "ደቡብ", "so": "Koonfur"},
         {"sv": "Någon annanstans", "en": "Elsewhere", "ar": "مكان آخر", "nb": "Et annet sted", "da": "Et andet sted",
          "fa": "جای دیگر", "ti": "ካልእ ቦታ", "so": "Meel kale"}]


def _with_background(session) -> Questionnaire:
    """Läget's next version with a background question in work, published."""
    draft = authoring.new_draft(session, questionnaire.latest(session))
    work = draft.focus_areas[0]
    drafts.add_background_question(session, draft, work.id, "work.where",
                                      {"sv": "Var bor du?", "en": "Where do you live?", "ar": "أين تسكن؟",
                                       "nb": "Hvor bor du?", "da": "Hvor bor du?", "fa": "کجا زندگی می‌کنید؟",
                                       "ti": "ኣበይ ትነብሩ?",
                                       "so": "Xaggee ku nooshahay?"}, WHERE)
    assert authoring.publish(session, draft) == []
    return draft


def test_a_background_question_is_asked_after_the_scored_ones_and_before_the_open_one(session):
    published = _with_background(session)
    work = questionnaire.structure(session, published.id).areas[0]
    kinds = [(q.key, q.kind, q.indicator_key) for q in work.questions]
    assert kinds[-2:] == [("work.where", "choice", None), ("work.better", "open", None)]
    where = work.questions[-2]
    assert [o.label["en"] for o in where.options] == ["North", "South", "Elsewhere"] and where.allows_dont_know


@pytest.mark.parametrize("options", [WHERE[:1], WHERE * 3, [{"sv": " "}, {"sv": ""}]])
def test_a_background_question_has_two_to_eight_answers(session, options):
    draft = authoring.new_draft(session, questionnaire.latest(session))
    with pytest.raises(authoring.ChangeRefused, match="background_options"):
        drafts.add_background_question(session, draft, draft.focus_areas[0].id, "work.where", {"sv": "Var?"},
                                          options)


def answered(session, measurement, structure, chosen: list):
    where = next(q.id for q in structure.areas[0].questions if q.kind == "choice")
    apply = structure.areas[0].questions[0].id
    for value in chosen:
        respondent = answering.start(session, measurement, "sv")
        answering.save(session, respondent, {where: answering.Given(value=value), apply: answering.Given(value=4)})
        answering.finish(session, respondent)
        session.commit()  # as the request that sends does
    measuring.close_measurement(session, measurement, 5)


def test_results_count_each_answer_above_the_minimum_never_score_it_nor_show_it_per_person(session):
    published = _with_background(session)
    structure = questionnaire.structure(session, published.id)
    with pytest.raises(answering.AnswerError):
        answering.parse(structure, {f"q-{structure.areas[0].questions[-2].id}": "4"})  # not one of its answers
    measurement = measuring.open_measurement(session, published, None)
    answered(session, measurement, structure, [1, 1, 2, 3, 1, 2])
    result = analysis.results(session, measurement, structure, 5)
    where = result.area("work").background[0]
    assert (where.shown, where.n, where.counts, where.dont_know) == (True, 6, {1: 3, 2: 2, 3: 1}, 0)
    assert where.mean is None and where.index is None
    assert result.area("work").result.n == 6  # the area's figures count the scored question only
    header, rows = exports.results_table(result, "en")
    row = next(r for r in rows if r[0] == "background")
    assert row[3:6] == ["work.where", "Where do you live?", 6]
    assert row[header.index("1")] == 3 and row[header.index("index")] == ""
    assert analysis.results(session, measurement, structure, 7).shown is False


def test_a_background_question_answered_by_fewer_than_the_minimum_is_not_shown(session):
    published = _with_background(session)
    structure = questionnaire.structure(session, published.id)
    measurement = measuring.open_measurement(session, published, None)
    where = next(q.id for q in structure.areas[0].questions if q.kind == "choice")
    apply = structure.areas[0].questions[0].id
    for number in range(6):
        respondent = answering.start(session, measurement, "sv")
        given = {apply: answering.Given(value=3)}
        if number < 4:
            given[where] = answering.Given(value=1)
        answering.save(session, respondent, given)
        answering.finish(session, respondent)
        session.commit()  # as the request that sends does
    measuring.close_measurement(session, measurement, 5)
    found = analysis.results(session, measurement, structure, 5).area("work").background[0]
    assert (found.shown, found.n, found.counts) == (False, None, {})


def test_a_background_question_goes_to_xlsform_and_back(session, tmp_path):
    from pyxform.xls2json import parse_file_to_json

    published = _with_background(session)
    data = xlsform.workbook(published)
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    warnings: list[str] = []
    parse_file_to_json(str(path), warnings=warnings)  # a form ODK and KoboToolbox read as it is
    assert warnings == []
    read = xlsform_reading.read(data)
    assert read.left_out == [] and read.refused == []
    document = read.document
    background = document["focus_areas"][0]["background"]
    assert [(b["key"], b["text"]["en"]) for b in background] == [("work.where", "Where do you live?")]
    assert [o["label"]["en"] for o in document["scales"][background[0]["scale"]]] == ["North", "South", "Elsewhere"]
    again = questionnaire.create(document)
    assert [(q.key, q.kind) for q in again.focus_areas[0].questions][-2:] == [("work.where", "choice"),
                                                                                ("work.better", "open")]


# Request level

def test_the_editor_adds_a_background_question_and_the_results_count_it(app, coordinator):
    with app.app_context():
        draft = authoring.new_draft(db.session(), questionnaire.latest(db.session()))
        draft_id, area_id = draft.id, draft.focus_areas[0].id
        db.session().commit()
    url = f"/coordinate/questionnaires/{draft_id}"
    page = coordinator.get(url).text
    assert "Bakgrundsfrågor kan peka ut en person" in page and sv("The answers' words") in page
    token = csrf_token(page)
    fields = {"csrf_token": token, f"new-background-{area_id}-key": "work.where",
              f"new-background-{area_id}-text": "Var bor du?"}
    adding = f"{url}/areas/{area_id}/background-questions"
    refused = coordinator.post(adding, data={**fields, f"new-background-{area_id}-options": "Norr"})
    assert refused.status_code == 400 and "2 till 8 svar" in refused.text
    added = coordinator.post(adding, data={**fields, f"new-background-{area_id}-options": "Norr\r\nSöder\r\n\r\nAnnat"})
    assert added.status_code == 302
    page = coordinator.get(url).text
    assert 'Bakgrundsfråga: Var bor du? <span class="muted">work.where</span>' in page
    with app.app_context():
        where = next(q for q in db.session().get(Questionnaire, draft_id).focus_areas[0].questions
                     if q.key == "work.where")
        assert (where.kind, [o.label for o in where.options]) == ("choice", [{"sv": "Norr"}, {"sv": "Söder"},
                                                                            {"sv": "Annat"}])
    assert re.search(r'id="t-option_label-\d+-sv"', page)  # its answers' words, to translate like every text
    assert re.search(r'id="t-option_label-\d+-en"', coordinator.get(url + "?texts=en").text)
    # One where several answers may be ticked: multiple choice, and said so on the draft.
    ticked = coordinator.post(adding, data={
        **fields, f"new-background-{area_id}-key": "work.does", f"new-background-{area_id}-text": "Jag gör",
        f"new-background-{area_id}-options": "Idrott\nMusik", f"new-background-{area_id}-several": "1"})
    assert ticked.status_code == 302
    assert sv("Multiple choice: each young person ticks all that fit, and the results count each answer.") in \
        coordinator.get(url).text
    with app.app_context():
        kinds = {q.key: q.kind for q in db.session().get(Questionnaire, draft_id).focus_areas[0].questions}
        assert (kinds["work.where"], kinds["work.does"]) == ("choice", "multiple")


def test_a_phone_answers_a_background_question_like_the_others(app):
    from .test_respond import _start

    with app.app_context():
        session = db.session()
        published = _with_background(session)
        code = measuring.open_measurement(session, published, None).code
        session.commit()
    phone = app.test_client()
    token = _start(phone, code, "en")
    page = phone.get(f"/j/{code}/1").text
    assert "Where do you live?" in page and "Elsewhere" in page
    where = re.search(r'name="q-(\d+)" value="1"', page[page.index("Where do you live?"):]).group(1)
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{where}": "9"}).status_code == 400
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, f"q-{where}": "3"}).status_code in (204, 302)
    assert re.search(rf'name="q-{where}" value="3"\s+checked', phone.get(f"/j/{code}/1").text)
