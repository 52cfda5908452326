"""Failures the fake GitHub serves on demand, each in GitHub's own form.

Docs: docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api and
docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api
(a GraphQL request over its primary limit still gets a 200, with a RATE_LIMITED error).
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from tests import fakeserver

DOCS_PRIMARY = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits"
)
DOCS_SECONDARY = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {request_id}."
)
PRIMARY_MESSAGE = (
    "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please "
    "include the request ID {request_id} and timestamp {timestamp}."
)
BAD_GATEWAY_HTML = (
    "<html><head><title>502 Bad Gateway</title></head><body>"
    "<h1>502 Bad Gateway</h1><p>We couldn't respond to your request in time. Sorry about that. "
    "Please try resubmitting your request and contact us if the problem persists.</p>"
    "</body></html>\n"
)


SERVICE_UNAVAILABLE_HTML = (
    "<html><head><title>503 Service Unavailable</title></head><body>"
    "<h1>503 Service Unavailable</h1><p>No server is available to handle this request.</p>"
    "</body></html>\n"
)


class Fault(enum.StrEnum):
    BAD_GATEWAY = "bad_gateway"
    """502 with an HTML body, as GitHub's front end sends when a backend times out;
    Retry-After only when ``retry_after`` is given."""
    SERVICE_UNAVAILABLE = "service_unavailable"
    """503 with an HTML body, as during an outage or maintenance; Retry-After (seconds or an
    HTTP-date) only when ``retry_after`` is given."""
    SECONDARY_RATE_LIMIT = "secondary_rate_limit"
    """403 with Retry-After (``retry_after``, 60 by default) and the "You have exceeded a
    secondary rate limit" message."""
    TOO_MANY_REQUESTS = "too_many_requests"
    """429 with Retry-After: GitHub's other status for a secondary limit."""
    RATE_LIMIT_EXHAUSTED = "rate_limit_exhausted"
    """The primary budget spent: REST 403 "API rate limit exceeded", GraphQL 200 with a
    RATE_LIMITED error; x-ratelimit-remaining: 0 either way. This one response only: the
    fake's budget itself is untouched (set_rate_limit(remaining=0) spends it for real)."""
    MALFORMED_BODY = "malformed_body"
    """200 whose JSON is cut off half-way (the real answer, computed and charged)."""


@dataclass(slots=True)
class ScheduledFault(fakeserver.ScheduledFault[Fault]):
    """A fault for the requests of one GraphQL operation (``operation``; None: every request)."""

    operation: str | None
    retry_after: int | str | None  # seconds or an HTTP-date; None: the fault's default

    def matches(self, operation: str | None) -> bool:
        return self.operation is None or self.operation == operation


def error_body(message: str, documentation_url: str, **extra: Any) -> bytes:
    return json.dumps(
        {"message": message, "documentation_url": documentation_url, **extra}
    ).encode()


def graphql_rate_limited(error_type: str = "RATE_LIMITED") -> bytes:
    """GraphQL's primary-limit answer. GitHub documents RATE_LIMITED; some answers have been
    seen with type RATE_LIMIT and code graphql_rate_limit, so the type is a parameter."""
    error: dict[str, Any] = {
        "type": error_type,
        "message": "API rate limit exceeded for user ID 1.",
    }
    if error_type == "RATE_LIMIT":
        error = {
            "type": "RATE_LIMIT",
            "code": "graphql_rate_limit",
            "message": "API rate limit already exceeded for user ID 1.",
        }
    return json.dumps({"errors": [error]}).encode()
