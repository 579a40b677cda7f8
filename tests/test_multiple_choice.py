"""Multiple choice from an XLSForm's select_multiple: ticked on a phone with or without its script, kept as
one answer, counted per option (never scored), asked of in skip logic, and downloaded again as it came."""

from collections import Counter

import pytest
from sqlalchemy import select

from mina_svar import analysis, answering, authoring, db, exports, questionnaire, xlsform, xlsform_reading
from mina_svar.models import Answer, Measurement, Questionnaire
from mina_svar.question_kinds import chosen_in

from .conftest import csrf_token, sqlite_only
from .forms import free_time_form, given, in_use, sent_and_released, uploaded, workbook
from .languages import sv
from .staff import release

SPORT, MUSIC, GAMES = 1, 2, 3  # free_time_form's options' values: the choices' order


def _stored(session, question_id: int) -> tuple[Counter, int, int]:
    """A recomputation from the stored answers of released responses: how many ticked each option, how many
    ticked any, how many said "don't know"."""
    ticked: Counter = Counter()
    people = dont_know = 0
    for value, dk in session.execute(select(Answer.value, Answer.dont_know).where(Answer.question_id == question_id,
                                                                                 Answer.counted)):
        if dk:
            dont_know += 1
            continue
        people += 1
        ticked.update(chosen_in(value))
    return ticked, people, dont_know


TICKED = [[SPORT, MUSIC], [SPORT], [MUSIC, GAMES], [GAMES], [SPORT, MUSIC, GAMES], "dk", [SPORT], [MUSIC],
          [SPORT, GAMES], None]


def test_each_option_ticked_is_counted_and_the_results_say_how_many_ticked_any(app):
    with app.app_context():
        session = db.session()
        measurement, structure = sent_and_released(session, free_time_form(), [
            {"town.more": None} if ticked is None else {"free.does": ticked, "free.sport_often": 2}
            for ticked in TICKED])
        ids = {q.key: q.id for q in structure.questions.values()}
        ticked, people, dont_know = _stored(session, ids["free.does"])
        assert (people, dont_know, ticked) == (8, 1, Counter({SPORT: 5, MUSIC: 4, GAMES: 4}))  # the case meant
        result = analysis.results(session, measurement, structure, 5).area("free").background[0]
        assert (result.shown, result.n, result.counts, result.dont_know) == (
            True, people, {SPORT: 5, MUSIC: 4, GAMES: 4}, dont_know)
        # "Trains often" was asked only of those who ticked sport: the others' answers went as they sent.
        sport = next(q for _i, questions in analysis.results(session, measurement, structure, 5).area("free").indicators
                     for q in questions)
        assert (sport.shown, sport.n) == (True, 5)
        # Counted the same when tallied anew (as after a bulk load or a repair).
        before = analysis.answer_counts(session, measurement.id).answers[ids["free.does"]]
        analysis.recount(session, measurement.id)
        assert analysis.answer_counts(session, measurement.id).answers[ids["free.does"]] == before
        # The export: the options' counts, how many answered, no score.
        header, rows = exports.results_table(analysis.results(session, measurement, structure, 5), "sv")
        row = next(r for r in rows if r[3] == "free.does")
        figures = dict(zip(header, row, strict=True))
        assert (figures["answered"], figures["1"], figures["2"], figures["3"], figures["dont_know"],
                figures["index"]) == (8, 5, 4, 4, 1, "")


def test_a_multiple_choice_question_ticked_by_too_few_is_hidden(app):
    with app.app_context():
        session = db.session()
        # Ten young people, four of whom tick anything: fewer than the minimum of five.
        measurement, structure = sent_and_released(session, free_time_form(), [
            {"free.does": [MUSIC]} if n < 4 else {"town.more": None} for n in range(10)])
        result = analysis.results(session, measurement, structure, 5).area("free").background[0]
        assert (result.shown, result.n, result.counts) == (False, None, {})


def test_late_answers_to_a_multiple_choice_question_are_counted_per_option(app):
    with app.app_context():
        session = db.session()
        measurement, structure = sent_and_released(session, free_time_form(), [{"free.does": t} for t in TICKED[:5]])
        question_id = next(q.id for q in structure.questions.values() if q.key == "free.does")
        for ticked in ([SPORT], [SPORT, MUSIC], [GAMES], [MUSIC], [SPORT, GAMES]):
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {question_id: given(ticked)})
            answering.send(session, respondent, structure)
            session.commit()
        release(session, measurement)
        ticked, people, _dk = _stored(session, question_id)
        assert people == 10  # the late five counted
        result = analysis.results(session, measurement, structure, 5).area("free").background[0]
        assert (result.n, result.counts) == (people, dict(ticked))


# Request level

def _joined(app, phone):
    with app.app_context():
        code = in_use(db.session(), free_time_form())
        structure = questionnaire.structure(db.session(), db.session().scalar(
            select(Questionnaire.id).where(Questionnaire.key == "fritid")))
    token = csrf_token(phone.get(f"/j/{code}").text)
    assert phone.post(f"/j/{code}/start", data={"csrf_token": token, "lang": "sv"}).status_code == 302
    return code, token, {q.key: q.id for q in structure.questions.values()}


def _answer(app, code: str, question_id: int) -> tuple:
    with app.app_context():
        row = db.session().execute(select(Answer.value, Answer.dont_know).join(Answer.response).join(
            Measurement).where(Measurement.code == code, Answer.question_id == question_id)).first()
    return tuple(row) if row else None


def test_a_phone_without_its_script_ticks_options_and_unticks_them_all(app):
    phone = app.test_client()
    code, token, ids = _joined(app, phone)
    name = f"q-{ids['free.does']}"
    page = phone.get(f"/j/{code}/1").text
    assert page.count(f'type="checkbox" name="{name}"') == 4  # three options and "don't know"
    assert sv("Tick all that fit.") in page
    # The page sends an empty field first, then each option ticked.
    sent = phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", name: ["", str(SPORT), str(GAMES)]})
    assert sent.status_code == 302
    assert _answer(app, code, ids["free.does"]) == (0b101, False)
    page = phone.get(f"/j/{code}/1").text
    assert f'name="{name}" value="{SPORT}" checked' in page and f'name="{name}" value="{MUSIC}">' in page
    # Nothing ticked: no answer any more.
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", name: [""]}).status_code == 302
    assert _answer(app, code, ids["free.does"]) is None


def test_dont_know_goes_alone_and_an_unknown_option_saves_nothing(app):
    phone = app.test_client()
    code, token, ids = _joined(app, phone)
    name = f"q-{ids['free.does']}"
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, name: ["", str(MUSIC)]}).status_code == 302
    both = phone.post(f"/j/{code}/1", data={"csrf_token": token, name: ["", str(SPORT), "dk"]})
    assert both.status_code == 400
    assert sv("“Don't know” goes alone: tick it or the answers that fit, not both. Nothing was saved.") in both.text
    tapped = phone.post(f"/j/{code}/1", headers={"HX-Request": "true"}, data={"csrf_token": token, name: "1,9"})
    assert tapped.status_code == 400
    assert sv("One answer was not one of the choices, so nothing was saved.") in tapped.text
    assert _answer(app, code, ids["free.does"]) == (0b10, False)  # as it was
    # The phone's script sends the ticked options joined by commas, with each tap.
    assert phone.post(f"/j/{code}/1", headers={"HX-Request": "true"},
                      data={"csrf_token": token, name: "3,1"}).status_code == 204
    assert _answer(app, code, ids["free.does"]) == (0b101, False)
    assert phone.post(f"/j/{code}/1", headers={"HX-Request": "true"},
                      data={"csrf_token": token, name: "dk"}).status_code == 204
    assert _answer(app, code, ids["free.does"]) == (None, True)


def _asked(page: str, words: str) -> bool:
    """Whether the question with ``words``, asked only after certain answers, is shown on the page."""
    at = page.index(words)
    opening = page[page.rindex('<div class="asked-if"', 0, at):]
    return " hidden>" not in opening[:opening.index(">") + 1]


def test_a_question_asked_after_an_option_is_ticked_follows_it_across_pages(app):
    phone = app.test_client()
    code, token, ids = _joined(app, phone)
    name = f"q-{ids['free.does']}"
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", name: ["", str(SPORT)]}
                      ).status_code == 302
    assert _asked(phone.get(f"/j/{code}/2").text, "Det finns scener") is False  # "music" not ticked: not asked
    assert phone.post(f"/j/{code}/1", data={"csrf_token": token, "nav": "next", name: ["", str(SPORT), str(MUSIC)]}
                      ).status_code == 302
    assert _asked(phone.get(f"/j/{code}/2").text, "Det finns scener") is True
    # The page's script is told what was ticked, as the form would send it.
    page = phone.get(f"/j/{code}/1").text
    assert "data-shown-if=" in page and "&#34;has&#34;" in page


def test_the_draft_says_a_question_is_multiple_choice(app, world):
    made, client = uploaded(app, free_time_form(), "fritid.xlsx")
    assert made.status_code == 302
    page = client.get(made.location).text
    assert "På fritiden" in page  # the draft meant
    assert sv("Multiple choice: each young person ticks all that fit, and the results count each answer.") in page


# Round trip

@sqlite_only  # reading a form: the database only keeps the draft
def test_multiple_choice_goes_out_as_it_came_and_odk_validate_takes_it(session, tmp_path):
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.validators import odk_validate
    from pyxform.xls2json import parse_file_to_json

    draft, refused = authoring.from_workbook(session, free_time_form(), "fritid.xlsx")
    assert refused == [] and draft.left_out == []
    does = next(q for q in draft.focus_areas[0].questions if q.key == "free.does")
    assert (does.key, does.kind, [o.value for o in does.options]) == ("free.does", "multiple", [1, 2, 3])
    again = xlsform.workbook(draft)
    path = tmp_path / "again.xlsx"
    path.write_bytes(again)
    survey = parse_file_to_json(str(path), warnings=[])
    assert any(child.get("type") == "select all that apply" for group in survey["children"]
               for child in group.get("children", []))
    xform = tmp_path / "form.xml"
    xform.write_text(create_survey_element_from_dict(survey).to_xml(), encoding="utf-8")
    assert "<h:title>" in xform.read_text(encoding="utf-8")
    assert odk_validate.check_xform(str(xform)) == []
    read = xlsform_reading.read(again).document["focus_areas"]
    assert read[0]["background"][0]["several"] is True
    stage = read[1]["indicators"][0]["questions"][0]
    assert stage["shown_if"] == {"all": [{"key": "free.does", "op": "has", "value": MUSIC}]}


@pytest.mark.parametrize("choices", [30, 31])
@sqlite_only  # reading a form: the database only keeps the draft
def test_a_multiple_choice_question_holds_at_most_thirty_options(session, choices):
    data = workbook([["type", "name", "label"], ["select_multiple many", "many", "Many"]],
                    [["list_name", "name", "label"], *[["many", f"c{n}", f"C {n}"] for n in range(choices)]])
    reading = xlsform_reading.read(data, "many.xlsx")
    kept = [q for area in reading.document.get("focus_areas", []) for q in area["background"]]
    assert len(kept) == (1 if choices == 30 else 0)
    assert ("too_many_choices" in {p.code for p in reading.left_out}) is (choices == 31)


@sqlite_only  # versions of a questionnaire: no answers involved
def test_the_next_version_keeps_what_the_form_brought(session):
    draft, refused = authoring.from_workbook(session, free_time_form(), "fritid.xlsx")
    assert refused == [] and authoring.publish(session, draft) == []
    again = authoring.new_draft(session, draft)
    kept = {q.key: (q.kind, q.hint, q.shown_if) for area in again.focus_areas for q in area.questions}
    assert kept["free.does"] == ("multiple", {"sv": "Kryssa i allt som stämmer"}, None)
    assert kept["town.stage"][2] == {"all": [{"key": "free.does", "op": "has", "value": MUSIC}]}


def test_the_leaders_summary_and_printout_show_how_many_ticked_each_answer(app):
    from .pdfs import pages
    from .staff import sign_in

    with app.app_context():
        measurement, _structure = sent_and_released(db.session(), free_time_form(), [
            {"town.more": None} if ticked is None else {"free.does": ticked} for ticked in TICKED])
        measurement_id = measurement.id
    leader = app.test_client()
    assert sign_in(leader, "fritid@example.org").status_code == 302
    summary = leader.get(f"/lead/measurements/{measurement_id}/summary")
    assert summary.status_code == 200 and "På fritiden" in summary.text
    note = sv("Several answers could be ticked, so the shares can add up to more than a hundred percent.")
    assert note in summary.text
    assert "Idrott: <strong>5</strong> (62 %)" in summary.text  # 5 of the 8 who ticked any
    printed = leader.get(f"/lead/measurements/{measurement_id}/report.pdf")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    text = " ".join(pages(printed.data))
    assert "På fritiden" in text and "Idrott: 5 (62 %)" in text
