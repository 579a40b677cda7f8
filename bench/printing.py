"""How long the PDFs take: the cycle summary with its charts against its 2-second budget.

Run: .venv/bin/python bench/printing.py [--runs 10]

Makes the demo on a fresh SQLite database, signs in as its leader and asks
for each PDF as the browser would (the whole request: queries, template,
WeasyPrint's layout, fonts embedded). The demo's finished cycle has seven
steps, two measurements of about 30 answers each and their comparison.
Prints the first request (fonts read from disk) apart from the median and
slowest of the rest, and the ratio of the cycle summary's slowest to 2 s.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from mina_svar import create_app, db, demo  # noqa: E402
from mina_svar.models import Cycle, Measurement  # noqa: E402

BUDGET = 2.0


def _timed(client, url: str, runs: int) -> tuple[float, list[float], int]:
    times, size = [], 0
    for _ in range(runs + 1):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), url
        size = len(response.data)
    return times[0], times[1:], size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        db.upgrade(url)
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False})
        with app.app_context():
            session = db.session()
            demo.create(session)
            spring = session.scalar(select(Cycle).where(Cycle.title == "Våren 2026"))
            baseline, follow_up = sorted((m for m in spring.measurements), key=lambda m: m.opened_at)
            group, open_one = spring.group_id, session.scalar(select(Measurement.id).where(Measurement.state == "open"))
            urls = {
                "cycle summary (sv)": f"/lead/cycles/{spring.id}/summary.pdf?lang=sv",
                "cycle summary (ar)": f"/lead/cycles/{spring.id}/summary.pdf?lang=ar",
                "Läget report (sv)": f"/lead/measurements/{baseline.id}/report.pdf?lang=sv",
                "comparison (ar)":
                    f"/lead/groups/{group}/compare.pdf?before={baseline.id}&after={follow_up.id}&lang=ar",
                "join page (sv)": f"/lead/measurements/{open_one}/join.pdf?lang=sv",
            }
        client = app.test_client()
        client.post("/sign-in", data={"email": demo.LEADER_EMAIL, "password": demo.LEADER_PASSWORD})
        slowest_summary = 0.0
        for name, path in urls.items():
            first, rest, size = _timed(client, path, args.runs)
            print(f"{name:20} first {first:.2f} s, then median {statistics.median(rest):.2f} s, "
                  f"slowest {max(rest):.2f} s over {len(rest)}; {size / 1024:.0f} KB")
            if name.startswith("cycle summary"):
                slowest_summary = max(slowest_summary, first, *rest)
        print(f"cycle summary, slowest of all: {slowest_summary:.2f} s against the {BUDGET:.0f} s budget: "
              f"ratio {slowest_summary / BUDGET:.2f}")
    return 0 if slowest_summary <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
