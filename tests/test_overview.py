"""The coordinator's overview of every group, with its filters; nothing shown for too few."""

import re

import pytest
from sqlalchemy import func, select

from mina_svar import db, demo
from mina_svar.models import Measurement

from .languages import sv
from .staff import answered, make_world, sign_in


@pytest.fixture
def coordinator(app):
    world = make_world(app)
    with app.app_context():
        demo.create(db.session())
    client = app.test_client()
    sign_in(client, "c@example.org")
    return client, world


def _row(page, group):
    start = page.index(f'<th scope="row"><bdi dir="ltr">{group}</bdi><br>')
    return page[start:page.index("</tr>", start)]


def test_every_group_side_by_side(app, coordinator):
    client, world = coordinator
    answered(app, world.measurement, [4, 4, 5, 3])  # four: too few
    page = client.get("/coordinate/overview").text
    fritids = _row(page, "Fritidsgården")
    assert "Läget 1 – Hösten 2026" in fritids and "<td>36</td>" in fritids
    assert len(re.findall(r'<td>\d+</td>', fritids)) == 6  # five focus areas and how many answered
    assert "band" not in page and "swatch" not in page  # no colours that rank groups against each other
    small = _row(page, "Grupp A")
    assert small.count("<td>–</td>") == 5
    assert "<td>4</td>" in small
    answered(app, world.measurement, [2])
    shown = _row(client.get("/coordinate/overview").text, "Grupp A")
    # Work: (75 + 75 + 100 + 50 + 25) / 5 = 65; the other areas were not answered.
    assert "<td>65</td>" in shown and shown.count("<td>–</td>") == 4


def test_filters_by_organisation_and_period(app, coordinator):
    client, _world = coordinator
    page = client.get("/coordinate/overview").text
    demo_id = re.search(r'<option value="(\d+)">Demoföreningen</option>', page).group(1)
    only_demo = client.get(f"/coordinate/overview?organisation={demo_id}").text
    assert "Fritidsgården" in only_demo and "Grupp A" not in only_demo
    future = client.get("/coordinate/overview?since=2099-01-01").text
    assert future.count("Ingen mätning med Läget under perioden.") == 4
    backwards = client.get("/coordinate/overview?since=2026-12-01&until=2026-01-01")
    assert backwards.status_code == 400 and sv("The period cannot end before it starts.") in backwards.text
    assert client.get("/coordinate/overview?since=not-a-date").status_code == 400


def test_a_group_over_time(app, coordinator):
    client, world = coordinator
    answered(app, world.measurement, [1, 1, 1, 1, 1])
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/lead/").text).group(1)
    sent = client.post(f"/lead/cycles/{world.cycle}/steps/follow_up/measurement", data={"csrf_token": token})
    assert sent.status_code < 400
    page = client.get("/coordinate/overview").text
    assert "Läget 2 – Våren</bdi><br>" not in page  # open and never closed: nothing to show yet
    with app.app_context():
        follow_up = db.session().scalar(select(Measurement.id).where(Measurement.cycle_id == world.cycle,
                                                                     Measurement.step_key == "follow_up"))
    assert client.post(f"/lead/measurements/{follow_up}/close", data={"csrf_token": token}).status_code < 400
    page = client.get("/coordinate/overview").text
    over_time = page[page.index("Varje grupp över tid"):]
    assert '<h3><bdi dir="ltr">Grupp A</bdi></h3>' in over_time
    assert "Läget 1 – Våren" in over_time and "Läget 2 – Våren" in over_time


def test_the_overview_shows_what_every_results_page_shows_and_follows_a_new_release(app, coordinator):
    from mina_svar import analysis, questionnaire
    from mina_svar.models import AreaSummary, Group

    client, world = coordinator
    answered(app, world.measurement, [4, 4, 5, 3, 2, 1])

    def compare(minimum):
        with app.app_context():
            session = db.session()
            groups = list(session.scalars(select(Group)))
            structures = questionnaire.StructureCache()
            for trend in analysis.trends(session, groups, structures, minimum):
                for measurement, summary in trend.measurements:
                    full = analysis.results(session, measurement, structures.get(session, measurement.questionnaire_id),
                                            minimum)
                    assert summary.respondents == full.respondents
                    shown = {a.area.key: a.result.index for a in full.areas if full.shown and a.result.shown}
                    assert {k: v for k, v in summary.areas.items() if v is not None} == shown
            session.commit()
            return session.scalar(select(func.count()).select_from(AreaSummary))

    assert compare(5) > 0 and compare(5) > 0  # compiled once, then read back the same
    assert compare(7) > 0  # another minimum: compiled anew under it
    before = _row(client.get("/coordinate/overview").text, "Grupp A")
    answered(app, world.measurement, [5, 5, 5, 5, 5])  # released by the leader's next close
    after = _row(client.get("/coordinate/overview").text, "Grupp A")
    assert "<td>6</td>" in before and "<td>11</td>" in after and before != after
    compare(5)


def test_the_overview_asks_the_database_the_same_number_of_times_for_three_groups_or_thirty(app, coordinator):
    from sqlalchemy import event

    from mina_svar import measuring, organising
    from mina_svar.models import Organisation

    client, world = coordinator
    statements = []

    def count():
        statements.clear()
        with app.app_context():
            engine = db.engine()
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            assert client.get("/coordinate/overview").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(statements)

    client.get("/coordinate/overview")  # the kept summaries filled once
    few = count()
    with app.app_context():
        session = db.session()
        organisation = session.scalar(select(Organisation))
        laget = session.get(Measurement, world.measurement).questionnaire
        for number in range(27):
            group = organising.create_group(session, organisation, f"Grupp {number:02d}")
            measuring.close_measurement(session, measuring.open_measurement(session, laget, group), 5)
        session.commit()
    client.get("/coordinate/overview")
    assert count() == few, statements


def test_a_groups_trend_holds_its_own_measurements_only_and_those_of_the_period(app, world):
    from datetime import UTC, datetime

    from mina_svar import analysis, cycles, questionnaire
    from mina_svar.models import Group, User

    answered(app, world.measurement, [4, 4, 5, 3, 2])
    with app.app_context():
        session = db.session()
        group_b = session.get(Group, world.group_b)
        cycle = cycles.start_cycle(session, group_b, "Hösten", None, None, session.get(User, world.leader_b))
        theirs = cycles.open_measurement(session, cycle, "baseline", session.get(User, world.leader_b)).id
        session.commit()
    answered(app, theirs, [1, 1, 1, 1, 1])
    with app.app_context():
        session = db.session()
        group_b = session.get(Group, world.group_b)
        structures = questionnaire.StructureCache()
        [trend] = analysis.trends(session, [group_b], structures, 5)
        assert trend.group is group_b and [m.id for m, _summary in trend.measurements] == [theirs]
        assert trend.latest[1].respondents == 5 and trend.latest[1].areas["work"] == 0.0
        today = datetime.now(UTC).date()  # as a Läget's opened_at is kept
        assert analysis.trends(session, [group_b], structures, 5, since=today, until=today)[0].measurements
        assert not analysis.trends(session, [group_b], structures, 5, until=today.replace(year=today.year - 1)
                                   )[0].measurements
