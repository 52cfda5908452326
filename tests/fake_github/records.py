"""The records of the fake GitHub's dataset, one class per GitHub object the sync reads.

Dates are kept as GitHub prints them ("2024-07-01T10:00:00Z"), which sort as text in time
order. Actors carry their GraphQL form ready-made, since every page repeats them.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tests.fake_github.dataset import Repository

PULL_REQUEST_STATES = frozenset({"OPEN", "CLOSED", "MERGED"})
REVIEW_STATES = frozenset({"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"})
ISSUE_STATES = frozenset({"OPEN", "CLOSED"})
ISSUE_STATE_REASONS = frozenset({None, "COMPLETED", "NOT_PLANNED", "REOPENED", "DUPLICATE"})

EPOCH = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def isoformat(value: datetime | str) -> str:
    """GitHub's date form, in UTC with a Z; naive datetimes are taken as UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime(DATE_FORMAT)


class Actor:
    """A user or a bot. ``login`` is the REST spelling: bots end in "[bot]" there, while
    GraphQL's ``Bot.login`` drops the suffix ("dependabot[bot]" is "dependabot")."""

    __slots__ = ("database_id", "graphql", "login", "name", "typename")

    def __init__(self, login: str, database_id: int, typename: str, name: str | None) -> None:
        assert typename in ("User", "Bot"), typename
        self.login = login
        self.database_id = database_id
        self.typename = typename
        self.name = name
        if typename == "Bot":
            avatar = f"https://avatars.githubusercontent.com/in/{database_id}?v=4"
            self.graphql: dict[str, Any] = {
                "__typename": "Bot",
                "login": login.removesuffix("[bot]"),
                "avatarUrl": avatar,
                "databaseId": database_id,
            }
        else:
            avatar = f"https://avatars.githubusercontent.com/u/{database_id}?v=4"
            self.graphql = {
                "__typename": "User",
                "login": login,
                "avatarUrl": avatar,
                "databaseId": database_id,
                "name": name,
            }

    def __repr__(self) -> str:
        return f"<{self.typename} {self.login}>"


@dataclass(slots=True, eq=False)
class Comment:
    """A review comment, or an issue comment (on an issue, or on a pull request's
    conversation): the sync reads who and when."""

    database_id: int
    created_at: str
    author: Actor | None


@dataclass(slots=True, eq=False)
class Review:
    id: str  # GraphQL node id, as ReviewComments asks for it
    database_id: int
    state: str
    submitted_at: str | None
    author: Actor | None
    pull_request: PullRequest
    comments: list[Comment] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class PullRequest:
    repository: Repository
    number: int
    database_id: int
    title: str
    author: Actor | None
    state: str
    is_draft: bool
    created_at: str
    updated_at: str
    merged_at: str | None
    closed_at: str | None
    merged_by: Actor | None
    additions: int
    deletions: int
    changed_files: int
    merge_commit: str | None
    labels: list[str]
    reviews: list[Review] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)  # the conversation's


@dataclass(slots=True, eq=False)
class Issue:
    repository: Repository
    number: int
    database_id: int
    title: str
    author: Actor | None
    state: str
    state_reason: str | None
    created_at: str
    updated_at: str
    closed_at: str | None
    assignees: list[Actor]
    labels: list[str]
    comments: list[Comment] = field(default_factory=list)


class UpdateOrder(NamedTuple):
    """Pull requests or issues newest-updated first, with their (updatedAt, databaseId) keys
    oldest first so a cursor's position is one bisect away."""

    nodes: list[Any]
    keys: list[tuple[str, int]]

    @classmethod
    def of(cls, items: Iterable[PullRequest | Issue]) -> UpdateOrder:
        nodes = sorted(items, key=lambda item: (item.updated_at, item.database_id), reverse=True)
        keys = [(item.updated_at, item.database_id) for item in reversed(nodes)]
        return cls(nodes, keys)


def review_node_id(database_id: int) -> str:
    """An opaque node id in GitHub's newer style ("PRR_kw..."), unique per review."""
    raw = database_id.to_bytes(8, "big")
    return "PRR_kwDO" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def commit_sha(full_name: str, number: int) -> str:
    """A stable 40-hex-digit sha for a merged pull request."""
    return hashlib.sha1(f"{full_name}#{number}".encode()).hexdigest()
