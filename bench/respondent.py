"""Respondent budgets: page weight on a weak network, and the cost of saving an answer.

Run: .venv/bin/python bench/respondent.py

(a) gzip-compressed bytes of the first question page and of everything it
    loads. Budget: the page ≤ 14 KB (one round trip's worth of TCP), all
    together ≤ 40 KB.
(b) median time to save one answer (the htmx request a tap sends) against
    the bare /health route of the same app, both over HTTP to one gunicorn
    worker on SQLite, interleaved in the same run. Budget: ratio ≤ 2.
"""

import gzip
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mina_svar import create_app, db, demo, questionnaire  # noqa: E402

PAGE_BUDGET = 14 * 1024
TOTAL_BUDGET = 40 * 1024
RATIO_BUDGET = 2.0
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "400"))


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _prepare(url: str) -> str:
    db.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url})
    with app.app_context():
        questionnaire.load_file(db.session())
        db.session().commit()
        return demo.create(db.session()).code


def page_weight(url: str, code: str) -> bool:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url})
    client = app.test_client()
    welcome = client.get(f"/j/{code}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', welcome).group(1)
    client.post(f"/j/{code}/start", data={"csrf_token": token, "lang": "sv"})
    answered = client.get(f"/j/{code}/1")
    page = answered.data
    assert answered.status_code == 200 and b'name="q-' in page, "not the first question page: nothing to measure"
    assets = re.findall(rb'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', page)
    print("(a) gzip bytes of the first question page and what it loads")
    print(f"    {'page /j/<code>/1':<44} {len(page):>7} raw {_gz(page):>7} gzip")
    total = _gz(page)
    for asset in assets:
        body = client.get(asset.decode()).data
        total += _gz(body)
        print(f"    {asset.decode():<44} {len(body):>7} raw {_gz(body):>7} gzip")
    page_ok, total_ok = _gz(page) <= PAGE_BUDGET, total <= TOTAL_BUDGET
    print(f"    page:  {_gz(page) / 1024:5.1f} KB of {PAGE_BUDGET // 1024} KB budget  "
          f"({_gz(page) / PAGE_BUDGET:.2f} of budget) {'ok' if page_ok else 'OVER'}")
    print(f"    total: {total / 1024:5.1f} KB of {TOTAL_BUDGET // 1024} KB budget  "
          f"({total / TOTAL_BUDGET:.2f} of budget) {'ok' if total_ok else 'OVER'}")
    return page_ok and total_ok


class Client:
    """A phone: keeps its cookie, one new connection per request like gunicorn's sync worker."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie = port, ""

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        sent = {"Cookie": self.cookie} if self.cookie else {}
        sent.update(headers or {})
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - start
        connection.close()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, payload.decode(), elapsed


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            Client(port).request("GET", "/health")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def save_time(url: str, code: str) -> bool:
    port = 8765
    env = dict(os.environ, MINA_SVAR_DATABASE_URL=url, SECRET_KEY="bench")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        phone = Client(port)
        _status, welcome, _ = phone.request("GET", f"/j/{code}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', welcome).group(1)
        phone.request("POST", f"/j/{code}/start", {"csrf_token": token, "lang": "sv"})
        _status, page, _ = phone.request("GET", f"/j/{code}/1")
        question = re.search(r'name="q-(\d+)"', page).group(1)
        saves, bare = [], []
        for i in range(ROUNDS):
            status, body, elapsed = phone.request(
                "POST", f"/j/{code}/1", {"csrf_token": token, f"q-{question}": str(1 + i % 5)},
                {"HX-Request": "true"},
            )
            assert status == 204, (status, body)
            saves.append(elapsed)
            status, _body, elapsed = phone.request("GET", "/health")
            assert status == 200
            bare.append(elapsed)
    finally:
        server.terminate()
        server.wait()
    save_ms, bare_ms = statistics.median(saves) * 1000, statistics.median(bare) * 1000
    ratio = save_ms / bare_ms
    print(f"(b) saving one answer, {ROUNDS} rounds over HTTP to one gunicorn worker on SQLite")
    print(f"    median save {save_ms:.2f} ms, median bare route {bare_ms:.2f} ms, "
          f"ratio {ratio:.2f} (budget {RATIO_BUDGET}) {'ok' if ratio <= RATIO_BUDGET else 'OVER'}")
    return ratio <= RATIO_BUDGET


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        code = _prepare(url)
        ok = page_weight(url, code)
        ok = save_time(url, code) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
