"""The coordinator's overview at scale: 1,000 groups with 3 released Läget each.

Run: .venv/bin/python bench/overview.py [--groups 1000] [--database sqlite|postgresql|both]

Fills a database with the groups, their measurements, released responses and
the tallies closing them leaves (written directly, for speed), then times the
overview page as a signed-in coordinator asks for it: once cold (every
measurement compiled once, with suppression, and kept) and then as it is
every later time. It compares that with one hand-written SQL aggregate over
the same tallies (every measurement's index per focus area, no suppression:
the least any overview must do). Budget: ≤ 300 ms and ≤ 3× the aggregate.
Exits non-zero when either is missed.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_and_kill import on_databases  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

from mina_svar import accounts, create_app, db, questionnaire  # noqa: E402
from mina_svar.models import (  # noqa: E402
    AnswerTally,
    ContributorTally,
    Group,
    Measurement,
    Organisation,
    Response,
)

BUDGET_MS, RATIO_BUDGET, ROUNDS = 300.0, 3.0, 5
AGGREGATE = text("""
    SELECT t.measurement_id, f.key,
           100.0 * SUM(t.n * (CASE WHEN q.reversed THEN 5 - t.value ELSE t.value - 1 END)) / (4.0 * SUM(t.n))
    FROM answer_tallies t JOIN questions q ON q.id = t.question_id JOIN focus_areas f ON f.id = q.focus_area_id
    WHERE t.value > 0
    GROUP BY t.measurement_id, f.key
""")


def _fill(app, groups: int, opened=((2026, 3), (2026, 5), (2026, 7))) -> None:
    """``groups`` groups of one organisation, each with a closed Läget opened in each (year, month) of
    ``opened``, its released responses and tallies."""
    rng = random.Random(7)
    with app.app_context():
        session = db.session()
        laget = questionnaire.load_file(session)
        structure = questionnaire.structure(session, laget.id)
        accounts.create_user(session, "c@example.org", "Samordnare", "a-long-bench-password", role="coordinator")
        organisation = Organisation(name="Förvaltningen")
        session.add(organisation)
        session.flush()
        session.execute(insert(Group), [{"organisation_id": organisation.id, "name": f"Grupp {i:04d}"}
                                        for i in range(groups)])
        group_ids = session.scalars(select(Group.id)).all()
        session.execute(insert(Measurement), [
            {"questionnaire_id": laget.id, "group_id": g, "title": f"Läget {k + 1}", "code": f"B{g:04d}{k}",
             "state": "closed", "opened_at": datetime(year, month, 1, 10, tzinfo=UTC),
             "closed_at": datetime(year, month, 2, 10, tzinfo=UTC)}
            for g in group_ids for k, (year, month) in enumerate(opened)])
        measurement_ids = session.scalars(select(Measurement.id)).all()
        scale = [(q.id, area.key, q.indicator_key) for area in structure.areas for q in area.questions
                 if q.kind == "scale"]
        responses, tallies, contributors = [], [], []
        for m in measurement_ids:
            people = rng.randint(3, 25)
            responses += [{"measurement_id": m, "token": f"{m}-{i}", "language": "sv",
                           "sent_on": date(2026, 3, 1), "released": True} for i in range(people)]
            for question, _area, _indicator in scale:
                left = people
                for value in (1, 2, 3, 4, 5):
                    n = left if value == 5 else rng.randint(0, left)
                    left -= n
                    if n:
                        tallies.append({"measurement_id": m, "question_id": question, "language": "sv",
                                        "value": value, "n": n})
            scopes = {area for _q, area, _i in scale} | {f"{area}.{i}" for _q, area, i in scale if i}
            contributors += [{"measurement_id": m, "scope": scope, "n": people} for scope in scopes]
        for table, rows in ((Response, responses), (AnswerTally, tallies), (ContributorTally, contributors)):
            for start in range(0, len(rows), 5000):
                session.execute(insert(table), rows[start:start + 5000])
        session.commit()
        print(f"    {len(group_ids)} groups, {len(measurement_ids)} measurements, {len(responses)} responses, "
              f"{len(tallies)} answer tallies")


def filled_app(url: str, label: str, fill):
    """The app on a new database at ``url``, filled by ``fill(app)``; a client signed in as its coordinator."""
    db.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False})
    print(f"{label}:")
    fill(app)
    client = app.test_client()
    client.post("/sign-in", data={"email": "c@example.org", "password": "a-long-bench-password"})
    return app, client


def timed_page(client, path: str, measured) -> tuple[float, float]:
    """The median time of ``path`` over ROUNDS asks, and of the first ask (compiling what is kept), after
    checking with ``measured(page text)`` that the page is the one meant and holds what is timed."""
    start = time.perf_counter()
    page = client.get(path)
    cold = (time.perf_counter() - start) * 1000
    assert page.status_code == 200 and measured(page.text), (path, page.status_code)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), cold


def aggregate_ms(app) -> tuple[float, int]:
    """The median time of the hand-written aggregate, and how many rows it gives."""
    aggregate = []
    with app.app_context():
        for _ in range(ROUNDS):
            start = time.perf_counter()
            rows = db.session().execute(AGGREGATE).all()
            aggregate.append((time.perf_counter() - start) * 1000)
    return statistics.median(aggregate), len(rows)


def run(url: str, label: str, groups: int) -> bool:
    app, client = filled_app(url, label, lambda app: _fill(app, groups))
    warm, cold = timed_page(client, "/coordinate/overview", lambda page: page.count('<th scope="row">') >= groups)
    sql, rows = aggregate_ms(app)
    ok = warm <= BUDGET_MS and warm <= RATIO_BUDGET * sql
    print(f"    overview: {warm:7.1f} ms (median of {ROUNDS}; the first, compiling and keeping every "
          f"measurement: {cold:.0f} ms)")
    print(f"    one SQL aggregate over the tallies ({rows} rows): {sql:7.1f} ms")
    print(f"    ratio {warm / sql:.2f} (budget ≤ {RATIO_BUDGET}), time budget {BUDGET_MS:.0f} ms: "
          f"{'ok' if ok else 'OVER'}")
    return ok


def main(doc: str = __doc__, bench=None) -> int:
    """Run ``bench(url, label, groups)`` (this file's run) on the databases asked for; 1 when over budget."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    ok = on_databases(args.database, lambda url, label: (bench or run)(url, label, args.groups))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
