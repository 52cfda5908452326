"""The fake JIRA server: JIRA's REST search, issues, comments and serverInfo on 127.0.0.1 in
a daemon thread.

Like issues.apache.org/jira it may sit under a context path (``context="/jira"``). It is a
Server install by default (``/rest/api/2`` only, Server-style users with name and key);
``deployment="Cloud"`` makes it Jira Cloud (``/rest/api/3``, ``search/jql`` with page
tokens, users with accountId). Requests are counted, faults can be scheduled
(``tests.fake_jira.faults``) and an optional request budget answers 429 when spent.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from datetime import datetime
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from tests import fakeserver
from tests.fake_jira import api, faults
from tests.fake_jira.dataset import Dataset
from tests.fake_jira.faults import Fault, ScheduledFault
from tests.fake_jira.render import EMAIL_VISIBILITY
from tests.fake_jira.responses import RateBudget, Response, seconds_until, too_many_requests

DEPLOYMENTS = ("Server", "DataCenter", "Cloud")
TIME_ZONE_HEADER = "X-Fake-Jira-Time-Zone"  # not JIRA's: says which zone JQL dates are in
# Faults that change the real answer rather than replace it: it is computed and charged.
_CHANGING_THE_ANSWER = (Fault.MALFORMED_BODY, Fault.ALTERED_BODY)
NOT_AUTHENTICATED = "You are not authenticated. Authentication required to perform this operation."


class Request(NamedTuple):
    method: str
    path: str  # without the query string or the context path
    params: dict[str, str]  # the query string; a repeated parameter's values joined by ","
    auth: str | None  # "bearer", "basic" or None (anonymous)


class FakeJira(fakeserver.FakeServer[Request, ScheduledFault]):
    """A JIRA to point the sync at. Use as a context manager or ``start()``/``stop()``.

    ``deployment``: "Server" (default), "DataCenter" or "Cloud". ``time_zone``: the zone JQL
    dates are read in and timestamps printed in (IANA name). ``max_results``: the silent cap
    on a search page. ``inline_comments``: how many comments a search returns inline (None:
    all, as Server does). ``comment_max_results``: the cap on a comment page. ``tokens``:
    the accepted tokens, Bearer (a Server/Data Center personal access token) or the password
    of Basic (Cloud's e-mail and API token); None accepts any. ``anonymous``: whether a
    request without credentials is served. ``rate_limit``: requests per ``rate_interval``
    seconds (None: no limit and no X-RateLimit headers, like Apache's JIRA).
    ``email_visibility``: "hidden" (Apache's setting), "public" or "masked".
    Attributes tests may set: ``clock`` (epoch seconds, for serverTime and the budget).
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        *,
        deployment: str = "Server",
        time_zone: str = "UTC",
        max_results: int = 100,
        inline_comments: int | None = 50,
        comment_max_results: int = 5000,
        tokens: set[str] | None = None,
        anonymous: bool = True,
        rate_limit: int | None = None,
        rate_interval: int = 60,
        email_visibility: str = "hidden",
        context: str = "",
        version: str = "8.20.10",
        server_title: str = "ASF JIRA",
    ) -> None:
        assert deployment in DEPLOYMENTS, deployment
        assert email_visibility in EMAIL_VISIBILITY, email_visibility
        assert context == "" or (context.startswith("/") and not context.endswith("/"))
        super().__init__(_Handler, thread_name="fake-jira", title="JIRA")
        self.dataset = Dataset() if dataset is None else dataset
        self.deployment = deployment
        self.time_zone = time_zone
        self.zone = ZoneInfo(time_zone)
        self.max_results = max_results
        self.inline_comments = inline_comments
        self.comment_max_results = comment_max_results
        self.tokens = tokens
        self.anonymous = anonymous
        self.email_visibility = email_visibility
        self.context = context
        self.version = version
        self.server_title = server_title
        self.clock = time.time
        self.budget: RateBudget | None = None
        if rate_limit is not None:
            self.budget = RateBudget(
                rate_limit, rate_limit, self.clock() + rate_interval, rate_interval
            )

    @property
    def url(self) -> str:
        """The base URL, like https://issues.apache.org/jira: add /rest/api/2/..."""
        return f"{self.origin}{self.context}"

    @property
    def cloud(self) -> bool:
        return self.deployment == "Cloud"

    # Counting

    def count(self, path_part: str = "") -> int:
        """Requests so far whose path contains ``path_part`` ("/search", "/comment")."""
        return sum(1 for request in self.requests if path_part in request.path)

    # Rate limit and faults

    def set_rate_limit(
        self,
        *,
        limit: int | None = None,
        remaining: int | None = None,
        reset: float | datetime | None = None,
        interval: int | None = None,
    ) -> RateBudget:
        """Start or change the request budget: ``remaining=0`` answers 429 until ``reset``
        (epoch seconds or a datetime), when the bucket refills."""
        with self.lock:
            if self.budget is None:
                assert limit is not None, "a new budget needs a limit"
                self.budget = RateBudget(limit, limit, self.clock() + 60)
            budget = self.budget
            if interval is not None:
                budget.interval = interval
            fakeserver.change_budget(budget, limit=limit, remaining=remaining)
            if reset is not None:
                budget.reset = fakeserver.epoch_seconds(reset)
            return budget

    def inject(
        self,
        fault: Fault | str,
        *,
        at: int = 1,
        times: int | None = 1,
        path: str | None = None,
        retry_after: int | None = None,
        changes: dict[str, Any] | None = None,
    ) -> ScheduledFault:
        """Serve ``fault`` on the ``at``-th request from now (1: the next one), and on the
        ``times - 1`` following ones (None: until ``clear_faults``). With ``path``, only
        requests whose path contains it count ("/search", "/comment"). ``changes``: what
        ``Fault.ALTERED_BODY`` changes in the answer, e.g. ``{"comments": DROP}``."""
        assert at >= 1 and (times is None or times >= 1)
        fault = Fault(fault)
        assert (fault is Fault.ALTERED_BODY) == bool(changes), "changes go with ALTERED_BODY"
        return self.schedule(ScheduledFault(fault, at, times, path, retry_after, changes))

    # Serving (under the lock: one request at a time, against a dataset tests may change)

    def authenticate(self, header: str | None) -> tuple[str | None, bool]:
        """(scheme, accepted) for an Authorization header."""
        if not header:
            return None, self.anonymous
        scheme, _, credentials = header.partition(" ")
        scheme, credentials = scheme.lower(), credentials.strip()
        token = None
        if scheme == "bearer":
            token = credentials
        elif scheme == "basic":
            try:
                decoded = base64.b64decode(credentials, validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return scheme, False
            _user, colon, token = decoded.partition(":")
            if not colon:
                return scheme, False
        else:
            return scheme, False
        if not token:
            return scheme, False
        return scheme, self.tokens is None or token in self.tokens

    def serve(self, method: str, target: str, headers: Any, raw: bytes) -> Response:
        now = self.clock()
        split = urlsplit(target)
        path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        if self.context:
            path = path[len(self.context) :] if path.startswith(self.context + "/") else "/"
        scheme, accepted = self.authenticate(headers.get("Authorization"))
        flat = {name: ",".join(values) for name, values in query.items()}
        self.requests.append(Request(method, path, flat, scheme))

        # Faults come from the proxy in front of JIRA, before anything else is looked at.
        fault = self.take_fault(path)
        if fault is not None and fault.fault not in _CHANGING_THE_ANSWER:
            return _fault(fault, now)

        extra: dict[str, str] = {}
        if self.budget is not None:
            self.budget.refill(now)
            if self.budget.remaining <= 0:
                wait = seconds_until(self.budget.reset, now)
                return too_many_requests(
                    wait, now=now, reason="jira-quota-based", headers=self.budget.headers()
                )
            self.budget.remaining -= 1
            extra = self.budget.headers()

        if not accepted:
            response = Response.error(401, NOT_AUTHENTICATED)
            auth_headers = {"WWW-Authenticate": 'Basic realm="protected-area"'}
            if scheme is not None and not self.cloud:
                auth_headers["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
            return response._replace(headers={**extra, **auth_headers})

        payload = None
        if method == "POST" and raw:
            try:
                payload = json.loads(raw)
            except ValueError:
                return Response.error(400, "Unexpected character in the request body.")
        params = api.Params(query, payload if isinstance(payload, dict) else None)
        base = f"http://{headers.get('Host')}{self.context}"
        response = api.answer(self, method, path, params, base=base, now=now)
        response = response._replace(headers={**extra, **response.headers})
        if fault is None:
            return response
        if fault.fault is Fault.ALTERED_BODY:
            altered = faults.alter(json.loads(response.body), fault.changes or {})
            return response._replace(body=json.dumps(altered, separators=(",", ":")).encode())
        return response._replace(body=fakeserver.truncated(response.body))  # MALFORMED_BODY


class _Handler(fakeserver.Handler):
    server_version = "Apache"

    def answer(self, fake: FakeJira, raw: bytes) -> Response:
        return fake.serve(self.command, self.path, self.headers, raw)

    def headers_for(self, fake: FakeJira) -> dict[str, str]:
        return {
            "Content-Type": "application/json;charset=UTF-8",
            "X-AREQUESTID": f"{int(fake.clock()) // 60 % 1440}x{fake.request_count}x1",
            "Cache-Control": "no-cache, no-store, no-transform",
            TIME_ZONE_HEADER: fake.time_zone,
        }


def _fault(fault: ScheduledFault, now: float) -> Response:
    html = {"Content-Type": "text/html; charset=iso-8859-1"}
    if fault.fault is Fault.TOO_MANY_REQUESTS:
        wait = 60 if fault.retry_after is None else fault.retry_after
        return too_many_requests(wait, now=now, reason="jira-burst-based")
    if fault.fault is Fault.SERVICE_UNAVAILABLE:
        if fault.retry_after is not None:
            html["Retry-After"] = str(fault.retry_after)
        return Response(503, faults.SERVICE_UNAVAILABLE_HTML.encode(), html)
    if fault.fault is Fault.BAD_GATEWAY:
        return Response(502, faults.BAD_GATEWAY_HTML.encode(), html)
    assert fault.fault is Fault.SERVER_ERROR, fault
    return Response.error(500, faults.SERVER_ERROR_MESSAGE)
