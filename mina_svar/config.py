"""Configuration read from the environment, with safe defaults for development."""

import os
import secrets
from pathlib import Path

LANGUAGES = {
    # code: (name in its own language, text direction)
    "sv": ("Svenska", "ltr"),
    "en": ("English", "ltr"),
    "ar": ("العربية", "rtl"),
    "nb": ("Norsk bokmål", "ltr"),
    "da": ("Dansk", "ltr"),
    "so": ("Soomaali", "ltr"),
    "fa": ("فارسی", "rtl"),
    "ti": ("ትግርኛ", "ltr"),
}
DEFAULT_LANGUAGE = "sv"
# No figure for fewer young people than this (MINA_SVAR_MIN_RESPONDENTS).
DEFAULT_MIN_RESPONDENTS = 5


def load(instance_path: str, development: bool) -> dict:
    """Settings from ``MINA_SVAR_*`` variables and ``SECRET_KEY``.

    Outside development a missing ``SECRET_KEY`` is an error: sessions hold
    each respondent's link to their answers, so the key must be stable and
    secret. In development a key is generated once and kept in ``instance/``.
    """
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("MINA_SVAR_DATABASE_URL") or (
        "sqlite:///" + os.path.join(instance_path, "mina_svar.sqlite3")
    )
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if not development:
            raise RuntimeError(
                "SECRET_KEY is not set. Set it to a long random value, "
                "or run in development with `flask --debug`."
            )
        secret_key = _development_secret(instance_path)
    return {
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        "MIN_RESPONDENTS": int(os.environ.get("MINA_SVAR_MIN_RESPONDENTS", DEFAULT_MIN_RESPONDENTS)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("MINA_SVAR_SECURE_COOKIES", "0") == "1",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 60,
        # The cookie lasts 60 days from joining; re-signing it on every tap would cost each save.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": None,
        # Refused with 413 before it is read: our largest form is a page of open answers.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "MAX_FORM_PARTS": 200,
        "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
        # Sign-in attempts are counted here; use e.g. redis:// with several servers.
        "RATELIMIT_STORAGE_URI": os.environ.get("MINA_SVAR_RATELIMIT_STORAGE", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # A leader's or coordinator's sign-in ends after this long unused, and after this long at most.
        "STAFF_IDLE_SECONDS": 60 * int(os.environ.get("MINA_SVAR_STAFF_IDLE_MINUTES", "120")),
        "STAFF_LIFETIME_SECONDS": 3600 * int(os.environ.get("MINA_SVAR_STAFF_LIFETIME_HOURS", "12")),
        # How many reverse proxies stand in front and set X-Forwarded-For (0: none, trust no header).
        "PROXIES": int(os.environ.get("MINA_SVAR_PROXIES", "0")),
        # How often the live pages ask for news (the joint analysis every 2 s, a Läget's count every 3 s), and the
        # pauses before a phone tries a refused answer again (1 s, doubling up to 30 s), times this.
        "POLL_SCALE": 1.0,
        # The site's own address (https://…), for the links in e-mails; needed when mail is set up.
        "BASE_URL": os.environ.get("MINA_SVAR_BASE_URL"),
        **_mail(),
    }


def _mail() -> dict:
    """Flask-Mailman's settings from MINA_SVAR_MAIL_*; with no server, no mail is sent (mailing.py)."""
    security = os.environ.get("MINA_SVAR_MAIL_SECURITY", "starttls")
    if security not in ("starttls", "ssl", "none"):
        raise RuntimeError("MINA_SVAR_MAIL_SECURITY is one of starttls, ssl or none.")
    return {
        "MAIL_SERVER": os.environ.get("MINA_SVAR_MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MINA_SVAR_MAIL_PORT", "465" if security == "ssl" else "587")),
        "MAIL_USERNAME": os.environ.get("MINA_SVAR_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MINA_SVAR_MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": security == "starttls",
        "MAIL_USE_SSL": security == "ssl",
        "MAIL_DEFAULT_SENDER": os.environ.get("MINA_SVAR_MAIL_FROM", "Mina Svar <no-reply@localhost>"),
        "MAIL_TIMEOUT": 10,
    }


def _development_secret(instance_path: str) -> str:
    path = Path(instance_path) / "development-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()
