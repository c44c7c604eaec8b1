"""Local servers on 127.0.0.1 that notifications are sent to in tests: SMTP and a webhook."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class Hook:
    """What the webhook received; ``fail_next`` answers that many requests with HTTP 500."""

    url: str = ""
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def bodies(self) -> list[bytes]:
        """The bodies of the requests answered with success."""
        return [body for headers, body in self.requests if headers.get("x-test-status") == "200"]


@contextmanager
def webhook_server() -> Iterator[Hook]:
    """A webhook on 127.0.0.1 that records every POST (and fails on request)."""
    hook = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with hook.lock:
                code = 500 if hook.fail_next > 0 else 200
                hook.fail_next = max(0, hook.fail_next - 1)
                headers = {k.lower(): v for k, v in self.headers.items()}
                headers["x-test-status"] = str(code)
                hook.requests.append((headers, body))
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


class _Inbox:
    """aiosmtpd handler keeping each message."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(content)))
        return "250 OK"


def _free_port() -> int:
    """A port free on 127.0.0.1 just now (aiosmtpd's controller cannot take port 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[tuple[list[str], Message]]]]:
    """An SMTP server on 127.0.0.1: its port and the messages it received."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox.messages
    finally:
        controller.stop()
