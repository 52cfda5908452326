"""What every answer of the fake JIRA is made of: a status, a body, headers, and the optional
request budget its ``X-RateLimit-*`` headers report.

Data Center's rate limiting is a token bucket that refills ``limit`` tokens each interval and
reports X-RateLimit-Limit, -Remaining, -Interval-Seconds and -FillRate on every response
(confluence.atlassian.com/adminjiraserver/adjusting-your-code-for-rate-limiting); an empty
bucket answers 429 with Retry-After, to which Cloud adds X-RateLimit-Reset and
RateLimit-Reason (developer.atlassian.com/cloud/jira/platform/rate-limiting).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any, NamedTuple

from tests.fake_jira.faults import RATE_LIMITED_MESSAGE, error_body


class Response(NamedTuple):
    status: int
    body: bytes
    headers: dict[str, str]

    @classmethod
    def json(cls, status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
        # Compact, as JIRA sends it. Bodies share cached dicts but hold no cycles.
        text = json.dumps(body, separators=(",", ":"), check_circular=False)
        return cls(status, text.encode(), headers or {})

    @classmethod
    def error(cls, status: int, *messages: str, headers: dict[str, str] | None = None) -> Response:
        return cls(status, error_body(*messages), headers or {})


@dataclass(slots=True)
class RateBudget:
    """``limit`` requests per ``interval`` seconds; ``reset`` is when the bucket refills."""

    limit: int
    remaining: int
    reset: float  # epoch seconds
    interval: int = 60

    def refill(self, now: float) -> None:
        if now >= self.reset:
            self.remaining = self.limit
            self.reset = now + self.interval

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Interval-Seconds": str(self.interval),
            "X-RateLimit-FillRate": str(self.limit),
        }


def too_many_requests(
    retry_after: int, *, now: float, reason: str, headers: dict[str, str] | None = None
) -> Response:
    """429 as Jira Cloud sends it: Retry-After in seconds, X-RateLimit-Reset as
    yyyy-MM-ddTHH:mmZ (the request time plus Retry-After), RateLimit-Reason."""
    reset = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(now + retry_after))
    return Response.error(
        429,
        RATE_LIMITED_MESSAGE,
        headers={
            **(headers or {}),
            "Retry-After": str(retry_after),
            "X-RateLimit-Reset": reset,
            "RateLimit-Reason": reason,
        },
    )


def seconds_until(moment: float, now: float) -> int:
    return max(1, math.ceil(moment - now))
