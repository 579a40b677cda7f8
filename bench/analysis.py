"""Analysis budget: a measurement of 10,000 responses, on SQLite and on PostgreSQL.

Run: .venv/bin/python bench/analysis.py [--responses N]

Prints, per database, the median time of compiling every figure of the
measurement (analysis.results) and of one hand-written SQL aggregate over
the same rows, and their ratio. Budget: at most 200 ms, and at most 3 times
the hand-written aggregate. PostgreSQL is found at MINA_SVAR_TEST_POSTGRES_URL
(default: the local server, user postgres); a database is made and dropped.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from mina_svar import analysis, db, measuring, questionnaire  # noqa: E402
from mina_svar.models import Answer, Response  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TIME_BUDGET_MS, RATIO_BUDGET, RUNS = 200, 3.0, 15
HAND_WRITTEN = text(
    "SELECT a.question_id, a.value, a.dont_know, count(*) FROM answers a "
    "JOIN responses r ON r.id = a.response_id "
    "WHERE r.measurement_id = :m AND r.released AND a.text IS NULL "
    "GROUP BY a.question_id, a.value, a.dont_know"
)


def _fill(url: str, responses: int) -> int:
    """A measurement with ``responses`` completed responses answering every scale question."""
    db.upgrade(url)
    engine = db.make_engine(url)
    rng = random.Random(7)
    with Session(engine) as session:
        laget = questionnaire.load_file(session)
        structure = questionnaire.structure(session, laget.id)
        measurement = measuring.open_measurement(session, laget, None, title="bench")
        scale = [q.id for q in structure.questions.values() if q.kind == "scale"]
        now = measurement.opened_at
        session.execute(insert(Response), [
            {"measurement_id": measurement.id, "token": uuid.uuid4().hex, "language": rng.choice("sv ar en".split()),
             "page": 6, "sent_on": now.date(), "released": True} for _ in range(responses)
        ])
        ids = [row[0] for row in session.execute(text("SELECT id FROM responses WHERE measurement_id = :m"),
                                                 {"m": measurement.id})]
        rows = []
        for response_id in ids:
            for question_id in scale:
                dont_know = rng.random() < 0.05
                rows.append({"response_id": response_id, "question_id": question_id,
                             "value": None if dont_know else rng.randint(1, 5), "dont_know": dont_know,
                             "text": None, "moderation": "pending"})
            if len(rows) >= 50_000:
                session.execute(insert(Answer), rows)
                rows = []
        if rows:
            session.execute(insert(Answer), rows)
        session.commit()
        analysis.recount(session, measurement.id)
        session.commit()
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        measurement_id = measurement.id
    engine.dispose()
    return measurement_id


def _median_ms(action) -> float:
    action()  # warm up caches and the statement cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _measure(label: str, url: str, responses: int) -> bool:
    measurement_id = _fill(url, responses)
    engine = db.make_engine(url)
    with Session(engine) as session:
        from mina_svar.models import Measurement

        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        result = analysis.results(session, measurement, structure, 5)
        assert result.respondents == responses and result.shown
        full = _median_ms(lambda: analysis.results(session, measurement, structure, 5))
        bare = _median_ms(lambda: session.execute(HAND_WRITTEN, {"m": measurement_id}).all())
    engine.dispose()
    ratio = full / bare
    ok = full <= TIME_BUDGET_MS and ratio <= RATIO_BUDGET
    print(f"{label:<11} {responses} responses: analysis {full:7.1f} ms, hand-written aggregate {bare:7.1f} ms, "
          f"ratio {ratio:4.2f}  (budget {TIME_BUDGET_MS} ms and {RATIO_BUDGET}) {'ok' if ok else 'OVER'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        ok = _measure("SQLite", f"sqlite:///{folder}/bench.sqlite3", args.responses) and ok
    name = f"mina_svar_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        ok = _measure("PostgreSQL", args.postgres.rsplit("/", 1)[0] + "/" + name, args.responses) and ok
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
