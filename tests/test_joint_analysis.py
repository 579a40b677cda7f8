"""The joint-analysis session's domain: slides, reactions, votes, texts, and what ends up in the cycle."""

import pytest
from sqlalchemy import select

from mina_svar import cycles, joint_analysis, questionnaire
from mina_svar.models import Conclusion

from .staff import cycle_with_läget_1


@pytest.fixture
def running(session):
    anna, cycle, measurement = cycle_with_läget_1(session)
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    return joint_analysis.start(session, measurement, anna), structure, anna, cycle


def test_slides_go_through_each_focus_area_and_indicator(running):
    analysis_session, structure, _anna, _cycle = running
    found = joint_analysis.slides(structure)
    assert len(found) == 5 + 15 + 1
    assert [s.key for s in found[:3]] == ["area:work", "indicator:work.ways_in", "indicator:work.experience"]
    assert found[-1].key == "priorities"


def test_the_leader_moves_and_reveals_and_every_change_counts(session, running):
    analysis_session, structure, _anna, _cycle = running
    assert joint_analysis.find(session, analysis_session.code.lower()) is analysis_session
    first = analysis_session.version
    joint_analysis.reveal(session, analysis_session)
    assert analysis_session.revealed and analysis_session.version == first + 1
    joint_analysis.move(session, analysis_session, 1, structure)
    assert analysis_session.slide == 1 and not analysis_session.revealed
    joint_analysis.move(session, analysis_session, 999, structure)
    assert joint_analysis.current(analysis_session, structure).key == "priorities"
    joint_analysis.move(session, analysis_session, -5, structure)
    assert analysis_session.slide == 0
    assert joint_analysis.version(session, analysis_session.id) == first + 4


def test_reactions_and_votes_cannot_be_multiplied(session, running):
    analysis_session, structure, _anna, _cycle = running
    phone = joint_analysis.join(session, analysis_session, "ar")
    other = joint_analysis.join(session, analysis_session, "sv")
    for _ in range(3):
        joint_analysis.react(session, analysis_session, phone, "surprised", structure)
    joint_analysis.react(session, analysis_session, other, "surprised", structure)
    joint_analysis.react(session, analysis_session, phone, "agree", structure)
    with pytest.raises(joint_analysis.Refused):
        joint_analysis.react(session, analysis_session, phone, "love", structure)
    for _ in range(3):
        joint_analysis.vote(session, analysis_session, phone, "work.ways_in", structure)
    joint_analysis.vote(session, analysis_session, phone, "housing.safety", structure)
    joint_analysis.vote(session, analysis_session, phone, "health.mind", structure)
    with pytest.raises(joint_analysis.Refused) as refused:
        joint_analysis.vote(session, analysis_session, phone, "education.help", structure)
    assert refused.value.reason == "no_votes_left"
    with pytest.raises(joint_analysis.Refused):
        joint_analysis.vote(session, analysis_session, other, "work.nowhere", structure)
    joint_analysis.unvote(session, analysis_session, phone, "health.mind")
    joint_analysis.vote(session, analysis_session, phone, "education.help", structure)
    joint_analysis.vote(session, analysis_session, other, "work.ways_in", structure)
    shown = joint_analysis.snapshot(session, analysis_session, structure)
    assert shown.reactions == {"surprised": 2, "agree": 1, "disagree": 0}
    assert shown.votes == {"work.ways_in": 2, "housing.safety": 1, "education.help": 1}
    assert shown.participants == 2


def test_each_phone_guesses_once_per_slide_and_may_change_its_mind_until_the_results_are_shown(session, running):
    analysis_session, structure, _anna, _cycle = running
    phone, other, third = (joint_analysis.join(session, analysis_session, language) for language in ("ar", "sv", "en"))
    before = analysis_session.version
    joint_analysis.guess(session, analysis_session, phone, "well", structure)
    joint_analysis.guess(session, analysis_session, phone, "fairly_well", structure)  # changed, not added
    joint_analysis.guess(session, analysis_session, other, "fairly_well", structure)
    joint_analysis.guess(session, analysis_session, third, "badly", structure)
    assert analysis_session.version == before + 4  # the screen learns of each
    with pytest.raises(joint_analysis.Refused):
        joint_analysis.guess(session, analysis_session, phone, "excellent", structure)
    shown = joint_analysis.snapshot(session, analysis_session, structure)
    assert shown.guesses == {"well": 0, "fairly_well": 2, "not_so_well": 0, "badly": 1}
    assert joint_analysis.guess_of(session, phone, shown.slide.key) == "fairly_well"

    joint_analysis.reveal(session, analysis_session)
    with pytest.raises(joint_analysis.Refused) as refused:  # the answer is on the screen: too late
        joint_analysis.guess(session, analysis_session, third, "well", structure)
    assert refused.value.reason == "shown"
    assert joint_analysis.snapshot(session, analysis_session, structure).guesses["badly"] == 1
    joint_analysis.move(session, analysis_session, 1, structure)  # the next slide starts with no guesses
    assert sum(joint_analysis.snapshot(session, analysis_session, structure).guesses.values()) == 0
    joint_analysis.move(session, analysis_session, 999, structure)
    with pytest.raises(joint_analysis.Refused):  # the priorities have no figure to guess
        joint_analysis.guess(session, analysis_session, phone, "well", structure)


def test_texts_reach_the_screen_only_when_approved(session, running):
    analysis_session, structure, _anna, _cycle = running
    phone = joint_analysis.join(session, analysis_session, "sv")
    text = joint_analysis.contribute(session, analysis_session, phone, "interpretation",
                                     " Vi saknar kontakter ", structure)
    assert text.text == "Vi saknar kontakter" and text.slide_key == "area:work"
    assert joint_analysis.snapshot(session, analysis_session, structure).approved == []
    joint_analysis.moderate(session, analysis_session, text, "approved")
    assert [c.text for c in joint_analysis.snapshot(session, analysis_session, structure).approved] == [
        "Vi saknar kontakter"]
    joint_analysis.moderate(session, analysis_session, text, "hidden")
    assert joint_analysis.snapshot(session, analysis_session, structure).approved == []
    for kind, words, reason in [("idea", "x" * 281, "too_long"), ("idea", "  ", "empty"), ("joke", "Hej", "kind")]:
        with pytest.raises(joint_analysis.Refused) as refused:
            joint_analysis.contribute(session, analysis_session, phone, kind, words, structure)
        assert refused.value.reason == reason


def test_the_outcome_lands_in_step_5_and_the_session_ends(session, running):
    analysis_session, structure, anna, cycle = running
    phone = joint_analysis.join(session, analysis_session, "sv")
    joint_analysis.vote(session, analysis_session, phone, "housing.safety", structure)
    idea = joint_analysis.contribute(session, analysis_session, phone, "interpretation", "Kvällarna är otrygga",
                                     structure)
    joint_analysis.moderate(session, analysis_session, idea, "approved")
    lamps = joint_analysis.contribute(session, analysis_session, phone, "idea", "Lampor i parken", structure)
    joint_analysis.moderate(session, analysis_session, lamps, "approved")
    joint_analysis.finish(session, analysis_session, ["housing.safety", "nonsense"],
                          "Vi börjar med belysning\n\nEtt möte med kommunen i maj", anna, structure)
    record = cycles.step(cycle, "group_analysis").record
    assert record["priorities"] == "Trygghet"
    assert record["interpretations"] == "Kvällarna är otrygga"
    kinds = sorted((c.kind, c.text, c.votes) for c in session.scalars(select(Conclusion)))
    assert kinds == [("idea", "Lampor i parken", 0), ("interpretation", "Kvällarna är otrygga", 0),
                     ("priority", "Trygghet", 1)]
    # What the group decided is what the leader wrote, one decision a line; a phone's idea stays an idea.
    assert cycles.decisions(cycle) == ["Vi börjar med belysning", "Ett möte med kommunen i maj"]
    assert [(idea.conclusion.text, idea.activities) for idea in cycles.ideas(cycle)] == [("Lampor i parken", [])]
    with pytest.raises(joint_analysis.Closed):
        joint_analysis.join(session, analysis_session, "sv")
    with pytest.raises(joint_analysis.Closed):
        joint_analysis.vote(session, analysis_session, phone, "work.ways_in", structure)


def test_a_priority_sent_many_times_is_stored_once_and_decisions_have_a_limit(session, running):
    analysis_session, structure, anna, cycle = running
    with pytest.raises(joint_analysis.Refused):
        joint_analysis.finish(session, analysis_session, [], "x" * (joint_analysis.MAX_DECISIONS + 1), anna, structure)
    assert analysis_session.state == "open"
    joint_analysis.finish(session, analysis_session, ["work.ways_in"] * 50 + ["nope"], "",
                          anna, structure)
    session.commit()
    priorities = session.scalars(select(Conclusion.text).where(Conclusion.cycle_id == cycle.id,
                                                               Conclusion.kind == "priority")).all()
    assert priorities.count("Vägar till jobb") == 1 and len(priorities) == 1
    with pytest.raises(joint_analysis.Closed):
        joint_analysis.finish(session, analysis_session, ["work.ways_in"], "", anna, structure)


def _session_with_one_phone(app):
    """A joint analysis started and joined by one phone, committed: (session id, phone id) and the structure."""
    from mina_svar import db

    with app.app_context():
        session = db.session()
        anna, _cycle, measurement = cycle_with_läget_1(session)
        analysis_session = joint_analysis.start(session, measurement, anna)
        phone = joint_analysis.join(session, analysis_session, "sv")
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        session.commit()
        return (analysis_session.id, phone.id), structure


def test_votes_sent_at_once_from_one_phone_stay_within_its_votes(app):
    """The vote limit holds in the database: eight votes raced from one phone leave three."""
    import threading

    from mina_svar import db
    from mina_svar.models import AnalysisSession, Participant, Vote

    ids, structure = _session_with_one_phone(app)
    keys = sorted(joint_analysis.indicator_keys(structure))[:8]
    barrier = threading.Barrier(len(keys))

    def cast(key):
        with app.app_context():
            session = db.session()
            barrier.wait()
            try:
                joint_analysis.vote(session, session.get(AnalysisSession, ids[0]), session.get(Participant, ids[1]),
                                    key, structure)
                session.commit()  # as the request does
            except joint_analysis.Refused:
                session.rollback()

    threads = [threading.Thread(target=cast, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        votes = db.session().scalars(select(Vote.indicator_key).where(Vote.participant_id == ids[1])).all()
    assert len(votes) == 3


def test_a_guess_read_before_the_leader_showed_the_results_is_refused_by_the_database(app):
    """The phone's request read the slide as hidden; the leader's "show" landed before its guess was written:
    the guess statement itself sees the results shown, and counts nothing."""
    from mina_svar import db
    from mina_svar.models import AnalysisSession, Guess, Participant

    ids, structure = _session_with_one_phone(app)
    with app.app_context():
        phones_view = db.session()
        stale, participant = phones_view.get(AnalysisSession, ids[0]), phones_view.get(Participant, ids[1])
        phones_view.expunge(stale)  # kept as the phone's request read it
        phones_view.commit()
        with app.app_context():
            leaders = db.session()
            joint_analysis.reveal(leaders, leaders.get(AnalysisSession, ids[0]))
            leaders.commit()
        assert not stale.revealed  # what the request still believes
        with pytest.raises(joint_analysis.Refused):
            joint_analysis.guess(phones_view, stale, participant, "well", structure)
    with app.app_context():
        assert db.session().scalar(select(Guess.id)) is None


def test_phones_and_their_texts_keep_no_time_and_the_screen_lists_texts_by_their_words(session, running):
    from datetime import date, datetime

    from mina_svar.models import Contribution, Participant, Reaction, Vote

    for model in (Participant, Contribution, Reaction, Vote):
        assert not [c.name for c in model.__table__.columns if c.type.python_type in (date, datetime)], model
    analysis_session, structure, _anna, _cycle = running
    phone = joint_analysis.join(session, analysis_session, "sv")
    for words in ("Öppna fritidsgården", "Bättre belysning", "Mer fotboll"):
        said = joint_analysis.contribute(session, analysis_session, phone, "idea", words, structure)
        joint_analysis.moderate(session, analysis_session, said, "approved")
    shown = joint_analysis.snapshot(session, analysis_session, structure).approved
    assert [c.text for c in shown] == ["Bättre belysning", "Mer fotboll", "Öppna fritidsgården"]
