"""A fake mail server: a real SMTP server on loopback that Django's SMTP backend talks to.

It speaks the little SMTP that ``smtplib`` needs (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT), keeps every message it accepted, and refuses the recipients it is told to with
``550 5.1.1 mailbox unavailable``, as a company's mail server does for a mailbox that was
removed when someone left. A mail server that is down is a closed port
(``tests.fakes.fixtures.closed_port``).

In a test::

    with FakeSmtp(refuse={"anna@covalis.nl"}) as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
        ...
        assert smtp.recipients() == ["bram@covalis.nl"]
"""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: str


@dataclass
class _State:
    refuse: set[str]
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _address(argument: str) -> str:
    """``TO:<anna@covalis.nl> SIZE=12`` → ``anna@covalis.nl``."""
    value = argument.split(":", 1)[1].strip() if ":" in argument else argument
    value = value.split(">", 1)[0].lstrip("<")
    return value.strip().lower()


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        state: _State = self.server.state  # type: ignore[attr-defined]
        sender, recipients = "", []
        self._reply("220 fake-smtp ready")
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb, _, argument = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self._reply("250-fake-smtp")
                self._reply("250 8BITMIME")
            elif verb == "HELO":
                self._reply("250 fake-smtp")
            elif verb == "MAIL":
                sender, recipients = _address(argument), []
                self._reply("250 2.1.0 ok")
            elif verb == "RCPT":
                address = _address(argument)
                if address in state.refuse:
                    self._reply("550 5.1.1 mailbox unavailable")
                else:
                    recipients.append(address)
                    self._reply("250 2.1.5 ok")
            elif verb == "DATA":
                if not recipients:
                    self._reply("503 5.5.1 no valid recipients")
                    continue
                self._reply("354 end data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data_line = self.rfile.readline()
                    if not data_line or data_line in (b".\r\n", b".\n"):
                        break
                    lines.append(data_line.decode("utf-8", "replace"))
                with state.lock:
                    state.messages.append(Received(sender, list(recipients), "".join(lines)))
                recipients = []
                self._reply("250 2.0.0 queued")
            elif verb in ("RSET", "NOOP"):
                if verb == "RSET":
                    sender, recipients = "", []
                self._reply("250 2.0.0 ok")
            elif verb == "QUIT":
                self._reply("221 2.0.0 bye")
                return
            else:
                self._reply("502 5.5.2 command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeSmtp:
    """A fake SMTP server on a free loopback port; a context manager."""

    def __init__(self, *, refuse: set[str] | None = None):
        self.state = _State(refuse={address.lower() for address in refuse or set()})
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSmtp:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def messages(self) -> list[Received]:
        with self.state.lock:
            return list(self.state.messages)

    def recipients(self) -> list[str]:
        """Every accepted recipient, in the order the messages arrived."""
        return [address for message in self.messages for address in message.recipients]
