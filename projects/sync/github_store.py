"""Completing and storing pages from GitHub: overflowing nested lists are fetched first
(network, outside any transaction), then a page is written with idempotent upserts."""

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import OuterRef, Q, Subquery
from github import Github

from projects.identities import IdentityKey, id_of, identity_key, record_pairs, upsert_identities
from projects.models import (
    Commit,
    Identity,
    Issue,
    IssueComment,
    PullRequest,
    PullRequestComment,
    Repository,
    Review,
    ReviewComment,
)
from projects.sync import github_client
from projects.sync import github_schema as schema
from projects.sync.github_schema import Actor
from projects.sync.rows import upsert_rows

if TYPE_CHECKING:
    from projects.sync.github import GitHubSyncResult


class PullRequestRow(NamedTuple):
    repository: int
    number: int
    github_id: int
    author: int | None
    state: str
    is_draft: bool
    title: str
    labels: list[str]
    created_at: datetime
    updated_at: datetime
    merged_at: datetime | None
    closed_at: datetime | None
    merged_by: int | None
    merge_commit_sha: str
    additions: int | None
    deletions: int | None
    changed_files: int | None


class ReviewRow(NamedTuple):
    pull_request: int
    github_id: int
    reviewer: int | None
    state: str
    submitted_at: datetime | None


class PullRequestCommentRow(NamedTuple):
    pull_request: int
    github_id: int
    author: int | None
    created_at: datetime


class ReviewCommentRow(NamedTuple):
    pull_request: int
    review: int | None
    github_id: int
    author: int | None
    created_at: datetime


def login_key(actor: Actor | None) -> tuple[str, str] | None:
    """The identity of a GitHub actor, None for a deleted account (the "ghost")."""
    return identity_key(Identity.Kind.GITHUB, actor.login) if actor else None


def upsert_actors(actors: list[Actor | None], known: dict) -> dict:
    """Identities of these actors, with a user's display name recorded as seen with the login
    and the account's numeric id recorded on the login (sign-in binds accounts by it)."""
    seen = []
    pairs = []
    account_ids: dict[IdentityKey, int] = {}
    for actor in actors:
        if actor:
            seen.append((Identity.Kind.GITHUB, actor.login))
            if actor.account_id and (key := login_key(actor)) is not None:
                account_ids[key] = actor.account_id
            if actor.name:
                seen.append((Identity.Kind.GIT_NAME, actor.name))
                pairs.append((actor.login, actor.name))
    ids = upsert_identities(seen, known=known, account_ids=account_ids)
    record_pairs(
        (login_id, name_id)
        for login, name in pairs
        if (name_id := id_of(ids, Identity.Kind.GIT_NAME, name)) is not None
        and (login_id := id_of(ids, Identity.Kind.GITHUB, login)) is not None
    )
    return ids


def complete_pull_requests(
    gh: Github, repository: Repository, pulls: list[schema.PullRequest]
) -> int:
    """Fetch the conversation comments, reviews and review comments that overflowed their
    first page; returns requests."""
    requests = 0
    for pull in pulls:
        while pull.more_comments:
            comments = github_client.fetch_pull_request_comments(
                gh, owner=repository.owner, name=repository.name, number=pull.number,
                after=pull.more_comments,
            )  # fmt: skip
            requests += 1
            pull.comments.extend(comments.nodes)
            pull.more_comments = comments.after
        while pull.more_reviews:
            reviews = github_client.fetch_pull_request_reviews(
                gh, owner=repository.owner, name=repository.name, number=pull.number,
                after=pull.more_reviews,
            )  # fmt: skip
            requests += 1
            pull.reviews.extend(reviews.nodes)
            pull.more_reviews = reviews.after
        for review in pull.reviews:
            while review.more_comments:
                comments = github_client.fetch_review_comments(
                    gh, review_id=review.node_id, after=review.more_comments
                )
                requests += 1
                review.comments.extend(comments.nodes)
                review.more_comments = comments.after
    return requests


def complete_issues(gh: Github, repository: Repository, issues: list[schema.Issue]) -> int:
    requests = 0
    for issue in issues:
        while issue.more_comments:
            comments = github_client.fetch_issue_comments(
                gh, owner=repository.owner, name=repository.name, number=issue.number,
                after=issue.more_comments,
            )  # fmt: skip
            requests += 1
            issue.comments.extend(comments.nodes)
            issue.more_comments = comments.after
    return requests


def write_pull_requests(
    repository: Repository, pulls: list[schema.PullRequest], result: "GitHubSyncResult"
) -> None:
    """Upsert a page of pull requests with their conversation comments, reviews and review
    comments."""
    actors: list[Actor | None] = []
    for pull in pulls:
        actors += [pull.author, pull.merged_by]
        actors += [comment.author for comment in pull.comments]
        for review in pull.reviews:
            actors.append(review.author)
            actors += [comment.author for comment in review.comments]
    ids = upsert_actors(actors, result.known_identities)
    result.identity_ids.update(ids.values())

    def person(actor: Actor | None) -> int | None:
        return ids.get(identity_key(Identity.Kind.GITHUB, actor.login)) if actor else None

    rows = {}
    for pull in pulls:
        merged_at = pull.merged_at
        if pull.state == PullRequest.State.MERGED and merged_at is None:  # keep the row valid
            merged_at = pull.closed_at or pull.updated_at
        rows[pull.number] = PullRequestRow(
            repository=repository.pk, number=pull.number, github_id=pull.github_id,
            author=person(pull.author), state=pull.state, is_draft=pull.is_draft,
            title=pull.title, labels=pull.labels, created_at=pull.created_at,
            updated_at=pull.updated_at, merged_at=merged_at, closed_at=pull.closed_at,
            merged_by=person(pull.merged_by), merge_commit_sha=pull.merge_commit_sha,
            additions=pull.additions, deletions=pull.deletions,
            changed_files=pull.changed_files,
        )  # fmt: skip
    upsert_rows(PullRequest, rows.values(), unique=["repository", "number"])
    pull_ids = dict(
        PullRequest.objects.filter(repository=repository, number__in=list(rows)).values_list(
            "number", "pk"
        )
    )
    conversation, reviews, comments = {}, {}, {}
    for pull in pulls:
        pull_id = pull_ids[pull.number]
        for comment in pull.comments:
            conversation[comment.github_id] = PullRequestCommentRow(
                pull_request=pull_id, github_id=comment.github_id,
                author=person(comment.author), created_at=comment.created_at,
            )  # fmt: skip
        for review in pull.reviews:
            reviews[review.github_id] = ReviewRow(
                pull_request=pull_id, github_id=review.github_id, reviewer=person(review.author),
                state=review.state, submitted_at=review.submitted_at,
            )  # fmt: skip
            for comment in review.comments:
                comments[comment.github_id] = (pull_id, review.github_id, comment)
    upsert_rows(PullRequestComment, conversation.values(), unique=["github_id"])
    upsert_rows(Review, reviews.values(), unique=["github_id"])
    review_ids = dict(
        Review.objects.filter(github_id__in=list(reviews)).values_list("github_id", "pk")
    )
    upsert_rows(
        ReviewComment,
        (
            ReviewCommentRow(
                pull_request=pull_id, review=review_ids.get(review_id), github_id=comment_id,
                author=person(comment.author), created_at=comment.created_at,
            )
            for comment_id, (pull_id, review_id, comment) in comments.items()
        ),
        unique=["github_id"],
    )  # fmt: skip
    result.pull_requests += len(rows)
    result.pull_request_comments += len(conversation)
    result.reviews += len(reviews)
    result.review_comments += len(comments)


def write_issues(
    repository: Repository, issues: list[schema.Issue], result: "GitHubSyncResult"
) -> None:
    """Upsert a page of GitHub issues with their comments."""
    actors: list[Actor | None] = []
    for issue in issues:
        actors.append(issue.author)
        actors += issue.assignees
        actors += [comment.author for comment in issue.comments]
    ids = upsert_actors(actors, result.known_identities)
    result.identity_ids.update(ids.values())

    def person(actor: Actor | None) -> int | None:
        return ids.get(identity_key(Identity.Kind.GITHUB, actor.login)) if actor else None

    rows = []
    for issue in issues:
        closed = issue.state == "CLOSED"
        rows.append(
            Issue(
                project=repository.project, repository=repository, tracker=Issue.Tracker.GITHUB,
                external_id=str(issue.github_id), key=f"{repository.full_name}#{issue.number}",
                reporter_id=person(issue.author), creator_id=person(issue.author),
                assignee_id=person(issue.assignees[0] if issue.assignees else None),
                status=issue.state.lower(),
                resolution=(issue.state_reason or "").lower() if closed else "",
                summary=issue.title,
                # GitHub's labels play the part of JIRA's components.
                components=issue.labels,
                created_at=issue.created_at, updated_at=issue.updated_at,
                resolved_at=issue.closed_at
                if closed and issue.state_reason != "NOT_PLANNED" else None,
            )
        )  # fmt: skip
    Issue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["tracker", "external_id"],
        update_fields=[
            "project", "repository", "key", "reporter", "creator", "assignee", "status",
            "resolution", "summary", "components", "created_at", "updated_at", "resolved_at",
        ],
    )  # fmt: skip
    issue_ids = dict(
        Issue.objects.filter(
            tracker=Issue.Tracker.GITHUB, external_id__in=[row.external_id for row in rows]
        ).values_list("external_id", "pk")
    )
    comments = [
        IssueComment(
            issue_id=issue_ids[str(issue.github_id)], external_id=str(comment.github_id),
            author_id=person(comment.author), created_at=comment.created_at,
        )
        for issue in issues
        for comment in issue.comments
    ]  # fmt: skip
    IssueComment.objects.bulk_create(
        comments,
        update_conflicts=True,
        unique_fields=["issue", "external_id"],
        update_fields=["author", "created_at"],
    )
    result.issues += len(rows)
    result.issue_comments += len(comments)


def link_commits(repository: Repository) -> list[tuple[int, int]]:
    """Point commits at the pull requests that landed them ("(#123)" in the subject, or the
    merge commit); returns (PR author, commit author) identity pairs of the new links."""
    pulls = PullRequest.objects.filter(repository=repository)
    unlinked = Commit.objects.filter(repository=repository, pull_request__isnull=True)
    candidates = list(
        unlinked.filter(
            Q(pr_number__in=pulls.values("number"))
            | Q(sha__in=pulls.exclude(merge_commit_sha="").values("merge_commit_sha"))
        ).values_list("pk", flat=True)
    )
    if not candidates:
        return []
    by_number = pulls.filter(number=OuterRef("pr_number")).values("pk")[:1]
    by_sha = pulls.filter(merge_commit_sha=OuterRef("sha")).values("pk")[:1]
    Commit.objects.filter(pk__in=candidates, pr_number__isnull=False).update(
        pull_request=Subquery(by_number)
    )
    Commit.objects.filter(pk__in=candidates, pull_request__isnull=True).update(
        pull_request=Subquery(by_sha)
    )
    # A squash-merged pull request's commit is authored by the pull request's author.
    return list(
        Commit.objects.filter(
            pk__in=candidates,
            pull_request__state=PullRequest.State.MERGED,
            pull_request__author__isnull=False,
            author__isnull=False,
        ).values_list("pull_request__author_id", "author_id")
    )
