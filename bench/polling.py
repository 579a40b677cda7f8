"""The cost of following a joint-analysis session live.

Run: .venv/bin/python bench/polling.py [--seconds 20]

Prints (a) the median time of a "nothing changed" answer (204) to a phone's
poll against the bare /health route, over HTTP to gunicorn on SQLite, and
(b) 40 phones polling every 2 seconds for a while: requests per second,
the median and slowest answers, and whether any poll failed. Several gunicorn workers serve it, so
nothing may live in one process's memory.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from respondent import Client, _wait_for  # noqa: E402

from mina_svar import create_app, db, demo, joint_analysis  # noqa: E402
from mina_svar.models import Measurement  # noqa: E402

PHONES, INTERVAL = 40, 2.0


def _prepare(url: str) -> str:
    db.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url})
    with app.app_context():
        session = db.session()
        demo.create(session)
        measurement = session.query(Measurement).filter(Measurement.state == "closed").first()
        leader = measurement.cycle.group.leaders[0]
        return joint_analysis.start(session, measurement, leader).code


def _join(port: int, code: str) -> tuple[Client, int]:
    phone = Client(port)
    _status, page, _ = phone.request("GET", f"/s/{code}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    phone.request("POST", f"/s/{code}/join", {"csrf_token": token, "lang": "sv"})
    _status, page, _ = phone.request("GET", f"/s/{code}")
    return phone, int(re.search(r"/live\?v=(\d+)", page).group(1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    port = 8766
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        code = _prepare(url)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=dict(os.environ, MINA_SVAR_DATABASE_URL=url, SECRET_KEY="bench"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port, server)
            phones = [_join(port, code) for _ in range(PHONES)]
            phone, version = _join(port, code)  # the last to join sees the newest version
            quiet, bare = [], []
            for _ in range(300):
                status, _body, elapsed = phone.request("GET", f"/s/{code}/live?v={version}",
                                                       headers={"HX-Request": "true"})
                assert status == 204, status
                quiet.append(elapsed)
                bare.append(Client(port).request("GET", "/health")[2])
            quiet_ms, bare_ms = statistics.median(quiet) * 1000, statistics.median(bare) * 1000
            print(f"(a) 'nothing changed' poll: median {quiet_ms:.2f} ms, bare route {bare_ms:.2f} ms, "
                  f"ratio {quiet_ms / bare_ms:.2f}")

            timings, failures, stop = [], [], time.monotonic() + args.seconds

            def poll(client, seen):
                while time.monotonic() < stop:
                    start = time.monotonic()
                    status, body, elapsed = client.request("GET", f"/s/{code}/live?v={seen}",
                                                           headers={"HX-Request": "true"})
                    timings.append(elapsed)
                    if status == 200:
                        seen = int(re.search(r"/live\?v=(\d+)", body).group(1))
                    elif status != 204:
                        failures.append(status)
                    time.sleep(max(0.0, INTERVAL - (time.monotonic() - start)))

            threads = [threading.Thread(target=poll, args=(c, v)) for c, v in phones]
            for thread in threads:
                thread.start()
            threads_done = time.monotonic()
            for thread in threads:
                thread.join()
            spent = time.monotonic() - threads_done
            timings.sort()
            print(f"(b) {PHONES} phones polling every {INTERVAL:.0f} s for {spent:.0f} s: "
                  f"{len(timings) / spent:.1f} requests/s, median {statistics.median(timings) * 1000:.1f} ms, "
                  f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms, failed {len(failures)}")
        finally:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
