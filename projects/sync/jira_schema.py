"""What the JIRA sync accepts of JIRA's answers: every page is checked against the shape the
REST API documents (docs.atlassian.com/software/jira/docs/api/REST/latest/#api/2/search,
#api/2/issue-getComments) and read into typed records (``Issue``, ``Comment``, ``User``)
before any of it is stored; the sync reads attributes only.

A 200 with a member missing or of the wrong type is not "nothing there": taken so, a comment
page without ``comments`` once read as "all deleted" and lost half an issue's comments for
good. ``Malformed`` names the member and the issue or comment it belongs to; the client adds
which page.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Slots, not frozen: a first sync of a large project reads some 100,000 comments, and a frozen
# dataclass takes three times as long to make.


@dataclass(slots=True)
class User:
    id: str  # Server's ``name`` (or ``key``), Cloud's ``accountId``: stable across renames
    display_name: str  # "" when JIRA sends none
    email: str  # "" when JIRA sends none (or hides it)


@dataclass(slots=True)
class Comment:
    id: str
    created: datetime
    author: User | None  # None: anonymous, or a user JIRA names by nothing stable


@dataclass(slots=True)
class Issue:
    id: str  # numeric, sent as a string; it survives moves between projects
    key: str  # KAFKA-123, the key it has now
    project_key: str  # "" when the fields leave the project out
    summary: str
    issue_type: str  # these four are names; "" when not set
    priority: str
    status: str
    resolution: str
    created: datetime
    updated: datetime
    resolved: datetime | None
    reporter: User | None
    assignee: User | None
    creator: User | None
    fix_versions: list[str]
    components: list[str]
    comments: list[Comment]  # the inline page; the sync completes it
    comment_total: int  # how many the issue has, inline or not


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
) -> tuple[list[Issue], int | None, str | None]:
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
    return [issue(each) for each in issues], total, token


def next_token(body: dict[str, Any]) -> str | None:
    """Cloud's token for the next page; None on the last one."""
    last = _optional(body, "isLast", bool)
    token = _optional(body, "nextPageToken", str)
    if last is False and not token:
        raise Malformed("'isLast' is false but there is no 'nextPageToken'")
    return None if last else token


def comment_page(body: dict[str, Any], *, start_at: int) -> tuple[list[Comment], int]:
    """(comments, total) of a page of an issue's comments."""
    comments = _member(body, "comments", list)
    total = _count_member(body, "total")
    _start_at(body, start_at)
    if not comments and start_at < total:
        raise Malformed(f"no comments though 'total' is {total}")
    return [_comment(each, "") for each in comments], total


def id_page(body: dict[str, Any], *, start_at: int, cloud: bool) -> tuple[list[str], int | None]:
    """(ids, total) of a search page that asked for no fields: Cloud sends ids alone."""
    issues = _member(body, "issues", list)
    total: int | None = None
    if not cloud:
        total = _count_member(body, "total")
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


def issue(raw: Any) -> Issue:
    """An issue with the fields the sync reads, each of the type the API gives it."""
    if not isinstance(raw, dict):
        raise Malformed(f"an issue is {kind_of(raw)}, not an object")
    ident = _id(raw, "issue")
    key = raw.get("key")
    context = f"issue {key}" if isinstance(key, str) and key else f"issue {ident}"
    try:
        key = _member(raw, "key", str)
        if not key:
            raise Malformed("'key' is empty")
        fields = _member(raw, "fields", dict)
        created = _date(_member(fields, "created", str, prefix="fields."), "fields.created")
        updated = _date(_member(fields, "updated", str, prefix="fields."), "fields.updated")
        resolved = _optional(fields, "resolutiondate", str, prefix="fields.")
        if resolved is not None:
            resolved = _date(resolved, "fields.resolutiondate")
        summary = _optional(fields, "summary", str, prefix="fields.") or ""
        reporter, assignee, creator = (
            _user(_optional(fields, name, dict, prefix="fields."), f"fields.{name}")
            for name in ("reporter", "assignee", "creator")
        )
        issue_type, priority, status, resolution, project_key = (
            _name(fields, name, "key" if name == "project" else "name")
            for name in ("issuetype", "priority", "status", "resolution", "project")
        )
        fix_versions, components = (_names(fields, name) for name in ("fixVersions", "components"))
        block = _member(fields, "comment", dict, prefix="fields.")
        comments = _member(block, "comments", list, prefix="fields.comment.")
        total = _count_member(block, "total", prefix="fields.comment.")
        if total < len(comments):
            raise Malformed(f"'fields.comment.total' is {total} but {len(comments)} came inline")
    except Malformed as exc:
        raise Malformed(exc.problem, context=context) from None
    return Issue(
        id=ident, key=key, project_key=project_key, summary=summary, issue_type=issue_type,
        priority=priority, status=status, resolution=resolution, created=created,
        updated=updated, resolved=resolved, reporter=reporter, assignee=assignee,
        creator=creator, fix_versions=fix_versions, components=components,
        comments=[_comment(comment, context) for comment in comments], comment_total=total,
    )  # fmt: skip


def _name(fields: dict[str, Any], name: str, member: str) -> str:
    """The name (a project's key) of a field holding an object; "" when not set."""
    named = _optional(fields, name, dict, prefix="fields.")
    if named is None:
        return ""
    return _optional(named, member, str, prefix=f"fields.{name}.") or ""


def _names(fields: dict[str, Any], name: str) -> list[str]:
    names = []
    for item in _optional(fields, name, list, prefix="fields.") or []:
        if not isinstance(item, dict):
            raise Malformed(f"an item of 'fields.{name}' is {kind_of(item)}, not an object")
        names.append(_optional(item, "name", str, prefix=f"fields.{name}.") or "")
    return names


def _comment(comment: Any, context: str) -> Comment:
    if not isinstance(comment, dict):
        raise Malformed(f"a comment is {kind_of(comment)}, not an object", context=context)
    ident = _id(comment, "comment")
    here = ", ".join(part for part in (context, f"comment {ident}") if part)
    try:
        created = _date(_member(comment, "created", str), "created")
        author = _user(_optional(comment, "author", dict), "author")
    except Malformed as exc:
        raise Malformed(exc.problem, context=here) from None
    return Comment(ident, created, author)


def _user(user: dict[str, Any] | None, name: str) -> User | None:
    """A user by their stable name, None without one (or without a user)."""
    if user is None:
        return None
    values = [
        _optional(user, member, str, prefix=f"{name}.")
        for member in ("name", "key", "accountId", "displayName", "emailAddress")
    ]
    ident = values[0] or values[1] or values[2]
    return User(ident, values[3] or "", values[4] or "") if ident else None


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
