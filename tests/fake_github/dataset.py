"""The fake GitHub's in-memory data: repositories, people and bots, pull requests with their
conversation comments, reviews and review comments, issues with their comments.

Tests build it directly (``Dataset.add_repository(...).add_pull_request(...)``) or in bulk
(``tests.fake_github.generator.generate``); the server answers from it. Unless a test
passes dates, each new or changed object gets the next minute of a dataset clock that stays
ahead of every date seen, so "update a pull request" always moves it to the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fake_github.records import (
    DATE_FORMAT,
    EPOCH,
    ISSUE_STATE_REASONS,
    ISSUE_STATES,
    PULL_REQUEST_STATES,
    REVIEW_STATES,
    Actor,
    Comment,
    Issue,
    PullRequest,
    Review,
    UpdateOrder,
    commit_sha,
    isoformat,
    review_node_id,
)

_UNSET: Any = object()
_PULL_REQUEST_CHANGES = frozenset(
    {"title", "author", "state", "draft", "created_at", "merged_at", "closed_at", "merged_by",
     "additions", "deletions", "changed_files", "merge_commit", "labels"}
)  # fmt: skip
_ISSUE_CHANGES = frozenset(
    {"title", "author", "state", "state_reason", "closed_at", "assignees", "labels"}
)


class Repository:
    """One repository's pull requests and issues, which share one number sequence."""

    def __init__(self, dataset: Dataset, owner: str, name: str, database_id: int) -> None:
        self.dataset = dataset
        self.owner = owner
        self.name = name
        self.database_id = database_id
        self.pull_requests: dict[int, PullRequest] = {}
        self.issues: dict[int, Issue] = {}
        self._next_number = 1
        # Newest-updated-first views, rebuilt on the first read after a change.
        self._pull_request_order: UpdateOrder | None = None
        self._issue_order: UpdateOrder | None = None

    def __repr__(self) -> str:
        return f"<Repository {self.full_name} ({self.database_id})>"

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def rename(self, full_name: str) -> None:
        """Move to a new owner/name; the old one keeps resolving, as GitHub redirects it."""
        self.dataset._rename(self, full_name)

    # Pull requests, conversation comments, reviews, review comments

    def add_pull_request(
        self,
        *,
        number: int | None = None,
        title: str | None = None,
        author: str | Actor | None = "octocat",
        state: str = "OPEN",
        draft: bool = False,
        created_at: datetime | str | None = None,
        updated_at: datetime | str | None = None,
        merged_at: datetime | str | None = None,
        closed_at: datetime | str | None = None,
        merged_by: str | Actor | None = None,
        additions: int = 1,
        deletions: int = 0,
        changed_files: int = 1,
        merge_commit: str | None = None,
        labels: Iterable[str] = (),
    ) -> PullRequest:
        """A pull request; a MERGED one gets mergedAt, closedAt and a merge commit sha
        unless given, a CLOSED one closedAt."""
        assert state in PULL_REQUEST_STATES, state
        ds = self.dataset
        number = self._take_number(number)
        created = ds._date(created_at)
        updated = ds._date(updated_at) if updated_at is not None else created
        pull = PullRequest(
            repository=self,
            number=number,
            database_id=ds._next_id("pull_request"),
            title=title or f"Change number {number}",
            author=ds.actor(author),
            state=state,
            is_draft=draft,
            created_at=created,
            updated_at=updated,
            merged_at=None,
            closed_at=None,
            merged_by=ds.actor(merged_by),
            additions=additions,
            deletions=deletions,
            changed_files=changed_files,
            merge_commit=merge_commit,
            labels=list(labels),
        )
        self._settle(pull, merged_at=merged_at, closed_at=closed_at)
        self.pull_requests[number] = pull
        self._pull_request_order = None
        return pull

    def update_pull_request(
        self, number: int, *, updated_at: datetime | str | None = None, **changes: Any
    ) -> PullRequest:
        """Change a pull request and move its updatedAt to the dataset clock (or the given
        date). Keys are add_pull_request's; closing or merging fills the dates it implies."""
        unknown = set(changes) - _PULL_REQUEST_CHANGES
        assert not unknown, f"unknown pull request fields: {sorted(unknown)}"
        pull = self.pull_requests[number]
        ds = self.dataset
        for key, value in changes.items():
            if key in ("author", "merged_by"):
                value = ds.actor(value)
            elif key == "created_at":
                value = ds._date(value)
            elif key == "labels":
                value = list(value)
            elif key == "state":
                assert value in PULL_REQUEST_STATES, value
            if key not in ("merged_at", "closed_at"):
                setattr(pull, "is_draft" if key == "draft" else key, value)
        pull.updated_at = ds._date(updated_at)
        self._settle(pull, merged_at=changes.get("merged_at"), closed_at=changes.get("closed_at"))
        self._pull_request_order = None
        return pull

    def add_review(
        self,
        number: int,
        *,
        author: str | Actor | None = "reviewer",
        state: str = "COMMENTED",
        submitted_at: datetime | str | None = _UNSET,
        comments: int = 0,
        touch: bool = True,
    ) -> Review:
        """A review of pull request ``number`` with ``comments`` comments by its author.
        A PENDING review has no submittedAt. ``touch`` moves the pull request's updatedAt,
        as a new review does on GitHub."""
        assert state in REVIEW_STATES, state
        ds = self.dataset
        pull = self.pull_requests[number]
        database_id = ds._next_id("review")
        review = Review(
            id=review_node_id(database_id),
            database_id=database_id,
            state=state,
            submitted_at=None,
            author=ds.actor(author),
            pull_request=pull,
        )
        pull.reviews.append(review)
        ds.reviews[review.id] = review
        for _ in range(comments):  # written first, submitted with the review
            self.add_review_comment(review, touch=False)
        if submitted_at is _UNSET:
            review.submitted_at = None if state == "PENDING" else ds._date(None)
        elif submitted_at is not None:
            review.submitted_at = ds._date(submitted_at)
        if touch:
            self._touch_pull_request(pull, review.submitted_at)
        return review

    def add_review_comment(
        self,
        review: Review,
        *,
        author: str | Actor | None = _UNSET,
        created_at: datetime | str | None = None,
        touch: bool = True,
    ) -> Comment:
        """A comment in ``review``, by the review's author unless given."""
        ds = self.dataset
        comment = Comment(
            database_id=ds._next_id("review_comment"),
            created_at=ds._date(created_at),
            author=review.author if author is _UNSET else ds.actor(author),
        )
        review.comments.append(comment)
        if touch:
            self._touch_pull_request(review.pull_request, comment.created_at)
        return comment

    def add_pull_request_comment(
        self,
        number: int,
        *,
        author: str | Actor | None = "commenter",
        created_at: datetime | str | None = None,
        touch: bool = True,
    ) -> Comment:
        """A comment on pull request ``number``'s conversation: an IssueComment, numbered
        with issues' comments as on GitHub. ``touch`` moves the pull request's updatedAt."""
        ds = self.dataset
        pull = self.pull_requests[number]
        comment = Comment(
            database_id=ds._next_id("issue_comment"),
            created_at=ds._date(created_at),
            author=ds.actor(author),
        )
        pull.comments.append(comment)
        if touch:
            self._touch_pull_request(pull, comment.created_at)
        return comment

    # Issues and their comments

    def add_issue(
        self,
        *,
        number: int | None = None,
        title: str | None = None,
        author: str | Actor | None = "octocat",
        state: str = "OPEN",
        state_reason: str | None = _UNSET,
        created_at: datetime | str | None = None,
        updated_at: datetime | str | None = None,
        closed_at: datetime | str | None = None,
        assignees: Iterable[str | Actor] = (),
        labels: Iterable[str] = (),
        comments: int = 0,
    ) -> Issue:
        """An issue; a CLOSED one is COMPLETED at its updatedAt unless told otherwise."""
        assert state in ISSUE_STATES, state
        ds = self.dataset
        number = self._take_number(number)
        created = ds._date(created_at)
        updated = ds._date(updated_at) if updated_at is not None else created
        if state_reason is _UNSET:
            state_reason = "COMPLETED" if state == "CLOSED" else None
        assert state_reason in ISSUE_STATE_REASONS, state_reason
        issue = Issue(
            repository=self,
            number=number,
            database_id=ds._next_id("issue"),
            title=title or f"Problem number {number}",
            author=ds.actor(author),
            state=state,
            state_reason=state_reason,
            created_at=created,
            updated_at=updated,
            closed_at=None if state == "OPEN" else ds._date(closed_at or updated),
            assignees=[ds.actor(login) for login in assignees],
            labels=list(labels),
        )
        self.issues[number] = issue
        for _ in range(comments):  # by its last update, which they are part of
            self.add_issue_comment(number, created_at=issue.updated_at, touch=False)
        self._issue_order = None
        return issue

    def update_issue(
        self, number: int, *, updated_at: datetime | str | None = None, **changes: Any
    ) -> Issue:
        """Change an issue and move its updatedAt, like update_pull_request."""
        unknown = set(changes) - _ISSUE_CHANGES
        assert not unknown, f"unknown issue fields: {sorted(unknown)}"
        issue = self.issues[number]
        ds = self.dataset
        for key, value in changes.items():
            if key == "author":
                value = ds.actor(value)
            elif key == "assignees":
                value = [ds.actor(login) for login in value]
            elif key == "labels":
                value = list(value)
            elif key == "closed_at":
                value = None if value is None else ds._date(value)
            setattr(issue, key, value)
        issue.updated_at = ds._date(updated_at)
        if issue.state == "OPEN":
            issue.closed_at = None
            if "state_reason" not in changes and issue.state_reason != "REOPENED":
                issue.state_reason = None
        else:
            issue.closed_at = issue.closed_at or issue.updated_at
            if "state_reason" not in changes and issue.state_reason is None:
                issue.state_reason = "COMPLETED"
        assert issue.state in ISSUE_STATES and issue.state_reason in ISSUE_STATE_REASONS
        self._issue_order = None
        return issue

    def add_issue_comment(
        self,
        number: int,
        *,
        author: str | Actor | None = "commenter",
        created_at: datetime | str | None = None,
        touch: bool = True,
    ) -> Comment:
        ds = self.dataset
        issue = self.issues[number]
        comment = Comment(
            database_id=ds._next_id("issue_comment"),
            created_at=ds._date(created_at),
            author=ds.actor(author),
        )
        issue.comments.append(comment)
        if touch and comment.created_at > issue.updated_at:
            issue.updated_at = comment.created_at
            self._issue_order = None
        return comment

    # Views the server pages through

    def pull_requests_by_update(self) -> UpdateOrder:
        """Newest updatedAt first, ties by databaseId descending, like GitHub's order."""
        if self._pull_request_order is None:
            self._pull_request_order = UpdateOrder.of(self.pull_requests.values())
        return self._pull_request_order

    def issues_by_update(self) -> UpdateOrder:
        if self._issue_order is None:
            self._issue_order = UpdateOrder.of(self.issues.values())
        return self._issue_order

    # Internals

    def _take_number(self, number: int | None) -> int:
        if number is None:
            number = self._next_number
        assert number not in self.pull_requests and number not in self.issues, number
        self._next_number = max(self._next_number, number + 1)
        return number

    def _settle(
        self, pull: PullRequest, *, merged_at: datetime | str | None, closed_at: Any
    ) -> None:
        """Fill the dates and commit a pull request's state implies, as GitHub would."""
        ds = self.dataset
        if pull.state == "MERGED":
            pull.is_draft = False
            pull.merged_at = ds._date(merged_at or pull.merged_at or pull.updated_at)
            pull.closed_at = ds._date(closed_at or pull.closed_at or pull.merged_at)
            pull.merge_commit = pull.merge_commit or commit_sha(self.full_name, pull.number)
        else:
            pull.merged_at = None
            pull.merged_by = None
            pull.merge_commit = None
            if pull.state == "CLOSED":
                pull.closed_at = ds._date(closed_at or pull.closed_at or pull.updated_at)
            else:
                pull.closed_at = None

    def _touch_pull_request(self, pull: PullRequest, when: str | None) -> None:
        if when is not None and when > pull.updated_at:
            pull.updated_at = when
            self._pull_request_order = None


class Dataset:
    """Every repository, user and bot the fake GitHub knows."""

    def __init__(self, *, start: datetime = EPOCH) -> None:
        self.repositories: dict[int, Repository] = {}
        self.users: dict[str, Actor] = {}
        self.reviews: dict[str, Review] = {}
        self._names: dict[str, Repository] = {}  # "owner/name".lower(), old names included
        self._clock = start
        self._ids = {
            "repository": 700_000_000,
            "user": 1_000,
            "bot": 27_000_000,
            "pull_request": 1_900_000_000,
            "review": 1_500_000_000,
            "review_comment": 1_600_000_000,
            "issue": 2_000_000_000,
            "issue_comment": 1_700_000_000,
        }

    def add_repository(
        self, owner: str, name: str, *, database_id: int | None = None
    ) -> Repository:
        full_name = f"{owner}/{name}"
        assert full_name.lower() not in self._names, f"{full_name} exists"
        database_id = database_id or self._next_id("repository")
        assert database_id not in self.repositories, database_id
        repository = Repository(self, owner, name, database_id)
        self.repositories[database_id] = repository
        self._names[full_name.lower()] = repository
        return repository

    def repository(self, full_name: str) -> Repository | None:
        """By "owner/name", case-insensitively, old names of renamed repositories included."""
        return self._names.get(full_name.lower())

    def add_user(
        self, login: str, *, name: str | None = None, database_id: int | None = None
    ) -> Actor:
        return self._add_actor(login, "User", name, database_id)

    def add_bot(self, login: str, *, database_id: int | None = None) -> Actor:
        """A bot, by its REST login ("dependabot[bot]"); the suffix is added if missing."""
        if not login.endswith("[bot]"):
            login += "[bot]"
        return self._add_actor(login, "Bot", None, database_id)

    def rename_user(self, login: str, new_login: str) -> Actor:
        """The user behind ``login`` renames their account: the same id under a new login,
        shown on everything they wrote, as GitHub does; the old login is free to register."""
        actor = self.users.pop(login.lower())
        assert new_login.lower() not in self.users, f"{new_login} exists"
        actor.login = new_login
        actor.graphql["login"] = new_login.removesuffix("[bot]")
        self.users[new_login.lower()] = actor
        return actor

    def actor(self, who: str | Actor | None) -> Actor | None:
        """The actor for a login (created on first use: a bot if it ends in "[bot]"), an
        Actor as is, or None for a ghost."""
        if who is None or isinstance(who, Actor):
            return who
        known = self.users.get(who.lower())
        if known is not None:
            return known
        if who.endswith("[bot]"):
            return self.add_bot(who)
        return self.add_user(who, name=who.replace("-", " ").title())

    def tick(self) -> str:
        """The next minute on the dataset clock."""
        self._clock += timedelta(minutes=1)
        return self._clock.strftime(DATE_FORMAT)

    def _add_actor(
        self, login: str, typename: str, name: str | None, database_id: int | None
    ) -> Actor:
        assert login.lower() not in self.users, f"{login} exists"
        kind = "bot" if typename == "Bot" else "user"
        actor = Actor(login, database_id or self._next_id(kind), typename, name)
        self.users[login.lower()] = actor
        return actor

    def _rename(self, repository: Repository, full_name: str) -> None:
        owner, _, name = full_name.partition("/")
        assert owner and name, full_name
        holder = self._names.get(full_name.lower())
        assert holder in (None, repository), f"{full_name} belongs to another repository"
        repository.owner, repository.name = owner, name
        self._names[full_name.lower()] = repository

    def _next_id(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def _date(self, value: datetime | str | None) -> str:
        """A given date in GitHub's form, keeping the clock ahead of it; None: the clock's
        next minute."""
        if value is None:
            return self.tick()
        text = isoformat(value)
        moment = datetime.strptime(text, DATE_FORMAT).replace(tzinfo=UTC)
        self._clock = max(self._clock, moment)
        return text
