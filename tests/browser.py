"""Helpers for real-browser tests: the app served on a local port, and Chromium."""

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from .languages import sv

CHROMIUM = os.environ.get("MINA_SVAR_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


_TEMPLATE: list[Path] = []


def _template_database(folder: Path) -> Path:
    """A migrated SQLite database with Läget loaded, made once per test process: each browser test's database
    starts as a copy (migrating and loading took a second a module)."""
    from mina_svar import create_app, db, questionnaire

    from .conftest import TEST_CONFIG

    if not _TEMPLATE:
        path = folder / "template.sqlite3"
        db.upgrade(f"sqlite:///{path}")
        app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}"})
        with app.app_context():
            questionnaire.load_file(db.session())
            db.session().commit()
        db.dispose(app)
        assert not path.with_name(path.name + "-wal").exists()  # every page in the file itself
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


def fresh_app(folder):
    """An app on a new, migrated SQLite database in ``folder``, with Läget loaded."""
    from mina_svar import create_app

    from .conftest import COMPILED_TEMPLATES, TEST_CONFIG

    path = Path(folder) / "browser.sqlite3"
    shutil.copyfile(_template_database(Path(folder)), path)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{path}", "POLL_SCALE": 0.25})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


@contextmanager
def serve(app):
    """Serve ``app`` on a free local port in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


_BROWSER: list = []


@contextmanager
def chromium():
    """Chromium, started once per test process and shared by the modules' tests (starting it took half a
    second a module); each user of it closes the contexts it opened."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is needed for the browser tests and is not at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if not _BROWSER:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _BROWSER.extend([playwright, playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                  "--disable-gpu", "--no-first-run"],
        )])
    browser = _BROWSER[1]
    try:
        yield browser
    finally:
        for context in browser.contexts:
            context.close()


def close_chromium() -> None:
    """At the end of the test process (conftest's pytest_sessionfinish)."""
    if _BROWSER:
        playwright, browser = _BROWSER
        browser.close()
        playwright.stop()
        _BROWSER.clear()


@contextmanager
def served_with_mail(app):
    """``app`` served, a browser, and a real SMTP server its letters go to: yields (base URL, browser, mailbox)."""
    from .mailbox import Mailbox

    mailbox = Mailbox()
    mailbox.start()
    try:
        with serve(app) as base_url, chromium() as browser:
            app.config.update(mailbox.settings(base_url))
            yield base_url, browser, mailbox
    finally:
        mailbox.stop()


@contextmanager
def staff_site(folder):
    """The world of tests/staff.make_world served on a new database in ``folder``, and a browser:
    yields (base URL, browser)."""
    from .staff import make_world

    app = fresh_app(folder)
    make_world(app)
    with serve(app) as base_url, chromium() as browser:
        yield base_url, browser


@contextmanager
def demo_site(folder):
    """The demo data (an open Läget) served on a new database in ``folder``, and a browser:
    yields (base URL, join code, browser)."""
    from mina_svar import db, demo

    app = fresh_app(folder)
    with app.app_context():
        code = demo.create(db.session(), half_way_cycle=False).code
    with serve(app) as base_url, chromium() as browser:
        yield base_url, code, browser


def no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def signed_in(browser, base_url, email="a@example.org", viewport=PHONE):
    """A new Swedish-speaking browser page signed in as a staff member of tests/staff.make_world."""
    page = browser.new_context(viewport=viewport, locale="sv-SE").new_page()
    page.goto(base_url + "/sign-in")
    page.get_by_label(sv("Email")).fill(email)
    page.get_by_label(sv("Password")).fill("a-long-test-password")
    page.get_by_role("button", name=sv("Sign in")).click()
    return page


def fetched_pdf(page, click) -> bytes:
    """The PDF a click opens: the browser's request is answered by the server and checked to be a PDF; the
    browser is shown a plain page in its place rather than loading its PDF viewer (which asks for the file
    twice more), and goes back from it as from the viewer."""
    fetched = []

    def answer(route):
        response = route.fetch()
        fetched.append((route.request.url, response.status, response.headers.get("content-type"), response.body()))
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>PDF</title>")

    def is_pdf(url: str) -> bool:
        return ".pdf?" in url

    page.route(is_pdf, answer)
    try:
        with page.expect_response(lambda response: is_pdf(response.url)):
            click()
    finally:
        page.unroute(is_pdf, answer)
    (url, status, content_type, body), = fetched
    assert status == 200 and content_type == "application/pdf", (url, status, content_type)
    return body
