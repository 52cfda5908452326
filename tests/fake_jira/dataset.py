"""The fake JIRA's in-memory data: projects, users, issues and their comments.

Tests build it directly (``Dataset.add_issue("KAFKA", ...)``) or in bulk
(``tests.fake_jira.generator.generate``); the server answers from it. Unless a test passes
dates, each new or changed object gets the next minute of a dataset clock that stays ahead of
every date seen, so "update an issue" always moves it to the end of ``ORDER BY updated ASC``.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from tests.fake_jira.records import (
    EPOCH,
    STATUS_CATEGORIES,
    Comment,
    Issue,
    User,
    account_id,
    to_millis,
)

_UNSET: Any = object()
_ISSUE_CHANGES = frozenset(
    {"summary", "issue_type", "priority", "status", "resolution", "resolved", "reporter",
     "assignee", "creator", "fix_versions", "components", "created"}
)  # fmt: skip
_USER_FIELDS = ("reporter", "assignee", "creator")


class UpdateOrder(NamedTuple):
    """A project's issues in ``ORDER BY updated ASC`` order, ties by id, with their
    (updated, id) keys so a JQL lower bound is one bisect away."""

    issues: list[Issue]
    keys: list[tuple[int, int]]

    def since(self, millis: int | None) -> list[Issue]:
        if millis is None:
            return self.issues
        return self.issues[bisect.bisect_left(self.keys, (millis, -1)) :]

    def after(self, position: tuple[int, int]) -> list[Issue]:
        """The issues sorting after (updated, id): where a Cloud page token resumes."""
        return self.issues[bisect.bisect_right(self.keys, position) :]


class Project:
    def __init__(self, dataset: Dataset, key: str, name: str, project_id: int) -> None:
        self.dataset = dataset
        self.key = key
        self.name = name
        self.id = project_id
        self.issues: dict[int, Issue] = {}  # by number
        self.versions: dict[str, int] = {}  # name → id
        self.components: dict[str, int] = {}
        self.next_number = 1
        self._order: UpdateOrder | None = None

    def __repr__(self) -> str:
        return f"<Project {self.key} ({self.id})>"

    def by_update(self) -> UpdateOrder:
        if self._order is None:
            issues = sorted(self.issues.values(), key=lambda issue: (issue.updated, issue.id))
            self._order = UpdateOrder(issues, [(issue.updated, issue.id) for issue in issues])
        return self._order

    def changed(self) -> None:
        self._order = None

    def version_id(self, name: str) -> int:
        if name not in self.versions:
            self.versions[name] = self.dataset.next_id("version")
        return self.versions[name]

    def component_id(self, name: str) -> int:
        if name not in self.components:
            self.components[name] = self.dataset.next_id("component")
        return self.components[name]

    def take_number(self, number: int | None) -> int:
        if number is None:
            number = self.next_number
        assert number not in self.issues, f"{self.key}-{number} exists"
        self.next_number = max(self.next_number, number + 1)
        return number


class Dataset:
    """Every project, user and issue the fake JIRA knows."""

    def __init__(self, *, start: datetime = EPOCH) -> None:
        self.projects: dict[str, Project] = {}  # by key, upper case
        self.users: dict[str, User] = {}  # by the name given at creation, lower case
        self.issues: dict[int, Issue] = {}  # by id
        self.keys: dict[str, Issue] = {}  # by key, upper case, moved issues' old keys too
        self._clock = to_millis(start)
        self._ids = {
            "project": 12_310_000,
            "user": 10_000,
            "issue": 13_000_000,
            "comment": 17_000_000,
            "version": 12_340_000,
            "component": 12_330_000,
        }

    # Projects and users

    def add_project(self, key: str, name: str | None = None, *, id: int | None = None) -> Project:
        key = key.upper()
        assert key not in self.projects, f"project {key} exists"
        project = Project(self, key, name or key.title(), id or self.next_id("project"))
        self.projects[key] = project
        return project

    def project(self, key: str) -> Project | None:
        return self.projects.get(key.upper())

    def add_user(
        self,
        name: str,
        *,
        display_name: str | None = None,
        email: str | None = _UNSET,
        active: bool = True,
        key: str | None = None,
    ) -> User:
        """A user; the key is the name (as for accounts made before JIRA 8) unless given,
        e.g. "JIRAUSER10100" for a newer one. The e-mail defaults to name@apache.org."""
        assert name.lower() not in self.users, f"user {name} exists"
        user = User(
            name=name,
            key=key or name,
            display_name=display_name or name.replace("-", " ").replace("_", " ").title(),
            email=f"{name}@apache.org" if email is _UNSET else email,
            active=active,
            id=self.next_id("user"),
            account_id=account_id(f"account:{key or name}"),
        )
        self.users[name.lower()] = user
        return user

    def user(self, who: str | User | None) -> User | None:
        """The user named ``who`` (made on first use), a User as is, or None."""
        if who is None or isinstance(who, User):
            return who
        return self.users.get(who.lower()) or self.add_user(who)

    def delete_user(self, name: str) -> User:
        """Delete an account as JIRA does: its issues and comments keep pointing at it, with
        name and display name kept and ``active`` false."""
        user = self.users[name.lower()]
        user.active = False
        user.changed()
        return user

    def anonymize_user(self, name: str) -> User:
        """Data Center's GDPR anonymization: name and key become "jirauser<id>", the display
        name an alias like "user-3fa2c", the e-mail goes; the account is inactive."""
        user = self.users[name.lower()]
        alias = hashlib.sha1(f"anonymous:{user.id}".encode()).hexdigest()[:5]
        user.name = f"jirauser{user.id}"
        user.key = f"JIRAUSER{user.id}"
        user.display_name = f"user-{alias}"
        user.email = None
        user.active = False
        user.changed()
        return user

    # Issues and comments

    def add_issue(
        self,
        project_key: str,
        *,
        number: int | None = None,
        summary: str | None = None,
        reporter: str | User | None = "reporter",
        assignee: str | User | None = None,
        creator: str | User | None = _UNSET,
        type: str = "Bug",
        priority: str | None = "Major",
        status: str = "Open",
        resolution: str | None = _UNSET,
        created: datetime | str | None = None,
        updated: datetime | str | None = None,
        resolved: datetime | str | None = _UNSET,
        fix_versions: Iterable[str] = (),
        components: Iterable[str] = (),
        comments: int = 0,
    ) -> Issue:
        """An issue with the next number of its project (or ``number``), created at the next
        minute (or at ``updated`` if only that is given). The creator is the reporter unless
        given; an issue in a done status is resolved "Fixed" at its update
        unless told otherwise. ``comments`` adds that many comments by "commenter"."""
        assert status in STATUS_CATEGORIES, status
        project = self.projects[project_key.upper()]
        # Given only an update time, the issue was created then.
        created_ms = self._moment(created if created is not None else updated)
        updated_ms = self._moment(updated) if updated is not None else created_ms
        assert updated_ms >= created_ms, "updated before created"
        done = STATUS_CATEGORIES[status] == "done"
        if resolution is _UNSET:
            resolution = "Fixed" if done else None
        if resolved is _UNSET:
            resolved_ms = updated_ms if resolution else None
        else:
            resolved_ms = None if resolved is None else self._moment(resolved)
        reporter_user = self.user(reporter)
        number = project.take_number(number)
        issue = Issue(
            id=self.next_id("issue"),
            project=project,
            number=number,
            summary=summary or f"Problem number {number}",
            issue_type=type,
            priority=priority,
            status=status,
            resolution=resolution,
            created=created_ms,
            updated=updated_ms,
            resolved=resolved_ms,
            reporter=reporter_user,
            assignee=self.user(assignee),
            creator=reporter_user if creator is _UNSET else self.user(creator),
            fix_versions=list(fix_versions),
            components=list(components),
        )
        self._file(issue)
        for _ in range(comments):  # part of its last update
            self._comment(issue, self.user("commenter"), updated_ms, None)
        return issue

    def add_comment(
        self,
        issue_key: str,
        *,
        author: str | User | None = "commenter",
        created: datetime | str | None = None,
        body: str | None = None,
        touch: bool = True,
    ) -> Comment:
        """A comment, at the next minute unless ``created`` says; like JIRA it moves the
        issue's ``updated`` to the comment's time (``touch=False`` does not)."""
        issue = self._issue(issue_key)
        created_ms = self._moment(created)
        comment = self._comment(issue, self.user(author), created_ms, body)
        if touch and created_ms > issue.updated:
            issue.updated = created_ms
            issue.project.changed()
        return comment

    def update_issue(
        self, key: str, *, updated: datetime | str | None = None, **changes: Any
    ) -> Issue:
        """Change an issue (keys are add_issue's, ``type`` as ``issue_type``) and move its
        ``updated`` to the next minute or the given time. Moving into a done status resolves
        it "Fixed" at that time unless a resolution is given; out of one clears both."""
        if "type" in changes:
            changes["issue_type"] = changes.pop("type")
        unknown = set(changes) - _ISSUE_CHANGES
        assert not unknown, f"unknown issue fields: {sorted(unknown)}"
        issue = self._issue(key)
        was_done = STATUS_CATEGORIES[issue.status] == "done"
        for name, value in changes.items():
            if name in _USER_FIELDS:
                value = self.user(value)
            elif name in ("created", "resolved"):
                value = None if value is None else self._moment(value)
            elif name == "fix_versions":
                value = list(value)
                for version in value:
                    issue.project.version_id(version)
            elif name == "components":
                value = list(value)
                for component in value:
                    issue.project.component_id(component)
            elif name == "status":
                assert value in STATUS_CATEGORIES, value
            setattr(issue, name, value)
        issue.updated = self._moment(updated)
        done = STATUS_CATEGORIES[issue.status] == "done"
        if done and not was_done and "resolution" not in changes:
            issue.resolution = issue.resolution or "Fixed"
        if not done and was_done and "resolution" not in changes:
            issue.resolution = None
        if issue.resolution is None:
            issue.resolved = None
        elif "resolved" not in changes and (issue.resolved is None or not was_done):
            issue.resolved = issue.updated
        issue.project.changed()
        return issue

    def move_issue(self, key: str, new_project_key: str) -> str:
        """Move an issue to another project, as JIRA's "Move": it gets the next number there
        and keeps its id; the old key still finds it; ``updated`` moves on. Returns the new
        key."""
        issue = self._issue(key)
        target = self.projects[new_project_key.upper()]
        source = issue.project
        del source.issues[issue.number]
        source.changed()
        issue.project = target
        issue.number = target.take_number(None)
        issue.updated = self._moment(None)
        target.issues[issue.number] = issue
        target.changed()
        self.keys[issue.key] = issue
        return issue.key

    def delete_issue(self, key: str) -> Issue:
        """Delete an issue as JIRA does, for good: its id and every key it had (a moved
        issue's old ones too) answer 404 from now on, and searches leave it out."""
        issue = self._issue(key)
        del issue.project.issues[issue.number]
        issue.project.changed()
        del self.issues[issue.id]
        for old_key in [k for k, found in self.keys.items() if found is issue]:
            del self.keys[old_key]
        return issue

    def delete_comment(self, issue_key: str, comment_id: int, *, touch: bool = True) -> Comment:
        """Delete one comment; like add_comment it moves the issue's ``updated`` to the next
        minute (``touch=False`` leaves it, as a delete the search cannot see)."""
        issue = self._issue(issue_key)
        (comment,) = [c for c in issue.comments if c.id == comment_id]
        issue.comments.remove(comment)
        if touch:
            issue.updated = self._moment(None)
            issue.project.changed()
        return comment

    def issue(self, key_or_id: str | int) -> Issue | None:
        """By key (case-insensitive; a moved issue's old keys too) or numeric id."""
        text = str(key_or_id)
        if text.isdigit():
            return self.issues.get(int(text))
        return self.keys.get(text.upper())

    # Clock and ids

    def tick(self) -> int:
        """The next minute on the dataset clock, in epoch milliseconds."""
        self._clock += 60_000
        return self._clock

    @property
    def clock(self) -> int:
        """The dataset clock, in epoch ms: no date in the dataset is later."""
        return self._clock

    def next_id(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def advance(self, millis: int) -> None:
        """Keep the clock at or past ``millis`` (the generator's bulk dates)."""
        self._clock = max(self._clock, millis)

    # Internals

    def _file(self, issue: Issue) -> None:
        project = issue.project
        project.issues[issue.number] = issue
        project.changed()
        self.issues[issue.id] = issue
        self.keys[issue.key] = issue
        for name in issue.fix_versions:
            project.version_id(name)
        for name in issue.components:
            project.component_id(name)

    def _comment(
        self, issue: Issue, author: User | None, created: int, body: str | None
    ) -> Comment:
        comment = Comment(
            id=self.next_id("comment"),
            author=author,
            created=created,
            updated=created,
            body=body or f"Comment {len(issue.comments) + 1} on {issue.key}.",
        )
        issue.comments.append(comment)
        if len(issue.comments) > 1 and created < issue.comments[-2].created:
            issue.comments.sort(key=lambda c: (c.created, c.id))
        return comment

    def _issue(self, key: str) -> Issue:
        issue = self.issue(key)
        assert issue is not None, f"no issue {key}"
        return issue

    def _moment(self, value: datetime | str | None) -> int:
        """A given moment in epoch ms, keeping the clock ahead of it; None: the next minute."""
        if value is None:
            return self.tick()
        millis = to_millis(value)
        self._clock = max(self._clock, millis)
        return millis
