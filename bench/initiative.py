"""The initiative's pooled Läget and a goal's curve at scale: 1,000 groups in 10 places with a released Läget
in each of 3 terms, and 50 public series.

Run: .venv/bin/python bench/initiative.py [--groups 1000] [--database sqlite|postgresql|both]

Fills a database as bench/overview.py does (the groups' measurements, released responses and tallies,
written directly), spread over three terms and ten places, with 50 public series of ten places and five
years. Times, as a signed-in coordinator asks for them, the pooled Läget of every group (with the series
beside it), the same filtered to one place, and a goal's page whose key figures follow a focus area over
the whole initiative, a series and the attendance of the goal's activities (one in each group's cycle, each
summed on the page by the three questions, the newest listed), and the partners' action plan of those
activities (20 partners, five indicators, so that overlaps are found): once cold (every measurement compiled
once and kept) and then as every later time.
Compares each with one hand-written SQL aggregate over the same tallies (every measurement's index per
focus area, no suppression: the least any pooled view must do). Budget: ≤ 300 ms and ≤ 3× the aggregate.
Exits non-zero when one is missed.
"""

import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from overview import BUDGET_MS, RATIO_BUDGET, ROUNDS, _fill, aggregate_ms, filled_app, main, timed_page  # noqa: E402
from sqlalchemy import insert, select, update  # noqa: E402

from mina_svar import db, goals  # noqa: E402
from mina_svar.coordinate.goals import NEWEST_ACTIVITIES  # noqa: E402
from mina_svar.models import (  # noqa: E402
    Activity,
    ActivityGoal,
    Cycle,
    Group,
    Organisation,
    Place,
    StatisticSeries,
    StatisticValue,
)

TERMS = ((2025, 9), (2026, 3), (2026, 9))
PLACES, SERIES, PARTNERS = 10, 50, 20


def _initiative(app) -> int:
    """Places for the groups, 50 series, and a goal with a key figure; the goal's id."""
    with app.app_context():
        session = db.session()
        session.execute(insert(Place), [{"name": f"Plats {i}"} for i in range(PLACES)])
        places = session.scalars(select(Place.id).order_by(Place.id)).all()
        for index, group in enumerate(session.scalars(select(Group.id)).all()):
            session.execute(update(Group).where(Group.id == group).values(place_id=places[index % PLACES]))
        for number in range(SERIES):
            series = StatisticSeries(title=f"Serie {number}", unit="procent", source="SCB", origin="bench",
                                     focus_area_key=("work", "housing", "health", "education", "democracy")[number % 5])
            session.add(series)
            session.flush()
            session.execute(insert(StatisticValue), [
                {"series_id": series.id, "area": f"Plats {p}", "place_id": places[p], "period": date(2020 + y, 1, 1),
                 "value": 50.0 + p + y} for p in range(PLACES) for y in range(5)])
        goal = goals.create_goal(session, "Unga har en väg in i arbete", "work")
        goals.add_key_figure(session, goal, "work", {"work"}, None, (50, date(2025, 9, 1)), (65, date(2028, 6, 30)))
        goals.add_key_figure(session, goal, f"{goals.SERIES}{series.id}", {}, session.get(Place, places[0]),
                             (50, date(2020, 1, 1)), (60, date(2028, 1, 1)))
        goals.add_key_figure(session, goal, f"{goals.ACTIVITY}attendance", {}, None, (0, date(2025, 9, 1)),
                             (5000, date(2028, 1, 1)))
        # A cycle in every group, each with an activity that answers the goal, spread over the three terms.
        group_ids = session.scalars(select(Group.id).order_by(Group.id)).all()
        session.execute(insert(Cycle), [{"group_id": g, "title": "Cykeln"} for g in group_ids])
        cycle_ids = session.scalars(select(Cycle.id).order_by(Cycle.id)).all()
        session.execute(insert(Organisation), [{"name": f"Partner {p:02d}"} for p in range(PARTNERS)])
        partners = session.scalars(select(Organisation.id).where(Organisation.name.like("Partner %"))).all()
        indicators = ("work.ways_in", "work.income", "health.sleep", "education.school", "housing.safe")
        session.execute(insert(Activity), [
            {"cycle_id": c, "title": f"Aktivitet {i}", "focus_area_keys": [indicators[i % 5].split(".")[0]],
             "indicator_keys": [indicators[i % 5]], "need_ids": [], "status": "done", "sessions": 1 + i % 4,
             "attendance": 5 + i % 20, "description": "", "responsible_person": f"Person {i % 40}",
             "responsible_organisation_id": partners[i % PARTNERS], "starts_on": date(*TERMS[i % len(TERMS)], 10)}
            for i, c in enumerate(cycle_ids)])
        session.execute(insert(ActivityGoal), [{"activity_id": a, "goal_id": goal.id}
                                               for a in session.scalars(select(Activity.id)).all()])
        session.commit()
        return goal.id


def run(url: str, label: str, groups: int) -> bool:
    found: dict[str, int] = {}

    def fill(app) -> None:
        _fill(app, groups, TERMS)
        found["goal"] = _initiative(app)

    app, client = filled_app(url, label, fill)
    sql, rows = aggregate_ms(app)
    with app.app_context():
        place = db.session().scalar(select(Place.id).order_by(Place.id).limit(1))
    print(f"    one SQL aggregate over the tallies ({rows} rows): {sql:7.1f} ms")
    # Each page is checked to hold what is timed: the three terms' groups pooled, and the curve's three values.
    every_group = f"{groups} grupper, "  # a term's heading: "1000 grupper, 11 234 unga"
    ok = True
    for name, path, measured in (
            ("pooled Läget, every group", "/coordinate/initiative/laget",
             lambda page: page.count(every_group) == len(TERMS) and "Serie 49" in page),
            ("pooled Läget, one place", f"/coordinate/initiative/laget?place={place}",
             lambda page: page.count(f"{groups // PLACES} grupper, ") == len(TERMS)),
            ("a goal: 3 curves, its activities summed", f"/coordinate/goals/{found['goal']}",
             lambda page: len(re.findall(r"Läget sammanräknat över \d+ grupp", page)) == len(TERMS)
             and f"{groups} aktiviteter:" in page and page.count('<th scope="row"><a href=') == NEWEST_ACTIVITIES),
            ("the action plan: every activity, 20 partners", "/plan/",
             lambda page: page.count('<tr id="activity-') == groups and "Överlappar med " in page)):
        warm, cold = timed_page(client, path, measured)
        fits = warm <= BUDGET_MS and warm <= RATIO_BUDGET * sql
        ok &= fits
        print(f"    {name}: {warm:7.1f} ms (median of {ROUNDS}; first {cold:.0f} ms), ratio {warm / sql:.2f} "
              f"(budget ≤ {RATIO_BUDGET}, ≤ {BUDGET_MS:.0f} ms): {'ok' if fits else 'OVER'}")
    return ok


if __name__ == "__main__":
    sys.exit(main(__doc__, run))
