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
import time
from datetime import datetime
from typing import Any, NamedTuple

import github

from tests import fakeserver
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


class FakeGitHub(fakeserver.FakeServer[Request, ScheduledFault]):
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
        super().__init__(_Handler, thread_name="fake-github", title="GitHub")
        self.dataset = Dataset() if dataset is None else dataset
        self.tokens = tokens
        self.flat_cost = flat_cost
        self.clock = time.time
        self.graphql_rate_limited_type = "RATE_LIMITED"
        self.denied: set[tuple[str | None, int]] = set()  # (token or None for all, repo id)
        reset = int(self.clock()) + 3600
        self.budgets = {
            "core": RateBudget(rate_limit, rate_limit, reset),
            "graphql": RateBudget(rate_limit, rate_limit, reset),
        }

    @property
    def url(self) -> str:
        """The base URL, like https://api.github.com (add ``/api/v3`` for Enterprise)."""
        return self.origin

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
            fakeserver.change_budget(budget, limit=limit, remaining=remaining)
            if reset is not None:
                budget.reset = int(fakeserver.epoch_seconds(reset))
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
        retry_after: int | str | None = None,
    ) -> ScheduledFault:
        """Serve ``fault`` on the ``at``-th request from now (1: the next one), and on the
        ``times - 1`` following ones (None: until ``clear_faults``). With ``operation``,
        only requests for that GraphQL operation count. ``retry_after`` (seconds or an
        HTTP-date) is the Retry-After header of a secondary limit (60 when None) or of a
        502 or 503 (none when None)."""
        assert at >= 1 and (times is None or times >= 1)
        assert operation is None or operation in graphql.OPERATIONS, operation
        return self.schedule(ScheduledFault(Fault(fault), at, times, operation, retry_after))

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


class _Handler(fakeserver.Handler):
    server_version = "GitHub.com"

    def headers_for(self, fake: FakeGitHub) -> dict[str, str]:
        return {
            "Content-Type": "application/json; charset=utf-8",
            "x-github-media-type": "github.v3; format=json",
            "x-github-request-id": f"FAKE:{fake.request_count:06d}",
        }

    def answer(self, fake: FakeGitHub, raw: bytes) -> Response:
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
            return response._replace(body=fakeserver.truncated(response.body))
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
    if fault.fault in (Fault.BAD_GATEWAY, Fault.SERVICE_UNAVAILABLE):
        headers["Content-Type"] = "text/html; charset=utf-8"
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        if fault.fault is Fault.BAD_GATEWAY:
            return Response(502, faults.BAD_GATEWAY_HTML.encode(), headers)
        return Response(503, faults.SERVICE_UNAVAILABLE_HTML.encode(), headers)
    if fault.fault in (Fault.SECONDARY_RATE_LIMIT, Fault.TOO_MANY_REQUESTS):
        headers["Retry-After"] = str(60 if fault.retry_after is None else fault.retry_after)
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
