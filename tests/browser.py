"""Helpers for real-browser tests: the app served on a local port, and Chromium."""

import os
import shutil
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from .languages import sv

CHROMIUM = os.environ.get("MINA_SVAR_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


def fresh_app(folder):
    """An app on a new, migrated SQLite database in ``folder``, with Läget loaded."""
    from mina_svar import create_app, db, questionnaire

    from .conftest import COMPILED_TEMPLATES, TEST_CONFIG

    url = f"sqlite:///{folder}/browser.sqlite3"
    db.upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "POLL_SCALE": 0.25})
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    with app.app_context():
        questionnaire.load_file(db.session())
        db.session().commit()
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


@contextmanager
def chromium():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is needed for the browser tests and is not at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                  "--disable-gpu", "--no-first-run"],
        )
        try:
            yield browser
        finally:
            browser.close()


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
    """The PDF a click opens in the browser's viewer (fetched again with the same cookies to read it)."""
    with page.expect_response(lambda response: ".pdf?" in response.url) as caught:
        click()
    response = caught.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return page.context.request.get(response.url).body()
