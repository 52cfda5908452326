"""Talking to JIRA's REST API: one function per remote call, behind a small interface.

Apache's JIRA is a Server/Data Center install paged by ``startAt``
(docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search); Jira Cloud replaced
that with ``/rest/api/3/search/jql`` paged by ``nextPageToken``
(developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search). Both answer
the same issue JSON. Failures become the errors of ``projects.sync.errors``: ``RateLimited``
(wait until a time), ``Unavailable`` (try again shortly; ``MalformedResponse`` for a body
unlike the API's) or ``Refused`` (fix the URL, key or token).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal, overload

import requests
from django.conf import settings
from django.utils import timezone

from projects.sync import jira_schema
from projects.sync.errors import MalformedResponse, RateLimited, Refused, Unavailable
from projects.sync.jira_schema import Comment, Issue, Malformed, kind_of

__all__ = ["FIELDS", "JiraClient", "Page"]

# What the sync reads of an issue; "comment" brings the comments inline, saving a request
# per issue.
FIELDS = (
    "summary,issuetype,priority,status,resolution,created,updated,resolutiondate,"
    "reporter,assignee,creator,fixVersions,components,project,comment"
)
PAGE_SIZE = 100
# Listing ids alone: Server caps a page at its jira.search.views.default.max (1000 unless
# changed), Cloud at 5000 when only ids are asked for; both cap silently.
ID_PAGE_SIZE = {False: 1000, True: 5000}


@dataclass(frozen=True, slots=True)
class Page:
    issues: list[Issue]
    total: int | None  # Server tells; Cloud does not
    next_token: str | None = None  # Cloud's cursor; None on the last page


class JiraClient:
    """A session for one JIRA: anonymous unless JIRA_TOKEN is set."""

    def __init__(self, base_url: str, *, token: str = "", user: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.cloud = self.base_url.endswith(".atlassian.net") or settings.JIRA_API == "cloud"
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        if token and user:  # Jira Cloud: e-mail and API token
            self.session.auth = (user, token)
        elif token:  # Server and Data Center: a personal access token
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.requests = 0

    @property
    def version(self) -> str:
        return "3" if self.cloud else "2"

    @overload
    def _get(
        self,
        path: str,
        params: dict[str, Any],
        *,
        what: str,
        where: str = "",
        missing_ok: Literal[False] = False,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]: ...
    @overload
    def _get(
        self,
        path: str,
        params: dict[str, Any],
        *,
        what: str,
        where: str = "",
        missing_ok: bool,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None: ...
    def _get(
        self,
        path: str,
        params: dict[str, Any],
        *,
        what: str,
        where: str = "",
        missing_ok: bool = False,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """The JSON object JIRA answers; with ``payload``, a POST of it. ``where`` names the
        page in messages about a malformed answer; ``missing_ok``: None for a 404."""
        self.requests += 1
        url = f"{self.base_url}{path}"
        try:
            if payload is None:
                response = self.session.get(url, params=params, timeout=60)
            else:
                response = self.session.post(url, params=params, json=payload, timeout=60)
        except requests.RequestException as exc:
            raise Unavailable(f"{what}: cannot reach JIRA ({exc})") from None
        if response.status_code == 429 or (
            response.status_code == 503 and "Retry-After" in response.headers
        ):
            wait = response.headers.get("Retry-After", "60")
            seconds = int(wait) if wait.isdigit() else 60
            until = timezone.now() + timedelta(seconds=seconds)
            raise RateLimited(f"{what}: JIRA asks to wait {seconds} s", until=until)
        if response.status_code >= 500:
            raise Unavailable(f"{what}: JIRA answered {response.status_code}")
        if response.status_code in (401, 403):
            raise Refused(f"{what}: JIRA refused the credentials ({response.status_code})")
        if response.status_code == 404 and missing_ok:
            return None
        try:
            body = response.json()
        except ValueError:
            if response.status_code >= 400:
                raise Refused(
                    f"{what}: JIRA answered {response.status_code}: {response.reason}"
                ) from None
            raise _malformed(what, "not JSON", where=where) from None
        if response.status_code >= 400:
            messages = body.get("errorMessages") if isinstance(body, dict) else None
            detail = "; ".join(messages or []) or response.reason
            raise Refused(f"{what}: JIRA answered {response.status_code}: {detail}")
        if not isinstance(body, dict):
            raise _malformed(what, f"not an object but {kind_of(body)}", where=where)
        return body

    def server_offset(self) -> timedelta:
        """The server's UTC offset, in which JQL dates are read (from its serverTime)."""
        info = self._get("/rest/api/2/serverInfo", {}, what="JIRA server info")
        with _naming("JIRA server info", ""):
            server_time = jira_schema.server_time(info)
        if server_time is None:
            return timedelta(0)
        return server_time.utcoffset() or timedelta(0)

    def search(self, jql: str, *, start_at: int = 0, token: str | None = None, what: str) -> Page:
        """A page of issues matching ``jql``, with the fields the sync reads (Server:
        /rest/api/2/search by ``startAt``; Cloud: /rest/api/3/search/jql by token)."""
        params: dict[str, Any] = {"jql": jql, "maxResults": PAGE_SIZE, "fields": FIELDS}
        if self.cloud:
            where = "page after the token" if token else "first page"
            if token:
                params["nextPageToken"] = token
            body = self._get("/rest/api/3/search/jql", params, what=what, where=where)
        else:
            where = f"page at startAt {start_at}"
            params["startAt"] = start_at
            body = self._get("/rest/api/2/search", params, what=what, where=where)
        with _naming(what, where):
            issues, total, next_token = jira_schema.search_page(
                body, start_at=start_at, max_results=PAGE_SIZE, cloud=self.cloud
            )
        return Page(issues, total, next_token)

    def count(self, jql: str, *, what: str) -> int:
        """How many issues match ``jql``: Server's search total for an empty page, Cloud's
        approximate count (docs: recent changes may take a moment to show)."""
        if self.cloud:
            body = self._get(
                "/rest/api/3/search/approximate-count", {}, what=what, payload={"jql": jql}
            )
            with _naming(what, "count"):
                return jira_schema.count(body)
        params = {"jql": jql, "startAt": 0, "maxResults": 0, "fields": "id"}
        body = self._get("/rest/api/2/search", params, what=what, where="count")
        with _naming(what, "count"):
            total = jira_schema.search_page(body, start_at=0, max_results=0, cloud=False)[1]
        assert total is not None  # Server's pages carry their total
        return total

    def issue_ids(self, jql: str, *, what: str) -> set[str]:
        """The ids of every issue matching ``jql``, in pages of ids alone."""
        ids: set[str] = set()
        start_at, token, size = 0, None, ID_PAGE_SIZE[self.cloud]
        while True:
            if self.cloud:
                params = {"jql": jql, "maxResults": size}
                if token:
                    params["nextPageToken"] = token
                where = "id page after the token" if token else "first id page"
                body = self._get("/rest/api/3/search/jql", params, what=what, where=where)
            else:
                params = {"jql": jql, "startAt": start_at, "maxResults": size, "fields": "id"}
                where = f"id page at startAt {start_at}"
                body = self._get("/rest/api/2/search", params, what=what, where=where)
            with _naming(what, where):
                page, total = jira_schema.id_page(body, start_at=start_at, cloud=self.cloud)
                token = jira_schema.next_token(body) if self.cloud else None
            ids.update(page)
            start_at += len(page)
            if not page or (token is None if self.cloud else start_at >= (total or 0)):
                return ids

    def issue(self, issue_id: str, *, what: str) -> Issue | None:
        """One issue by its numeric id, which survives moves (the answer carries the issue's
        key now), with the fields the sync reads; None when JIRA answers 404."""
        body = self._get(
            f"/rest/api/{self.version}/issue/{issue_id}",
            {"fields": FIELDS},
            what=what,
            missing_ok=True,
        )
        if body is None:
            return None
        with _naming(what, ""):
            return jira_schema.issue(body)

    def comments(self, key: str, *, start_at: int) -> tuple[list[Comment], int]:
        """A page of one issue's comments, oldest first, and how many it has now."""
        what, where = f"{key} comments", f"page at startAt {start_at}"
        body = self._get(
            f"/rest/api/{self.version}/issue/{key}/comment",
            {"startAt": start_at, "maxResults": PAGE_SIZE},
            what=what,
            where=where,
        )
        with _naming(what, where):
            return jira_schema.comment_page(body, start_at=start_at)


@contextmanager
def _naming(what: str, where: str) -> Iterator[None]:
    """Turns a ``Malformed`` raised inside into a MalformedResponse naming the page."""
    try:
        yield
    except Malformed as exc:
        where = ", ".join(part for part in (where, exc.context) if part)
        raise _malformed(what, exc.problem, where=where) from None


def _malformed(what: str, problem: str, *, where: str) -> MalformedResponse:
    return MalformedResponse(what, problem, source="JIRA", where=where)
