"""A scale read from a form's worded answers ("never, sometimes, often"): its values are their order, and which
end is best is the coordinator's to say before publishing; a background question whose answers have an order
can be asked as a scale."""

import re

import pytest

from mina_svar import analysis, authoring, db, drafts, questionnaire, questionnaire_texts, xlsform_reading
from mina_svar.authoring import ChangeRefused
from mina_svar.models import Questionnaire

from .conftest import csrf_token, sqlite_only
from .forms import sent_and_released, uploaded, workbook
from .languages import sv


def lonely_form() -> bytes:
    """An indicator with a question whose answers are words in an order (where "never" is best), one with
    numbers, and a background question with worded answers outside any indicator."""
    return workbook(
        [["type", "name", "label::Svenska (sv)"],
         ["begin_group", "mood", "Mående"],
         ["begin_group", "alone", "Ensamhet"],
         ["select_one often", "lonely", "Jag känner mig ensam"],
         ["select_one grade", "friends", "Jag har vänner"],
         ["end_group"],
         ["select_one often", "sleep", "Jag sover dåligt"],
         ["end_group"]],
        [["list_name", "name", "label::Svenska (sv)"],
         ["often", "never", "Aldrig"], ["often", "sometimes", "Ibland"], ["often", "often", "Ofta"],
         ["grade", "1", "Nej"], ["grade", "2", "Ja"]],
        [["form_id", "form_title"], ["maende", "Mående"]])


def _questions(draft: Questionnaire) -> dict:
    return {q.key: q for area in draft.focus_areas for q in area.questions}


@sqlite_only  # drafts: no answers involved
def test_a_worded_scale_waits_for_its_best_end_before_publishing(session):
    draft, refused = authoring.from_workbook(session, lonely_form(), "maende.xlsx")
    assert refused == []
    asked = _questions(draft)
    assert (asked["mood.lonely"].kind, asked["mood.lonely"].best_end_confirmed) == ("scale", False)
    assert asked["mood.friends"].best_end_confirmed  # numbers: higher is better, as in Läget
    assert [(p.kind, p.where) for p in authoring.publish(session, draft)] == [("best_end", "Jag känner mig ensam")]
    assert session.get(Questionnaire, draft.id).state == "draft"
    drafts.set_best_end(session, draft, asked["mood.lonely"].id, "first")  # "never" is best
    assert (asked["mood.lonely"].reversed, asked["mood.lonely"].best_end_confirmed) == (True, True)
    assert questionnaire_texts.problems(draft) == []
    assert authoring.publish(session, draft) == [] and draft.state == "published"


@sqlite_only  # drafts: no answers involved
def test_a_background_question_with_an_order_is_asked_as_a_scale(session):
    draft, refused = authoring.from_workbook(session, lonely_form(), "maende.xlsx")
    sleep = _questions(draft)["mood.sleep"]
    assert sleep.kind == "choice"
    indicator = drafts.ask_as_scale(session, draft, sleep.id, "first")  # sleeping badly "never" is best
    assert (sleep.kind, sleep.indicator, sleep.reversed, sleep.best_end_confirmed) == ("scale", indicator, True, True)
    assert (indicator.key, indicator.title) == ("sleep", {"sv": "Jag sover dåligt"})
    assert [q.key for q in draft.focus_areas[0].questions][-1] == "mood.sleep"  # after the earlier indicator's
    with pytest.raises(ChangeRefused) as refused_again:
        drafts.ask_as_scale(session, draft, sleep.id, "first")
    assert refused_again.value.reason == "not_background"
    with pytest.raises(ChangeRefused) as no_end:
        drafts.set_best_end(session, draft, sleep.id, "middle")
    assert no_end.value.reason == "no_best_end"


@sqlite_only  # drafts: no answers involved
def test_a_question_asked_before_keeps_its_best_end_and_its_kind(session):
    draft, refused = authoring.from_workbook(session, lonely_form(), "maende.xlsx")
    drafts.set_best_end(session, draft, _questions(draft)["mood.lonely"].id, "first")
    assert authoring.publish(session, draft) == []
    again = authoring.new_draft(session, draft)
    asked = _questions(again)
    assert asked["mood.lonely"].reversed and asked["mood.lonely"].best_end_confirmed
    for change, key, reason in ((drafts.set_best_end, "mood.lonely", "asked_before_best_end"),
                                (drafts.ask_as_scale, "mood.sleep", "asked_before_kind")):
        with pytest.raises(ChangeRefused) as refused_change:
            change(session, again, asked[key].id, "last")
        assert refused_change.value.reason == reason


def test_the_best_end_said_turns_the_scores(app):
    """Five say "never" (the first answer): with "never" said to be best the index is 100."""
    def never_is_best(session, draft):
        drafts.set_best_end(session, draft, _questions(draft)["mood.lonely"].id, "first")

    with app.app_context():
        session = db.session()
        measurement, structure = sent_and_released(session, lonely_form(), [{"mood.lonely": 1}] * 5, never_is_best)
        results = analysis.results(session, measurement, structure, 5)
        lonely = next(q for _i, questions in results.area("mood").indicators for q in questions
                      if q.question.key == "mood.lonely")
        assert (lonely.n, lonely.index) == (5, 100.0)


# Request level

def _words(page: str) -> str:
    """A page's words, without its tags (a name in a sentence is isolated in its own element)."""
    return re.sub(r"<[^>]+>", "", page)


def test_a_coordinator_says_which_answer_is_best_and_then_publishes(app, world):
    made, client = uploaded(app, lonely_form(), "maende.xlsx")
    assert made.status_code == 302
    page = client.get(made.location).text
    assert "Jag känner mig ensam" in page  # the draft meant
    assert sv("Which answer of “%(words)s” is the best?") % {"words": "Jag känner mig ensam"} in _words(page)
    assert sv("The first, “%(words)s”") % {"words": "Aldrig"} in page
    draft_url = made.location.split("?")[0]
    token = csrf_token(page)
    assert client.post(f"{draft_url}/publish", data={"csrf_token": token}).status_code == 409
    with app.app_context():
        asked = _questions(db.session().get(Questionnaire, int(draft_url.rsplit("/", 1)[1])))
        lonely, sleep = asked["mood.lonely"].id, asked["mood.sleep"].id
    none_chosen = client.post(f"{draft_url}/questions/{lonely}/best-end", data={"csrf_token": token})
    assert none_chosen.status_code == 400
    assert sv("Say which answer of %(key)s is the best: the first or the last.") % {"key": "mood.lonely"} \
        in none_chosen.text
    said = client.post(f"{draft_url}/questions/{lonely}/best-end",
                       data={"csrf_token": token, f"best-{lonely}": "first"})
    assert said.status_code == 302 and said.location.endswith(f"#question-{lonely}")
    page = client.get(said.location).text
    assert f'name="best-{lonely}" value="first" checked' in page
    assert sv("Which answer of “%(words)s” is the best?") % {"words": "Jag känner mig ensam"} not in _words(page)
    assert client.post(f"{draft_url}/questions/{sleep}/as-scale",
                       data={"csrf_token": token, f"best-{sleep}": "first"}).status_code == 302
    assert client.post(f"{draft_url}/publish", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        published = db.session().get(Questionnaire, int(draft_url.rsplit("/", 1)[1]))
        assert published.state == "published"
        assert _questions(published)["mood.sleep"].kind == "scale"
        assert questionnaire.structure(db.session(), published.id).areas[0].indicators[-1].key == "sleep"


@sqlite_only  # drafts: no answers involved
def test_a_draft_downloaded_before_its_best_end_is_said_still_asks_for_it_when_uploaded_again(session):
    from mina_svar import xlsform

    draft, refused = authoring.from_workbook(session, lonely_form(), "maende.xlsx")
    again = xlsform_reading.read(xlsform.workbook(draft)).document["focus_areas"][0]["indicators"][0]["questions"]
    assert [(q["key"], q["confirm_best_end"]) for q in again] == [("mood.lonely", True), ("mood.friends", False)]
    drafts.set_best_end(session, draft, _questions(draft)["mood.lonely"].id, "first")
    again = xlsform_reading.read(xlsform.workbook(draft)).document["focus_areas"][0]["indicators"][0]["questions"]
    assert [(q["key"], q["confirm_best_end"], q["reversed"]) for q in again] == [
        ("mood.lonely", False, True), ("mood.friends", False, False)]
