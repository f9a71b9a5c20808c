"""A real loopback HTTP server that plays the public services for tests.

Use it in-process::

    with FakeServer(make_dataset(10, 12, date(2025, 3, 3))) as server:
        client = HubClient(server.url)

or as a process for end-to-end tests::

    python -m tests.fakes.server --port 0 --days 10 --per-day 12 --start 2025-03-03 --state-file PATH

which prints ``URL http://127.0.0.1:PORT`` as its first stdout line and serves until SIGTERM.

Routing: ``FakeServer.handlers`` is a public, ordered list of callables
``(FakeRequest) -> FakeResponse | None``; the first non-None answer wins, and
no answer gives a JSON 404. The Hugging Face handler (:mod:`tests.fakes.hub_routes`)
is first; other route modules append theirs (``server.handlers.append(...)``),
e.g. ``tests/fakes/scholar_routes.py``'s ``install(server)``.

Faults: route modules return ordinary :class:`FakeResponse` objects; the helpers
below build the special ones. :func:`hang` and :func:`cut` are transport-level
faults the server acts out (via the :data:`FAULT_HEADER` marker, never sent).
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.fakes import hub_routes
from tests.fakes.base import FakeRequest, FakeResponse
from tests.fakes.hub_routes import HubState, make_dataset, take_fault

Handler = Callable[[FakeRequest], FakeResponse | None]
FAULT_HEADER = "X-Fake-Fault"
"""Response header naming a transport fault (``hang`` / ``cut``); stripped before sending."""


# --------------------------------------------------------------------------- fault helpers


def rate_limited(t: float, *, remaining: int = 0, retry_after: float | None = None) -> FakeResponse:
    """HTTP 429 with the Hub's ``RateLimit: "api";r=<remaining>;t=<t>`` header."""
    headers = {
        "RateLimit": f'"api";r={remaining};t={t:g}',
        "RateLimit-Policy": '"fixed window";"api";q=500;w=300',
    }
    if retry_after is not None:
        headers["Retry-After"] = f"{retry_after:g}"
    return FakeResponse.json({"error": "Too Many Requests"}, status=429, headers=headers)


def server_error(status: int = 500) -> FakeResponse:
    return FakeResponse.json({"error": "Internal Error"}, status=status)


def malformed_json() -> FakeResponse:
    """A 200 whose JSON body is cut off."""
    return FakeResponse(200, b'[{"paper": {"id": "2503.0', {"Content-Type": "application/json"})


def slow(response: FakeResponse, delay: float) -> FakeResponse:
    """*response*, answered after *delay* seconds."""
    return FakeResponse(response.status, response.body, dict(response.headers), delay)


def hang() -> FakeResponse:
    """Accept the request and never answer (until the server stops)."""
    return FakeResponse(200, b"", {FAULT_HEADER: "hang"})


def cut(body: bytes = b'[{"paper": {"id": "2503.01', missing: int = 4096) -> FakeResponse:
    """Announce ``len(body) + missing`` bytes, send *body*, then close the connection."""
    return FakeResponse(200, body, {FAULT_HEADER: f"cut:{missing}", "Content-Type": "application/json"})


# --------------------------------------------------------------------------- server


class FakeServer:
    """A threaded HTTP server on 127.0.0.1 serving :attr:`hub` plus any extra routes.

    Attributes:
        hub: The Hugging Face state (replaceable at any time).
        handlers: Ordered route handlers; append to add services.
        requests: Every request received, in order.
        faults: Path prefix -> responses served before any handler (any route).
        delay: Seconds every answer waits (on top of a response's own ``delay``).
        errors: Tracebacks of handlers that raised (answered as 500).
    """

    def __init__(
        self, hub: HubState | None = None, *, port: int = 0, host: str = "127.0.0.1", delay: float = 0.0
    ) -> None:
        self.hub = hub if hub is not None else HubState()
        self.handlers: list[Handler] = [self._hub_route]
        self.requests: list[FakeRequest] = []
        self.faults: dict[str, list[FakeResponse]] = {}
        self.delay = delay
        self.errors: list[str] = []
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (the real port once started)."""
        port = self._httpd.server_address[1] if self._httpd else self._port
        return f"http://{self._host}:{port}"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1]) if self._httpd else self._port

    def fail(self, prefix: str, *responses: FakeResponse) -> None:
        """Queue *responses* for the next requests whose path starts with *prefix*."""
        with self._lock:
            self.faults.setdefault(prefix, []).extend(responses)

    def start(self) -> Self:
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._httpd = _HTTPServer((self._host, self._port), _RequestHandler, self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"FakeServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release hung requests and close open connections."""
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests_to(self, path: str) -> list[FakeRequest]:
        """The logged requests whose path is exactly *path*."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _hub_route(self, request: FakeRequest) -> FakeResponse | None:
        return hub_routes.handle(request, self.hub)

    def _dispatch(self, request: FakeRequest) -> FakeResponse:
        with self._lock:
            self.requests.append(request)
            fault = take_fault(self.faults, request.path)
            if fault is not None:
                return fault
            try:
                for handler in list(self.handlers):
                    response = handler(request)
                    if response is not None:
                        return response
            except Exception:  # noqa: BLE001 - a broken route must fail the test, not hang it
                self.errors.append(traceback.format_exc())
                return FakeResponse.json({"error": "fake route raised"}, status=500)
        return FakeResponse.json({"error": f"no fake route for {request.path}"}, status=404)

    def _answer(self, handler: _RequestHandler) -> None:
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        request = FakeRequest(
            path=unquote(split.path),
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={key.lower(): value for key, value in handler.headers.items()},
            method=handler.command,
            body=handler.rfile.read(length) if length > 0 else b"",
        )
        response = self._dispatch(request)
        fault = response.headers.get(FAULT_HEADER, "")
        delay = max(self.delay, response.delay)
        if (delay > 0 and self._stopping.wait(delay)) or fault == "hang":
            self._stopping.wait()
            handler.close_connection = True
            return
        missing = int(fault.partition(":")[2] or 0) if fault.startswith("cut") else 0
        handler.send_response(response.status)
        for key, value in response.headers.items():
            if key != FAULT_HEADER:
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(response.body) + missing))
        if missing:
            handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(response.body)
        handler.wfile.flush()
        if missing:
            handler.close_connection = True

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], fake: FakeServer
    ) -> None:
        self.fake = fake
        super().__init__(address, handler)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle plus
        # delayed ACKs add ~40 ms to every keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.fake._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.fake._track(self.connection, False)

    def do_GET(self) -> None:  # http.server's naming
        try:
            self.server.fake._answer(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (timeout test); nothing to tell it

    do_POST = do_PATCH = do_DELETE = do_GET  # writes (collections) route the same way

    def log_message(self, format: str, *args: Any) -> None:  # signature from the base class
        pass  # keep test output clean; the request log is FakeServer.requests


# --------------------------------------------------------------------------- process mode


def _install_extras(server: FakeServer) -> None:
    """Let other route modules (Semantic Scholar / arXiv) register, when present."""
    from tests.fakes import fulltext_routes  # arXiv HTML, HF Markdown, S2 graph (issue 12)

    fulltext_routes.install(server)
    from tests.fakes import pdf_routes

    pdf_routes.install(server)
    from tests.fakes import collections_routes  # Hugging Face collections, whoami-v2 (issue 15)

    collections_routes.install(server)
    try:
        from tests.fakes import scholar_routes
    except ModuleNotFoundError as error:
        if error.name != "tests.fakes.scholar_routes":
            raise
        return
    install = getattr(scholar_routes, "install", None)
    if callable(install):
        install(server)


def _load_state(args: argparse.Namespace) -> HubState:
    path: Path | None = args.state_file
    if path is not None and path.is_file() and path.stat().st_size > 0:
        return HubState.from_json(json.loads(path.read_text(encoding="utf-8")))
    state = make_dataset(args.days, args.per_day, args.start, seed=args.seed)
    if path is not None:
        partial = path.with_name(path.name + ".tmp")
        partial.write_text(json.dumps(state.to_json(), ensure_ascii=False), encoding="utf-8")
        partial.replace(path)  # atomic, so a reader never sees half a file
    return state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.server", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--per-day", type=int, default=12)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 3, 3))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds every answer waits")
    parser.add_argument(
        "--state-file",
        type=Path,
        default=None,
        help="JSON HubState: loaded if the file exists, else the generated dataset is written there",
    )
    args = parser.parse_args(argv)
    server = FakeServer(_load_state(args), port=args.port, host=args.host, delay=args.delay)
    _install_extras(server)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    print(f"URL {server.url}", flush=True)
    while not stop.wait(0.5):
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
