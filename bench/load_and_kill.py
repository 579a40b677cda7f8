"""Load and kill: young people answering one tap at a time while the server is killed and restarted.

Run: .venv/bin/python bench/load_and_kill.py [--respondents 300] [--answers 10] [--database sqlite|postgresql|both]

N simulated phones (default 300, 40 at a time) join a Läget served by gunicorn
(two workers), answer one tap at a time, and send; for a third of them the last
tap and "send" go out at the same moment (a save racing send). When a third of
the phones are done, the whole server is killed with SIGKILL and started again
a second later; phones retry what got no answer, as the phone's script does.
At the end the Läget is closed, which releases the sent responses. It prints:

- acknowledged answers missing: a save the server acknowledged (any 2xx: a tap
  answers 204 No Content, a plain form's save 200), whose value
  is not what the database holds for that question (a save refused as "already
  sent" must leave the value sent before it);
- results vs answers mismatches: released tallies that differ from counting the
  stored answers of released responses, and sent responses left unreleased;
- server errors (5xx other than while the server was down).

It exits non-zero unless all three are 0, on SQLite and on PostgreSQL, and
unless it checked something: every save but a racing last one acknowledged,
and every phone's response sent and released. (It once counted only 200 as
acknowledged while a tap answers 204, and printed "0 missing" over 0 answers.)
"""

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from respondent import Client  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402

from mina_svar import analysis, create_app, db, demo, measuring, questionnaire  # noqa: E402
from mina_svar.models import Answer, Measurement, Response  # noqa: E402

POSTGRES = os.environ.get("MINA_SVAR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-load-and-kill"
RETRY_FOR = 60.0  # seconds a phone keeps retrying one request


class Down(Exception):
    """No answer from the server (refused, reset, timed out, or 502/503 from a proxy)."""


class Phone(Client):
    """A phone that retries with backoff while the server is down, as the phone's script retries a save."""

    def once(self, method, path, body=None, headers=None):
        try:
            status, payload, _elapsed = super().request(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            raise Down() from error
        return status, payload

    def retrying(self, stats, method, path, body=None, headers=None):
        deadline, pause = time.monotonic() + RETRY_FOR, 0.05
        while True:
            try:
                status, payload = self.once(method, path, body, headers)
            except Down:
                stats["retried"] += 1
                if time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
                continue
            stats["requests"] += 1
            if status >= 500:
                stats["server errors"] += 1
            return status, payload


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(url: str):
    db.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "DATABASE_URL": url})
    with app.app_context():
        session = db.session()
        questionnaire.load_file(session)
        session.commit()
        code = demo.create(session, half_way_cycle=False).code
        measurement = session.scalar(select(Measurement).where(Measurement.code == code))
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        pages = {number: [q.id for q in area.questions if q.kind == "scale"]
                 for number, area in enumerate(structure.areas, start=1)}
    return app, code, pages


class Server:
    def __init__(self, url: str, port: int, workers: int = 2) -> None:
        self.url, self.port, self.process, self.workers = url, port, None, workers

    def start(self) -> None:
        env = dict(os.environ, MINA_SVAR_DATABASE_URL=self.url, SECRET_KEY=SECRET)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
             "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(200):
            try:
                Phone(self.port).once("GET", "/health")
                return
            except Down:
                time.sleep(0.05)
        raise SystemExit("gunicorn did not start")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def run(url: str, label: str, respondents: int, answers: int) -> bool:
    app, code, pages = _prepare(url)
    port = _free_port()
    server = Server(url, port)
    server.start()
    stats: Counter = Counter()
    acknowledged: dict[str, dict[int, int]] = {}  # cookie → question → value the server acknowledged
    sent_cookies: list[str] = []
    lock = threading.Lock()
    done = threading.Event()
    finished_count = [0]
    rng = random.Random(7)
    plans = [[(page, rng.choice(pages[page]), rng.randint(1, 5)) for page in
              (rng.randint(1, len(pages)) for _ in range(answers))] for _ in range(respondents)]

    def save(phone, token, page, question, value, mine):
        status, body = phone.retrying(stats, "POST", f"/j/{code}/{page}",
                                     {"csrf_token": token, f"q-{question}": str(value)}, {"HX-Request": "true"})
        if 200 <= status < 300:
            mine[question] = value
            with lock:
                stats["acknowledged saves"] += 1
        elif status != 409:
            stats[f"save answered {status}"] += 1
        return status

    def respondent(number: int) -> None:
        phone = Phone(port)
        status, page = phone.retrying(stats, "GET", f"/j/{code}")
        token = _token(page)
        phone.retrying(stats, "POST", f"/j/{code}/start", {"csrf_token": token, "lang": "sv"})
        mine: dict[int, int] = {}
        plan = plans[number]
        for page_number, question, value in plan[:-1]:
            save(phone, token, page_number, question, value, mine)
        last_page, last_question, last_value = plan[-1]
        if number % 3 == 0:  # the last tap and "send" at the same moment
            with ThreadPoolExecutor(2) as both:
                both.submit(save, phone, token, last_page, last_question, last_value, mine)
                both.submit(phone.retrying, stats, "POST", f"/j/{code}/finish", {"csrf_token": token})
        else:
            save(phone, token, last_page, last_question, last_value, mine)
            phone.retrying(stats, "POST", f"/j/{code}/finish", {"csrf_token": token})
        with lock:
            acknowledged[phone.cookie] = mine
            sent_cookies.append(phone.cookie)
            finished_count[0] += 1
            if finished_count[0] >= respondents // 3:
                done.set()

    def killer() -> None:
        done.wait()
        server.kill()
        stats["kills"] += 1
        time.sleep(1.0)
        server.start()

    started = time.perf_counter()
    kill_thread = threading.Thread(target=killer)
    kill_thread.start()
    try:
        with ThreadPoolExecutor(40) as pool:
            list(pool.map(respondent, range(respondents)))
    finally:
        kill_thread.join()
        server.kill()
    elapsed = time.perf_counter() - started

    serializer = app.session_interface.get_signing_serializer(app)
    missing = mismatched = 0
    with app.app_context():
        session = db.session()
        measurement = session.scalar(select(Measurement).where(Measurement.code == code))
        for cookie, mine in acknowledged.items():
            token = serializer.loads(cookie.split("=", 1)[1])["responses"][code]
            response = session.scalar(select(Response).where(Response.token == token))
            stored = {question: value for question, value in session.execute(
                select(Answer.question_id, Answer.value).where(Answer.response_id == response.id))}
            missing += sum(1 for question, value in mine.items() if stored.get(question) != value)
            mismatched += response.sent_on is None  # every phone here got its "send" through
        measuring.close_measurement(session, measurement, app.config["MIN_RESPONDENTS"])
        session.commit()
        counts = analysis.answer_counts(session, measurement.id)
        direct: dict[int, Counter] = {}
        for question, value, dont_know in session.execute(
                select(Answer.question_id, Answer.value, Answer.dont_know).join(Response)
                .where(Response.measurement_id == measurement.id, Response.released, Answer.text.is_(None))):
            direct.setdefault(question, Counter())["dk" if dont_know else value] += 1
        mismatched += sum(1 for q in set(direct) | set(counts.answers)
                          if dict(direct.get(q, {})) != counts.answers.get(q, {}))
        unreleased = session.scalar(select(text("count(*)")).select_from(Response).where(
            Response.measurement_id == measurement.id, Response.sent_on.is_not(None), ~Response.released))
        mismatched += unreleased
        released = counts.respondents
    db.dispose(app)

    print(f"{label}: {respondents} phones, {stats['requests']} requests in {elapsed:.1f} s "
          f"({stats['requests'] / elapsed:.0f}/s), {stats['kills']} kill -9 and restart, "
          f"{stats['retried']} retries while down")
    checked = sum(len(m) for m in acknowledged.values())
    expected = respondents * (answers - 1)  # every save but a last one racing "send" is retried until answered
    print(f"    saves acknowledged: {stats['acknowledged saves']} (at least {expected} expected), "
          f"answers checked: {checked}, responses sent and released: {released} of {respondents}")
    print(f"    acknowledged answers missing: {missing}")
    print(f"    results vs answers mismatches: {mismatched}")
    print(f"    server errors (5xx): {stats['server errors']}"
          + "".join(f", {k}: {v}" for k, v in stats.items() if k.startswith("save answered")))
    measured = checked > 0 and stats["acknowledged saves"] >= expected and released == respondents
    if not measured:
        print("    measured too little: the figures above say nothing")
    return measured and missing == 0 and mismatched == 0 and stats["server errors"] == 0


def _postgres_url():
    name = f"mina_svar_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    address, _, query = POSTGRES.partition("?")  # e.g. ?host=/var/run/postgresql for the local socket
    return address.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else ""), drop


def on_databases(choice: str, run) -> bool:
    """``run(url, label)`` on a new SQLite file and/or a new PostgreSQL database ("sqlite", "postgresql" or
    "both"); prints and returns whether every run passed."""
    ok = True
    if choice in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            ok = run(f"sqlite:///{folder}/bench.sqlite3", "SQLite") and ok
    if choice in ("postgresql", "both"):
        url, drop = _postgres_url()
        try:
            ok = run(url, "PostgreSQL") and ok
        finally:
            drop()
    print("ok" if ok else "FAILED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    ok = on_databases(args.database, lambda url, label: run(url, label, args.respondents, args.answers))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
