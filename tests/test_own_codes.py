"""The private code in use: offered per cycle, given on the intro, matched at Läget 2, shown only as aggregates."""

import re

from sqlalchemy import func, select

from mina_svar import cycles, db
from mina_svar.models import Cycle, Measurement, ResponseCode, User

from .conftest import csrf_token
from .languages import sv
from .pdfs import pages
from .staff import answered

CODE = {"mother": "F", "father": "A", "day": "7", "month": "3", "brothers": "1", "sisters": "0", "town": "M",
        "street": "H"}


def _offer(leader, world, on=True):
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/first_meeting").text
    assert 'id="pairing-heading"' in step
    return leader.post(f"/lead/cycles/{world.cycle}/pairing",
                       data={"csrf_token": csrf_token(step), "on": "1" if on else "0"})


def _young_people(app, measurement_id, keys, value):
    """Sent responses each giving ``value`` to every question of work, with a personal key each (or none)."""
    answered(app, measurement_id, [value] * len(keys), released=False, personal_keys=keys)


def _close(app, measurement_id, world):
    with app.app_context():
        session = db.session()
        cycles.close_measurement(session, session.get(Measurement, measurement_id),
                                 session.get(User, world.leader_a), 5)
        session.commit()


def _open_läget_2(app, world) -> int:
    with app.app_context():
        session = db.session()
        follow_up = cycles.open_measurement(session, session.get(Cycle, world.cycle), "follow_up",
                                            session.get(User, world.leader_a)).id
        session.commit()
        return follow_up


def _codes(app) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(ResponseCode))


def test_a_young_person_gives_the_code_on_the_intro_only_when_the_cycle_offers_it(app, world, leader, client):
    with app.app_context():
        code = db.session().get(Measurement, world.measurement).code
    page = client.get(f"/j/{code}")
    assert client.post(f"/j/{code}/start", data={"csrf_token": csrf_token(page.text), "lang": "sv"}).status_code < 400
    intro = client.get(f"/j/{code}/intro").text
    assert 'id="own-code"' not in intro  # not offered
    assert client.post(f"/j/{code}/own-code", data={"csrf_token": csrf_token(intro), **CODE}).status_code == 404
    assert _offer(leader, world).status_code == 302
    intro = client.get(f"/j/{code}/intro").text
    assert sv("Follow your own change (you may skip this)") in intro
    # Offered before "Start" (a young person who taps Start has seen it), folded until asked for.
    assert intro.index('id="own-code"') < intro.index(f'href="/j/{code}/1"')
    assert "<details>" in intro[intro.index('id="own-code"'):]
    refused_page = client.post(f"/j/{code}/own-code", data={"csrf_token": csrf_token(intro), **CODE, "day": "x"})
    assert refused_page.status_code == 400 and "<details open>" in refused_page.text  # the error shown, unfolded
    refused = client.post(f"/j/{code}/own-code", data={"csrf_token": csrf_token(intro), **CODE, "day": "32"})
    assert refused.status_code == 400 and "inget sparades" in refused.text and _codes(app) == 0
    kept = client.post(f"/j/{code}/own-code", data={"csrf_token": csrf_token(intro), **CODE})
    assert kept.status_code == 200 and "Din personliga nyckel är sparad." in kept.text and _codes(app) == 1
    with app.app_context():
        (elements,) = db.session().scalars(select(ResponseCode.elements)).all()
    assert len(elements) == 8 and not set(CODE.values()) & set(elements)
    # The code never leaves: not in any page or export a leader has.
    for url in (f"/lead/measurements/{world.measurement}/export/results.csv",
                f"/lead/cycles/{world.cycle}", f"/lead/cycles/{world.cycle}/steps/baseline"):
        shown = leader.get(url)
        assert not any(element in shown.get_data(as_text=True) for element in elements), url
    summary = " ".join(pages(leader.get(f"/lead/cycles/{world.cycle}/summary.pdf?lang=sv").data))
    assert summary and not any(element in summary for element in elements)
    assert _offer(leader, world, on=False).status_code == 302 and _codes(app) == 0  # stopping forgets them


def test_at_läget_2_the_leader_sees_who_moved_as_aggregates_only(app, world, leader):
    _offer(leader, world)
    codes = [{**CODE, "day": str(day)} for day in range(1, 8)]
    _young_people(app, world.measurement, codes, 2)  # seven at Läget 1: 25 points on work each
    _close(app, world.measurement, world)
    follow_up = _open_läget_2(app, world)
    misremembered = [{**codes[0], "mother": "G"}, {**codes[1], "town": "N", "street": "J"},
                     {**codes[2], "mother": "G", "father": "B", "town": "N"}]  # 1, 2 and 3 elements differ
    _young_people(app, follow_up, misremembered + codes[3:6], 4)  # 75 points on work each
    _young_people(app, follow_up, [None], 5)  # one gave no code
    _close(app, follow_up, world)
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text
    assert sv("How the young people themselves moved") in step
    # Five pairs (the one with three elements wrong is left out): all five moved up by 50 points.
    assert re.search(r"Arbete och hållbar försörjning</th>\s*<td class=\"number\">5</td><td class=\"number\">0</td>"
                     r"<td class=\"number\">0</td>\s*<td><span dir=\"ltr\">\+50 ± 0</span> · troligen", step)
    assert sv("Too few answers to show.") in step  # the other focus areas: nobody answered them
    assert "5 unga gav samma personliga nyckel vid Läget 1 och Läget 2." in step


def test_with_too_few_pairs_step_7_says_how_many_there_are_and_are_needed(app, world, leader):
    _offer(leader, world)
    codes = [{**CODE, "day": str(day)} for day in range(1, 8)]
    _young_people(app, world.measurement, codes, 2)
    _close(app, world.measurement, world)
    follow_up = _open_läget_2(app, world)
    _young_people(app, follow_up, codes[:3] + [None, None], 4)  # three pairs: fewer than five
    _close(app, follow_up, world)
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text
    assert "3 unga gav samma personliga nyckel vid Läget 1 och Läget 2." in step
    assert "Hur de rörde sig visas när minst 5 har gjort det" in step
    assert sv("Too few answers to show.") not in step and sv("Moved up") not in step  # not six times, no table


def _reopen(app, measurement_id, world):
    with app.app_context():
        session = db.session()
        cycles.reopen_measurement(session, session.get(Measurement, measurement_id), session.get(User, world.leader_a))
        session.commit()


def _movement_of_work(leader, world) -> str:
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up")
    assert step.status_code == 200 and sv("How the young people themselves moved") in step.text
    row = re.search(r"Arbete och hållbar försörjning</th>(.*?)</tr>", step.text, re.S)
    assert row, "no movement row for work"
    return re.sub(r"\s+", " ", row.group(1))


def test_a_late_pair_never_moves_the_movement_by_itself(app, world, leader):
    """Five pairs become six after a late release: up/stayed/down and the mean before and after would tell
    the sixth young person's own change. The movement changes only with the minimum of new pairs."""
    _offer(leader, world)
    codes = [{**CODE, "day": str(day)} for day in range(1, 8)]
    _young_people(app, world.measurement, codes, 2)
    _close(app, world.measurement, world)
    follow_up = _open_läget_2(app, world)
    _young_people(app, follow_up, codes[:5], 4)  # five pairs, +50 each
    _close(app, follow_up, world)
    five = _movement_of_work(leader, world)
    assert "+50 ± 0" in five and '<td class="number">5</td>' in five
    _reopen(app, follow_up, world)
    _young_people(app, follow_up, codes[5:6], 5)  # the sixth pair: +75
    _young_people(app, follow_up, [None] * 4, 3)  # and four without a code, so that the release happens
    _close(app, follow_up, world)
    with app.app_context():
        from mina_svar import analysis

        assert analysis.answer_counts(db.session(), follow_up).respondents == 10  # the late five were released
    assert _movement_of_work(leader, world) == five
