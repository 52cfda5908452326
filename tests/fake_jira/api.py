"""The fake JIRA's REST resources: search (Server's ``startAt`` and Cloud's
``nextPageToken``), Cloud's approximate count, one issue, an issue's comments, and serverInfo.

Server/Data Center has only ``/rest/api/2`` (and its alias ``latest``); Cloud has ``2`` and
``3``, and answers the old ``search`` with 410 Gone since its removal
(developer.atlassian.com/changelog/#CHANGE-2046).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tests.fake_jira import jql
from tests.fake_jira.dataset import Project
from tests.fake_jira.records import jira_time, to_millis
from tests.fake_jira.render import FIELDS, NAVIGABLE, Renderer, requested_fields
from tests.fake_jira.responses import Response

if TYPE_CHECKING:
    from tests.fake_jira.server import FakeJira

_ROUTE = re.compile(r"^/rest/api/(2|3|latest)/(.+?)/?$")
_ISSUE = re.compile(r"^issue/([^/]+)$")
_COMMENTS = re.compile(r"^issue/([^/]+)/comment$")
SEARCH_REMOVED = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at "
    "https://developer.atlassian.com/changelog/#CHANGE-2046"
)
DEFAULT_MAX_RESULTS = 50  # JIRA's page size when the client names none


class Params:
    """Query parameters (repeatable) merged with a POST search's JSON body."""

    def __init__(self, query: dict[str, list[str]], payload: dict[str, Any] | None) -> None:
        self.values = {name: list(values) for name, values in query.items()}
        for name, value in (payload or {}).items():
            if isinstance(value, list):
                self.values[name] = [",".join(str(item) for item in value)]
            elif value is not None:
                self.values[name] = [str(value).lower() if isinstance(value, bool) else str(value)]

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.values.get(name)
        return values[-1] if values else default

    def all(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def integer(self, name: str, default: int) -> int:
        raw = self.get(name)
        if raw is None or raw == "":
            return default
        try:
            return max(0, int(raw))
        except ValueError:
            message = f"The value '{raw}' is not valid for the parameter '{name}'."
            raise BadRequest(message) from None


class BadRequest(Exception):
    pass


def answer(
    fake: FakeJira, method: str, path: str, params: Params, *, base: str, now: float
) -> Response:
    match = _ROUTE.match(path)
    if match is None:
        return _not_found(path)
    version, resource = match.groups()
    version = "2" if version == "latest" else version
    cloud = fake.cloud
    if version == "3" and not cloud:
        return _not_found(path)
    renderer = Renderer(
        base=base,
        api=version,
        cloud=cloud,
        zone=fake.zone,
        email_visibility=fake.email_visibility,
        inline_comments=fake.inline_comments,
    )
    searching = resource in ("search", "search/jql")
    if resource == "search/approximate-count":  # POST only, Cloud only
        if not cloud:
            return _not_found(path)
        if method != "POST":
            return Response.error(405, f"Method {method} is not allowed here.")
    elif method != "GET" and not (method == "POST" and searching):
        return Response.error(405, f"Method {method} is not allowed here.")
    try:
        if resource == "serverInfo":
            return Response.json(200, server_info(fake, base=base, now=now))
        if resource == "search":
            if cloud:
                return Response.error(410, SEARCH_REMOVED)
            return _search(fake, params, renderer)
        if resource == "search/jql":
            if not cloud:
                return _not_found(path)
            return _search_jql(fake, params, renderer)
        if resource == "search/approximate-count":
            return Response.json(200, {"count": len(_matching(fake, params.get("jql", "")))})
        if found := _ISSUE.match(resource):
            return _issue(fake, found.group(1), params, renderer)
        if found := _COMMENTS.match(resource):
            return _comments(fake, found.group(1), params, renderer)
    except BadRequest as refused:
        return Response.error(400, str(refused))
    return _not_found(path)


def server_info(fake: FakeJira, *, base: str, now: float) -> dict[str, Any]:
    """The instance's facts; ``serverTime`` carries the offset JQL dates are read in, and
    ``serverTimeZone`` (a Cloud field; on Server only the offset tells) names the zone."""
    server_time = jira_time(round(now * 1000), fake.zone)
    if fake.cloud:
        return {
            "baseUrl": base,
            "displayUrl": base,
            "version": "1001.0.0-SNAPSHOT",
            "versionNumbers": [1001, 0, 0],
            "deploymentType": "Cloud",
            "buildNumber": 100282,
            "buildDate": "2025-06-02T00:00:00.000+0000",
            "serverTime": server_time,
            "scmInfo": "b1e6ba3a5c6a3d2e0d7f7f2f6b3a5c1de7f0a9a2",
            "serverTitle": "Jira",
            "serverTimeZone": fake.time_zone,
        }
    major, minor, patch = (int(part) for part in fake.version.split("."))
    return {
        "baseUrl": base,
        "version": fake.version,
        "versionNumbers": [major, minor, patch],
        "deploymentType": fake.deployment,
        "buildNumber": major * 100_000 + minor * 1_000 + patch,
        "buildDate": "2022-06-10T00:00:00.000+0000",
        "databaseBuildNumber": major * 100_000 + minor * 1_000 + patch,
        "serverTime": server_time,
        "scmInfo": "4a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
        "serverTitle": fake.server_title,
        "serverTimeZone": fake.time_zone,
    }


# Search


def _search(fake: FakeJira, params: Params, renderer: Renderer) -> Response:
    """Server's offset search: startAt and maxResults (capped silently) over total.
    ``expand`` is accepted and ignored; the page lists what could be expanded, as JIRA's
    does."""
    issues = _matching(fake, params.get("jql", ""))
    start_at = params.integer("startAt", 0)
    max_results = min(params.integer("maxResults", DEFAULT_MAX_RESULTS), fake.max_results)
    fields = requested_fields(params.all("fields"), NAVIGABLE)
    page = issues[start_at : start_at + max_results]
    return Response.json(
        200,
        {
            "expand": "schema,names",
            "startAt": start_at,
            "maxResults": max_results,
            "total": len(issues),
            "issues": [renderer.issue(issue, fields) for issue in page],
        },
    )


def _search_jql(fake: FakeJira, params: Params, renderer: Renderer) -> Response:
    """Cloud's enhanced search: no total; a token resumes after the last issue sent, so an
    issue updated while paging comes again at the end instead of shifting the pages."""
    text = params.get("jql", "") or ""
    query = _query(text)
    project = _project(fake, query)
    order = project.by_update()
    token = params.get("nextPageToken")
    # A token resumes after the last issue sent; the first page starts at the JQL's date.
    issues = order.after(_decode_token(token, text)) if token else order.since(_since(fake, query))
    max_results = min(params.integer("maxResults", DEFAULT_MAX_RESULTS), fake.max_results)
    fields = requested_fields(params.all("fields"), frozenset())
    page = issues[:max_results]
    body: dict[str, Any] = {"issues": [_cloud_issue(renderer, issue, fields) for issue in page]}
    last = len(issues) <= max_results
    if not last and page:
        body["nextPageToken"] = _encode_token((page[-1].updated, page[-1].id), text)
    body["isLast"] = last or not page
    return Response.json(200, body)


def _cloud_issue(renderer: Renderer, issue: Any, fields: frozenset[str]) -> dict[str, Any]:
    if not fields & set(FIELDS):  # the enhanced search's default: ids only
        return {"id": str(issue.id)}
    return renderer.issue(issue, fields)


def _matching(fake: FakeJira, text: str | None) -> list[Any]:
    query = _query(text or "")
    return _project(fake, query).by_update().since(_since(fake, query))


def _query(text: str) -> jql.Query:
    try:
        return jql.parse(text)
    except jql.JqlError as refused:
        raise BadRequest(str(refused)) from None


def _project(fake: FakeJira, query: jql.Query) -> Project:
    project = fake.dataset.project(query.project)
    if project is None:
        raise BadRequest(f"The value '{query.project}' does not exist for the field 'project'.")
    return project


def _since(fake: FakeJira, query: jql.Query) -> int | None:
    """The JQL date, read as wall-clock time in the server's zone, in epoch ms."""
    if query.since is None:
        return None
    local: datetime = query.since.replace(tzinfo=fake.zone)
    return to_millis(local)


def _encode_token(position: tuple[int, int], text: str) -> str:
    raw = json.dumps({"after": list(position), "jql": _fingerprint(text)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str, text: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
        updated, issue_id = state["after"]
        if state["jql"] != _fingerprint(text):
            raise ValueError("another query's token")
        return int(updated), int(issue_id)
    except (ValueError, KeyError, TypeError):
        raise BadRequest("The provided next page token is invalid or expired.") from None


def _fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


# One issue and its comments


def _issue(fake: FakeJira, key: str, params: Params, renderer: Renderer) -> Response:
    issue = fake.dataset.issue(key)
    if issue is None:
        return Response.error(404, "Issue Does Not Exist")
    fields = requested_fields(params.all("fields"), frozenset(FIELDS))
    return Response.json(200, renderer.issue(issue, fields))


def _comments(fake: FakeJira, key: str, params: Params, renderer: Renderer) -> Response:
    """A page of an issue's comments, oldest first (``orderBy=-created``: newest first)."""
    issue = fake.dataset.issue(key)
    if issue is None:
        return Response.error(404, "Issue Does Not Exist")
    start_at = params.integer("startAt", 0)
    max_results = min(params.integer("maxResults", 5000), fake.comment_max_results)
    order = params.get("orderBy", "created") or "created"
    if order.lstrip("+-") != "created":
        raise BadRequest(f"The value '{order}' is not valid for the parameter 'orderBy'.")
    comments = issue.comments[::-1] if order.startswith("-") else issue.comments
    body = renderer.comment_page(issue, comments, start_at=start_at, max_results=max_results)
    return Response.json(200, body)


def _not_found(path: str) -> Response:
    """Jersey's answer for a path no resource serves."""
    return Response.json(404, {"message": f"null for uri: {path}", "status-code": 404})
