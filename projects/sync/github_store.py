"""Completing and storing pages from GitHub: overflowing nested lists are fetched first
(network, outside any transaction), then a page is written with idempotent upserts."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, Subquery
from github import Github

from projects.bulk import upsert
from projects.identities import identity_key, record_pairs, upsert_identities
from projects.models import (
    Commit,
    Identity,
    Issue,
    IssueComment,
    PullRequest,
    Repository,
    Review,
    ReviewComment,
)
from projects.sync import github_client

if TYPE_CHECKING:
    from projects.sync.github import GitHubSyncResult


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def github_id(node: dict[str, Any]) -> int:
    """A node's database id: the BigInt ``fullDatabaseId`` (sent as a string) when given."""
    return int(node.get("fullDatabaseId") or node["databaseId"])


def login(actor: dict[str, Any]) -> str:
    # GraphQL names a bot "dependabot"; commits, REST and people write "dependabot[bot]".
    name = actor["login"]
    if actor.get("__typename") == "Bot" and not name.endswith("[bot]"):
        name += "[bot]"
    return name


def login_key(actor: dict[str, Any] | None) -> tuple[str, str] | None:
    """The identity of a GitHub actor, None for a deleted account (the "ghost")."""
    if not actor or not actor.get("login"):
        return None
    return identity_key(Identity.Kind.GITHUB, login(actor))


def upsert_actors(actors: list[dict[str, Any] | None], known: dict) -> dict:
    """Identities of these actors, with a user's display name recorded as seen with the login
    and the account's numeric id recorded on the login (sign-in binds accounts by it)."""
    seen = []
    pairs = []
    account_ids = {}
    for actor in actors:
        if actor and actor.get("login"):
            seen.append((Identity.Kind.GITHUB, login(actor)))
            if actor.get("databaseId"):
                account_ids[login_key(actor)] = int(actor["databaseId"])
            if actor.get("name"):
                seen.append((Identity.Kind.GIT_NAME, actor["name"]))
                pairs.append((login(actor), actor["name"]))
    ids = upsert_identities(seen, known=known, account_ids=account_ids)
    record_pairs(
        (
            ids[identity_key(Identity.Kind.GITHUB, login)],
            ids[identity_key(Identity.Kind.GIT_NAME, name)],
        )
        for login, name in pairs
        if identity_key(Identity.Kind.GIT_NAME, name) in ids
    )
    return ids


def complete_pull_requests(gh: Github, repository: Repository, nodes: list[dict]) -> int:
    """Fetch the reviews and comments that overflowed their first page; returns requests."""
    requests = 0
    for node in nodes:
        reviews = node["reviews"]
        while reviews["pageInfo"]["hasNextPage"]:
            data = github_client.fetch_pull_request_reviews(
                gh, owner=repository.owner, name=repository.name, number=node["number"],
                after=reviews["pageInfo"]["endCursor"],
            )  # fmt: skip
            requests += 1
            more = data["repository"]["pullRequest"]["reviews"]
            reviews["nodes"].extend(more["nodes"])
            reviews["pageInfo"] = more["pageInfo"]
        for review in reviews["nodes"]:
            comments = review["comments"]
            while comments["pageInfo"]["hasNextPage"]:
                data = github_client.fetch_review_comments(
                    gh, review_id=review["id"], after=comments["pageInfo"]["endCursor"]
                )
                requests += 1
                more = data["node"]["comments"]
                comments["nodes"].extend(more["nodes"])
                comments["pageInfo"] = more["pageInfo"]
    return requests


def complete_issues(gh: Github, repository: Repository, nodes: list[dict]) -> int:
    requests = 0
    for node in nodes:
        comments = node["comments"]
        while comments["pageInfo"]["hasNextPage"]:
            data = github_client.fetch_issue_comments(
                gh, owner=repository.owner, name=repository.name, number=node["number"],
                after=comments["pageInfo"]["endCursor"],
            )  # fmt: skip
            requests += 1
            more = data["repository"]["issue"]["comments"]
            comments["nodes"].extend(more["nodes"])
            comments["pageInfo"] = more["pageInfo"]
    return requests


_PR_FIELDS = [
    "github_id", "author", "state", "is_draft", "title", "labels", "created_at", "updated_at",
    "merged_at", "closed_at", "merged_by", "merge_commit_sha", "additions", "deletions",
    "changed_files",
]  # fmt: skip


def write_pull_requests(
    repository: Repository, nodes: list[dict], result: "GitHubSyncResult"
) -> None:
    """Upsert a page of pull requests with their reviews and review comments."""
    actors = []
    for node in nodes:
        actors += [node.get("author"), node.get("mergedBy")]
        for review in node["reviews"]["nodes"]:
            actors.append(review.get("author"))
            actors += [comment.get("author") for comment in review["comments"]["nodes"]]
    ids = upsert_actors(actors, result.known_identities)
    result.identity_ids.update(ids.values())

    def person(actor: dict | None) -> int | None:
        key = login_key(actor)
        return ids.get(key) if key else None

    pulls = {}
    for node in nodes:
        state = node["state"].lower()
        merged_at = parse_time(node.get("mergedAt"))
        if state == PullRequest.State.MERGED and merged_at is None:  # keep the row valid
            merged_at = parse_time(node.get("closedAt")) or parse_time(node["updatedAt"])
        pulls[node["number"]] = (
            repository.pk, node["number"], github_id(node), person(node.get("author")), state,
            bool(node.get("isDraft")), node.get("title") or "",
            [label["name"] for label in (node.get("labels") or {}).get("nodes", [])],
            parse_time(node["createdAt"]), parse_time(node["updatedAt"]), merged_at,
            parse_time(node.get("closedAt")), person(node.get("mergedBy")),
            (node.get("mergeCommit") or {}).get("oid") or "",
            node.get("additions"), node.get("deletions"), node.get("changedFiles"),
        )  # fmt: skip
    upsert(
        PullRequest,
        ["repository", "number", *_PR_FIELDS],
        pulls.values(),
        unique=["repository", "number"],
        update=_PR_FIELDS,
    )
    pull_ids = dict(
        PullRequest.objects.filter(repository=repository, number__in=list(pulls)).values_list(
            "number", "pk"
        )
    )
    reviews, comments = {}, {}
    for node in nodes:
        pull_id = pull_ids[node["number"]]
        for review in node["reviews"]["nodes"]:
            review_id = github_id(review)
            reviews[review_id] = (
                pull_id, review_id, person(review.get("author")), review["state"].lower(),
                parse_time(review.get("submittedAt")),
            )  # fmt: skip
            for comment in review["comments"]["nodes"]:
                comments[github_id(comment)] = (pull_id, review_id, comment)
    upsert(
        Review,
        ["pull_request", "github_id", "reviewer", "state", "submitted_at"],
        reviews.values(),
        unique=["github_id"],
        update=["pull_request", "reviewer", "state", "submitted_at"],
    )
    review_ids = dict(
        Review.objects.filter(github_id__in=list(reviews)).values_list("github_id", "pk")
    )
    upsert(
        ReviewComment,
        ["pull_request", "review", "github_id", "author", "created_at"],
        (
            (pull_id, review_ids.get(review_id), comment_id, person(comment.get("author")),
             parse_time(comment["createdAt"]))
            for comment_id, (pull_id, review_id, comment) in comments.items()
        ),
        unique=["github_id"],
        update=["pull_request", "review", "author", "created_at"],
    )  # fmt: skip
    result.pull_requests += len(pulls)
    result.reviews += len(reviews)
    result.review_comments += len(comments)


def write_issues(repository: Repository, nodes: list[dict], result: "GitHubSyncResult") -> None:
    """Upsert a page of GitHub issues with their comments."""
    actors = []
    for node in nodes:
        actors.append(node.get("author"))
        actors += (node.get("assignees") or {}).get("nodes", [])
        actors += [comment.get("author") for comment in node["comments"]["nodes"]]
    ids = upsert_actors(actors, result.known_identities)
    result.identity_ids.update(ids.values())

    def person(actor: dict | None) -> int | None:
        key = login_key(actor)
        return ids.get(key) if key else None

    issues = []
    for node in nodes:
        assignees = (node.get("assignees") or {}).get("nodes") or [None]
        closed = node["state"] == "CLOSED"
        issues.append(
            Issue(
                project=repository.project, repository=repository, tracker=Issue.Tracker.GITHUB,
                external_id=str(github_id(node)),
                key=f"{repository.full_name}#{node['number']}",
                reporter_id=person(node.get("author")), creator_id=person(node.get("author")),
                assignee_id=person(assignees[0]), status=node["state"].lower(),
                resolution=(node.get("stateReason") or "").lower() if closed else "",
                summary=node.get("title") or "",
                # GitHub's labels play the part of JIRA's components.
                components=[label["name"] for label in (node.get("labels") or {}).get("nodes", [])],
                created_at=parse_time(node["createdAt"]), updated_at=parse_time(node["updatedAt"]),
                resolved_at=parse_time(node.get("closedAt"))
                if closed and node.get("stateReason") != "NOT_PLANNED" else None,
            )
        )  # fmt: skip
    Issue.objects.bulk_create(
        issues,
        update_conflicts=True,
        unique_fields=["tracker", "external_id"],
        update_fields=[
            "project", "repository", "key", "reporter", "creator", "assignee", "status",
            "resolution", "summary", "components", "created_at", "updated_at", "resolved_at",
        ],
    )  # fmt: skip
    issue_ids = dict(
        Issue.objects.filter(
            tracker=Issue.Tracker.GITHUB, external_id__in=[i.external_id for i in issues]
        ).values_list("external_id", "pk")
    )
    comments = [
        IssueComment(
            issue_id=issue_ids[str(github_id(node))], external_id=str(github_id(comment)),
            author_id=person(comment.get("author")), created_at=parse_time(comment["createdAt"]),
        )
        for node in nodes
        for comment in node["comments"]["nodes"]
    ]  # fmt: skip
    IssueComment.objects.bulk_create(
        comments,
        update_conflicts=True,
        unique_fields=["issue", "external_id"],
        update_fields=["author", "created_at"],
    )
    result.issues += len(issues)
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
