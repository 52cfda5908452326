"""The fake GitHub server: REST for repositories and the rate limit, GraphQL for the sync's
operations, on 127.0.0.1 in a daemon thread.

Like api.github.com it serves at the root with GraphQL at ``/graphql``; like GitHub
Enterprise it also serves under ``/api/v3`` with GraphQL at ``/api/graphql``. Every response
carries the ``x-ratelimit-*`` headers; each resource ("core" for REST, "graphql") has a budget
that each request spends and that refills at its reset time. Requests are counted and faults
can be scheduled (``tests.fake_github.faults``).
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple

import github

from tests.fake_github import faults, graphql, rest
from tests.fake_github.dataset import Dataset, Repository
from tests.fake_github.faults import Fault, ScheduledFault
from tests.fake_github.responses import RateBudget, Response

ENTERPRISE_PREFIX = "/api/v3"
_GRAPHQL_PATHS = ("/graphql", "/api/graphql")


class Request(NamedTuple):
    method: str
    path: str
    operation: str | None  # the GraphQL operation's name; None for REST


class FakeGitHub:
    """A GitHub to point PyGithub at. Use as a context manager or ``start()``/``stop()``.

    ``tokens``: the accepted tokens (None: any non-empty one). ``rate_limit``: each
    resource's hourly budget. ``flat_cost``: every GraphQL query costs 1 (False: GitHub's
    estimate from the page sizes asked for). Attributes tests may set: ``clock`` (epoch
    seconds, for budget resets) and ``graphql_rate_limited_type`` ("RATE_LIMIT" for the
    variant GitHub has also been seen to send).
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        *,
        tokens: set[str] | None = None,
        rate_limit: int = 5000,
        flat_cost: bool = True,
    ) -> None:
        self.dataset = Dataset() if dataset is None else dataset
        self.tokens = tokens
        self.flat_cost = flat_cost
        self.clock = time.time
        self.graphql_rate_limited_type = "RATE_LIMITED"
        self.requests: list[Request] = []
        self.faults: list[ScheduledFault] = []
        self.denied: set[tuple[str | None, int]] = set()  # (token or None for all, repo id)
        reset = int(self.clock()) + 3600
        self.budgets = {
            "core": RateBudget(rate_limit, rate_limit, reset),
            "graphql": RateBudget(rate_limit, rate_limit, reset),
        }
        self.lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def start(self) -> FakeGitHub:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        httpd.fake = self  # type: ignore[attr-defined]
        self._httpd = httpd
        # A short poll keeps stop() quick: shutdown() waits for the loop's next turn.
        self._thread = threading.Thread(
            target=httpd.serve_forever, args=(0.02,), name="fake-github", daemon=True
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

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, like https://api.github.com (add ``/api/v3`` for Enterprise)."""
        assert self._httpd is not None, "the fake GitHub is not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def enterprise_url(self) -> str:
        return self.url + ENTERPRISE_PREFIX

    def client(self, token: str = "test-token", *, enterprise: bool = False) -> github.Github:
        """PyGithub configured as the sync configures it: no retries, no sleeps."""
        return github.Github(
            base_url=self.enterprise_url if enterprise else self.url,
            auth=github.Auth.Token(token),
            retry=None,
            seconds_between_requests=0,
            seconds_between_writes=0,
        )

    # Counting

    @property
    def request_count(self) -> int:
        return len(self.requests)

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()

    def operations(self) -> list[str | None]:
        """The GraphQL operation of each request so far (None for REST)."""
        return [request.operation for request in self.requests]

    # Rate limits, access, faults

    def set_rate_limit(
        self,
        resource: str = "graphql",
        *,
        limit: int | None = None,
        remaining: int | None = None,
        reset: float | datetime | None = None,
    ) -> RateBudget:
        """Change a budget ("graphql" or "core"): ``remaining=0`` spends it until ``reset``
        (epoch seconds or a datetime); a reset in the past refills it on the next request."""
        with self.lock:
            budget = self.budgets[resource]
            if limit is not None:
                budget.limit = limit
                budget.remaining = min(budget.remaining, limit)
            if remaining is not None:
                budget.remaining = remaining
            if isinstance(reset, datetime):
                reset = reset.timestamp()
            if reset is not None:
                budget.reset = int(reset)
            return budget

    def deny(self, full_name: str, *, token: str | None = None) -> None:
        """Hide a repository from ``token`` (from every token if None): GraphQL answers
        NOT_FOUND and REST 404, as GitHub does for a private repository."""
        repository = self.dataset.repository(full_name)
        assert repository is not None, f"no repository {full_name}"
        self.denied.add((token, repository.database_id))

    def inject(
        self,
        fault: Fault | str,
        *,
        at: int = 1,
        times: int | None = 1,
        operation: str | None = None,
        retry_after: int = 60,
    ) -> ScheduledFault:
        """Serve ``fault`` on the ``at``-th request from now (1: the next one), and on the
        ``times - 1`` following ones (None: until ``clear_faults``). With ``operation``,
        only requests for that GraphQL operation count."""
        assert at >= 1 and (times is None or times >= 1)
        assert operation is None or operation in graphql.OPERATIONS, operation
        scheduled = ScheduledFault(Fault(fault), at, times, operation, retry_after)
        with self.lock:
            self.faults.append(scheduled)
        return scheduled

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    # Serving (under the lock: one request at a time, against a dataset tests may change)

    def visible(self, repository: Repository, token: str) -> bool:
        key = repository.database_id
        return (None, key) not in self.denied and (token, key) not in self.denied

    def budget(self, resource: str) -> RateBudget:
        budget = self.budgets[resource]
        now = self.clock()
        if now >= budget.reset:
            budget.remaining = budget.limit
            budget.reset = int(now) + 3600
        return budget

    def take_fault(self, operation: str | None) -> ScheduledFault | None:
        """Count this request for every scheduled fault; the first due one is served, and
        any other due at the same request waits for the next."""
        fired = None
        for scheduled in self.faults:
            if scheduled.matches(operation) and scheduled.fire():
                if fired is None:
                    fired = scheduled
                else:
                    scheduled.postpone()
        self.faults = [scheduled for scheduled in self.faults if not scheduled.spent]
        return fired


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: PyGithub reuses its connection
    timeout = 30
    server_version = "GitHub.com"
    sys_version = ""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        fake: FakeGitHub = self.server.fake  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with fake.lock:
            response = self._answer(fake, raw)
            request_id = f"FAKE:{fake.request_count:06d}"
        self.send_response(response.status)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "x-github-media-type": "github.v3; format=json",
            "x-github-request-id": request_id,
            **response.headers,
            "Content-Length": str(len(response.body)),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def _answer(self, fake: FakeGitHub, raw: bytes) -> Response:
        path = self.path.split("?", 1)[0]
        prefix = ""
        if path.startswith(ENTERPRISE_PREFIX + "/"):
            prefix, path = ENTERPRISE_PREFIX, path[len(ENTERPRISE_PREFIX) :]
        is_graphql = path in _GRAPHQL_PATHS and self.command == "POST"
        payload: dict[str, Any] = {}
        if is_graphql:
            try:
                payload = json.loads(raw or b"{}")
            except ValueError:
                payload = {}
        operation = graphql.operation_name(payload.get("query", "")) if is_graphql else None
        fake.requests.append(Request(self.command, self.path, operation))
        resource = "graphql" if is_graphql else "core"
        budget = fake.budget(resource)
        request_id = f"FAKE:{fake.request_count:06d}"

        # Faults come from GitHub's front end, before the token is even looked at.
        fault = fake.take_fault(operation)
        if fault is not None and fault.fault is not Fault.MALFORMED_BODY:
            return _fault(fault, budget, resource, request_id=request_id, fake=fake)

        token = self._token()
        if token is None or (fake.tokens is not None and token not in fake.tokens):
            if token is None:
                message = (
                    "This endpoint requires you to be authenticated."
                    if is_graphql
                    else "Requires authentication"
                )
            else:
                message = "Bad credentials"
            body = faults.error_body(message, rest.DOCS, status="401")
            return Response(401, body, budget.headers(resource))

        if is_graphql:
            response = _graphql(fake, payload, budget, token)
        else:
            response = rest.answer(
                self.command,
                path,
                base=f"http://{self.headers.get('Host')}{prefix}",
                dataset=fake.dataset,
                budgets={name: fake.budget(name) for name in ("core", "graphql")},
                visible=lambda repository: fake.visible(repository, token),
                request_id=request_id,
                now=fake.clock(),
            )
        if fault is not None:  # MALFORMED_BODY: the real answer, cut off
            return response._replace(body=faults.truncated(response.body))
        return response

    def _token(self) -> str | None:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        token = token.strip()
        if scheme.lower() in ("token", "bearer") and token:
            return token
        return None


def _fault(
    fault: ScheduledFault, budget: RateBudget, resource: str, *, request_id: str, fake: FakeGitHub
) -> Response:
    headers = budget.headers(resource)
    if fault.fault is Fault.BAD_GATEWAY:
        headers["Content-Type"] = "text/html; charset=utf-8"
        return Response(502, faults.BAD_GATEWAY_HTML.encode(), headers)
    if fault.fault in (Fault.SECONDARY_RATE_LIMIT, Fault.TOO_MANY_REQUESTS):
        headers["Retry-After"] = str(fault.retry_after)
        message = faults.SECONDARY_MESSAGE.format(request_id=request_id)
        status = 403 if fault.fault is Fault.SECONDARY_RATE_LIMIT else 429
        return Response(status, faults.error_body(message, faults.DOCS_SECONDARY), headers)
    assert fault.fault is Fault.RATE_LIMIT_EXHAUSTED, fault
    if resource == "graphql":
        body = faults.graphql_rate_limited(fake.graphql_rate_limited_type)
        return Response(200, body, budget.headers(resource, remaining=0))
    return rest.rate_limited(budget, request_id=request_id, now=fake.clock())


def _graphql(fake: FakeGitHub, payload: dict[str, Any], budget: RateBudget, token: str) -> Response:
    try:
        query = graphql.plan(
            payload.get("query", ""), payload.get("variables"), flat_cost=fake.flat_cost
        )
    except graphql.QueryError as refused:
        budget.spend(1)
        return Response.json(200, {"errors": [refused.error]}, budget.headers("graphql"))
    if budget.remaining < query.cost:
        body = faults.graphql_rate_limited(fake.graphql_rate_limited_type)
        return Response(200, body, budget.headers("graphql"))
    budget.spend(query.cost)
    try:
        body = graphql.execute(
            query,
            fake.dataset,
            rate_limit=budget.as_graphql(query.cost),
            visible=lambda repository: fake.visible(repository, token),
        )
    except graphql.QueryError as refused:  # a cursor GitHub never gave
        body = {"data": None, "errors": [refused.error]}
    return Response.json(200, body, budget.headers("graphql"))
