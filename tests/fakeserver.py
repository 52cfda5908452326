"""What the fake servers (``tests.fake_github``, ``tests.fake_jira``) have in common: an HTTP
server on 127.0.0.1 at a free port in a daemon thread, a log of the requests served, and
faults scheduled "on the Nth matching request, N times".

A fake subclasses ``FakeServer`` and ``Handler``; its handler turns a request into a
``Response`` (anything with a status, a body and headers) under the fake's lock, and its
``ScheduledFault`` says which requests count towards it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Protocol, Self


class Response(Protocol):
    @property
    def status(self) -> int: ...

    @property
    def body(self) -> bytes: ...

    @property
    def headers(self) -> dict[str, str]: ...


@dataclass(slots=True)
class ScheduledFault[FaultT]:
    """``fault`` on the ``countdown``-th matching request from now, then on the next
    ``times - 1`` matching ones (``times=None``: every one until cleared). A fake's subclass
    adds what a request must match and says how in ``matches``."""

    fault: FaultT
    countdown: int
    times: int | None

    def matches(self, key: Any) -> bool:
        raise NotImplementedError

    def fire(self) -> bool:
        """Count one matching request; True when the fault applies to it."""
        self.countdown -= 1
        if self.countdown > 0:
            return False
        self.countdown = 1
        if self.times is not None:
            self.times -= 1
        return True

    def postpone(self) -> None:
        """Undo a firing that collided with another fault: fire on the next match instead."""
        if self.times is not None:
            self.times += 1

    @property
    def spent(self) -> bool:
        return self.times is not None and self.times <= 0


class Budget(Protocol):
    limit: int
    remaining: int


def change_budget(budget: Budget, *, limit: int | None, remaining: int | None) -> None:
    """Set a rate budget's limit (what remains is capped by it), then what remains."""
    if limit is not None:
        budget.limit = limit
        budget.remaining = min(budget.remaining, limit)
    if remaining is not None:
        budget.remaining = remaining


def epoch_seconds(moment: float | datetime) -> float:
    return moment.timestamp() if isinstance(moment, datetime) else moment


def truncated(body: bytes) -> bytes:
    """The first half of a body: valid UTF-8, invalid JSON."""
    return body[: max(1, len(body) // 2)]


class FakeServer[RequestT, ScheduledT: "ScheduledFault[Any]"]:
    """Start and stop, the request log, and the fault schedule. Use as a context manager or
    ``start()``/``stop()``. ``handler`` serves each request; ``thread_name`` names the
    serving thread ("fake-github"); ``title`` names the fake in messages ("GitHub")."""

    def __init__(self, handler: type[Handler], *, thread_name: str, title: str) -> None:
        self._handler = handler
        self._thread_name = thread_name
        self._title = title
        self.requests: list[RequestT] = []
        self.faults: list[ScheduledT] = []
        self.lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def start(self) -> Self:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler)
        httpd.daemon_threads = True
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        # A short poll keeps stop() quick: shutdown() waits for the loop's next turn.
        self._thread = threading.Thread(
            target=httpd.serve_forever, args=(0.02,), name=self._thread_name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """http://127.0.0.1:<port>, the port the system picked."""
        assert self._httpd is not None, f"the fake {self._title} is not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # Counting

    @property
    def request_count(self) -> int:
        return len(self.requests)

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()

    # Faults

    def schedule(self, scheduled: ScheduledT) -> ScheduledT:
        with self.lock:
            self.faults.append(scheduled)
        return scheduled

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def take_fault(self, key: Any) -> ScheduledT | None:
        """Count this request for every scheduled fault it matches; the first due one is
        served, and any other due at the same request waits for the next. Call under the
        lock."""
        fired = None
        for scheduled in self.faults:
            if scheduled.matches(key) and scheduled.fire():
                if fired is None:
                    fired = scheduled
                else:
                    scheduled.postpone()
        self.faults = [scheduled for scheduled in self.faults if not scheduled.spent]
        return fired


class Handler(BaseHTTPRequestHandler):
    """Reads the body, asks ``answer`` for the response under the fake's lock, and sends it
    after the ``headers`` every answer carries (the response's own override them)."""

    protocol_version = "HTTP/1.1"  # keep-alive: the clients reuse their connection
    timeout = 30
    sys_version = ""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def answer(self, fake: Any, raw: bytes) -> Response:
        raise NotImplementedError

    def headers_for(self, fake: Any) -> dict[str, str]:
        """The headers every answer carries; called under the lock, after ``answer``."""
        return {}

    def _serve(self) -> None:
        fake: FakeServer[Any, Any] = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with fake.lock:
            response = self.answer(fake, raw)
            headers = self.headers_for(fake)
        self.send_response(response.status)
        headers = {
            **headers,
            **response.headers,
            "Content-Length": str(len(response.body)),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)
