"""The fake archive's HTTP side: PonyMail Foal's ``api/stats.lua`` and ``api/mbox.lua``."""

from __future__ import annotations

import enum
import json
import time
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

from tests import fakeserver
from tests.fake_lists.mail import Mail, mboxrd


class Fault(enum.StrEnum):
    SERVER_ERROR = "server_error"  # 500, plain text, as PonyMail's endpoints fail
    TOO_MANY_REQUESTS = "too_many_requests"  # 429 with Retry-After (``retry_after``)
    NOT_MBOX = "not_mbox"  # 200 with a proxy's HTML page instead of the month
    TRUNCATED = "truncated"  # 200 with the month's stream broken off half-way
    SLOW = "slow"  # the real answer, after ``delay`` seconds


class Request(NamedTuple):
    path: str  # "/api/mbox.lua"
    params: dict[str, str]


@dataclass(slots=True)
class ScheduledFault(fakeserver.ScheduledFault[Fault]):
    path: str = ""  # a request counts when its path contains this ("mbox", "stats")
    month: str = ""  # and, when set, asks for this month
    retry_after: int = 60
    delay: float = 0.0

    def matches(self, key: Any) -> bool:
        request: Request = key
        return self.path in request.path and (
            not self.month or request.params.get("d") == self.month
        )


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str]


class FakeLists(fakeserver.FakeServer[Request, ScheduledFault]):
    """An archive to point the sync at (``url``); lists are filled with ``add``."""

    def __init__(self) -> None:
        super().__init__(_Handler, thread_name="fake-lists", title="PonyMail")
        self.lists: dict[str, list[Mail]] = {}
        self._months: dict[tuple[str, str], bytes] = {}  # served months, until the next add

    @property
    def url(self) -> str:
        return self.origin

    def add(self, address: str, *mails: Mail) -> None:
        with self.lock:
            self.lists.setdefault(address.lower(), []).extend(mails)
            self._months.clear()

    def months(self, address: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.lists.get(address.lower(), []):
            counts[item.month] = counts.get(item.month, 0) + 1
        return dict(sorted(counts.items()))

    def mbox(self, address: str, month: str) -> bytes:
        key = (address.lower(), month)
        if key not in self._months:
            self._months[key] = self._mbox(*key)
        return self._months[key]

    def _mbox(self, address: str, month: str) -> bytes:
        mails = sorted(
            (m for m in self.lists.get(address.lower(), []) if m.month == month),
            key=lambda m: m.sent_at,
        )
        return b"".join(mboxrd(item) for item in mails)

    def count(self, path_part: str = "") -> int:
        return sum(1 for request in self.requests if path_part in request.path)

    def inject(
        self,
        fault: Fault,
        *,
        path: str = "",
        month: str = "",
        at: int = 1,
        times: int | None = 1,
        retry_after: int = 60,
        delay: float = 0.0,
    ) -> ScheduledFault:
        """Serve ``fault`` on the ``at``-th matching request from now, ``times`` times."""
        return self.schedule(
            ScheduledFault(
                fault, at, times, path=path, month=month, retry_after=retry_after, delay=delay
            )
        )


class _Handler(fakeserver.Handler):
    def answer(self, fake: Any, raw: bytes) -> fakeserver.Response:
        server: FakeLists = fake
        split = urlsplit(self.path)
        params = {k: ",".join(v) for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        request = Request(split.path, params)
        server.requests.append(request)
        fault = server.take_fault(request)
        if fault is not None and fault.fault == Fault.SLOW:
            time.sleep(fault.delay)
        elif fault is not None and fault.fault != Fault.TRUNCATED:
            return _fault(fault)
        address = f"{params.get('list', '')}@{params.get('domain', '')}".lower()
        if split.path == "/api/stats.lua":
            body = {
                "active_months": server.months(address),
                "hits": 0,
                "emails": [],
                "list": address,
                "searchlist": f"<{address.replace('@', '.')}>",
                "unixtime": int(time.time()),
            }
            return _Answer(200, json.dumps(body).encode(), {"Content-Type": "application/json"})
        if split.path == "/api/mbox.lua":
            month = params.get("d", "")
            body_bytes = server.mbox(address, month)
            if fault is not None:  # TRUNCATED
                body_bytes = body_bytes[: len(body_bytes) // 2]
            return _Answer(200, body_bytes, {"Content-Type": "application/mbox"})
        return _Answer(404, b"Not Found", {"Content-Type": "text/plain"})


def _fault(fault: ScheduledFault) -> _Answer:
    if fault.fault == Fault.TOO_MANY_REQUESTS:
        return _Answer(429, b"Too many requests", {"Retry-After": str(fault.retry_after)})
    if fault.fault == Fault.NOT_MBOX:
        page = b"<!DOCTYPE html><html><head><title>502 Proxy Error</title></head></html>"
        return _Answer(200, page, {"Content-Type": "text/html"})
    return _Answer(500, b"The search could not be completed", {"Content-Type": "text/plain"})
