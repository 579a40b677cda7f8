"""The group's results back to the young people: what a leader shares, and what the Läget's link then shows."""

import html
import re

import pytest
from sqlalchemy import func, select

from mina_svar import cycles, db, sharing
from mina_svar.models import Answer, AuditEvent, Conclusion, Cycle, Measurement, SharedResults, User
from mina_svar.questionnaire import StructureCache

from .conftest import csrf_token
from .languages import sv
from .pdfs import fonts, pages
from .staff import answered, open_answer, sign_in

MINIMUM = 5


def _closed(app, world, values=(4, 4, 5, 3, 2)):
    """Läget 1 answered by young people (work only) and closed: its results are released."""
    answered(app, world.measurement, list(values))
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        measurement.state = "closed"
        session.commit()


def _share(app, world, areas, answers=()):
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        structure = StructureCache().get(session, measurement.questionnaire_id)
        sharing.share(session, measurement, structure, list(areas), list(answers),
                      session.get(User, world.leader_a), MINIMUM)
        session.commit()


def _shown(app, world):
    with app.app_context():
        session = db.session()
        return sharing.for_the_group(session, session.get(Measurement, world.measurement), StructureCache(), MINIMUM)


# Plain functions


def test_nothing_is_shared_before_results_are_released(app, world):
    with pytest.raises(sharing.NotShareable) as refused:
        _share(app, world, ["work"])
    assert refused.value.reason == "nothing_released" and _shown(app, world) is None


def test_only_the_chosen_areas_and_approved_answers_are_shown_and_a_later_hidden_one_leaves(app, world):
    approved = open_answer(app, world.measurement, "Fler sommarjobb", "approved")
    other = open_answer(app, world.measurement, "Mer läxhjälp", "approved")
    pending = open_answer(app, world.measurement, "Mitt namn är Kalle", "pending")
    _closed(app, world)
    for areas, answers, reason in ((["work", "nowhere"], [], "area"), (["work"], [pending], "answer")):
        with pytest.raises(sharing.NotShareable) as refused:
            _share(app, world, areas, answers)
        assert refused.value.reason == reason
    _share(app, world, ["work", "health"], [approved])
    page = _shown(app, world)
    assert [a.area.key for a in page.areas] == ["work", "health"]
    assert page.shown and page.areas[0].result.shown and not page.areas[1].result.shown  # health: nobody answered
    assert page.words == {"work": ["Fler sommarjobb"]} and "Mer läxhjälp" not in str(page.words)
    assert [(priority, [a.title for a in activities]) for priority, activities in page.board] == [(None, ["Läxhjälp"])]
    with app.app_context():  # a leader hides the answer after sharing it: it is no longer shown
        session = db.session()
        session.scalar(select(Answer).where(Answer.public_id == approved)).moderation = "hidden"
        session.commit()
    assert _shown(app, world).words == {}
    assert other  # approved, never chosen: never shown


def test_under_the_minimum_no_figure_is_shown(app, world):
    _closed(app, world, values=(4, 5))
    _share(app, world, ["work"])
    page = _shown(app, world)
    assert not page.shown and page.areas == []


def test_withdrawn_leaves_nothing_and_both_are_in_the_cycles_history(app, world):
    _closed(app, world)
    _share(app, world, ["work"])
    _share(app, world, ["education"])  # shared again: replaced, never two
    with app.app_context():
        session = db.session()
        assert session.scalar(select(func.count()).select_from(SharedResults)) == 1
        measurement = session.get(Measurement, world.measurement)
        assert sharing.withdraw(session, measurement, session.get(User, world.leader_a))
        assert not sharing.withdraw(session, measurement, session.get(User, world.leader_a))
        session.commit()
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["results.share", "results.share", "results.withdraw"]
    assert _shown(app, world) is None


# Requests


def test_a_leader_shares_from_step_5_and_the_läget_link_shows_it_in_arabic(app, world, leader, client):
    approved = open_answer(app, world.measurement, "Fler sommarjobb", "approved")
    _closed(app, world)
    with app.app_context():
        session = db.session()
        decided = cycles.step(session.get(Cycle, world.cycle), "group_analysis")
        decided.record = {**decided.record, "decisions": "Vi ordnar en CV-kväll"}
        session.add(Conclusion(cycle_id=world.cycle, kind="idea", text="Fler gratis gym"))
        session.commit()
        code = session.get(Measurement, world.measurement).code
    assert client.get(f"/j/{code}/results").status_code == 404  # not shared: as an unknown code
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/group_analysis").text
    assert 'id="share-heading"' in step and "Fler sommarjobb" in step
    assert sv("Share them now anyway") in step  # no joint analysis yet: sharing is offered for after it
    activities = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    assert sv("Share the results (step 5)") in activities and f"/j/{code}/results" not in activities
    shared = leader.post(f"/lead/measurements/{world.measurement}/share",
                         data={"csrf_token": csrf_token(step), "area": ["work"], "answer": [approved]})
    assert shared.status_code == 302 and shared.location.endswith("/steps/group_analysis#share-heading")
    assert f"/j/{code}/results" in leader.get(f"/lead/cycles/{world.cycle}/steps/group_analysis").text
    activities = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text  # "you said → we did", again
    assert f"/j/{code}/results" in activities and sv("Share the results (step 5)") not in activities

    # The closed Läget's link now leads to what the group answered, decided and will do.
    welcome = client.get(f"/j/{code}")
    assert welcome.status_code == 302 and welcome.location.endswith(f"/j/{code}/results")
    sent = client.post("/language", data={"csrf_token": csrf_token(client.get("/").text), "lang": "ar"})
    assert sent.status_code < 400
    page = html.unescape(client.get(f"/j/{code}/results").text)
    assert '<html lang="ar" dir="rtl">' in page
    assert "العمل وكسب العيش المستدام" in page and "Fler sommarjobb" in page
    # The group's decision under what it decided; a young person's idea under the ideas, as an idea.
    decided, ideas = page.index(">ما قررته المجموعة<"), page.index(">أفكار من الشباب<")
    assert decided < page.index("Vi ordnar en CV-kväll") < ideas < page.index("Fler gratis gym")
    # In words first, the figure beside them: "fairly good, 65 of 100".
    assert re.search(r'<span class="level-title">الطريق إلى العمل</span>\s*<strong class="level">جيد إلى حدٍّ ما</strong>'
                     r'\s*<span class="muted">65 من 100</span>', page)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert not re.search(r"index|%|\d+ svar", text, re.IGNORECASE)  # the leaders' words stay theirs
    assert "Läxhjälp" in page and "الصحة" not in page  # health was not chosen
    assert not re.search(r"Ledare A|a@example.org|Grupp A", page)  # nothing of who leads or which group

    withdrawn = leader.post(f"/lead/measurements/{world.measurement}/withdraw", data={"csrf_token": csrf_token(step)})
    assert withdrawn.status_code == 302
    assert client.get(f"/j/{code}/results").status_code == 404
    assert client.get(f"/j/{code}").status_code == 404  # closed and not shared: as before


def test_a_share_naming_what_is_not_offered_is_refused_and_saves_nothing(app, world, leader):
    token = csrf_token(leader.get("/lead/").text)
    url = f"/lead/measurements/{world.measurement}/share"
    unreleased = leader.post(url, data={"csrf_token": token, "area": ["work"]})  # never closed: no results yet
    assert unreleased.status_code == 400 and "Stäng Läget först" in unreleased.text
    pending = open_answer(app, world.measurement, "Mitt namn är Kalle", "pending")
    _closed(app, world)
    for data, message in (({"area": ["work", "x"]}, "Välj bland fokusområdena"),
                          ({"area": ["work"], "answer": [pending]}, "Välj bland de godkända öppna svaren")):
        refused = leader.post(url, data={"csrf_token": token, **data})
        assert refused.status_code == 400 and message in refused.text
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(SharedResults)) == 0


def test_only_the_groups_leaders_may_share_or_withdraw(app, world):
    _closed(app, world)
    other = app.test_client()
    sign_in(other, "b@example.org")
    token = csrf_token(other.get("/lead/").text)
    for action in ("share", "withdraw"):
        assert other.post(f"/lead/measurements/{world.measurement}/{action}",
                          data={"csrf_token": token, "area": ["work"]}).status_code == 404
    assert _shown(app, world) is None


def test_the_poster_shows_what_the_young_people_see_in_the_shipped_fonts(app, world, leader):
    open_answer(app, world.measurement, "Fler sommarjobb", "approved")
    _closed(app, world)
    url = f"/lead/measurements/{world.measurement}/poster.pdf"
    refused = leader.get(url)
    assert refused.status_code == 409 and "Visa de unga resultaten först" in refused.text
    _share(app, world, ["work"])
    for language, expected in (("sv", "Vad din grupp svarade"), ("fa", "کار و معاش پایدار")):
        poster = leader.get(f"{url}?lang={language}")
        assert poster.status_code == 200 and poster.mimetype == "application/pdf"
        text = " ".join(pages(poster.data)).replace("\u200c", "")
        assert expected in text and "Läxhjälp" in text and "Fler sommarjobb" not in text  # not chosen
        assert all(name.startswith("Mina-Svar-") for name in fonts(poster.data))
    assert f'action="{url}"' in leader.get(f"/lead/cycles/{world.cycle}/steps/group_analysis").text


def test_after_läget_2_the_young_people_see_what_changed_as_honestly_as_the_leaders(app, world, leader, client):
    answered(app, world.measurement, [1, 2, 2, 1, 2, 1])
    token = csrf_token(leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text)
    assert leader.post(f"/lead/measurements/{world.measurement}/close", data={"csrf_token": token}).status_code < 400
    sent = leader.post(f"/lead/cycles/{world.cycle}/steps/follow_up/measurement", data={"csrf_token": token})
    assert sent.status_code < 400
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text
    follow_up = int(re.search(r"/lead/measurements/(\d+)/close", step).group(1))
    answered(app, follow_up, [5, 4, 5, 4, 3, 4])
    assert leader.post(f"/lead/measurements/{follow_up}/close", data={"csrf_token": token}).status_code < 400
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text
    assert 'id="share-heading"' in step  # step 7 offers it too
    shared = leader.post(f"/lead/measurements/{follow_up}/share", data={"csrf_token": token, "area": ["work"]})
    assert shared.location.endswith("/steps/follow_up#share-heading")
    with app.app_context():
        code = db.session().get(Measurement, follow_up).code
    page = html.unescape(client.get(f"/j/{code}/results").text)
    # Work: before (3 × 0 + 3 × 25) / 6 = 12.5, after (100 + 75 + 100 + 75 + 50 + 75) / 6 = 79.2.
    assert re.search(r'Bättre sedan Läget 1: en verklig förändring.\s*<span class="muted" dir="ltr">12 → 79</span>',
                     page)
    assert "Kanske slumpen" in page and "varians" not in page
    _share(app, world, ["work"])  # Läget 1's own page has nothing to compare with
    assert _shown(app, world).changes == {}
