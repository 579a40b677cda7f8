"""PDFs for meetings: the app's own print templates laid out by WeasyPrint.

Stylesheets, fonts and images come from the app itself (Flask-WeasyPrint
hands their URLs to the app without a network); any other URL is refused,
so a PDF never depends on what another server or machine has.
"""

import re
from dataclasses import dataclass

from flask import render_template, request
from flask_babel import force_locale

from .config import LANGUAGES


class Unavailable(Exception):
    """WeasyPrint cannot run here (it needs the Pango library)."""


@dataclass(frozen=True)
class Running:
    """What every page carries: a header line, and a page label such as "Page {page} of {pages}"."""

    header: str
    page_label: str


# Direction embeddings, overrides and isolates: a running header cannot isolate a group's name
# or a title the way <bdi> does in the page, so someone's U+202E would turn the whole line round.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string, without direction controls."""
    escaped = BIDI_CONTROLS.sub("", value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\r\n\f]+", " ", escaped) + '"'


def page_css(running: Running) -> str:
    """The @page rules that put the header and the page numbers on every page."""
    parts = re.split(r"(\{page\}|\{pages\})", running.page_label)
    footer = " ".join(
        "counter(page)" if part == "{page}" else "counter(pages)" if part == "{pages}" else css_string(part)
        for part in parts if part
    )
    return (f"@page {{ @top-center {{ content: {css_string(running.header)}; }}"
            f" @bottom-center {{ content: {footer}; }} }}")


def render(template: str, language: str, **context) -> str:
    """A print template as HTML in ``language``, whatever the reader's own language is."""
    with force_locale(language):
        return render_template(template, language=language, direction=LANGUAGES[language][1], **context)


def pdf(html: str, running: Running) -> bytes:
    """Lay out ``html`` (rendered in a request) as an A4 PDF."""
    try:
        from flask_weasyprint import make_url_fetcher
        from weasyprint import CSS, HTML
    except OSError as error:  # WeasyPrint loads Pango when imported
        raise Unavailable(str(error)) from error
    fetcher = make_url_fetcher(next_fetcher=False)
    document = HTML(string=html, base_url=request.url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(string=page_css(running), url_fetcher=fetcher)])

