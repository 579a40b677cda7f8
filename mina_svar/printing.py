"""PDFs for meetings: the app's own print templates laid out by WeasyPrint.

Stylesheets, fonts and images come from the app itself (Flask-WeasyPrint
hands their URLs to the app without a network); any other URL is refused,
so a PDF never depends on what another server or machine has.
"""

import io
import re
from dataclasses import dataclass

from flask import abort, render_template, request, send_file
from flask_babel import force_locale
from flask_babel import gettext as _

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



def asked_language() -> str:
    """The language a PDF is asked in (``?lang=``), or the page's own; anything else is a 400."""
    from . import i18n

    language = request.args.get("lang") or i18n.current_language()
    if language not in LANGUAGES:
        abort(400)
    return language


def send(template: str, language: str, filename: str, header: str, **context):
    """Render ``template`` in ``language`` and send it as a PDF to open or print, ``header`` on every page."""
    from .errors import render_error

    with force_locale(language):
        running = Running(header, _("Page %(page)s of %(pages)s", page="{page}", pages="{pages}"))
    html = render(template, language, **context)
    try:
        body = pdf(html, running)
    except Unavailable:
        return render_error(503, _("PDFs cannot be made on this server: it lacks the Pango library "
                                   "that WeasyPrint needs. Ask whoever runs it to install it."))
    return send_file(io.BytesIO(body), mimetype="application/pdf", download_name=f"{filename}-{language}.pdf")
