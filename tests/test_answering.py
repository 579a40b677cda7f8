import json
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DataError

from mina_svar import answering, codes, db, demo, measuring, questionnaire
from mina_svar.models import Answer, Measurement, Response


@pytest.fixture
def measurement(session) -> Measurement:
    code = demo.create(session, half_way_cycle=False).code
    return answering.find_measurement(session, code)


@pytest.fixture
def structure(session, measurement):
    return questionnaire.structure(session, measurement.questionnaire_id)


def _ids(structure, area=0):
    scale = [q.id for q in structure.areas[area].questions if q.kind == "scale"]
    open_question = next(q.id for q in structure.areas[area].questions if q.kind == "open")
    return scale, open_question


def _count(session):
    return session.scalar(select(func.count()).select_from(Answer))


def test_codes_are_found_however_they_are_typed(session, measurement):
    messy = " " + measurement.code.lower()[:3] + "-" + measurement.code.lower()[3:] + " "
    assert answering.find_measurement(session, messy).id == measurement.id
    assert answering.find_measurement(session, "") is None
    assert answering.find_measurement(session, "ZZZZZZ") is None


def test_every_code_people_type_comes_from_the_one_readable_alphabet(session, measurement):
    join = {codes.unused(session, Measurement.code) for _ in range(200)}
    assert len(join) == 200
    respondent = answering.start(session, measurement, "sv")
    typed = "".join(join) + answering.resume_code(session, respondent).replace("-", "")
    assert set(typed) <= set(codes.READABLE)
    assert not set(typed) & set("01OIL5S2Z")


def test_a_code_made_with_the_old_alphabet_is_still_found(session, measurement):
    measurement.code = "SL2Z5Q"  # letters and digits no new code uses
    session.flush()
    assert answering.find_measurement(session, "sl2-z5q ").id == measurement.id


def test_parse_reads_scale_dont_know_and_text(structure):
    scale, open_question = _ids(structure)
    given = answering.parse(structure, {f"q-{scale[0]}": "5", f"q-{scale[1]}": "dk",
                                        f"q-{open_question}": "  More summer jobs  ", "nav": "next",
                                        "csrf_token": "x"})
    assert given == {scale[0]: answering.Given(value=5), scale[1]: answering.Given(dont_know=True),
                     open_question: answering.Given(text="More summer jobs")}


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "five", "DK"])
def test_parse_refuses_values_off_the_scale(structure, value):
    scale, _open_question = _ids(structure)
    with pytest.raises(answering.AnswerError) as raised:
        answering.parse(structure, {f"q-{scale[0]}": value})
    assert raised.value.reason == "off_scale"


@pytest.mark.parametrize("name", ["q-999999", "q-abc", "q-"])
def test_parse_refuses_questions_not_in_the_questionnaire(structure, name):
    with pytest.raises(answering.AnswerError) as raised:
        answering.parse(structure, {name: "3"})
    assert raised.value.reason == "unknown_question"


def test_parse_refuses_open_answers_over_2000_characters(structure):
    _scale, open_question = _ids(structure)
    assert answering.parse(structure, {f"q-{open_question}": "x" * 2000})[open_question].text
    with pytest.raises(answering.AnswerError) as raised:
        answering.parse(structure, {f"q-{open_question}": "x" * 2001})
    assert raised.value.reason == "too_long"


def test_save_writes_only_what_changed(session, measurement, structure):
    scale, open_question = _ids(structure)
    response = answering.start(session, measurement, "sv")
    assert answering.save(session, response, {scale[0]: answering.Given(value=3),
                                              open_question: answering.Given(text="Hej")}) == 2
    assert answering.save(session, response, {scale[0]: answering.Given(value=3),
                                              open_question: answering.Given(text="Hej")}) == 0
    assert answering.save(session, response, {scale[0]: answering.Given(dont_know=True)}) == 1
    assert answering.answers_of(session, response)[scale[0]] == answering.Given(dont_know=True)
    # Emptying the text removes that answer.
    assert answering.save(session, response, {open_question: answering.Given(text=None)}) == 1
    assert set(answering.answers_of(session, response)) == {scale[0]}


def test_no_answers_after_finishing_or_closing(session, measurement, structure):
    scale, _ = _ids(structure)
    finished = answering.start(session, measurement, "en")
    answering.finish(session, finished)
    finished = answering.find_respondent(session, measurement.code, finished.token)
    with pytest.raises(answering.NotAnswerable) as raised:
        answering.save(session, finished, {scale[0]: answering.Given(value=1)})
    assert raised.value.reason == "finished"
    open_response = answering.start(session, measurement, "ar")
    measuring.close_measurement(session, measurement, 5)
    session.commit()
    open_response = answering.find_respondent(session, measurement.code, open_response.token)
    with pytest.raises(answering.NotAnswerable) as raised:
        answering.save(session, open_response, {scale[0]: answering.Given(value=1)})
    assert raised.value.reason == "closed"
    with pytest.raises(answering.NotAnswerable):
        answering.start(session, measurement, "sv")
    assert _count(session) == 0


def test_a_response_belongs_to_its_own_measurement(session, measurement):
    response = answering.start(session, measurement, "sv")
    other = measuring.open_measurement(session, questionnaire.latest(session), None)
    found = answering.find_respondent(session, measurement.code.lower(), response.token)
    assert found == response
    assert answering.find_respondent(session, other.code, response.token) is None


def test_overview_counts_completed_responses(session, measurement):
    for _ in range(3):
        answering.finish(session, answering.start(session, measurement, "sv"))
    answering.start(session, measurement, "sv")
    lines = measuring.overview(session)
    assert [(line.code, line.state, line.completed) for line in lines] == [(measurement.code, "open", 3)]


def test_a_save_read_before_the_send_is_refused_after_it(session, measurement, structure):
    """The phone's page was read before "send" went through: the save must not change a sent answer."""
    scale, _ = _ids(structure)
    respondent = answering.start(session, measurement, "sv")
    answering.save(session, respondent, {scale[0]: answering.Given(value=2)})
    stale = answering.find_respondent(session, measurement.code, respondent.token)
    answering.finish(session, respondent)
    session.commit()  # as the request that sends does
    with pytest.raises(answering.NotAnswerable) as raised:
        answering.save(session, stale, {scale[0]: answering.Given(value=5)})
    assert raised.value.reason == "finished"
    assert answering.answers_of(session, respondent)[scale[0]].value == 2


def test_sending_after_the_measurement_closed_is_refused_and_keeps_the_answers(session, measurement, structure):
    scale, _ = _ids(structure)
    respondent = answering.start(session, measurement, "sv")
    answering.save(session, respondent, {scale[0]: answering.Given(value=2)})
    measuring.close_measurement(session, measurement, 5)
    session.commit()
    with pytest.raises(answering.NotAnswerable) as raised:
        answering.finish(session, respondent)  # read while it was open
    assert raised.value.reason == "closed"
    measuring.reopen_measurement(session, measurement)
    session.commit()
    answering.finish(session, respondent)
    session.commit()  # as the request that sends does
    assert answering.answers_of(session, respondent)[scale[0]].value == 2


def test_a_phone_files_its_unsent_answers_under_a_key_that_gives_nothing_away(session, measurement):
    first, second = answering.start(session, measurement, "sv"), answering.start(session, measurement, "sv")
    key = answering.queue_key(first)
    assert key == answering.queue_key(first) and key != answering.queue_key(second)
    assert len(key) == 16 and key not in first.token and first.token not in key
    assert str(first.response_id) != key


def test_a_resume_code_continues_the_same_response_until_it_is_sent(session, measurement, structure):
    phone = answering.start(session, measurement, "ar")
    scale, _open = _ids(structure)
    answering.save(session, phone, {scale[0]: answering.Given(value=4)})
    code = answering.resume_code(session, phone)
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRTUVWXY346789]{4}-[ABCDEFGHJKMNPQRTUVWXY346789]{4}", code)
    stored = session.scalar(select(Response.resume_hash).where(Response.id == phone.response_id))
    assert stored and code not in stored and code.replace("-", "") not in stored  # only a hash is kept
    other = answering.resume(session, measurement, code.lower().replace("-", " "))  # however it is typed
    assert other is not None and other.response_id == phone.response_id and other.language == "ar"
    assert answering.answers_of(session, other) == {scale[0]: answering.Given(value=4)}
    # A new code replaces the old one, and only this phone's: another phone's code still works.
    second = answering.start(session, measurement, "sv")
    theirs = answering.resume_code(session, second)
    newer = answering.resume_code(session, phone)
    assert answering.resume(session, measurement, code) is None
    assert answering.resume(session, measurement, theirs).response_id == second.response_id
    # Another Läget does not know it; sending ends it.
    elsewhere = measuring.open_measurement(session, measurement.questionnaire, None, title="Annan")
    assert answering.resume(session, elsewhere, newer) is None
    answering.finish(session, phone)
    assert answering.resume(session, measurement, newer) is None
    assert session.scalar(select(Response.resume_hash).where(Response.id == phone.response_id)) is None
    with pytest.raises(answering.NotAnswerable) as refused:
        answering.resume_code(session, answering.find_respondent(session, measurement.code, phone.token))
    assert refused.value.reason == "finished"


def test_a_tap_read_against_another_questionnaire_writes_nothing_and_is_read_again(
        session, measurement, structure, tmp_path):
    """A tap is read against the questionnaire its measurement had when last seen; if that was
    another one, the database writes nothing and the tap is read against the right one."""
    other_file = tmp_path / "other.json"
    document = json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))
    other_file.write_text(json.dumps({**document, "version": document["version"] + 1}), encoding="utf-8")
    other = questionnaire.load_file(session, other_file)
    respondent = answering.start(session, measurement, "sv")
    session.commit()
    answering._QUESTIONNAIRE_OF[measurement.code] = other.id
    read_against = []

    def read(read_structure):
        read_against.append(read_structure.id)
        return {_ids(read_structure)[0][0]: answering.Given(value=4)}

    found = answering.save_tap(db.connection(), measurement.code.lower(), respondent.token,
                               lambda questionnaire_id: questionnaire.structure(session, questionnaire_id), read)
    assert found.response_id == respondent.response_id
    assert read_against[-1] == measurement.questionnaire_id
    assert answering.answers_of(session, respondent) == {_ids(structure)[0][0]: answering.Given(value=4)}
    assert answering._QUESTIONNAIRE_OF[measurement.code] == measurement.questionnaire_id
    assert answering.save_tap(db.connection(), measurement.code, "not-a-token", lambda _id: structure, read) is None


def test_an_error_on_the_taps_own_statement_comes_as_sqlalchemys_and_leaves_the_connection_usable(session):
    """The statement every tap runs goes to the driver's cursor; a failure still reads as SQLAlchemy's
    (so the app's error handling sees it), and only a dropped connection is given up."""
    connection = db.connection()
    if connection.dialect.name != "postgresql":
        pytest.skip("the driver's cursor is used on PostgreSQL only")
    with pytest.raises(DataError) as raised:
        db.first_row_on_driver(connection, "SELECT 1 / CAST(%(n)s AS integer)", {"n": 0})
    assert "division by zero" in str(raised.value) and not raised.value.connection_invalidated
    assert db.first_row_on_driver(connection, "SELECT %(n)s + 1 AS two", {"n": 1}) == {"two": 2}


def test_the_overview_and_a_groups_list_are_newest_first_each_with_its_own_count(session):
    from mina_svar import organising

    organisation = organising.create_organisation(session, "Föreningen")
    groups = [organising.create_group(session, organisation, name) for name in ("Grupp A", "Grupp B")]
    laget = questionnaire.latest(session)
    older = measuring.open_measurement(session, laget, groups[0], title="Våren")
    newer = measuring.open_measurement(session, laget, groups[0], title="Hösten")
    theirs = measuring.open_measurement(session, laget, groups[1], title="Deras")
    older.opened_at, newer.opened_at = older.opened_at.replace(year=2025), newer.opened_at.replace(year=2026)
    theirs.opened_at = older.opened_at.replace(month=1)
    for measurement, sent in ((older, 2), (newer, 1), (theirs, 0)):
        for _ in range(sent):
            answering.finish(session, answering.start(session, measurement, "sv"))
    session.flush()
    lines = [(line.code, line.completed, line.title, line.group) for line in measuring.overview(session)]
    assert lines == [(newer.code, 1, "Hösten", "Grupp A"), (older.code, 2, "Våren", "Grupp A"),
                     (theirs.code, 0, "Deras", "Grupp B")]
    assert measuring.of_group(session, groups[0]) == [newer, older]
    assert measuring.of_group(session, groups[1]) == [theirs]


def test_after_exactly_the_minimum_a_late_response_waits_for_the_minimum_of_others(session, measurement):
    """Results were shown for five: one late response alone would be that young person's answers, so it waits."""
    assert measuring.close_measurement(session, measurement, 5) == measuring.Release(0, 0)  # nothing sent yet
    measuring.reopen_measurement(session, measurement)
    for _ in range(5):
        answering.finish(session, answering.start(session, measurement, "sv"))
    assert measuring.close_measurement(session, measurement, 5) == measuring.Release(5, 0)
    measuring.reopen_measurement(session, measurement)
    answering.finish(session, answering.start(session, measurement, "sv"))
    assert measuring.close_measurement(session, measurement, 5) == measuring.Release(0, 1)
    assert measuring.close_measurement(session, measurement, 5) == measuring.Release(0, 1)  # still waiting
    released = session.scalar(select(func.count()).select_from(Response).where(Response.released))
    assert released == 5


def test_a_release_tallies_its_own_answers_only_and_leaves_another_laget_as_it_was(session, measurement):
    """analysis.recount tallies one measurement anew: another's tallies and contributors must not move."""
    from mina_svar import analysis

    other = measuring.open_measurement(session, measurement.questionnaire, None, title="Annan")
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    first = structure.areas[0].questions[0].id
    for läget, value in ((measurement, 2), (other, 4)):
        for _ in range(5):
            respondent = answering.start(session, läget, "sv")
            answering.save(session, respondent, {first: answering.Given(value=value)})
            answering.finish(session, respondent)
        measuring.close_measurement(session, läget, 5)
    before = analysis.answer_counts(session, other.id)
    assert before.answers[first] == {4: 5} and before.contributors and before.respondents == 5
    measuring.reopen_measurement(session, measurement)
    analysis.recount(session, measurement.id)  # as a release of the first does
    assert analysis.answer_counts(session, other.id) == before
    assert analysis.answer_counts(session, measurement.id).answers[first] == {2: 5}
