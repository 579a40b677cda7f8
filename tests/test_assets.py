"""Pages and files sent small: compressed by the app, static files cached for a year, htmx only where used,
the stylesheet inside the page until the browser keeps the file."""

import base64
import gzip
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

import brotli
import pytest

from mina_svar import db, demo

from .conftest import csrf_token


@pytest.fixture
def code(app):
    with app.app_context():
        return demo.create(db.session(), half_way_cycle=False).code


def _question_page(client, code):
    sent = client.post(f"/j/{code}/start", data={"csrf_token": csrf_token(client.get(f"/j/{code}").text), "lang": "sv"})
    assert sent.status_code < 400
    return client.get(f"/j/{code}/1")


def test_pages_styles_and_scripts_are_compressed_as_the_browser_accepts(client, code):
    plain = _question_page(client, code)
    assert "Content-Encoding" not in plain.headers  # a client that asks for nothing gets the page as it is
    for accepted, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        page = client.get(f"/j/{code}/1", headers={"Accept-Encoding": accepted})
        assert page.headers["Content-Encoding"] == accepted and "Accept-Encoding" in page.headers["Vary"]
        assert len(page.data) < len(plain.data) / 3
        assert decode(page.data).decode().count('name="q-') == plain.text.count('name="q-')
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js)\?v=\w+)"', plain.text):
        sent = client.get(asset, headers={"Accept-Encoding": "br"})
        assert sent.headers["Content-Encoding"] == "br" and brotli.decompress(sent.data)


def test_static_files_have_versioned_urls_cached_for_a_year(client, code):
    page = _question_page(client, code).text
    assets = re.findall(r'(?:href|src)="(/static/[^"?]+)\?v=(\w{12})"', page)
    assert {path.rsplit("/", 1)[1] for path, _v in assets} >= {"mina-svar.css", "answers.js"}
    for path, version in assets:
        kept = client.get(f"{path}?v={version}")
        assert kept.status_code == 200
        assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # Kept whatever the cookies: a browser asks again for a file that varies by them when one changes.
        assert "cookie" not in kept.headers["Vary"].lower()
        # A URL with another version (an old page asking for a file that has since changed) is asked again.
        for stale in (f"{path}?v=000000000000", path):
            assert "immutable" not in client.get(stale).headers.get("Cache-Control", "")


def test_htmx_is_loaded_only_by_the_pages_that_use_it(app, client, code, leader, world):
    def loads_htmx(page):
        return "/static/vendor/htmx/" in page
    welcome = client.get(f"/j/{code}").text
    assert not loads_htmx(welcome) and not loads_htmx(client.get("/").text)
    question = _question_page(client, code).text  # answers are sent by its own small script
    assert not loads_htmx(question) and "/static/answers.js" in question
    assert not loads_htmx(client.get(f"/j/{code}/intro").text)
    assert not loads_htmx(leader.get("/lead/").text)
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/first_meeting").text
    assert loads_htmx(step) and "hx-post=" in step


def test_every_page_with_htmx_attributes_says_it_uses_htmx():
    for template in (Path(__file__).resolve().parent.parent / "templates").rglob("*.html"):
        text = template.read_text()
        if '{% extends "base.html" %}' in text and re.search(r"\bhx-(get|post|trigger)=", text):
            assert "{% set uses_htmx = true %}" in text, template


def test_the_icon_comes_inside_the_page_and_costs_no_request_of_its_own(client, code):
    icon = re.search(r'<link rel="icon" href="([^"]+)"', _question_page(client, code).text).group(1)
    assert icon.startswith("data:image/svg+xml,%3Csvg") and "/static/" not in icon
    shipped = Path(client.application.static_folder) / "favicon.svg"
    assert unquote(icon.split(",", 1)[1]) == shipped.read_text(encoding="utf-8").strip()


@pytest.fixture
def new_browser(client):
    """A browser that has never fetched the stylesheet."""
    client.delete_cookie("stylesheet")
    return client


def _inline_style(page: str) -> str | None:
    found = re.search(r"<style>(.*?)</style>", page, re.S)
    return found and found.group(1)


def test_a_browser_without_the_stylesheet_gets_it_inside_the_page_until_it_keeps_the_file(new_browser, code):
    client = new_browser
    first = _question_page(client, code)
    shipped = (Path(client.application.static_folder) / "mina-svar.css").read_text(encoding="utf-8")
    assert _inline_style(first.text) == shipped and 'rel="stylesheet"' not in first.text
    # The strict policy lets in exactly that text, and no other inline style.
    digest = base64.b64encode(hashlib.sha256(shipped.encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}';" in first.headers["Content-Security-Policy"]
    # The page names the file for its script to fetch once the page is drawn; the file's answer says that the
    # browser now keeps this version.
    file = re.search(r'<html [^>]*data-stylesheet="(/static/mina-svar\.css\?v=\w{12})"', first.text).group(1)
    assert client.get_cookie("stylesheet") is None
    kept = client.get(file)
    cookie = client.get_cookie("stylesheet")
    assert kept.status_code == 200 and cookie.value == file.rsplit("=", 1)[1] and cookie.http_only
    assert cookie.expires is not None
    later = client.get(f"/j/{code}/2").text
    assert _inline_style(later) is None and "data-stylesheet" not in later
    assert f'<link rel="stylesheet" href="{file}">' in later
    linked = len(client.get(f"/j/{code}/1", headers={"Accept-Encoding": "gzip"}).data)
    client.set_cookie("stylesheet", "000000000000")  # a version the browser kept before the file changed
    assert _inline_style(client.get(f"/j/{code}/1").text) == shipped
    # The stylesheet (3 KB compressed) travels in the page again.
    assert len(client.get(f"/j/{code}/1", headers={"Accept-Encoding": "gzip"}).data) > linked + 2000


def test_only_the_current_stylesheet_sets_the_cookie(new_browser, code):
    client = new_browser
    page = _question_page(client, code).text
    file = re.search(r'data-stylesheet="([^"]+)"', page).group(1)
    for other in (file.split("?")[0], file.split("?")[0] + "?v=000000000000", "/static/answers.js"):
        assert client.get(other).status_code == 200 and client.get_cookie("stylesheet") is None
    assert _inline_style(client.get(f"/j/{code}/1").text)


def test_every_page_has_the_stylesheet_one_way_or_the_other_and_staff_pages_link_it(new_browser, leader, code):
    leader.delete_cookie("stylesheet")
    for visitor, path, inside in ((new_browser, f"/j/{code}", True), (new_browser, "/sign-in", True),
                                  (new_browser, "/no-such-page", True), (leader, "/lead/", False),
                                  (leader, f"/j/{code}", False)):
        page = visitor.get(path).text
        assert bool(_inline_style(page)) is inside and ('<link rel="stylesheet"' in page) is not inside, path
