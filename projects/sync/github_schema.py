"""What the GitHub sync reads of GitHub's GraphQL answers, as typed records.

``github_client`` reads every answer into these before returning it; the sync and the store
read attributes only. Field names follow the queries in ``github_queries``
(docs.github.com/graphql/reference/objects). A node without a member the sync reads, or with
one of the wrong shape, makes the whole page a ``MalformedResponse`` naming the node, before
any of it is stored.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projects.sync.errors import MalformedResponse

# Slots, not frozen: a first sync reads some 100,000 of these, and a frozen dataclass takes
# three times as long to make.


@dataclass(slots=True)
class Actor:
    login: str  # a bot's with "[bot]", as commits, REST and people write it
    account_id: int | None  # the account's databaseId, which sign-in binds by
    name: str  # a user's display name; "" when none is set


@dataclass(slots=True)
class Comment:
    github_id: int
    created_at: datetime
    author: Actor | None  # None: a deleted account (the "ghost")


@dataclass(slots=True)
class Review:
    node_id: str  # asked for again when its comments overflow
    github_id: int
    state: str  # lower case, as stored
    submitted_at: datetime | None
    author: Actor | None
    comments: list[Comment]
    more_comments: str | None  # the cursor after ``comments`` when GitHub has more


@dataclass(slots=True)
class PullRequest:
    number: int
    github_id: int
    title: str
    state: str  # lower case: open, closed, merged
    is_draft: bool
    created_at: datetime
    updated_at: datetime
    merged_at: datetime | None
    closed_at: datetime | None
    additions: int | None
    deletions: int | None
    changed_files: int | None
    merge_commit_sha: str  # "" when not merged
    author: Actor | None
    merged_by: Actor | None
    labels: list[str]
    comments: list[Comment]  # on the conversation, not on the diff
    more_comments: str | None
    reviews: list[Review]
    more_reviews: str | None  # the cursor after ``reviews`` when GitHub has more


@dataclass(slots=True)
class Issue:
    number: int
    github_id: int
    title: str
    state: str  # as GitHub writes it: OPEN, CLOSED
    state_reason: str | None  # COMPLETED, NOT_PLANNED, REOPENED
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    author: Actor | None
    assignees: list[Actor | None]
    labels: list[str]
    comments: list[Comment]
    more_comments: str | None


@dataclass(frozen=True, slots=True)
class Budget:
    remaining: int
    reset: datetime | None


@dataclass(frozen=True, slots=True)
class Page[T]:
    """A page of a repository's pull requests or issues, and the repository as GitHub
    names it now (renames are followed)."""

    nodes: list[T]
    total: int | None
    end_cursor: str | None
    has_next_page: bool
    repository_id: int | None
    name_with_owner: str
    budget: Budget


@dataclass(frozen=True, slots=True)
class More[T]:
    """A follow-up page of a nested list that overflowed its first page."""

    nodes: list[T]
    after: str | None  # the cursor after ``nodes`` when GitHub has more


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def budget(data: dict[str, Any]) -> Budget:
    """Requests left and when the budget resets, from a query's ``rateLimit``."""
    rate = data.get("rateLimit") or {}
    return Budget(int(rate.get("remaining", 1 << 30)), parse_time(rate.get("resetAt")))


def page[T](
    data: dict[str, Any], member: str, parse: Callable[[dict[str, Any]], T], *, what: str
) -> Page[T] | None:
    """The page of ``repository.<member>``; None when GitHub found no such repository."""
    found = data.get("repository")
    if found is None:
        return None
    try:
        connection = found[member]
        info = connection["pageInfo"]
        nodes = _nodes(connection["nodes"], parse, what=what)
        return Page(
            nodes=nodes,
            total=connection.get("totalCount"),
            end_cursor=info["endCursor"],
            has_next_page=bool(info["hasNextPage"]),
            repository_id=found.get("databaseId"),
            name_with_owner=found.get("nameWithOwner") or "",
            budget=budget(data),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MalformedResponse(what, _problem(exc), source="GitHub", where=member) from None


def more[T](
    data: dict[str, Any], path: tuple[str, ...], parse: Callable[[dict[str, Any]], T], *, what: str
) -> More[T]:
    """A follow-up page found at ``path`` in ``data``."""
    try:
        connection = data
        for member in path:
            connection = connection[member]
        nodes = _nodes(connection["nodes"], parse, what=what)
        return More(nodes, _after(connection))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        where = ".".join(path)
        raise MalformedResponse(what, _problem(exc), source="GitHub", where=where) from None


def _nodes[T](
    nodes: list[dict[str, Any]], parse: Callable[[dict[str, Any]], T], *, what: str
) -> list[T]:
    parsed = []
    for node in nodes:
        try:
            parsed.append(parse(node))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            kind = _KINDS.get(parse, "node")
            if not isinstance(node, dict):
                problem = f"a {kind} is {'null' if node is None else 'not an object'}"
                raise MalformedResponse(what, problem, source="GitHub") from None
            where = f"{kind} {_ident(node)}".rstrip()
            raise MalformedResponse(what, _problem(exc), source="GitHub", where=where) from None
    return parsed


def _ident(node: dict[str, Any]) -> str:
    if node.get("number") is not None:
        return f"#{node['number']}"
    return str(node.get("fullDatabaseId") or node.get("databaseId") or "")


def _problem(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{exc.args[0]!r} is missing"
    return f"a member is of the wrong type ({exc})"


def _after(connection: dict[str, Any]) -> str | None:
    info = connection["pageInfo"]
    return info["endCursor"] if info["hasNextPage"] else None


def actor(node: dict[str, Any] | None) -> Actor | None:
    if not node or not node.get("login"):
        return None
    login = node["login"]
    # GraphQL names a bot "dependabot"; commits, REST and people write "dependabot[bot]".
    if node.get("__typename") == "Bot" and not login.endswith("[bot]"):
        login += "[bot]"
    account = node.get("databaseId")
    return Actor(login, int(account) if account else None, node.get("name") or "")


def _github_id(node: dict[str, Any]) -> int:
    """A node's database id: the BigInt ``fullDatabaseId`` (sent as a string) when given."""
    return int(node.get("fullDatabaseId") or node["databaseId"])


def _labels(node: dict[str, Any]) -> list[str]:
    return [label["name"] for label in (node.get("labels") or {}).get("nodes", [])]


def comment(node: dict[str, Any]) -> Comment:
    return Comment(
        _github_id(node), datetime.fromisoformat(node["createdAt"]), actor(node.get("author"))
    )


def review(node: dict[str, Any]) -> Review:
    comments = node["comments"]
    return Review(
        node_id=node["id"],
        github_id=_github_id(node),
        state=node["state"].lower(),
        submitted_at=parse_time(node.get("submittedAt")),
        author=actor(node.get("author")),
        comments=[comment(each) for each in comments["nodes"]],
        more_comments=_after(comments),
    )


def pull_request(node: dict[str, Any]) -> PullRequest:
    reviews, comments = node["reviews"], node["comments"]
    return PullRequest(
        number=node["number"],
        github_id=_github_id(node),
        title=node.get("title") or "",
        state=node["state"].lower(),
        is_draft=bool(node.get("isDraft")),
        created_at=datetime.fromisoformat(node["createdAt"]),
        updated_at=datetime.fromisoformat(node["updatedAt"]),
        merged_at=parse_time(node.get("mergedAt")),
        closed_at=parse_time(node.get("closedAt")),
        additions=node.get("additions"),
        deletions=node.get("deletions"),
        changed_files=node.get("changedFiles"),
        merge_commit_sha=(node.get("mergeCommit") or {}).get("oid") or "",
        author=actor(node.get("author")),
        merged_by=actor(node.get("mergedBy")),
        labels=_labels(node),
        comments=[comment(each) for each in comments["nodes"]],
        more_comments=_after(comments),
        reviews=[review(each) for each in reviews["nodes"]],
        more_reviews=_after(reviews),
    )


def issue(node: dict[str, Any]) -> Issue:
    comments = node["comments"]
    return Issue(
        number=node["number"],
        github_id=_github_id(node),
        title=node.get("title") or "",
        state=node["state"],
        state_reason=node.get("stateReason"),
        created_at=datetime.fromisoformat(node["createdAt"]),
        updated_at=datetime.fromisoformat(node["updatedAt"]),
        closed_at=parse_time(node.get("closedAt")),
        author=actor(node.get("author")),
        assignees=[actor(each) for each in (node.get("assignees") or {}).get("nodes", [])],
        labels=_labels(node),
        comments=[comment(each) for each in comments["nodes"]],
        more_comments=_after(comments),
    )


_KINDS: dict[Callable[..., Any], str] = {
    pull_request: "pull request",
    issue: "issue",
    review: "review",
    comment: "comment",
}
