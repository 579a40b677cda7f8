from flask import request, session
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager

from . import codes
from .csrf_masks import MaskedCSRFProtect

csrf = MaskedCSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
# Sign-in and wrong codes are limited; the counts live in MINA_SVAR_RATELIMIT_STORAGE (memory by
# default: per process, so use a shared store such as redis:// with several workers). The client's
# address is the connecting one, or the proxy's X-Forwarded-For with MINA_SVAR_PROXIES set.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _under_way() -> bool:
    """Whether the phone is answering (or in the joint analysis) under the code in the address: its own pages
    and taps are never refused because someone else at its address (a school's network) guessed codes. The
    signed cookie names the code, so this frees no other code for guessing."""
    code = (request.view_args or {}).get("code")
    if not isinstance(code, str):
        return False
    code = codes.normalise(code)
    return code in session.get("responses", {}) or code in session.get("participations", {})


# Join and session codes: wrong ones are counted per client, so that guessing a code costs far
# more than it can win (a 6-character code is one of 32**6, about a billion); right ones cost nothing.
wrong_codes = limiter.shared_limit("30 per minute; 300 per hour", scope="codes", exempt_when=_under_way,
                                   deduct_when=lambda response: response.status_code == 404)
