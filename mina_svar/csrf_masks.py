"""The CSRF token of a staff page, masked afresh wherever it appears (BREACH).

Pages are compressed. When a page holds a secret and also words an attacker chose (a leader's page shows
names, notes and texts others typed), the compressed size tells whether a guess shares letters with the
secret, and an attacker who can make the leader's browser ask for the page many times and watch its size
on the network can read the secret letter by letter (BREACH). So in a staff page the token never appears
twice the same: every occurrence is the token XORed with a new random pad, the pad in front, which does
not compress. :class:`MaskedCSRFProtect` takes the pad off before Flask-WTF checks the token; a token sent
unmasked (a page from before) is checked as it is.
"""

import base64
import binascii
import re
import secrets

from flask import Flask, current_app, g, request
from flask_wtf.csrf import CSRFProtect

PREFIX = "m."


def mask(token: str) -> str:
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    return PREFIX + base64.urlsafe_b64encode(pad + bytes(a ^ b for a, b in zip(pad, raw))).decode()


def unmask(sent: str | None) -> str | None:
    """The token a masked one carries (None if it carries none), or what was sent when it was not masked."""
    if not sent or not sent.startswith(PREFIX):
        return sent
    try:
        both = base64.urlsafe_b64decode(sent[len(PREFIX):].encode())
    except (ValueError, binascii.Error):
        return None
    half = len(both) // 2
    if not half or len(both) % 2:
        return None
    return bytes(a ^ b for a, b in zip(both[:half], both[half:])).decode(errors="replace")


class MaskedCSRFProtect(CSRFProtect):
    def _get_csrf_token(self):
        return unmask(super()._get_csrf_token())


def init_app(app: Flask, blueprints: frozenset[str]) -> None:
    """Mask the token in every HTML page of ``blueprints``; register after the compression, which then runs
    after this (Flask calls the last registered first)."""

    @app.after_request
    def _masked(response):
        token = g.get(current_app.config["WTF_CSRF_FIELD_NAME"])
        if (token and request.blueprint in blueprints and response.mimetype == "text/html"
                and not response.direct_passthrough):
            response.set_data(re.sub(re.escape(token.encode()), lambda _found: mask(token).encode(),
                                     response.get_data()))
        return response
