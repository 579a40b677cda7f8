"""Static files and pages sent small: versioned static URLs cached for a year, and compression.

Every ``url_for("static", ...)`` carries ``?v=`` with a hash of the file's content, so a browser may keep
the file for a year without asking again: a changed file has a new URL. A request with an old or no
version is answered as before, to be revalidated. Pages, styles and scripts are compressed (brotli or
gzip, as the browser accepts) by Flask-Compress, so the app is fast without a proxy in front.

A young person's phone that does not have this version of the stylesheet yet gets it inside the page,
and the answers' script fetches the file once the page is drawn; the file's response sets a cookie
saying which version the phone now keeps, and from then on pages link the file. On a slow network the
first page is then drawn without waiting for a second connection (the script takes the connection the
page came on), and every later page costs only its HTML. Staff, signed in, come back day after day:
their pages always link the file.
"""

import base64
import functools
import hashlib
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_compress import Compress
from flask_login import current_user
from markupsafe import Markup

YEAR = 365 * 24 * 3600
STYLESHEET = "mina-svar.css"
STYLESHEET_COOKIE = "stylesheet"  # holds only the version of the stylesheet: the same for every browser
compress = Compress()


class InlineStylesheet(NamedTuple):
    """The stylesheet as sent inside a page."""

    version: str | None
    text: Markup
    csp_source: str  # lets in exactly this text


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that a static file does not vary by the cookies.

    Flask says a response varies by the cookies whenever anything looked at the session, and Flask-Login
    looks after every request; a browser would then ask for a kept file again whenever a cookie changed
    (signing in, choosing a language, the stylesheet's cookie below).
    """

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if request.endpoint == "static":
            response.vary.discard("cookie")  # lower case: werkzeug 3 finds the name to remove only so


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])  # static files are sent as a stream
    app.config.setdefault("COMPRESS_BR_LEVEL", 6)  # htmx 1 KB smaller than at the default 4, still fast
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript",
                                                 "application/javascript", "image/svg+xml"])
    compress.init_app(app)
    app.session_interface = SessionInterface()
    versions: dict[str, str | None] = {}

    def version(filename: str) -> str | None:
        if app.debug or filename not in versions:  # while developing, a changed file shows at once
            path = Path(app.static_folder or "") / filename
            versions[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None
        return versions[filename]

    @functools.lru_cache(maxsize=1)
    def inline(current: str | None) -> InlineStylesheet:
        text = (Path(app.static_folder or "") / STYLESHEET).read_text(encoding="utf-8")
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        return InlineStylesheet(current, Markup(text), f"'sha256-{digest}'")

    def stylesheet() -> InlineStylesheet:
        return inline(version(STYLESHEET))

    app.extensions["mina_svar.stylesheet"] = stylesheet

    @app.context_processor
    def _stylesheet() -> dict:
        sheet = stylesheet()
        kept = current_user.is_authenticated or request.cookies.get(STYLESHEET_COOKIE) == sheet.version
        return {"inline_stylesheet": None if kept else sheet.text}

    # The icon travels inside every page: a request of its own would wait for a connection of its own on a
    # slow phone while the page is first drawn.
    icon = (Path(app.static_folder or "") / "favicon.svg").read_text(encoding="utf-8").strip()
    app.jinja_env.globals["favicon"] = "data:image/svg+xml," + quote(icon, safe=" /=:;,'")

    @app.url_defaults
    def _versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            found = version(values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def _cached(response):
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            if request.args.get("v") and request.args["v"] == version(filename):
                response.cache_control.public = True
                response.cache_control.max_age = YEAR
                response.cache_control.immutable = True
                response.cache_control.no_cache = None
                if filename == STYLESHEET and response.status_code == 200:
                    response.set_cookie(STYLESHEET_COOKIE, request.args["v"], max_age=YEAR, httponly=True,
                                        samesite="Lax", secure=app.config["SESSION_COOKIE_SECURE"])
        return response
