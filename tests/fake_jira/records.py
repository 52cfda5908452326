"""The records of the fake JIRA's dataset: projects, users, issues and comments.

Moments are kept as integer epoch milliseconds (JIRA stores them to the millisecond), which
sort fast and convert to any time zone; ``jira_time`` prints them as JIRA does,
"2020-03-04T09:30:12.000+0000", in the server's zone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fake_jira.dataset import Project

EPOCH = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
_QUARTER = 15 * 60 * 1000
_QUARTERS: dict[tuple[tzinfo, int], tuple[str, int, str]] = {}

# Apache's JIRA workflow: each status and the category JIRA files it under.
STATUS_CATEGORIES = {
    "Open": "new",
    "Reopened": "new",
    "To Do": "new",
    "In Progress": "indeterminate",
    "Patch Available": "indeterminate",
    "In Review": "indeterminate",
    "Resolved": "done",
    "Closed": "done",
    "Done": "done",
}
# statusCategory: id, key, colorName, name, as JIRA numbers them.
CATEGORIES = {
    "new": (2, "blue-gray", "To Do"),
    "indeterminate": (4, "yellow", "In Progress"),
    "done": (3, "green", "Done"),
}
ISSUE_TYPES = ("Bug", "Improvement", "New Feature", "Task", "Sub-task", "Test", "Wish")
PRIORITIES = ("Blocker", "Critical", "Major", "Minor", "Trivial")
RESOLUTIONS = (
    "Fixed", "Won't Fix", "Duplicate", "Invalid", "Incomplete", "Cannot Reproduce",
    "Not A Problem", "Done", "Won't Do",
)  # fmt: skip


def to_millis(value: datetime | str) -> int:
    """Epoch milliseconds of a datetime (naive: UTC) or an ISO string, JIRA's form included."""
    if isinstance(value, str):
        text = value.replace("Z", "+00:00")
        if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # +0000 → +00:00
            text = text[:-2] + ":" + text[-2:]
        value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return round(value.timestamp() * 1000)


def jira_time(millis: int, zone: tzinfo) -> str:
    """JIRA's timestamp form: milliseconds, and the zone's offset without a colon."""
    # strftime per value dominated paging a large project; zone offsets change only on
    # quarter-hour boundaries, so each quarter hour's prefix and offset are made once.
    slot = millis // _QUARTER
    entry = _QUARTERS.get((zone, slot))
    if entry is None:
        start = datetime.fromtimestamp(slot * _QUARTER / 1000, zone)
        entry = (start.strftime("%Y-%m-%dT%H:"), start.minute, start.strftime("%z") or "+0000")
        _QUARTERS[(zone, slot)] = entry
    head, minute, offset = entry
    within = millis - slot * _QUARTER
    return (
        f"{head}{minute + within // 60_000:02d}:{within // 1000 % 60:02d}."
        f"{millis % 1000:03d}{offset}"
    )


@dataclass(slots=True, eq=False)
class User:
    """A JIRA account. Server shows ``name`` and ``key``, Cloud only ``account_id``. A user
    made before JIRA 8 has key == name; deleting keeps the name and sets ``active`` False;
    anonymizing (Data Center's GDPR tool) renames it to ``jirauser<id>`` with a display name
    like ``user-3fa2c``."""

    name: str
    key: str
    display_name: str
    email: str | None
    active: bool
    id: int
    account_id: str
    time_zone: str = "Etc/UTC"
    revision: int = 0  # bumped on every change; rendered forms are cached per revision
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def changed(self) -> None:
        self.revision += 1
        self.cache.clear()


def account_id(seed: str) -> str:
    """A Cloud account id in the classic 24-hex-digit form ("5b10ac8d82e05b22cc7d4ef5")."""
    return hashlib.sha1(seed.encode()).hexdigest()[:24]


@dataclass(slots=True, eq=False)
class Comment:
    id: int
    author: User | None
    created: int  # epoch ms
    updated: int
    body: str


@dataclass(slots=True, eq=False)
class Issue:
    """One issue. ``project`` and ``number`` make its key; a move changes both and keeps
    ``id``, as JIRA does."""

    id: int
    project: Project
    number: int
    summary: str
    issue_type: str
    priority: str | None
    status: str
    resolution: str | None
    created: int
    updated: int
    resolved: int | None
    reporter: User | None
    assignee: User | None
    creator: User | None
    fix_versions: list[str]
    components: list[str]
    comments: list[Comment] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.project.key}-{self.number}"

    def __repr__(self) -> str:
        return f"<Issue {self.key} ({self.id})>"
