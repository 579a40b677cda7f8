"""How long a leader's or coordinator's sign-in lasts: an idle timeout and an absolute lifetime.

Signing out ends every copy of the session on the server (accounts.end_sessions);
these limits end a copy nobody signed out of, such as one left on a shared computer.
"""

import time

from flask import current_app, request, session
from flask_login import current_user, logout_user

from . import bp

SINCE, SEEN = "staff_since", "staff_seen"
# A tap a minute apart is one visit: the cookie is not signed again for every request.
SEEN_EVERY = 60


def begin() -> None:
    """Called when someone signs in."""
    now = int(time.time())
    session[SINCE] = session[SEEN] = now


def expired(since: int | None, seen: int | None, now: int, idle: int, lifetime: int) -> bool:
    """Whether a sign-in begun at ``since`` and last used at ``seen`` (seconds) is over at ``now``."""
    if since is None or seen is None:
        return True
    return now - seen > idle or now - since > lifetime


@bp.before_app_request
def _end_expired_sign_in() -> None:
    # A static file needs no sign-in, nor the query that loads the user.
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    now = int(time.time())
    if expired(session.get(SINCE), session.get(SEEN), now, current_app.config["STAFF_IDLE_SECONDS"],
               current_app.config["STAFF_LIFETIME_SECONDS"]):
        logout_user()
        session.pop(SINCE, None)
        session.pop(SEEN, None)
    elif now - session[SEEN] >= SEEN_EVERY:
        session[SEEN] = now
