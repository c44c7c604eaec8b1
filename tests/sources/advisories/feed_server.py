"""A feed server on 127.0.0.1 for download tests: fixtures, with failures on demand.

Routes serve bytes with an ETag; they can answer 500 a few times first, cut the body short
(the connection closes after half of what Content-Length promised), corrupt it, ignore Range
requests, or be computed from the query string (NVD API pages). Every request is recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Route:
    body: bytes
    etag: str | None = '"v1"'
    fail_first: int = 0  # answer 500 this many times first
    truncate_first: int = 0  # then cut this many responses in half
    corrupt: bool = False  # flip bytes in the middle (length unchanged)
    honour_range: bool = True
    status: int = 200
    served: int = 0


Dynamic = Callable[[dict[str, str]], Route]


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FeedServer:
    routes: dict[str, Route | Dynamic] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:
            return

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            server.seen.append(Seen(parts.path, query, dict(self.headers.items())))
            found = server.routes.get(parts.path)
            if found is None:
                self._reply(404, b"not found")
                return
            route = found if isinstance(found, Route) else found(query)
            route.served += 1
            if route.served <= route.fail_first:
                self._reply(500, b"try again")
                return
            if route.status != 200:
                self._reply(route.status, b"")
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._reply(304, b"", etag=route.etag)
                return
            body = route.body
            if route.corrupt:
                middle = len(body) // 2
                body = (
                    body[:middle]
                    + bytes(b ^ 0x5A for b in body[middle : middle + 64])
                    + body[middle + 64 :]
                )
            start = self._range_start(route)
            status = 206 if start else 200
            extra = {"Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}"} if start else {}
            payload = body[start:]
            cut = route.served - route.fail_first <= route.truncate_first
            self._reply(status, payload, etag=route.etag, cut=cut, **extra)

        def _range_start(self, route: Route) -> int:
            wanted = self.headers.get("Range", "")
            if not route.honour_range or not wanted.startswith("bytes="):
                return 0
            if_range = self.headers.get("If-Range")
            if if_range and if_range != route.etag:
                return 0
            return int(wanted[6:].split("-", 1)[0])

        def _reply(
            self,
            status: int,
            body: bytes,
            *,
            etag: str | None = None,
            cut: bool = False,
            **headers: str,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            if cut:
                self.send_header("Connection", "close")
            self.end_headers()
            if status == 304:
                return
            if cut:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """A client that drops a connection (a retry, a cut download) is expected here: the
    server must not print socketserver's traceback banner into the stderr a test reads."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Swallow the per-request error report."""


@contextmanager
def serve() -> Iterator[FeedServer]:
    """Run a feed server on 127.0.0.1 (a free port) for the duration of the block."""
    state = FeedServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
