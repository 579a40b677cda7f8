"""Who uses which questionnaire: an organisation's own, a new one started from a copy or from nothing, and the
version a leader opens Läget 1 and Läget 2 with."""

import re

import pytest
from sqlalchemy import select

from mina_svar import accounts, authoring, cycles, db, drafts, organising, questionnaire, questionnaire_texts
from mina_svar.models import Group, Organisation, Questionnaire, User

from .conftest import csrf_token, page_meant
from .languages import sv


@pytest.fixture
def laget(session):
    return questionnaire.latest(session)


def _own(session, laget, key="husby") -> Questionnaire:
    """A new questionnaire copied from Läget, with one focus area fewer, published."""
    draft = authoring.new_questionnaire(session, key, "Läget i Husby", "sv", laget)
    drafts.remove(session, draft, "area", draft.focus_areas[-1].id)
    authoring.set_texts(session, draft, {("title", draft.id, "en"): "Husby now", ("title", draft.id, "ar"): "حسبي",
                                         ("title", draft.id, "nb"): "Husby nå", ("title", draft.id, "da"): "Husby nu",
                                         ("title", draft.id, "fa"): "هوسبی اکنون",
                                         ("title", draft.id, "ti"): "ሁስቢ ሕጂ",
                                         ("title", draft.id, "so"): "Husby hadda"})
    assert authoring.publish(session, draft) == []
    return draft


def _cycle(session, organisation_name="Föreningen"):
    organisation = organising.create_organisation(session, organisation_name)
    group = organising.create_group(session, organisation, "Gruppen")
    leader = accounts.create_user(session, f"{organisation_name.lower()}@example.org", "Anna", "a-long-test-password")
    organising.assign_leader(session, group, leader)
    return leader, cycles.start_cycle(session, group, "Hösten", None, None, leader)


def test_a_new_questionnaire_is_a_copy_with_a_key_of_its_own_or_empty(session, laget):
    copied = authoring.new_questionnaire(session, "husby", "Läget i Husby", "sv", laget)
    assert (copied.key, copied.version, copied.state, copied.based_on_id) == ("husby", 1, "draft", laget.id)
    assert copied.title == {"sv": "Läget i Husby"} and copied.languages == laget.languages
    in_english = authoring.new_questionnaire(session, "oslo_en", "Oslo now", "en", laget)
    # Written first in English: new questions are typed in English.
    assert in_english.languages == ["en", *(code for code in laget.languages if code != "en")]
    assert [a.key for a in copied.focus_areas] == [a.key for a in laget.focus_areas]
    empty = authoring.new_questionnaire(session, "oslo", "Oslo nå", "en")
    assert (empty.languages, empty.title, empty.focus_areas) == (["en"], {"en": "Oslo nå"}, [])
    assert [p.kind for p in questionnaire_texts.problems(empty)] == ["no_areas"]
    for taken in ("laget", "husby"):
        with pytest.raises(authoring.ChangeRefused, match="key_taken"):
            authoring.new_questionnaire(session, taken, "Again", "sv")
    with pytest.raises(authoring.ChangeRefused, match="bad_key"):
        authoring.new_questionnaire(session, "Husby 2", "Again", "sv")


def test_an_empty_questionnaire_gets_scales_open_questions_and_languages_of_its_own(session):
    draft = authoring.new_questionnaire(session, "esbjerg", "Esbjerg", "en")
    area = drafts.add_area(session, draft, "leisure", {"en": "Leisure"})
    indicator = drafts.add_indicator(session, draft, area.id, "places", {"en": "Places"})
    with pytest.raises(authoring.ChangeRefused, match="no_scale"):  # nothing to take a scale from yet
        drafts.add_question(session, draft, indicator.id, "leisure.places", {"en": "There are places to be."})
    often = drafts.add_question(session, draft, indicator.id, "leisure.often", {"en": "I go out."},
                                   scale="frequency5")
    seven = drafts.add_question(session, draft, indicator.id, "leisure.safe", {"en": "I feel safe."},
                                   scale="agree7")
    same = drafts.add_question(session, draft, indicator.id, "leisure.near", {"en": "It is near."})
    assert [o.label for o in often.options] == [{"en": t} for t in ("Never", "Rarely", "Sometimes", "Often",
                                                                     "Always")]
    assert [o.value for o in seven.options] == list(range(1, 8))
    assert [o.label for o in same.options] == [o.label for o in often.options]  # the indicator's first's
    with pytest.raises(authoring.ChangeRefused, match="no_scale"):
        drafts.add_question(session, draft, indicator.id, "leisure.x", {"en": "x"}, scale="made_up")
    own_words = drafts.add_open_question(session, draft, area.id, "leisure.words", {"en": "In your words?"})
    assert area.questions[-1] is own_words and own_words.kind == "open"
    with pytest.raises(authoring.ChangeRefused, match="has_open_question"):
        drafts.add_open_question(session, draft, area.id, "leisure.more", {"en": "More?"})
    assert authoring.publish(session, draft) == []
    structure = questionnaire.structure(session, draft.id)
    assert [q.scale for q in structure.areas[0].questions if q.kind == "scale"] == [
        (1, 2, 3, 4, 5), (1, 2, 3, 4, 5, 6, 7), (1, 2, 3, 4, 5)]


def test_a_language_added_to_a_draft_must_be_written_before_it_is_published(session):
    draft = authoring.new_questionnaire(session, "esbjerg", "Esbjerg", "en")
    area = drafts.add_area(session, draft, "leisure", {"en": "Leisure"})
    indicator = drafts.add_indicator(session, draft, area.id, "places", {"en": "Places"})
    question = drafts.add_question(session, draft, indicator.id, "leisure.yes", {"en": "I have a place."},
                                      scale="yes_no")
    drafts.set_languages(session, draft, ["sv", "en"])
    assert draft.languages == ["en", "sv"]  # the language it was written in first stays first
    assert question.options[0].label == {"en": "No"}  # the scale's labels came in the draft's languages
    assert {p.language for p in authoring.publish(session, draft)} == {"sv"}
    with pytest.raises(authoring.ChangeRefused, match="no_language"):
        drafts.set_languages(session, draft, [])
    drafts.set_languages(session, draft, ["en"])
    assert authoring.publish(session, draft) == [] and draft.languages == ["en"]


def test_läget_1_opens_with_the_organisations_questionnaire_its_newest_version_or_one_chosen(session, laget):
    leader, cycle = _cycle(session)
    assert [q.id for q in cycles.questionnaire_choices(session, cycle, "baseline")] == [laget.id]
    first = _own(session, laget)
    organising.use_questionnaire(session, cycle.group.organisation, "husby")
    second = authoring.new_draft(session, first)
    authoring.publish(session, second)
    authoring.new_draft(session, second)  # a draft is never a choice
    assert [q.id for q in cycles.questionnaire_choices(session, cycle, "baseline")] == [second.id, first.id]
    assert cycles.questionnaire_of(session, cycle).id == second.id
    with pytest.raises(cycles.NotAChoice):
        cycles.open_measurement(session, cycle, "baseline", leader, laget.id)  # not the organisation's
    measurement = cycles.open_measurement(session, cycle, "baseline", leader, first.id)
    assert measurement.questionnaire_id == first.id and cycles.questionnaire_of(session, cycle).id == first.id


def test_läget_2_uses_läget_1s_version_unless_a_newer_one_is_chosen(session, laget):
    leader, cycle = _cycle(session)
    first = _own(session, laget)
    organising.use_questionnaire(session, cycle.group.organisation, "husby")
    cycles.open_measurement(session, cycle, "baseline", leader)
    second = authoring.new_draft(session, first)
    authoring.publish(session, second)
    choices = cycles.questionnaire_choices(session, cycle, "follow_up")
    assert [q.id for q in choices] == [first.id, second.id]  # Läget 1's first, then the newer one
    organising.use_questionnaire(session, cycle.group.organisation, "laget")  # changed meanwhile: no matter
    assert [q.id for q in cycles.questionnaire_choices(session, cycle, "follow_up")] == [first.id, second.id]
    with pytest.raises(cycles.NotAChoice):
        cycles.open_measurement(session, cycle, "follow_up", leader, laget.id)
    assert cycles.open_measurement(session, cycle, "follow_up", leader, second.id).questionnaire_id == second.id


def test_an_organisation_uses_only_a_questionnaire_with_a_published_version(session, laget):
    organisation = organising.create_organisation(session, "Föreningen")
    authoring.new_questionnaire(session, "husby", "Läget i Husby", "sv", laget)
    with pytest.raises(LookupError):
        organising.use_questionnaire(session, organisation, "husby")
    with pytest.raises(LookupError):
        organising.use_questionnaire(session, organisation, "nothing")
    assert organisation.questionnaire_key is None


# Request level

def test_a_coordinator_starts_a_questionnaire_and_gives_it_to_an_organisation(app, coordinator, world):
    listing = coordinator.get("/coordinate/questionnaires").text
    token = csrf_token(listing)
    assert sv("Start a new questionnaire") in listing
    refused = coordinator.post("/coordinate/questionnaires/new",
                               data={"csrf_token": token, "key": "laget", "title": "Igen", "source": "",
                                     "language": "sv"})
    assert refused.status_code == 400 and "Det finns redan ett frågeformulär med nyckeln laget" in refused.text
    bad = coordinator.post("/coordinate/questionnaires/new",
                           data={"csrf_token": token, "key": "husby", "title": "Husby", "source": "999999",
                                 "language": "sv"})
    assert bad.status_code == 400
    made = coordinator.post("/coordinate/questionnaires/new",
                            data={"csrf_token": token, "key": "husby", "title": "Läget i Husby", "source": "",
                                  "language": "sv"})
    assert made.status_code == 302
    draft_id = int(re.search(r"/questionnaires/(\d+)$", made.location).group(1))
    page = coordinator.get(made.location).text
    assert sv("It has no focus areas yet.") in page
    with app.app_context():
        session = db.session()
        organisation = session.scalar(select(Organisation))
        assert session.get(Questionnaire, draft_id).state == "draft"
    unpublished = coordinator.post(f"/coordinate/organisations/{organisation.id}/questionnaire",
                                   data={"csrf_token": token, "questionnaire": "husby"})
    assert unpublished.status_code == 400
    with app.app_context():
        assert db.session().get(Organisation, organisation.id).questionnaire_key is None
        session = db.session()
        _own(session, questionnaire.latest(session), "backby")
        session.commit()
    listing = coordinator.get("/coordinate/questionnaires").text
    assert 'name="questionnaire"' in listing and '<option value="backby"' in listing
    used = coordinator.post(f"/coordinate/organisations/{organisation.id}/questionnaire",
                            data={"csrf_token": token, "questionnaire": "backby"})
    assert used.status_code == 302
    with app.app_context():
        assert db.session().get(Organisation, organisation.id).questionnaire_key == "backby"


def test_the_editor_adds_a_question_on_a_chosen_scale_an_open_question_and_a_language(app, coordinator):
    made = coordinator.post("/coordinate/questionnaires/new",
                            data={"csrf_token": csrf_token(coordinator.get("/coordinate/questionnaires").text),
                                  "key": "oslo", "title": "Oslo nå", "source": "", "language": "en"})
    url = made.location
    token = csrf_token(coordinator.get(url).text)
    assert coordinator.post(f"{url}/areas", data={"csrf_token": token, "new-area-key": "leisure",
                                       "new-area-text": "Leisure"}).status_code == 302
    with app.app_context():
        draft = db.session().get(Questionnaire, int(url.rsplit("/", 1)[1]))
        area_id = draft.focus_areas[0].id
    indicator = coordinator.post(f"{url}/areas/{area_id}/indicators", data={
        "csrf_token": token, f"new-area-{area_id}-key": "places", f"new-area-{area_id}-text": "Places"})
    assert indicator.status_code == 302
    page = coordinator.get(url).text
    indicator_id = int(re.search(r'formaction="[^"]*/indicators/(\d+)/questions', page).group(1))
    assert '<option value="frequency5">' in page and "The same as the indicator" not in page
    added = coordinator.post(f"{url}/indicators/{indicator_id}/questions", data={"csrf_token": token,
                                        f"new-{indicator_id}-key": "leisure.often",
                                        f"new-{indicator_id}-text": "I go out.",
                                        f"new-scale-{indicator_id}": "frequency5",
                                        f"new-dont-know-{indicator_id}": "1"})
    assert added.status_code == 302
    without = coordinator.post(f"{url}/indicators/{indicator_id}/questions", data={"csrf_token": token,
                                          f"new-{indicator_id}-key": "leisure.sure",
                                          f"new-{indicator_id}-text": "I am sure.",
                                          f"new-scale-{indicator_id}": "agree5"})  # the box left unticked
    assert without.status_code == 302
    opened = coordinator.post(f"{url}/areas/{area_id}/open-question", data={"csrf_token": token,
                                         f"new-open-{area_id}-key": "leisure.words",
                                         f"new-open-{area_id}-text": "In your own words?"})
    assert opened.status_code == 302
    again = coordinator.post(f"{url}/areas/{area_id}/open-question", data={"csrf_token": token,
                                        f"new-open-{area_id}-key": "leisure.more",
                                        f"new-open-{area_id}-text": "More?"})
    assert again.status_code == 400 and "redan sin öppna fråga" in again.text
    languages = coordinator.post(f"{url}/languages", data={"csrf_token": token, "languages": ["en", "ar"]})
    assert languages.status_code == 302
    unknown = coordinator.post(f"{url}/languages", data={"csrf_token": token, "languages": ["en", "xx"]})
    assert unknown.status_code == 400
    page = coordinator.get(url).text
    assert "Never" in page and "In your own words?" in page and 'name="t-question_text-' in page
    assert 'saknas på: <bdi lang="ar">العربية</bdi>' in page
    assert 'dir="rtl"' in coordinator.get(url + "?texts=ar").text
    with app.app_context():
        draft = db.session().get(Questionnaire, int(url.rsplit("/", 1)[1]))
        assert draft.languages == ["en", "ar"]
        assert [(q.key, q.kind, q.allows_dont_know) for q in draft.focus_areas[0].questions] == [
            ("leisure.often", "scale", True), ("leisure.sure", "scale", False), ("leisure.words", "open", False)]


def test_a_leader_chooses_the_version_läget_1_opens_with(app, world):
    from .staff import sign_in

    with app.app_context():
        session = db.session()
        laget = questionnaire.latest(session)
        first = _own(session, laget)
        second = authoring.new_draft(session, first)
        authoring.publish(session, second)
        for organisation in session.scalars(select(Organisation)):
            organising.use_questionnaire(session, organisation, "husby")
        group = session.get(Group, world.group_a)
        cycle_id = cycles.start_cycle(session, group, "Hösten", None, None, session.get(User, world.leader_a)).id
        ids = (laget.id, first.id, second.id)
        session.commit()
    leader = app.test_client()
    sign_in(leader, "a@example.org")
    url = f"/lead/cycles/{cycle_id}/steps/baseline"
    page = leader.get(url)
    assert f'<option value="{ids[2]}">' in page.text and "version 2" in page.text
    refused = leader.post(f"{url}/measurement", data={"csrf_token": csrf_token(page.text), "questionnaire": ids[0]})
    assert refused.status_code == 400 and "Välj en av versionerna" in refused.text
    with app.app_context():
        assert cycles.measurement_of(db.session(), db.session().get(cycles.Cycle, cycle_id), "baseline") is None
    opened = leader.post(f"{url}/measurement", data={"csrf_token": csrf_token(page.text), "questionnaire": ids[1]})
    assert opened.status_code == 302
    with app.app_context():
        measurement = cycles.measurement_of(db.session(), db.session().get(cycles.Cycle, cycle_id), "baseline")
        assert measurement.questionnaire_id == ids[1]


# The translator's page

def test_translation_lists_the_missing_texts_first_with_the_source_beside(session, laget):
    draft = authoring.new_draft(session, laget)
    question = draft.focus_areas[1].questions[0]
    authoring.set_texts(session, draft, {("question_text", question.id, "ar"): "",
                                         ("area_description", draft.focus_areas[0].id, "ar"): ""})
    rows = questionnaire_texts.translation(draft, "en", "ar")
    assert [(r.what, r.key, r.source, r.target, r.required) for r in rows[:2]] == [
        ("question_text", question.key, question.text["en"], "", True),
        ("area_description", "work", draft.focus_areas[0].description["en"], "", False)]
    assert not any(r.missing for r in rows[2:]) and len(rows) == len(questionnaire_texts.text_rows(draft))
    option = next(r for r in rows if r.what == "option_label")
    assert option.key.endswith(" = 1") and option.target


def test_the_translators_page_saves_one_language_and_says_how_complete_it_is(app, coordinator):
    with app.app_context():
        session = db.session()
        draft = authoring.new_draft(session, questionnaire.latest(session))
        question = draft.focus_areas[0].questions[0]
        authoring.set_texts(session, draft, {("question_text", question.id, "ar"): ""})
        draft_id, field = draft.id, f"t-question_text-{question.id}-ar"
        session.commit()
    url = f"/coordinate/questionnaires/{draft_id}/translate/ar"
    page = coordinator.get(url + "?from=en")
    assert page.status_code == 200 and 'hx-trigger="input delay:1000ms, change"' in page.text
    assert page.text.index(f'id="{field}"') < page.text.index("t-question_text-", page.text.index(f'id="{field}"') + 1)
    assert "I know how to apply for a job." in page.text and "(saknas)" in page.text
    # Each text named by what it is, its key small: "Question work.apply", not a key alone.
    assert re.search(rf'<label for="{field}">Fråga\s+<span class="muted">work.apply</span></label>', page.text)
    assert "99 % av texterna den behöver är skrivna på العربية." in page.text
    token = csrf_token(page.text)
    saved = coordinator.post(url + "?from=en", data={"csrf_token": token, field: "أعرف كيف أتقدم لوظيفة."},
                             headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "100 % av texterna den behöver är skrivna på العربية. Sparat." in saved.text
    assert "<html" not in saved.text  # the status only, for htmx
    other = coordinator.post(url, data={"csrf_token": token, f"t-question_text-{question.id}-en": "Changed"})
    assert other.status_code == 400  # this page writes its own language only
    assert coordinator.get(f"/coordinate/questionnaires/{draft_id}/translate/xx").status_code == 404
    assert coordinator.get(url + "?from=ar").status_code == 404
    with app.app_context():
        stored = db.session().get(Questionnaire, draft_id)
        assert questionnaire_texts.completeness(stored)["ar"] == 1.0
        assert stored.focus_areas[0].questions[0].text["en"] == "I know how to apply for a job."
        authoring.publish(db.session(), stored)
        db.session().commit()
    late = coordinator.post(url, data={"csrf_token": token, field: "later"}, headers={"HX-Request": "true"})
    assert late.status_code == 409 and "publicerad" in late.text
    assert 'name="t-' not in page_meant(coordinator, url)  # a published version shows, never edits
