"""Questionnaire versions: drafts made from published versions, edited, published for good."""

import re

import pytest
from sqlalchemy import select

from mina_svar import authoring, cycles, drafts, measuring, questionnaire, questionnaire_texts
from mina_svar.models import Questionnaire

from .conftest import page_meant
from .languages import sv


@pytest.fixture
def laget(session):
    return questionnaire.latest(session)


def test_a_draft_is_the_next_version_and_a_copy_of_what_it_was_made_from(session, laget):
    draft = authoring.new_draft(session, laget)
    assert (draft.key, draft.version, draft.state, draft.based_on_id) == ("laget", laget.version + 1, "draft",
                                                                           laget.id)
    copied, source = questionnaire.structure(session, draft.id), questionnaire.structure(session, laget.id)
    assert [(a.key, a.title, [(q.key, q.kind, q.text, q.options, q.indicator_key, q.reversed)
                              for q in a.questions]) for a in copied.areas] == \
        [(a.key, a.title, [(q.key, q.kind, q.text, q.options, q.indicator_key, q.reversed)
                           for q in a.questions]) for a in source.areas]
    assert not set(copied.questions) & set(source.questions)  # rows of its own


def test_a_draft_is_never_asked_and_is_not_the_latest(session, laget):
    draft = authoring.new_draft(session, laget)
    assert questionnaire.latest(session).id == laget.id
    with pytest.raises(ValueError):
        measuring.open_measurement(session, draft, None)
    assert authoring.publish(session, draft) == []
    assert questionnaire.latest(session).id == draft.id and draft.published_at is not None


def test_texts_change_in_a_draft_only(session, laget):
    draft = authoring.new_draft(session, laget)
    question = draft.focus_areas[0].questions[0]
    assert authoring.set_texts(session, draft, {("question_text", question.id, "en"): " I know how to apply. ",
                                                ("title", draft.id, "sv"): draft.title["sv"]}) == 1
    assert question.text["en"] == "I know how to apply."
    assert laget.focus_areas[0].questions[0].text["en"] == "I know how to apply for a job."
    with pytest.raises(KeyError):  # another questionnaire's text
        authoring.set_texts(session, draft, {("question_text", laget.focus_areas[0].questions[0].id, "en"): "x"})
    with pytest.raises(KeyError):  # a language the draft is not written in
        authoring.set_texts(session, draft, {("question_text", question.id, "fr"): "x"})
    authoring.publish(session, draft)
    with pytest.raises(authoring.NotADraft):
        authoring.set_texts(session, draft, {("question_text", question.id, "en"): "Changed after"})
    session.expire_all()
    assert session.get(Questionnaire, draft.id).focus_areas[0].questions[0].text["en"] == "I know how to apply."


def test_a_draft_with_a_missing_text_is_not_published(session, laget):
    draft = authoring.new_draft(session, laget)
    question = draft.focus_areas[1].questions[0]
    authoring.set_texts(session, draft, {("question_text", question.id, "ar"): ""})
    found = authoring.publish(session, draft)
    assert found == [questionnaire_texts.Problem("missing_text", question.text["sv"], "ar", "question_text",
                                       f"text-question_text-{question.id}")]
    assert draft.state == "draft"
    with pytest.raises(authoring.NotADraft):
        authoring.publish(session, laget)


def test_a_cycle_opens_läget_with_the_newest_published_version(session, laget):
    from .staff import cycle_with_läget_1

    draft = authoring.new_draft(session, laget)
    _leader, _cycle, measurement = cycle_with_läget_1(session)
    assert measurement.questionnaire_id == laget.id
    authoring.publish(session, draft)
    assert cycles.questionnaire_of(session, _cycle).id == laget.id  # Läget 1's version stays the cycle's
    assert session.scalar(select(Questionnaire.state).where(Questionnaire.id == draft.id)) == "published"


# The coordinator's pages

def _draft_id(response) -> int:
    import re

    return int(re.search(r"/coordinate/questionnaires/(\d+)$", response.location).group(1))


def test_a_coordinator_makes_a_draft_changes_a_question_and_publishes_it(app, coordinator):
    from .conftest import csrf_token

    listing = coordinator.get("/coordinate/questionnaires").text
    assert "Hur är läget?" in listing and sv("Published") in listing
    # Each language's name and its share kept apart, whichever way each is written (not "100 فارسی %").
    assert '<bdi lang="fa">فارسی</bdi> <bdi>100 %</bdi>' in listing and "Hur är läget? (laget)" not in listing
    laget_id = int(__import__("re").search(r'/coordinate/questionnaires/(\d+)/draft', listing).group(1))
    made = coordinator.post(f"/coordinate/questionnaires/{laget_id}/draft", data={"csrf_token": csrf_token(listing)})
    draft_id = _draft_id(made)
    page = coordinator.get(f"/coordinate/questionnaires/{draft_id}").text
    # One language at a time: the first by default, another one link away, written its own way.
    assert "version 2" in page and 'lang="ar" dir="rtl"' not in page
    assert f'href="/coordinate/questionnaires/{draft_id}?texts=ar"' in page
    assert 'lang="ar" dir="rtl"' in coordinator.get(f"/coordinate/questionnaires/{draft_id}?texts=ar").text
    with app.app_context():
        from mina_svar import db

        question = db.session().get(Questionnaire, draft_id).focus_areas[0].questions[0]
        field = f"t-question_text-{question.id}-en"
    saved = coordinator.post(f"/coordinate/questionnaires/{draft_id}",
                             data={"csrf_token": csrf_token(page), field: "I know where to look for jobs."})
    assert saved.status_code == 302
    assert "I know where to look for jobs." in coordinator.get(f"/coordinate/questionnaires/{draft_id}?texts=en").text
    assert coordinator.get(f"/coordinate/questionnaires/{draft_id}/publish").status_code == 200
    published = coordinator.post(f"/coordinate/questionnaires/{draft_id}/publish",
                                 data={"csrf_token": csrf_token(page)})
    assert published.status_code == 302
    with app.app_context():
        from mina_svar import db

        assert questionnaire.latest(db.session()).id == draft_id
    later = coordinator.post(f"/coordinate/questionnaires/{draft_id}",
                             data={"csrf_token": csrf_token(page), field: "Changed after publishing"})
    assert later.status_code == 409 and "Changed after publishing" not in later.text


@pytest.mark.parametrize("field", ["t-question_text-999999-en", "t-secret-1-en", "t-title-x-en", "t-title",
                                   "t-question_text-{own}-xx"])
def test_a_form_naming_no_text_of_the_draft_saves_nothing(app, coordinator, field):
    from .conftest import csrf_token

    with app.app_context():
        from mina_svar import db

        draft = authoring.new_draft(db.session(), questionnaire.latest(db.session()))
        question_id, draft_id = draft.focus_areas[0].questions[0].id, draft.id
        db.session().commit()
    page = coordinator.get(f"/coordinate/questionnaires/{draft_id}").text
    own = f"t-question_text-{question_id}-sv"
    answer = coordinator.post(f"/coordinate/questionnaires/{draft_id}", data={
        "csrf_token": csrf_token(page), own: "Ändrad", field.format(own=question_id): "x"})
    assert answer.status_code == 400 and "Inget sparades" in answer.text
    assert "Ändrad" not in page_meant(coordinator, f"/coordinate/questionnaires/{draft_id}")


def test_leaders_do_not_write_questionnaires(app, leader):
    assert leader.get("/coordinate/questionnaires").status_code == 403


# Changing a draft's structure

def _keys(draft):
    return [(area.key, [(q.key, q.indicator.key if q.indicator else None) for q in area.questions])
            for area in draft.focus_areas]


def test_questions_move_within_their_indicator_and_indicators_within_their_area(session, laget):
    draft = authoring.new_draft(session, laget)
    work = draft.focus_areas[0]
    first, second = work.questions[0], work.questions[1]
    drafts.move(session, draft, "question", second.id, -1)
    assert [q.key for q in work.questions][:2] == [second.key, first.key]
    drafts.move(session, draft, "question", second.id, -1)  # already first: stays
    assert work.questions[0] is second
    last_indicator = work.indicators[-1]
    drafts.move(session, draft, "indicator", last_indicator.id, -1)
    keys = [q.indicator.key for q in work.questions if q.indicator]
    assert keys == sorted(keys, key=[i.key for i in sorted(work.indicators, key=lambda i: i.position)].index)
    assert work.questions[-1].kind == "open"  # the open question stays last
    drafts.move(session, draft, "area", draft.focus_areas[1].id, -1)
    assert [a.key for a in draft.focus_areas][:2] == ["housing", "work"]
    structure = questionnaire.structure(session, draft.id)
    assert [a.key for a in structure.areas][:2] == ["housing", "work"]


def test_a_new_question_takes_a_new_key_and_a_removed_one_is_retired_and_comes_back(session, laget):
    draft = authoring.new_draft(session, laget)
    work = draft.focus_areas[0]
    indicator = work.indicators[0]
    for taken in ("work.apply", "Work apply"):
        with pytest.raises(authoring.ChangeRefused):
            drafts.add_question(session, draft, indicator.id, taken, {"sv": "Ny"})
    # Left empty, the key is made from the words, never one taken; from words without a–z, "question".
    made = [drafts.add_question(session, draft, indicator.id, "", {"sv": words}).key
            for words in ("Jag känner mig trygg på kvällen.", "Jag känner mig trygg på kvällen!", "أشعر بالأمان")]
    assert made == ["work.jag_kanner_mig_trygg", "work.jag_kanner_mig_trygg_2", "work.question"]
    for key in made:
        drafts.remove(session, draft, "question", next(q.id for q in indicator.questions if q.key == key))
    added = drafts.add_question(session, draft, indicator.id, "work.cv", {"sv": "Jag har ett cv.", "en": ""})
    assert added.indicator is indicator and added.text == {"sv": "Jag har ett cv."}
    assert [o.value for o in added.options] == [1, 2, 3, 4, 5]
    assert [q.key for q in indicator.questions][-1] == "work.cv"
    apply = next(q for q in work.questions if q.key == "work.apply")
    drafts.remove(session, draft, "question", apply.id)
    assert "work.apply" in drafts.retired(session, draft)
    with pytest.raises(authoring.ChangeRefused) as refused:  # its meaning stays with its key
        drafts.add_question(session, draft, indicator.id, "work.apply", {"sv": "Något annat"})
    assert refused.value.reason == "key_used_before"
    back = drafts.bring_back(session, draft, "work.apply", indicator.id)
    assert back.text == apply.text and "work.apply" not in drafts.retired(session, draft)
    # A question asked before keeps its indicator; a new one may move.
    other = work.indicators[1]
    with pytest.raises(authoring.ChangeRefused):
        drafts.move_to_indicator(session, draft, back.id, other.id)
    drafts.move_to_indicator(session, draft, added.id, draft.focus_areas[1].indicators[0].id)
    assert added.focus_area is draft.focus_areas[1] and added not in work.questions
    # The new question needs its texts in every language before the draft is published.
    assert {(p.kind, p.language) for p in questionnaire_texts.problems(draft)} == {("missing_text", code)
                                                                         for code in draft.languages if code != "sv"}


def test_new_areas_and_indicators_and_what_publishing_needs_of_them(session, laget):
    draft = authoring.new_draft(session, laget)
    area = drafts.add_area(session, draft, "leisure", {"sv": "Fritid", "en": "Free time", "ar": "وقت الفراغ",
                                                              "nb": "Fritid", "da": "Fritid",
                                                              "fa": "اوقات فراغت", "ti": "ናጻ ግዜ",
                                                              "so": "Waqtiga firaaqada"})
    with pytest.raises(authoring.ChangeRefused):
        drafts.add_area(session, draft, "leisure", {"sv": "Igen"})
    assert questionnaire_texts.problems(draft) == [questionnaire_texts.Problem("no_questions", "Fritid")]
    indicator = drafts.add_indicator(session, draft, area.id, "clubs",
                                        {"sv": "Föreningar", "en": "Clubs", "ar": "الأندية", "nb": "Foreninger",
                                         "da": "Foreninger", "fa": "باشگاه‌ها",
                                         "ti": "ማሕበራት", "so": "Ururo"})
    with pytest.raises(authoring.ChangeRefused):  # no question in it yet to take a scale from
        drafts.add_question(session, draft, indicator.id, "leisure.club", {"sv": "Jag går till en förening."})
    like = draft.focus_areas[0].questions[0].id
    drafts.add_question(session, draft, indicator.id, "leisure.club",
                           {"sv": "Jag går till en förening.", "en": "I go to a club.", "ar": "أذهب إلى نادٍ.",
                            "nb": "Jeg går i en forening.", "da": "Jeg går i en forening.",
                            "fa": "به یک باشگاه می‌روم.",
                            "ti": "ናብ ማሕበር እኸይድ እየ።", "so": "Waxaan aadaa urur."},
                           like=like)
    assert authoring.publish(session, draft) == []
    structure = questionnaire.structure(session, draft.id)
    assert structure.areas[-1].key == "leisure" and [q.key for q in structure.areas[-1].questions] == ["leisure.club"]
    with pytest.raises(authoring.NotADraft):
        drafts.remove(session, draft, "area", area.id)


def _new_draft_page(app, coordinator):
    from .conftest import csrf_token

    with app.app_context():
        from mina_svar import db

        draft = authoring.new_draft(db.session(), questionnaire.latest(db.session()))
        ids = {"draft": draft.id, "indicator": draft.focus_areas[0].indicators[0].id,
               "question": draft.focus_areas[0].questions[1].id, "area": draft.focus_areas[0].id,
               "first_question": draft.focus_areas[0].questions[0].id}
        db.session().commit()
    page = coordinator.get(f"/coordinate/questionnaires/{ids['draft']}").text
    return ids, csrf_token(page), page


def test_the_editor_adds_moves_and_removes_questions_and_saves_what_was_typed_with_each(app, coordinator):
    ids, token, page = _new_draft_page(app, coordinator)
    draft = f"/coordinate/questionnaires/{ids['draft']}"
    url = f"{draft}?texts=en"  # its texts in English, typed in English
    up = f"{draft}/questions/{ids['question']}/up?texts=en"
    assert f'formaction="{draft}/questions/{ids["question"]}/up?texts=sv"' in page  # the language shown kept
    assert f'formaction="{draft}/areas' in page  # a new focus area
    typed = f"t-question_text-{ids['first_question']}-en"
    moved = coordinator.post(up, data={"csrf_token": token, typed: "Typed before moving."})
    assert moved.status_code == 302 and moved.location.endswith(f"?texts=en#question-{ids['question']}")
    page = coordinator.get(url).text
    assert "Typed before moving." in page
    assert page.index(f'id="question-{ids["question"]}"') < page.index(f'id="question-{ids["first_question"]}"')

    added = coordinator.post(f"{draft}/indicators/{ids['indicator']}/questions",
                             data={"csrf_token": token, f"new-{ids['indicator']}-key": "work.cv",
                                   f"new-{ids['indicator']}-text": "Jag har ett cv."})
    assert added.status_code == 302
    page = coordinator.get(url).text
    assert re.search(r'<legend>Fråga: Jag har ett cv. <span class="muted">work.cv</span></legend>', page)
    read = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Frågan ”Jag har ett cv.”: saknas på: English, العربية, Norsk bokmål, Dansk, فارسی, ትግርኛ, Soomaali" in read

    removed = coordinator.post(f"{draft}/questions/{ids['first_question']}/remove", data={"csrf_token": token})
    assert removed.status_code == 302, re.search(r"message error[^<]*<", removed.text)
    page = coordinator.get(url).text
    assert sv("Retired questions") in page and f'formaction="{draft}/retired/work.apply' in page

    refused = coordinator.post(f"{draft}/indicators/{ids['indicator']}/questions?texts=en",
                               data={"csrf_token": token, f"new-{ids['indicator']}-key": "work.apply",
                                     typed.replace(str(ids["first_question"]), str(ids["question"])): "Kept?",
                                     f"new-{ids['indicator']}-text": "Något helt annat"})
    assert refused.status_code == 400 and "användes i en tidigare version" in refused.text
    assert "Kept?" in refused.text  # shown again as typed…
    assert 'value="Något helt annat"' in refused.text and 'value="work.apply"' in refused.text  # the new one too
    assert "Kept?" not in page_meant(coordinator, url)  # …and not saved

    back = coordinator.post(f"{draft}/retired/work.apply",
                            data={"csrf_token": token, "back-work.apply": str(ids["indicator"])})
    assert back.status_code == 302 and f'{draft}/retired/work.apply' not in page_meant(coordinator, url)


@pytest.mark.parametrize(("action", "status"), [
    ("questions/999999/up", 400), ("questions/0/remove", 400), ("indicators/999999/questions", 400),
    ("retired/nothing.here", 400), ("sauces/1/remove", 404), ("questions/x/indicator", 404),
    ("areas/1/fly", 404), ("up", 404),
])
def test_a_change_naming_nothing_of_the_draft_changes_nothing(app, coordinator, action, status):
    ids, token, _page = _new_draft_page(app, coordinator)
    url = f"/coordinate/questionnaires/{ids['draft']}"

    def page() -> str:
        from .conftest import without_csrf

        answer = coordinator.get(url)
        assert answer.status_code == 200 and 'formaction="' in answer.text  # the draft's editor
        return without_csrf(answer.text)

    before = page()
    answer = coordinator.post(f"{url}/{action}", data={"csrf_token": token, "back-nothing.here": "1",
                                                       f"t-title-{ids['draft']}-sv": "Ändrad?"})
    assert answer.status_code == status
    assert page() == before


def test_completeness_counts_each_languages_share_of_the_texts_a_version_needs(session, laget):
    assert questionnaire_texts.completeness(laget) == {code: 1.0 for code in laget.languages}
    draft = authoring.new_draft(session, laget)
    questions = [q for area in draft.focus_areas for q in area.questions][:3]
    needed = len(questionnaire_texts.required_texts(draft))
    authoring.set_texts(session, draft, {("question_text", q.id, "ar"): "" for q in questions})
    authoring.set_texts(session, draft, {("intro", draft.id, "en"): ""})  # an introduction may be left empty
    assert questionnaire_texts.completeness(draft) == {code: (needed - 3) / needed if code == "ar" else 1.0
                                             for code in draft.languages}


def test_the_list_says_how_complete_each_language_of_each_version_is(app, coordinator):
    with app.app_context():
        from mina_svar import db

        draft = authoring.new_draft(db.session(), questionnaire.latest(db.session()))
        first = draft.focus_areas[0].questions[0]
        authoring.set_texts(db.session(), draft, {("question_text", first.id, "ar"): ""})
        share = int(questionnaire_texts.completeness(draft)["ar"] * 100)
        db.session().commit()
    listing = coordinator.get("/coordinate/questionnaires").text
    assert share == 99 and f'<bdi lang="ar">العربية</bdi> <bdi>{share} %</bdi>' in listing
    assert '<bdi lang="ar">العربية</bdi> <bdi>100 %</bdi>' in listing  # the published version


def test_a_draft_published_meanwhile_says_so_and_saves_nothing(app, coordinator):
    """Another coordinator publishes between the page's reading the draft and its change: 409, not 400."""
    from sqlalchemy import update

    from mina_svar import db
    from mina_svar.coordinate.questionnaires import _refused

    with app.test_request_context("/coordinate/questionnaires", headers={"Accept-Language": "sv"}):
        session = db.session()
        draft = authoring.new_draft(session, questionnaire.latest(session))
        question = draft.focus_areas[0].questions[0]
        session.commit()  # the draft as this request read it stays in memory, still a draft
        with db.engine().begin() as other:
            other.execute(update(Questionnaire).where(Questionnaire.id == draft.id).values(state="published"))
        assert draft.is_draft
        refused = _refused(draft, lambda: authoring.set_texts(session, draft, {
            ("question_text", question.id, "sv"): "Ändrad"}))
        assert refused is not None and refused[0] == 409 and "publicerades under tiden" in refused[1]
