"""What every answer of the fake GitHub is made of: a status, a body, headers, and the
rate-limit budget the ``x-ratelimit-*`` headers report (docs.github.com/rest/using-the-rest-api/
rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple


class Response(NamedTuple):
    status: int
    body: bytes
    headers: dict[str, str]

    @classmethod
    def json(cls, status: int, body: Any, headers: dict[str, str]) -> Response:
        return cls(status, json.dumps(body).encode(), headers)


@dataclass(slots=True)
class RateBudget:
    """One resource's primary rate limit: "core" (REST) or "graphql"."""

    limit: int
    remaining: int
    reset: int  # epoch seconds

    @property
    def used(self) -> int:
        return self.limit - self.remaining

    def spend(self, cost: int) -> None:
        self.remaining = max(0, self.remaining - cost)

    def headers(self, resource: str, *, remaining: int | None = None) -> dict[str, str]:
        remaining = self.remaining if remaining is None else remaining
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-used": str(self.limit - remaining),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-resource": resource,
        }

    def as_graphql(self, cost: int) -> dict[str, Any]:
        """The ``rateLimit { cost limit remaining resetAt }`` object."""
        return {
            "cost": cost,
            "limit": self.limit,
            "remaining": self.remaining,
            "resetAt": datetime.fromtimestamp(self.reset, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def as_rest(self) -> dict[str, int]:
        """One resource in GET /rate_limit."""
        return {
            "limit": self.limit,
            "used": self.used,
            "remaining": self.remaining,
            "reset": self.reset,
        }
