"""E-mail to leaders and coordinators (invitations, forgotten passwords) over SMTP, set up by environment.

With no mail server set up (MINA_SVAR_MAIL_SERVER), nothing is sent: the coordinator is shown the link to
pass on, and the sign-in page says to ask the coordinator.
"""

import smtplib
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_mailman import EmailMessage, Mail

mail = Mail()


@dataclass(frozen=True)
class Letter:
    to: str
    subject: str
    body: str


def init_app(app: Flask) -> None:
    mail.init_app(app)
    if app.config.get("MAIL_SERVER") and not app.config.get("BASE_URL"):
        raise RuntimeError("MINA_SVAR_MAIL_SERVER is set but MINA_SVAR_BASE_URL is not: the links in e-mails "
                           "are made from the site's own address (https://…), never from the request.")


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def address(endpoint: str, **values) -> str:
    """The full address of a page, for a letter or to pass on.

    Made from MINA_SVAR_BASE_URL when it is set, not from the request's Host header, which the sender
    chooses: a forgotten-password letter would otherwise carry a link to anyone's site.
    """
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)


def send(letter: Letter) -> bool:
    """Whether the mail server took the letter."""
    config = current_app.config
    try:
        with mail.get_connection(backend="smtp", host=config["MAIL_SERVER"], port=config["MAIL_PORT"],
                                 username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
                                 use_tls=config.get("MAIL_USE_TLS", False), use_ssl=config.get("MAIL_USE_SSL", False),
                                 timeout=config.get("MAIL_TIMEOUT", 10)) as connection:
            EmailMessage(letter.subject, letter.body, config.get("MAIL_DEFAULT_SENDER"), [letter.to],
                         connection=connection).send()
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception("The mail server did not take a letter to %s", letter.to)
        return False
    return True


def send_after(response, letter: Letter):
    """Send once the answer has gone (and its transaction is committed): the answer takes as long whether or
    not a letter goes, so its timing does not tell whether an address has an account."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def go() -> None:
        with app.app_context():
            send(letter)

    response.call_on_close(go)
    return response
