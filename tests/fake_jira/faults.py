"""Failures the fake JIRA serves on demand, each in the form JIRA (or the proxy in front of
it) sends.

Docs: developer.atlassian.com/cloud/jira/platform/rate-limiting (429 with ``Retry-After`` in
seconds and ``X-RateLimit-Reset`` as yyyy-MM-ddTHH:mmZ; some 503s carry ``Retry-After`` too)
and confluence.atlassian.com/adminjiraserver/adjusting-your-code-for-rate-limiting (Data
Center's ``X-RateLimit-*`` and ``retry-after`` headers).
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from tests import fakeserver

BAD_GATEWAY_HTML = (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
    "<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n"
    "<p>The proxy server received an invalid\nresponse from an upstream server.<br />\n"
    "The proxy server could not handle the request<p>Reason: <strong>Error reading from "
    "remote server</strong></p></p>\n</body></html>\n"
)
SERVICE_UNAVAILABLE_HTML = (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
    "<title>503 Service Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n"
    "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime "
    "or capacity\nproblems. Please try again later.</p>\n</body></html>\n"
)
RATE_LIMITED_MESSAGE = "Rate limit exceeded."
SERVER_ERROR_MESSAGE = "Internal server error"


class Fault(enum.StrEnum):
    TOO_MANY_REQUESTS = "too_many_requests"
    """429 with Retry-After (seconds; ``retry_after``, 60 by default), X-RateLimit-Reset and
    RateLimit-Reason, as Jira Cloud throttles a burst. The fake's own budget is untouched
    (FakeJira(rate_limit=...) spends one for real)."""
    SERVICE_UNAVAILABLE = "service_unavailable"
    """503 with the proxy's HTML page; Retry-After only when ``retry_after`` is given (Cloud
    sends it with some 503s, Apache's httpd does not)."""
    BAD_GATEWAY = "bad_gateway"
    """502 with Apache httpd's "Proxy Error" HTML page: JIRA behind it timed out."""
    SERVER_ERROR = "server_error"
    """500 with JIRA's JSON error body, {"errorMessages": ["Internal server error"], ...}."""
    MALFORMED_BODY = "malformed_body"
    """200 whose JSON is cut off half-way (the real answer, computed and charged)."""
    ALTERED_BODY = "altered_body"
    """200 with the real answer's JSON changed as ``changes`` says: dotted paths
    ("comments", "issues.0.fields.updated"; "" is the whole body) to a new value, or to
    ``DROP`` to leave the member out. A JIRA plugin, proxy or bug that answers "success" with
    a body unlike the API's."""


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()
"""In ``changes`` of ALTERED_BODY: leave this member out of the answer."""


@dataclass(slots=True)
class ScheduledFault(fakeserver.ScheduledFault[Fault]):
    """A fault for the requests whose path contains ``path`` (None: every request)."""

    path: str | None
    retry_after: int | None
    changes: dict[str, Any] | None = None

    def matches(self, path: str) -> bool:
        return self.path is None or self.path in path


def alter(body: Any, changes: dict[str, Any]) -> Any:
    """``body`` with ``changes`` applied (see ``Fault.ALTERED_BODY``); list items by index."""
    for path, value in changes.items():
        if path == "":
            body = value
            continue
        *parents, last = path.split(".")
        target = body
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            index = int(last)
            if value is DROP:
                del target[index]
            else:
                target[index] = value
        elif value is DROP:
            target.pop(last, None)
        else:
            target[last] = value
    return body


def error_body(*messages: str, errors: dict[str, str] | None = None) -> bytes:
    """JIRA's error shape: {"errorMessages": [...], "errors": {field: message}}."""
    return json.dumps({"errorMessages": list(messages), "errors": errors or {}}).encode()
