"""Talking to JIRA's REST API: one function per remote call, behind a small interface.

Apache's JIRA is a Server/Data Center install paged by ``startAt``
(docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search); Jira Cloud replaced
that with ``/rest/api/3/search/jql`` paged by ``nextPageToken``
(developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search). Both answer
the same issue JSON. Failures become ``JiraRateLimited`` (wait until a time),
``JiraUnavailable`` (try again shortly) or ``JiraError`` (fix the URL, key or token).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone

# What the sync reads of an issue; "comment" brings the comments inline, saving a request
# per issue.
FIELDS = (
    "summary,issuetype,priority,status,resolution,created,updated,resolutiondate,"
    "reporter,assignee,creator,fixVersions,components,project,comment"
)
PAGE_SIZE = 100


class JiraError(Exception):
    """JIRA refused the request for a reason that retrying won't fix."""


class JiraUnavailable(Exception):
    def __init__(self, message: str, *, retry_in: int = 60) -> None:
        super().__init__(message)
        self.retry_in = retry_in


class JiraRateLimited(Exception):
    def __init__(self, message: str, *, until: datetime) -> None:
        super().__init__(message)
        self.until = until


@dataclass(frozen=True)
class Page:
    issues: list[dict[str, Any]]
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

    def _get(self, path: str, params: dict[str, Any], *, what: str) -> dict[str, Any]:
        self.requests += 1
        try:
            response = self.session.get(f"{self.base_url}{path}", params=params, timeout=60)
        except requests.RequestException as exc:
            raise JiraUnavailable(f"{what}: cannot reach JIRA ({exc})") from None
        if response.status_code == 429 or (
            response.status_code == 503 and "Retry-After" in response.headers
        ):
            wait = response.headers.get("Retry-After", "60")
            seconds = int(wait) if wait.isdigit() else 60
            until = timezone.now() + timedelta(seconds=seconds)
            raise JiraRateLimited(f"{what}: JIRA asks to wait {seconds} s", until=until)
        if response.status_code >= 500:
            raise JiraUnavailable(f"{what}: JIRA answered {response.status_code}")
        if response.status_code in (401, 403):
            raise JiraError(f"{what}: JIRA refused the credentials ({response.status_code})")
        try:
            body = response.json()
        except ValueError:
            raise JiraUnavailable(f"{what}: malformed response from JIRA") from None
        if response.status_code >= 400:
            messages = body.get("errorMessages") if isinstance(body, dict) else None
            detail = "; ".join(messages or []) or response.reason
            raise JiraError(f"{what}: JIRA answered {response.status_code}: {detail}")
        if not isinstance(body, dict):
            raise JiraUnavailable(f"{what}: malformed response from JIRA (not an object)")
        return body

    def server_offset(self) -> timedelta:
        """The server's UTC offset, in which JQL dates are read (from its serverTime)."""
        info = self._get("/rest/api/2/serverInfo", {}, what="JIRA server info")
        server_time = info.get("serverTime")
        if not server_time:
            return timedelta(0)
        return parse_time(server_time).utcoffset() or timedelta(0)

    def search(self, jql: str, *, start_at: int = 0, token: str | None = None, what: str) -> Page:
        """A page of issues matching ``jql``, with the fields the sync reads."""
        if self.cloud:
            params = {"jql": jql, "maxResults": PAGE_SIZE, "fields": FIELDS}
            if token:
                params["nextPageToken"] = token
            body = self._get("/rest/api/3/search/jql", params, what=what)
            issues = body.get("issues")
            if not isinstance(issues, list):
                raise JiraUnavailable(f"{what}: malformed response from JIRA (no issues)")
            last = body.get("isLast", not body.get("nextPageToken"))
            return Page(issues, None, None if last else body.get("nextPageToken"))
        params = {"jql": jql, "startAt": start_at, "maxResults": PAGE_SIZE, "fields": FIELDS}
        body = self._get("/rest/api/2/search", params, what=what)
        issues = body.get("issues")
        if not isinstance(issues, list):
            raise JiraUnavailable(f"{what}: malformed response from JIRA (no issues)")
        return Page(issues, body.get("total"))

    def comments(self, key: str, *, start_at: int) -> dict[str, Any]:
        """More comments of one issue, when the inline list was cut short."""
        version = "3" if self.cloud else "2"
        return self._get(
            f"/rest/api/{version}/issue/{key}/comment",
            {"startAt": start_at, "maxResults": PAGE_SIZE},
            what=f"{key} comments",
        )


def parse_time(value: str | None) -> datetime | None:
    """JIRA's ``2020-03-04T09:30:12.000+0000`` as an aware datetime."""
    if not value:
        return None
    if len(value) > 5 and value[-5] in "+-" and value[-3] != ":":
        value = value[:-2] + ":" + value[-2:]
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
