"""A real SMTP server for the tests (aiosmtpd on a local port): the app sends to it as to any mail server."""

import re
import socket
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+/sign-in/link/[A-Za-z0-9_-]+")


class Mailbox:
    def __init__(self) -> None:
        self.letters: list[EmailMessage] = []
        with socket.socket() as probe:  # a free port (aiosmtpd cannot listen on port 0)
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.letters.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def settings(self, base_url: str = "http://localhost") -> dict:
        """The app's configuration to send here."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_USE_TLS": False, "MAIL_USE_SSL": False,
                "MAIL_DEFAULT_SENDER": "Mina Svar <no-reply@example.org>", "BASE_URL": base_url}

    def to(self, address: str) -> list[EmailMessage]:
        return [letter for letter in self.letters if letter["To"] == address]

    def wait_for(self, address: str, count: int = 1, seconds: float = 5.0) -> EmailMessage:
        """The ``count``-th letter to ``address``, once it has arrived."""
        deadline = time.monotonic() + seconds
        while len(self.to(address)) < count:
            assert time.monotonic() < deadline, f"no letter number {count} to {address} in {seconds} s"
            time.sleep(0.02)
        return self.to(address)[count - 1]


def link_in(letter: EmailMessage) -> str:
    found = LINK.findall(letter.get_body(("plain",)).get_content())
    assert len(found) == 1, found
    return found[0]
