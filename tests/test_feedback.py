"""Feedback on each activity: its own link, five faces and a word, anonymous, one per phone, shown over the minimum."""

import re

import pytest
from sqlalchemy import func, select

from mina_svar import db, feedback
from mina_svar.models import Activity, ActivityFeedback

from .conftest import csrf_token
from .languages import sv
from .staff import sign_in

MINIMUM = 5


def _code(app, world) -> str:
    with app.app_context():
        session = db.session()
        code = feedback.code_of(session, session.get(Activity, world.activity))
        session.commit()
        return code


def _count(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(ActivityFeedback))


def _give(app, code, face, word="", client=None):
    phone = client or app.test_client()
    page = phone.get(f"/a/{code}")
    return phone, phone.post(f"/a/{code}", data={"csrf_token": csrf_token(page.text), "face": face, "word": word})


# Plain functions


def test_a_face_and_a_word_are_kept_once_per_phone_and_bad_ones_refused(app, world):
    with app.app_context():
        session = db.session()
        activity = session.get(Activity, world.activity)
        for face, word, reason in (("6", "", "face"), ("", "", "face"), ("3", "x" * 301, "word")):
            with pytest.raises(feedback.NotFeedback) as refused:
                feedback.give(session, activity, "phone-1", face, word, MINIMUM)
            assert refused.value.reason == reason
        feedback.give(session, activity, "phone-1", "4", " Kul ", MINIMUM)
        feedback.give(session, activity, "phone-1", "2", "", MINIMUM)  # the same phone again: changed, not added
        session.commit()
        (kept,) = session.scalars(select(ActivityFeedback)).all()
        assert (kept.face, kept.word) == (2, None)


def test_figures_and_words_only_from_the_minimum_on(app, world):
    with app.app_context():
        session = db.session()
        activity = session.get(Activity, world.activity)
        for phone, face in enumerate((5, 4, 4, 2)):
            feedback.give(session, activity, f"phone-{phone}", str(face), "Bra" if phone == 0 else "", MINIMUM)
        assert feedback.summaries(session, [activity], MINIMUM)[activity.id] == feedback.Summary(0, False)
        feedback.give(session, activity, "phone-9", "5", "Mer sånt", MINIMUM)  # the fifth: all five counted at once
        summary = feedback.summaries(session, [activity], MINIMUM)[activity.id]
        assert summary.shown and summary.counts == {1: 0, 2: 1, 3: 0, 4: 2, 5: 2} and summary.mean == 4.0
        assert summary.words == ["Bra", "Mer sånt"]
        with pytest.raises(feedback.NotFeedback) as refused:  # counted: final, or its change would show
            feedback.give(session, activity, "phone-1", "1", "", MINIMUM)
        assert refused.value.reason == "counted"
        feedback.give(session, activity, "phone-10", "1", "", MINIMUM)  # the sixth waits for four more
        assert feedback.summaries(session, [activity], MINIMUM)[activity.id] == summary
        activity.status = "cancelled"
        assert feedback.find(session, activity.feedback_code or "x") is None


# Requests


def test_a_phone_gives_feedback_by_the_link_in_its_language_and_can_change_it(app, world):
    code = _code(app, world)
    phone = app.test_client()
    page = phone.get(f"/a/{code.lower()}", headers={"Accept-Language": "so"})
    assert page.status_code == 200 and '<html lang="so"' in page.text and "Läxhjälp" in page.text
    assert "Sidee ahayd?" in page.text
    phone, given = _give(app, code, "4", "Roligt", client=phone)
    assert given.status_code == 200 and 'value="4" required checked' in given.text and "Roligt" in given.text
    phone, again = _give(app, code, "2", client=phone)
    assert again.status_code == 200 and _count(app) == 1
    _phone, refused = _give(app, code, "9")
    assert refused.status_code == 400 and sv("Choose one of the faces.") in refused.text and _count(app) == 1
    assert app.test_client().post(f"/a/{code}", data={"face": "3"}).status_code == 400  # no CSRF token
    assert app.test_client().get("/a/NOSUCH").status_code == 404
    assert _count(app) == 1


def test_one_phone_tapping_again_and_again_counts_once(app, world):
    code = _code(app, world)
    phone = app.test_client()
    for _ in range(20):
        _give(app, code, "5", client=phone)
    assert _count(app) == 1


def test_the_leader_sees_the_link_the_qr_code_and_the_figures_once_enough_gave_feedback(app, world, leader):
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    code = re.search(r"/a/(\w+)</a>", step).group(1)
    assert f'src="/lead/activities/{world.activity}/qr.svg"' in step
    qr = leader.get(f"/lead/activities/{world.activity}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    for face in (5, 4, 4, 2):
        _give(app, code, str(face), "Mer sånt" if face == 2 else "")
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    # How many wait is never said: a leader could fill the batch with faces of their own and subtract them.
    line = _feedback_line(step)
    assert line == "Respons visas när minst 5 har gett den." and "Mer sånt" not in step
    assert sv("Very good") not in step
    phone, _given = _give(app, code, "5")
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    assert "5 gav respons: Mycket dåligt 0, Dåligt 1, Okej 0, Bra 2, Mycket bra 2" in step and "Mer sånt" in step
    _give(app, code, "1")  # a sixth: not counted, and nothing says that one waits
    later = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    assert _feedback_line(later) == ("5 gav respons: Mycket dåligt 0, Dåligt 1, Okej 0, Bra 2, Mycket bra 2 · Ny "
                                     "respons räknas när minst 5 till har gett den.")
    # Counted: the phone is told so, and a change is refused rather than shown as a shift of one.
    assert "Den kan inte längre ändras." in phone.get(f"/a/{code}").text
    changed = phone.post(f"/a/{code}", data={"csrf_token": csrf_token(phone.get(f"/a/{code}").text), "face": "1"})
    assert changed.status_code == 409 and "Den kan inte längre ändras." in changed.text
    other = app.test_client()
    sign_in(other, "b@example.org")
    assert other.get(f"/lead/activities/{world.activity}/qr.svg").status_code == 404


def _feedback_line(page: str) -> str:
    """The feedback line of the (only) activity on a step page, as text."""
    found = re.search(r'data-testid="feedback-line">(.*?)</span>', page, re.S)
    assert found, "the page shows no feedback line"
    return re.sub(r"\s+", " ", found.group(1)).strip()


def test_the_figures_are_in_the_läget_2_reflection_and_the_cycle_summary(app, world, leader):
    from .pdfs import pages

    code = _code(app, world)
    for face in (5, 4, 4, 2, 5):
        _give(app, code, str(face))
    line = "5 gav respons: Mycket dåligt 0, Dåligt 1, Okej 0, Bra 2, Mycket bra 2"
    assert line in leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text
    summary = " ".join(pages(leader.get(f"/lead/cycles/{world.cycle}/summary.pdf?lang=sv").data))
    assert sv("Feedback") in summary and "Mycket bra 2" in summary


def test_a_feedback_sheet_prints_the_link_in_large_type_in_any_language(app, world, leader):
    from .pdfs import fonts, ink, pages

    code = _code(app, world)
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    assert f'action="/lead/activities/{world.activity}/feedback.pdf"' in step
    for language in ("sv", "ti"):
        sheet = leader.get(f"/lead/activities/{world.activity}/feedback.pdf?lang={language}")
        assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
        (text,) = pages(sheet.data)
        assert f"/a/{code}" in text.replace(" ", "") and "Läxhjälp" in text
        assert all(name.startswith("Mina-Svar-") for name in fonts(sheet.data)) and ink(sheet.data) > 0.05


def test_the_coordinators_overview_lists_activities_with_feedback_per_focus_area_never_ranked(app, world, coordinator):
    code = _code(app, world)
    with app.app_context():
        session = db.session()
        activity = session.get(Activity, world.activity)
        other = Activity(cycle_id=activity.cycle_id, title="Yoga", focus_area_keys=["health", "education"])
        session.add(other)
        session.commit()
        other_code = feedback.code_of(session, other)
        session.commit()
    page = coordinator.get("/coordinate/overview").text
    assert "Ingen aktivitet har ännu fått respons" in page
    for face in (5, 4, 4, 2):
        _give(app, code, str(face))
    for face in (5, 5, 5, 4, 5):
        _give(app, other_code, str(face))
    page = coordinator.get("/coordinate/overview").text
    section = page[page.index('id="activities-heading"'):page.index("Varje grupp över tid")]
    assert "Läxhjälp" not in section  # four gave feedback: too few to show
    assert section.count("Yoga") == 2 and "4.8 / 5" in section  # under health and under education
    for face in (3,):
        _give(app, code, str(face))
    section = coordinator.get("/coordinate/overview").text
    section = section[section.index('id="activities-heading"'):]
    education = section[section.index("<h3>Utbildning</h3>"):]
    # By group and title, not by how well liked: Yoga (4.8) after Läxhjälp (3.6).
    assert education.index("Läxhjälp") < education.index("Yoga")
