"""The cost of following a joint-analysis session live.

Run: .venv/bin/python bench/polling.py [--seconds 20]

Prints (a) the median time of a "nothing changed" answer (204) to a phone's
poll against the bare /health route, over HTTP to gunicorn on SQLite, and
(b) 40 phones and a projector polling every 2 seconds for a while, the
leader moving on (reveal, next) every 30 seconds and each phone reacting to
each new slide: requests per second, the median and slowest answers, and
whether any request failed. Several gunicorn workers serve it, so nothing may
live in one process's memory.
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

from mina_svar import accounts, create_app, db, demo, joint_analysis  # noqa: E402
from mina_svar.models import Measurement  # noqa: E402

PHONES, INTERVAL, LEADER_EVERY = 40, 2.0, 30.0
REACTIONS = ("surprised", "agree", "disagree")


def _prepare(url: str) -> str:
    db.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url})
    with app.app_context():
        session = db.session()
        demo.create(session)
        measurement = session.query(Measurement).filter(Measurement.state == "closed").first()
        leader = measurement.cycle.group.leaders[0]
        accounts.set_password(session, leader, "bench-password")
        return joint_analysis.start(session, measurement, leader).code, leader.email


def _sign_in(port: int, email: str) -> Client:
    leader = Client(port)
    _status, page, _ = leader.request("GET", "/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    status, _page, _ = leader.request("POST", "/sign-in",
                                      {"csrf_token": token, "email": email, "password": "bench-password"})
    assert status == 302, status
    return leader


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
        code, email = _prepare(url)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT, env=dict(os.environ, MINA_SVAR_DATABASE_URL=url, SECRET_KEY="bench"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port, server)
            phones = [_join(port, code) for _ in range(PHONES)]
            phone, version = _join(port, code)  # the last to join sees the newest version
            quiet, bare, full = [], [], []
            for _ in range(100):
                full.append(phone.request("GET", f"/s/{code}/live?v=0", headers={"HX-Request": "true"})[2])
            for _ in range(300):
                status, _body, elapsed = phone.request("GET", f"/s/{code}/live?v={version}",
                                                       headers={"HX-Request": "true"})
                assert status == 204, status
                quiet.append(elapsed)
                bare.append(Client(port).request("GET", "/health")[2])
            quiet_ms, bare_ms = statistics.median(quiet) * 1000, statistics.median(bare) * 1000
            print(f"(a) 'nothing changed' poll: median {quiet_ms:.2f} ms, bare route {bare_ms:.2f} ms, "
                  f"ratio {quiet_ms / bare_ms:.2f}; a changed slide {statistics.median(full) * 1000:.1f} ms")

            timings, failures, changes, statuses, stop = [], [], [], {}, time.monotonic() + args.seconds

            def timed(client, method, path, body=None):
                try:
                    status, text, elapsed = client.request(method, path, body, headers={"HX-Request": "true"})
                except OSError as error:
                    failures.append(repr(error))
                    return 0, ""
                timings.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 500 or status in (0, 404, 410):
                    failures.append(status)
                return status, text

            def poll(client, seen):
                token, reacted_to = None, 0
                while time.monotonic() < stop:
                    start = time.monotonic()
                    status, body = timed(client, "GET", f"/s/{code}/live?v={seen}")
                    if status == 200:
                        seen = int(re.search(r"/live\?v=(\d+)", body).group(1))
                        found = re.search(r'name="csrf_token" value="([^"]+)"', body)
                        token = found.group(1) if found else token
                        if token and 'name="kind" value="' in body and reacted_to < len(changes):
                            reacted_to = len(changes)
                            timed(client, "POST", f"/s/{code}/react",
                                  {"csrf_token": token, "kind": REACTIONS[seen % len(REACTIONS)]})
                    time.sleep(max(0.0, INTERVAL - (time.monotonic() - start)))

            def project(leader, token):
                seen, moved, step = 0, time.monotonic(), 0
                while time.monotonic() < stop:
                    start = time.monotonic()
                    status, body = timed(leader, "GET", f"/present/{code}/live?v={seen}")
                    if status == 200:
                        seen = int(re.search(r"/live\?v=(\d+)", body).group(1))
                    if start - moved >= LEADER_EVERY:
                        action = "reveal" if step % 2 == 0 else "next"
                        timed(leader, "POST", f"/present/{code}/slide", {"csrf_token": token, "action": action})
                        changes.append(action)
                        moved, step = start, step + 1
                    time.sleep(max(0.0, INTERVAL - (time.monotonic() - start)))

            leader = _sign_in(port, email)
            _status, screen, _ = leader.request("GET", f"/present/{code}")
            leader_token = re.search(r'name="csrf_token" value="([^"]+)"', screen).group(1)
            threads = [threading.Thread(target=poll, args=(c, v)) for c, v in phones]
            threads.append(threading.Thread(target=project, args=(leader, leader_token)))
            for thread in threads:
                thread.start()
            threads_done = time.monotonic()
            for thread in threads:
                thread.join()
            spent = time.monotonic() - threads_done
            timings.sort()
            print(f"(b) {PHONES} phones and a projector polling every {INTERVAL:.0f} s for {spent:.0f} s, "
                  f"{len(changes)} slide changes: {len(timings)} requests, {len(timings) / spent:.1f} requests/s, "
                  f"median {statistics.median(timings) * 1000:.1f} ms, "
                  f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms, "
                  f"slowest {timings[-1] * 1000:.0f} ms, failed {len(failures)} {failures[:5]}")
            print(f"    answers by status: {dict(sorted(statuses.items()))}")
            return 1 if failures else 0
        finally:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
