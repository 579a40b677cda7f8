"""Lighthouse on the young people's, the leader's and the room's pages: the welcome page, the question page, the
results shown to the young people, an activity's feedback page, the step pages, the presenter and the projector.

Run: .venv/bin/python bench/lighthouse.py [question "question fa" "step 2" ...]   (the pages named, or all)

Serves the app with the demo data on a local port, signs the demo leader in,
starts a joint analysis in the half-way cycle and runs Lighthouse (fetched
from the npm registry with npx on first use) in Debian's Chromium, mobile
and desktop, on each page. Prints the performance, accessibility and
best-practices scores and any audit that failed; exits non-zero when a score
is below 100.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from mina_svar import create_app, db, demo, feedback, questionnaire, sharing  # noqa: E402
from mina_svar.models import Cycle, Measurement, User  # noqa: E402
from tests.browser import serve  # noqa: E402

CHROMIUM = os.environ.get("MINA_SVAR_CHROMIUM", "/usr/bin/chromium")
CATEGORIES = "performance,accessibility,best-practices"
LCP_BUDGET_MS = 1000  # the question page, on Lighthouse's throttled mobile


def _signed_in_pages(app, code: str):
    """A session cookie of the demo leader, and the leader's pages to measure (a joint analysis started
    for them)."""
    client = app.test_client()
    page = client.get("/sign-in").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"csrf_token": token, "email": demo.LEADER_EMAIL, "password": demo.LEADER_PASSWORD})
    for cycle in range(1, 10):
        step = client.get(f"/lead/cycles/{cycle}/steps/group_analysis").text
        start = re.search(r'action="(/lead/measurements/\d+/session)"', step)
        if start:
            break
    started = client.post(start.group(1), data={"csrf_token": token})
    session_code = re.search(r"/present/(\w+)/presenter", started.location).group(1)
    pages = {"step 2": f"/lead/cycles/{cycle}/steps/first_meeting",
             "step 5": f"/lead/cycles/{cycle}/steps/group_analysis",
             "presenter": f"/present/{session_code}/presenter",
             "projector": f"/present/{session_code}"}
    return client.get_cookie("session").value, pages


def _young_person(app, code: str, language: str = "sv", second: str = "") -> str:
    """The session cookie of a phone that has joined the open Läget (and is signed in as nobody), in a
    language and with a second language under each question when one is given."""
    phone = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(f"/j/{code}").text).group(1)
    phone.post(f"/j/{code}/start", data={"csrf_token": token, "lang": language})
    phone.post("/second-language", data={"csrf_token": token, "second": second})
    assert phone.get(f"/j/{code}/1").status_code == 200
    return phone.get_cookie("session").value


def _lighthouse(url: str, cookie: str, desktop: bool, out: Path) -> dict:
    command = ["npx", "--yes", "lighthouse@12", url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={CATEGORIES}", "--chrome-flags=--headless --no-sandbox --disable-gpu",
               "--extra-headers", json.dumps({"Cookie": f"session={cookie}"})]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
    return json.loads(out.read_text())


def _is_the_page_meant(report: dict, url: str) -> None:
    """Scores of an error page or a sign-in page redirected to would say nothing: the page measured must be the
    one asked for, answered with 200."""
    assert not report.get("runtimeError"), report.get("runtimeError")
    assert report["finalDisplayedUrl"] == url, (report["finalDisplayedUrl"], url)
    document = next(item for item in report["audits"]["network-requests"]["details"]["items"] if item["url"] == url)
    assert document["statusCode"] == 200, (url, document["statusCode"])


def _shared_results(app) -> tuple[str, str]:
    """The demo's finished cycle with Läget 1 shown to the young people, and one activity's feedback link:
    (results path, feedback path)."""
    with app.app_context():
        session = db.session()
        spring = session.scalar(select(Cycle).where(Cycle.title == "Våren 2026"))
        first = session.scalar(select(Measurement).where(Measurement.cycle_id == spring.id, Measurement.step_key ==
                                                         "baseline"))
        structure = questionnaire.structure(session, first.questionnaire_id)
        leader = session.scalar(select(User).where(User.email == demo.LEADER_EMAIL))
        sharing.share(session, first, structure, [area.key for area in structure.areas], [], leader, 5)
        activity_code = feedback.code_of(session, spring.activities[0])
        session.commit()
        return f"/j/{first.code}/results", f"/a/{activity_code}"


def demo_app(name: str):
    """The app on a new SQLite database with the demo data: (app, the open Läget's join code)."""
    url = f"sqlite:///{tempfile.mkdtemp()}/{name}.sqlite3"
    db.upgrade(url)
    os.environ.setdefault("SECRET_KEY", f"{name}-bench")
    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        questionnaire.load_file(db.session())
        demo.create(db.session())
        db.session().commit()
    with app.app_context():
        return app, db.session().scalar(select(Measurement.code).where(Measurement.state == "open")
                                        .order_by(Measurement.id).limit(1))


def main() -> int:
    only = sys.argv[1:]  # page names to measure (all when none)
    folder = Path(os.environ.get("MINA_SVAR_LIGHTHOUSE_OUT") or tempfile.mkdtemp())  # the reports
    app, code = demo_app("lighthouse")
    leader, pages = _signed_in_pages(app, code)
    # Persian (right to left) and Tigrinya (Ethiopic) with Swedish under each question; the listen buttons
    # are in the page, shown when the phone has a voice (headless Chromium has none).
    phones = {"question": _young_person(app, code), "question fa": _young_person(app, code, "fa", "sv"),
              "question ti": _young_person(app, code, "ti", "sv")}
    pages = {name: f"/j/{code}/1" for name in phones} | pages
    # What the young people see without signing in: the welcome page a QR code opens (a phone's very first
    # page), the results shown to them, an activity's feedback page.
    results, feedback_page = _shared_results(app)
    pages = {"welcome": f"/j/{code}"} | pages | {"results": results, "feedback": feedback_page}
    cookies = {name: leader for name in pages} | phones | {"welcome": "", "results": "", "feedback": ""}
    below = 0
    with serve(app) as base_url:
        for name, path in pages.items():
            if only and name not in only:
                continue
            for desktop in (False, True):
                if name == "projector" and not desktop:
                    continue  # a projector is a wide screen
                report = _lighthouse(base_url + path, cookies[name], desktop, folder / f"{name}-{desktop}.json")
                _is_the_page_meant(report, base_url + path)
                scores = {key: round(value["score"] * 100) for key, value in report["categories"].items()}
                scores["LCP ms"] = round(report["audits"]["largest-contentful-paint"]["numericValue"])
                failed = [key for key, audit in report["audits"].items()
                          if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
                below += sum(score < 100 for key, score in scores.items() if key != "LCP ms")
                below += name.startswith("question") and scores["LCP ms"] > LCP_BUDGET_MS
                print(f"{name:11} {'desktop' if desktop else 'mobile ':7} "
                      + "  ".join(f"{key} {score}" for key, score in scores.items())
                      + (f"  failed: {', '.join(failed)}" if failed else ""))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
