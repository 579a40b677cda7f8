"""Analysis budget: a measurement of 10,000 responses, on SQLite and on PostgreSQL.

Run: .venv/bin/python bench/analysis.py [--responses N] [--questionnaire laget|wide|both]

"wide" is Läget on a seven-point scale with a sixth focus area (analysis
reads each question's scale and the questionnaire's areas, nothing fixed).
Prints, per database and questionnaire, the median time of compiling every figure of the
measurement (analysis.results) and of one hand-written SQL aggregate over
the same rows, and their ratio. Budget: at most 200 ms, and at most 3 times
the hand-written aggregate. PostgreSQL is found at MINA_SVAR_TEST_POSTGRES_URL
(default: the local server, user postgres); a database is made and dropped.
"""

import argparse
import copy
import json
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


def _wide(folder: str) -> Path:
    """Läget with every question on seven points and a sixth focus area like its fifth, as a file."""
    document = json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))
    document["key"] = "wide"
    document["scales"] = {"seven": [{"value": value, "label": {"en": str(value)}} for value in range(1, 8)]}
    sixth = copy.deepcopy(document["focus_areas"][-1])
    sixth["key"] = "sixth"
    for indicator in sixth["indicators"]:
        for question in indicator["questions"]:
            question["key"] = "sixth." + question["key"]
    document["focus_areas"].append(sixth)
    for area in document["focus_areas"]:
        for indicator in area["indicators"]:
            for question in indicator["questions"]:
                question["scale"] = "seven"
    path = Path(folder) / "wide.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _fill(url: str, responses: int, path: Path) -> int:
    """A measurement with ``responses`` completed responses answering every scale question."""
    db.upgrade(url)
    engine = db.make_engine(url)
    rng = random.Random(7)
    with Session(engine) as session:
        laget = questionnaire.load_file(session, path)
        structure = questionnaire.structure(session, laget.id)
        measurement = measuring.open_measurement(session, laget, None, title="bench")
        scale = [q for q in structure.questions.values() if q.kind == "scale"]
        now = measurement.opened_at
        session.execute(insert(Response), [
            {"measurement_id": measurement.id, "token": uuid.uuid4().hex, "language": rng.choice("sv ar en".split()),
             "page": 6, "sent_on": now.date(), "released": True} for _ in range(responses)
        ])
        ids = [row[0] for row in session.execute(text("SELECT id FROM responses WHERE measurement_id = :m"),
                                                 {"m": measurement.id})]
        rows = []
        for response_id in ids:
            for question in scale:
                dont_know = rng.random() < 0.05
                rows.append({"response_id": response_id, "question_id": question.id,
                             "value": None if dont_know else rng.choice(question.scale), "dont_know": dont_know,
                             "text": None, "moderation": "pending", "counted": True})
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


def _measure(label: str, url: str, responses: int, path: Path) -> bool:
    measurement_id = _fill(url, responses, path)
    engine = db.make_engine(url)
    with Session(engine) as session:
        from mina_svar.models import Measurement

        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        result = analysis.results(session, measurement, structure, 5)
        assert result.respondents == responses and result.shown
        points = {len(q.scale) for q in structure.questions.values() if q.kind == "scale"}
        label = f"{label}, {len(structure.areas)} areas, {'/'.join(map(str, sorted(points)))} points"
        full = _median_ms(lambda: analysis.results(session, measurement, structure, 5))
        bare = _median_ms(lambda: session.execute(HAND_WRITTEN, {"m": measurement_id}).all())
        # A release tallies what it releases; a repair tallies everything anew: the larger of the two.
        recounts = []
        for _ in range(3):
            start = time.perf_counter()
            analysis.recount(session, measurement_id)
            session.commit()
            recounts.append((time.perf_counter() - start) * 1000)
        # Measured something: every answer (one per response and scale question) is in the tallies again, once.
        counts = analysis.answer_counts(session, measurement_id).answers
        tallied = sum(sum(values.values()) for values in counts.values())
        asked = sum(1 for q in structure.questions.values() if q.kind == "scale")
        assert tallied == responses * asked, (tallied, responses * asked)
    engine.dispose()
    ratio = full / bare
    ok = full <= TIME_BUDGET_MS and ratio <= RATIO_BUDGET
    print(f"{label:<32} {responses} responses: analysis {full:7.1f} ms, hand-written aggregate {bare:7.1f} ms, "
          f"ratio {ratio:4.2f}  (budget {TIME_BUDGET_MS} ms and {RATIO_BUDGET}) {'ok' if ok else 'OVER'}; "
          f"every answer tallied anew {statistics.median(recounts):7.1f} ms")
    return ok


def _on_both(args, path: Path, folder: str) -> bool:
    ok = _measure("SQLite", f"sqlite:///{folder}/{uuid.uuid4().hex[:8]}.sqlite3", args.responses, path)
    name = f"mina_svar_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        ok = _measure("PostgreSQL", args.postgres.rsplit("/", 1)[0] + "/" + name, args.responses, path) and ok
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--questionnaire", choices=["laget", "wide", "both"], default="both")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        files = {"laget": questionnaire.DEFAULT_FILE, "wide": _wide(folder)}
        for name in (["laget", "wide"] if args.questionnaire == "both" else [args.questionnaire]):
            ok = _on_both(args, files[name], folder) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
