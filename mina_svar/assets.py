"""Static files and pages sent small: versioned static URLs cached for a year, and compression.

Every ``url_for("static", ...)`` carries ``?v=`` with a hash of the file's content, so a browser may keep
the file for a year without asking again: a changed file has a new URL. A request with an old or no
version is answered as before, to be revalidated. Pages, styles and scripts are compressed (brotli or
gzip, as the browser accepts) by Flask-Compress, so the app is fast without a proxy in front.
"""

import hashlib
from pathlib import Path
from urllib.parse import quote

from flask import Flask, request
from flask_compress import Compress

YEAR = 365 * 24 * 3600
compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br"])  # static files are sent as a stream
    app.config.setdefault("COMPRESS_BR_LEVEL", 6)  # htmx 1 KB smaller than at the default 4, still fast
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript",
                                                 "application/javascript", "image/svg+xml"])
    compress.init_app(app)
    versions: dict[str, str | None] = {}

    def version(filename: str) -> str | None:
        if app.debug or filename not in versions:  # while developing, a changed file shows at once
            path = Path(app.static_folder) / filename
            versions[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None
        return versions[filename]

    # The icon travels inside every page: a request of its own would wait for a connection of its own on a
    # slow phone while the page is first drawn.
    icon = (Path(app.static_folder) / "favicon.svg").read_text(encoding="utf-8").strip()
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
        return response
