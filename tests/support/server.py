"""A loopback HTTP stand-in for the metadata APIs: a handler function answers, a fault queue overrides.

Tests and benchmarks build one with a handler (recorded cassettes, or an OpenAlex-shaped corpus), read
`requests` to count what the client asked, and push faults (429 with Retry-After, 500, invalid JSON,
a dropped connection, a body cut short, a slow answer) to be served before the handler's real answers.
"""
from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict/list → JSON; bytes/str sent as is
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering
    delay: float = 0.0
    cut_at: int | None = None  # announce the whole body, send only this many bytes, then close
    trickle: float = 0.0  # send the body one byte at a time, this many seconds apart
    slow_headers: float = 0.0  # send each header line this many seconds apart

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


Handler = Callable[[Request], Answer]


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (graphx cutting a deadline, a test's cut) is not the stand-in's
    error: socketserver would print its traceback to stderr, where a CLI test captures it as graphx's."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class StandIn:
    """Serve `handler` on 127.0.0.1:<free port> in a thread; use as a context manager."""

    def __init__(self, handler: Handler, latency: float = 0.0):
        self.handler = handler
        self.latency = latency
        self.requests: list[Request] = []
        self.faults: list[tuple[Callable[[Request], bool], Answer]] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._make_handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fail_next(self, answer: Answer, times: int = 1, when: Callable[[Request], bool] = lambda r: True) -> None:
        """Serve `answer` instead of the real one for the next `times` requests matching `when`."""
        with self._lock:
            self.faults.extend([(when, answer)] * times)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            for index, (when, answer) in enumerate(self.faults):
                if when(request):
                    del self.faults[index]
                    return answer
        return self.handler(request)

    def _make_handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle's algorithm on, the body waits for the
            # client's delayed ACK of the headers (~40 ms on Linux) — a stand-in artefact no real API has.
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:
                pass

            def _serve(self, method: str) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(method, url.path, dict(parse_qsl(url.query, keep_blank_values=True)), body,
                                  {k.lower(): v for k, v in self.headers.items()})
                answer = stand_in._answer(request)
                if stand_in.latency or answer.delay:
                    time.sleep(stand_in.latency + answer.delay)
                if answer.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                payload = answer.payload()
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json", **answer.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                if answer.slow_headers:
                    try:
                        for line in self._headers_buffer:
                            self.wfile.write(line)
                            self.wfile.flush()
                            time.sleep(answer.slow_headers)
                        self._headers_buffer = []
                    except OSError:
                        return
                self.end_headers()
                if answer.trickle:
                    try:
                        for index in range(len(payload)):
                            self.wfile.write(payload[index:index + 1])
                            self.wfile.flush()
                            time.sleep(answer.trickle)
                    except OSError:  # the client gave up: what a trickling server meets
                        self.close_connection = True
                    return
                if answer.cut_at is not None:
                    self.wfile.write(payload[:answer.cut_at])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(payload)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        return Handler
