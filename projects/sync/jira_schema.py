"""What the JIRA sync accepts of JIRA's answers: every page is checked against the shape the
REST API documents (docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search,
#api/2/issue-getComments) before any of it is stored.

A 200 with a member missing or of the wrong type is not "nothing there": taken so, a comment
page without ``comments`` once read as "all deleted" and lost half an issue's comments for
good. ``Malformed`` names the member and the issue or comment it belongs to; the client adds
which page.
"""

from datetime import datetime
from typing import Any


class Malformed(Exception):
    """``problem`` in the part of a page ``context`` names ("issue KAFKA-4", or "")."""

    def __init__(self, problem: str, *, context: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.context = context


def parse_time(value: str | None) -> datetime | None:
    """JIRA's ``2020-03-04T09:30:12.000+0000`` as an aware datetime."""
    if not value:
        return None
    if len(value) > 5 and value[-5] in "+-" and value[-3] != ":":
        value = value[:-2] + ":" + value[-2:]
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def server_time(info: dict[str, Any]) -> datetime | None:
    """serverInfo's ``serverTime``, whose offset JQL dates are read in; None if absent."""
    value = _optional(info, "serverTime", str)
    return None if value is None else _date(value, "serverTime")


def search_page(
    body: dict[str, Any], *, start_at: int, max_results: int, cloud: bool
) -> tuple[list[dict[str, Any]], int | None, str | None]:
    """(issues, total, next token) of a search page; Server pages by startAt over total,
    Cloud by nextPageToken until isLast."""
    issues = _member(body, "issues", list)
    total, token = None, None
    if cloud:
        token = next_token(body)
    else:
        total = _count_member(body, "total")
        _start_at(body, start_at)
        if not issues and max_results and start_at < total:
            raise Malformed(f"no issues though 'total' is {total}")
    for issue in issues:
        check_issue(issue)
    return issues, total, token


def next_token(body: dict[str, Any]) -> str | None:
    """Cloud's token for the next page; None on the last one."""
    last = _optional(body, "isLast", bool)
    token = _optional(body, "nextPageToken", str)
    if last is False and not token:
        raise Malformed("'isLast' is false but there is no 'nextPageToken'")
    return None if last else token


def comment_page(body: dict[str, Any], *, start_at: int) -> tuple[list[dict[str, Any]], int]:
    """(comments, total) of a page of an issue's comments."""
    comments = _member(body, "comments", list)
    total = _count_member(body, "total")
    _start_at(body, start_at)
    if not comments and start_at < total:
        raise Malformed(f"no comments though 'total' is {total}")
    for comment in comments:
        _comment(comment, "")
    return comments, total


def id_page(body: dict[str, Any], *, start_at: int, cloud: bool) -> tuple[list[str], int | None]:
    """(ids, total) of a search page that asked for no fields: Cloud sends ids alone."""
    issues = _member(body, "issues", list)
    total = None if cloud else _count_member(body, "total")
    if not cloud:
        _start_at(body, start_at)
        if not issues and start_at < total:
            # Taken as the end, the ids not listed would each be looked up as vanished.
            raise Malformed(f"no issues though 'total' is {total}")
    ids = []
    for issue in issues:
        if not isinstance(issue, dict):
            raise Malformed(f"an issue is {kind_of(issue)}, not an object")
        ids.append(_id(issue, "issue"))
    return ids, total


def count(body: dict[str, Any]) -> int:
    """Cloud's approximate count of the issues a JQL matches."""
    return _count_member(body, "count")


def check_issue(issue: Any) -> None:
    """An issue with the fields the sync reads, each of the type the API gives it."""
    if not isinstance(issue, dict):
        raise Malformed(f"an issue is {kind_of(issue)}, not an object")
    ident = _id(issue, "issue")
    key = issue.get("key")
    context = f"issue {key}" if isinstance(key, str) and key else f"issue {ident}"
    try:
        key = _member(issue, "key", str)
        if not key:
            raise Malformed("'key' is empty")
        fields = _member(issue, "fields", dict)
        for name in ("created", "updated"):
            _date(_member(fields, name, str, prefix="fields."), f"fields.{name}")
        if (resolved := _optional(fields, "resolutiondate", str, prefix="fields.")) is not None:
            _date(resolved, "fields.resolutiondate")
        _optional(fields, "summary", str, prefix="fields.")
        for name in ("reporter", "assignee", "creator"):
            _user(_optional(fields, name, dict, prefix="fields."), f"fields.{name}")
        for name in ("issuetype", "priority", "status", "resolution", "project"):
            named = _optional(fields, name, dict, prefix="fields.")
            if named is not None:
                _optional(
                    named, "key" if name == "project" else "name", str, prefix=f"fields.{name}."
                )
        for name in ("fixVersions", "components"):
            for item in _optional(fields, name, list, prefix="fields.") or []:
                if not isinstance(item, dict):
                    raise Malformed(f"an item of 'fields.{name}' is {kind_of(item)}, not an object")
                _optional(item, "name", str, prefix=f"fields.{name}.")
        block = _member(fields, "comment", dict, prefix="fields.")
        comments = _member(block, "comments", list, prefix="fields.comment.")
        total = _count_member(block, "total", prefix="fields.comment.")
        if total < len(comments):
            raise Malformed(f"'fields.comment.total' is {total} but {len(comments)} came inline")
    except Malformed as exc:
        raise Malformed(exc.problem, context=context) from None
    for comment in comments:
        _comment(comment, context)


def _comment(comment: Any, context: str) -> None:
    if not isinstance(comment, dict):
        raise Malformed(f"a comment is {kind_of(comment)}, not an object", context=context)
    ident = _id(comment, "comment")
    here = ", ".join(part for part in (context, f"comment {ident}") if part)
    try:
        _date(_member(comment, "created", str), "created")
        _user(_optional(comment, "author", dict), "author")
    except Malformed as exc:
        raise Malformed(exc.problem, context=here) from None


def _user(user: dict[str, Any] | None, name: str) -> None:
    for member in ("name", "key", "accountId", "displayName", "emailAddress"):
        if user is not None:
            _optional(user, member, str, prefix=f"{name}.")


def _id(record: dict[str, Any], what: str) -> str:
    """A record's numeric id, sent as a string (an int by some plugins)."""
    ident = record.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        return str(ident)
    if "id" not in record:
        raise Malformed(f"the {what}'s 'id' is missing")
    if not isinstance(ident, str) or not ident.isdigit():
        raise Malformed(f"the {what}'s 'id' is {ident!r}, not a number")
    return ident


def _member(body: dict[str, Any], name: str, kind: type, *, prefix: str = "") -> Any:
    if name not in body:
        raise Malformed(f"'{prefix}{name}' is missing")
    value = body[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise Malformed(f"'{prefix}{name}' is {kind_of(value)}, not {_expected(kind)}")
    return value


def _optional(body: dict[str, Any], name: str, kind: type, *, prefix: str = "") -> Any:
    """A member that may be left out or null."""
    if body.get(name) is None:
        return None
    return _member(body, name, kind, prefix=prefix)


def _count_member(body: dict[str, Any], name: str, *, prefix: str = "") -> int:
    value = body.get(name)
    if name not in body:
        raise Malformed(f"'{prefix}{name}' is missing")
    if not isinstance(value, int) or isinstance(value, bool):
        raise Malformed(f"'{prefix}{name}' is {kind_of(value)}, not a whole number")
    if value < 0:
        raise Malformed(f"'{prefix}{name}' is {value}, below zero")
    return value


def _start_at(body: dict[str, Any], asked: int) -> None:
    start_at = _count_member(body, "startAt")
    if start_at != asked:
        raise Malformed(f"'startAt' is {start_at}, not the {asked} asked for")


def _date(value: str, name: str) -> datetime:
    try:
        parsed = parse_time(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise Malformed(f"'{name}' is not a JIRA date: {value!r}")
    return parsed


def _expected(kind: type) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        kind, "a whole number"
    )
