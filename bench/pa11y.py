"""pa11y (its axe and HTML_CodeSniffer runners) on the young people's pages in all eight languages: the welcome
page, the intro, a question page, the last page, the results shown to them and the joint analysis's phone.
(Forced colours are checked by the browser tests, with axe in Chromium's own emulation: pa11y cannot ask for
it, and Chromium's --force-high-contrast switch on Linux colours only half a button.)

Run: .venv/bin/python bench/pa11y.py [sv ar ...]   (the languages named, or all)

Serves the demo on a local port, makes a phone's cookie per language (joined to the open Läget, and to a joint
analysis the demo leader starts) and runs pa11y (fetched from the npm registry with npx on first use) in
Debian's Chromium on a 390 px phone. Prints the errors per page and language; exits non-zero when there is one.
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
sys.path.insert(0, str(ROOT / "bench"))

from lighthouse import CHROMIUM, _shared_results, _signed_in_pages, _young_person, demo_app  # noqa: E402

from mina_svar.config import LANGUAGES  # noqa: E402
from tests.browser import serve  # noqa: E402


def _phone_in_session(app, session_code: str, language: str) -> str:
    phone = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(f"/s/{session_code}").text).group(1)
    joined = phone.post(f"/s/{session_code}/join", data={"csrf_token": token, "lang": language})
    assert joined.status_code == 302, joined.status_code
    return phone.get_cookie("session").value


def _is_the_page_meant(url: str, cookie: str, language: str, marker: str) -> None:
    """0 errors on an error page, or on the welcome page a lost cookie sends back to, would say nothing: the page
    checked must answer 200 at its own address, in the language asked for, with what it is meant to show."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": f"session={cookie}", "Accept-Language": language})
    with urllib.request.urlopen(request, timeout=30) as answer:
        page = answer.read().decode()
        assert answer.status == 200 and answer.url == url, (url, answer.status, answer.url)
    assert f'<html lang="{language}"' in page and marker in page, (url, language, marker)


def _pa11y(url: str, cookie: str, language: str, folder: Path) -> list[dict]:
    config = {"chromeLaunchConfig": {"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]},
              "headers": {"Cookie": f"session={cookie}", "Accept-Language": language},
              "viewport": {"width": 390, "height": 844, "isMobile": True}, "runners": ["axe", "htmlcs"],
              "standard": "WCAG2AA", "timeout": 60000}
    path = folder / "config.json"
    path.write_text(json.dumps(config))
    run = subprocess.run(["npx", "--yes", "pa11y@9", "--config", str(path), "--reporter", "json", url],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    if run.returncode not in (0, 2):  # 2: issues were found
        raise SystemExit(f"pa11y did not run on {url}: {run.stderr[-2000:]}")
    return [issue for issue in json.loads(run.stdout or "[]") if issue["type"] == "error"]


def main() -> int:
    languages = sys.argv[1:] or list(LANGUAGES)
    folder = Path(tempfile.mkdtemp())
    app, code = demo_app("pa11y")
    _leader, staff_pages = _signed_in_pages(app, code)
    session_code = re.search(r"/present/(\w+)$", staff_pages["projector"]).group(1)
    results, _feedback = _shared_results(app)
    runs = errors = 0
    with serve(app) as base_url:
        for language in languages:
            phone = _young_person(app, code, language)
            # Each page with what only it shows: the choice of language, the intro's start, a question, the
            # button that sends, the shared results' levels, the session's slide.
            pages = {"welcome": (f"/j/{code}", "", 'name="lang"'),
                     "intro": (f"/j/{code}/intro", phone, f'href="/j/{code}/1"'),
                     "question": (f"/j/{code}/1", phone, 'name="q-'),
                     "last": (f"/j/{code}/finish", phone, f'action="/j/{code}/finish"'),
                     "results": (results, "", 'class="levels"'),
                     "session": (f"/s/{session_code}", _phone_in_session(app, session_code, language),
                                 'class="slide-number"')}
            for name, (path, cookie, marker) in pages.items():
                _is_the_page_meant(base_url + path, cookie, language, marker)
                found = _pa11y(base_url + path, cookie, language, folder)
                runs += 1
                errors += len(found)
                print(f"{language} {name:9} {len(found)} errors" + "".join(
                    f"\n    {e['code']}: {e['message'][:100]} {e['selector']}" for e in found))
    assert runs >= 6, "too few pages were checked to say anything"
    print(f"{runs} page × language runs, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
