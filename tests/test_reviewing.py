"""Translations as drafts until read: each language's state, and one language's texts to a reviewer and back."""

import io

import pytest
from babel.messages.pofile import read_po, write_po

from mina_svar import authoring, db, questionnaire, reviewing
from mina_svar.config import LANGUAGES
from mina_svar.models import Questionnaire

from .conftest import csrf_token
from .languages import sv


def _read(data: bytes, code: str):
    return read_po(io.BytesIO(data), locale=code)


def _written(catalogue) -> bytes:
    out = io.BytesIO()
    write_po(out, catalogue, width=0)
    return out.getvalue()


def test_every_language_says_how_far_the_app_is_written_in_it_and_that_it_is_a_draft():
    states = {state.code: state for state in reviewing.states()}
    assert set(states) == set(LANGUAGES)
    assert all(state.interface == 1.0 for state in states.values())
    assert all(state.reviewed is None for state in states.values())  # nobody has read them yet


def test_a_reviewer_gets_one_languages_texts_and_its_questionnaire_texts_come_back_into_the_draft(session):
    draft = authoring.new_draft(session, questionnaire.latest(session))
    question = draft.focus_areas[0].questions[0]
    exported = _read(reviewing.export(draft, "ar", "en"), "ar")
    interface = exported.get("Saved")
    assert interface is not None and interface.string == "تم الحفظ"
    context = f"questionnaire {draft.id} question_text {question.id}"
    text = exported.get(question.text["en"], context=context)
    assert text.string == question.text["ar"] and question.key in text.auto_comments
    text.string = "أعرف كيف أتقدم لوظيفة."
    exported.get(draft.focus_areas[0].questions[1].text["en"],
                 context=f"questionnaire {draft.id} question_text {draft.focus_areas[0].questions[1].id}").string = ""
    interface.string = "حُفظ"
    imported = reviewing.import_texts(session, draft, "ar", _written(exported))
    assert imported == reviewing.Imported(1, 1, ["أعرف كيف أتقدم لوظيفة."])
    assert question.text["ar"] == "أعرف كيف أتقدم لوظيفة."
    assert draft.focus_areas[0].questions[1].text["ar"]  # an emptied translation keeps the text that is there


def test_a_file_in_another_language_is_refused_and_fuzzy_texts_are_left_out(session):
    draft = authoring.new_draft(session, questionnaire.latest(session))
    question = draft.focus_areas[0].questions[0]
    before = dict(question.text)
    swedish = reviewing.export(draft, "sv", "en")
    with pytest.raises(reviewing.NotItsLanguage) as refused:  # sv.po taken in for Somali: every text would go
        reviewing.import_texts(session, draft, "so", swedish)
    assert refused.value.found == "sv" and question.text == before
    exported = _read(reviewing.export(draft, "ar", "en"), "ar")
    context = f"questionnaire {draft.id} question_text {question.id}"
    text = exported.get(question.text["en"], context=context)
    text.string = "ترجمة لم تُراجع بعد"
    text.flags.add("fuzzy")
    imported = reviewing.import_texts(session, draft, "ar", _written(exported))
    assert imported.fuzzy >= 1 and imported.changed == [] and question.text["ar"] == before["ar"]
    headless = _written(exported).replace(b'"Language: ar\\n"\n', b"")
    with pytest.raises(reviewing.NotItsLanguage):
        reviewing.import_texts(session, draft, "ar", headless)


def test_a_file_of_another_version_or_not_a_po_file_changes_nothing(session):
    laget = questionnaire.latest(session)
    draft = authoring.new_draft(session, laget)
    other = authoring.new_draft(session, laget)
    for data in (reviewing.export(other, "ar", "en"), b"\x00\xff not a po file", b""):
        with pytest.raises(reviewing.NotItsFile):
            reviewing.import_texts(session, draft, "ar", data)
    authoring.publish(session, draft)
    with pytest.raises(authoring.NotADraft):
        reviewing.import_texts(session, draft, "ar", reviewing.export(draft, "ar", "en"))


def test_a_coordinator_sends_a_language_to_a_reviewer_and_takes_it_back(app, coordinator):
    page = coordinator.get("/coordinate/languages")
    assert page.status_code == 200 and sv("Not yet: a draft") in page.text
    with app.app_context():
        draft = authoring.new_draft(db.session(), questionnaire.latest(db.session()))
        first = draft.focus_areas[0].questions[0]
        draft_id, question_id, english = draft.id, first.id, first.text["en"]
        db.session().commit()
    download = coordinator.get(f"/coordinate/languages/ar.po?questionnaire={draft_id}&from=en")
    assert download.status_code == 200 and download.headers["Content-Type"].startswith("text/x-gettext-translation")
    catalogue = _read(download.data, "ar")
    catalogue.get(english, context=f"questionnaire {draft_id} question_text {question_id}").string = "نص مراجَع"
    token = csrf_token(coordinator.get("/coordinate/languages").text)
    sent = coordinator.post(f"/coordinate/languages/ar?questionnaire={draft_id}",
                            data={"csrf_token": token, "po": (io.BytesIO(_written(catalogue)), "ar.po")})
    assert sent.status_code == 302
    told = coordinator.get(sent.location).text
    assert (sv("Changed: %(texts)s") % {"texts": "«نص مراجَع»"}) in told
    with app.app_context():
        assert db.session().get(Questionnaire, draft_id).focus_areas[0].questions[0].text["ar"] == "نص مراجَع"
    somali = coordinator.post(f"/coordinate/languages/so?questionnaire={draft_id}",
                              data={"csrf_token": token, "po": (io.BytesIO(_written(catalogue)), "ar.po")})
    assert somali.status_code == 400 and sv("This file's texts are in %(found)s, not in %(language)s: nothing was "
                                            "saved.") % {"found": "العربية", "language": "Soomaali"} in somali.text
    wrong = coordinator.post(f"/coordinate/languages/ar?questionnaire={draft_id}",
                             data={"csrf_token": token, "po": (io.BytesIO(b"nonsense \x00"), "x.po")})
    assert wrong.status_code == 400
    assert coordinator.get(f"/coordinate/languages/xx.po?questionnaire={draft_id}").status_code == 404
    assert coordinator.get("/coordinate/languages/ar.po?questionnaire=999999").status_code == 404
